/**
 * Bundles the CLI into one CommonJS file for Node 20 and later:
 *   npx tsx scripts/build-cli.ts            (what `prepare` runs: production identity)
 *   RELEASE_TRACE_TARGET=dev npx tsx scripts/build-cli.ts
 * writes dist-cli/release-trace.js, which bin/release-trace.js runs, and release-trace.meta.json
 * (esbuild's list of inputs, for the packaging test; not shipped). Every runtime dependency
 * (js-yaml, the REST clients) is inside the bundle, so the package has no dependencies to install.
 * Not under dist/: that folder is the extension's web root (webpack empties it on every build, and
 * the .vsix ships all of it).
 */
import { build, type Metafile } from "esbuild";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const ROOT = join(__dirname, "..");
export const CLI_BUNDLE = join(ROOT, "dist-cli", "release-trace.js");

export type Target = "dev" | "prod";

/** The installed extension a build talks to: the manifest's publisher and id after overrides. */
export interface ExtensionIdentity {
  publisher: string;
  extension: string;
  version: string;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/**
 * vss-extension.json with manifests/<target>.json laid over it, as `tfx --overrides-file` does,
 * so the CLI, the pipeline task and the .vsix of one target agree on whose data they use.
 */
export function extensionIdentity(target: Target, root = ROOT): ExtensionIdentity {
  const manifest = { ...readJson(join(root, "vss-extension.json")) };
  Object.assign(manifest, readJson(join(root, "manifests", `${target}.json`)));
  const { publisher, id } = manifest;
  if (typeof publisher !== "string" || typeof id !== "string") {
    throw new Error(`manifests/${target}.json: no publisher or id after overrides`);
  }
  const version = readJson(join(root, "package.json")).version;
  return { publisher, extension: id, version: String(version) };
}

export function targetFromEnvironment(value = process.env.RELEASE_TRACE_TARGET): Target {
  if (value === undefined || value === "" || value === "prod") return "prod";
  if (value === "dev") return "dev";
  throw new Error(`RELEASE_TRACE_TARGET must be dev or prod, not "${value}"`);
}

/** The metafile written beside a bundle: release-trace.js → release-trace.meta.json. */
export function metafileFor(outfile: string): string {
  return outfile.replace(/\.js$/, ".meta.json");
}

/**
 * Writes the bundle to `outfile` and esbuild's metafile beside it. The bundle is written to a
 * temporary name and renamed, so a launcher starting meanwhile never loads half a file.
 */
export async function buildCli(target: Target, outfile = CLI_BUNDLE): Promise<Metafile> {
  const identity = extensionIdentity(target);
  const result = await build({
    entryPoints: [join(ROOT, "src", "cli", "main.ts")],
    outfile,
    write: false,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Readable stack traces for --debug; the file loads in well under the --help budget anyway.
    minify: false,
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
    define: {
      RELEASE_TRACE_PUBLISHER: JSON.stringify(identity.publisher),
      RELEASE_TRACE_EXTENSION: JSON.stringify(identity.extension),
      RELEASE_TRACE_VERSION: JSON.stringify(identity.version),
      RELEASE_TRACE_BUNDLED: "true",
    },
  });
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}.tmp`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  writeFileSync(metafileFor(outfile), `${JSON.stringify(result.metafile, null, 1)}\n`);
  return result.metafile;
}

if (require.main === module) {
  const target = targetFromEnvironment();
  buildCli(target).then(
    () => process.stdout.write(`wrote dist-cli/release-trace.js (${target})\n`),
    (error: Error) => {
      process.stderr.write(`build-cli: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
