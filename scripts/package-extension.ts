/**
 * Packages the extension for one target with tfx, after `npm run build`:
 *   npx tsx scripts/package-extension.ts prod   → out/prod/<publisher>.<id>-<version>.vsix
 *   npx tsx scripts/package-extension.ts dev    → out/dev/<dev publisher>.<dev id>-<version>.vsix
 * prod lays manifests/prod.json over vss-extension.json; its version is the release version.
 * dev lays manifests/dev.json over it (another publisher and id, so a dev installation never
 * shares extension data with the production one) and revs the patch version on every package:
 * tfx's --rev-version saves the bumped version into the manifest it read, so dev packages read a
 * git-ignored copy, vss-extension.dev.json, and the release version in vss-extension.json stays
 * the one `npm run version:bump` set.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { targetFromEnvironment, type Target } from "./build-cli";
import { buildTask } from "./build-task";

const ROOT = join(__dirname, "..");
export const DEV_MANIFEST = "vss-extension.dev.json";

type Manifest = Record<string, unknown> & { version: string };

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, "utf8")) as Manifest;
}

/** Negative, zero or positive as `a` is below, equal to or above `b` (major.minor.patch). */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(".").map((part) => Number.parseInt(part, 10));
  const [left, right] = [parts(a), parts(b)];
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The manifest the dev package reads: today's vss-extension.json (contributions, files, scopes)
 * with the dev line's last version when it is ahead of the release version; tfx then revs it.
 */
export function devManifest(base: Manifest, previous: Manifest | undefined): Manifest {
  const version =
    previous && compareVersions(previous.version, base.version) > 0
      ? previous.version
      : base.version;
  return { ...base, version };
}

/** The tfx arguments that package `target` (the manifest paths are relative to `root`). */
export function tfxArguments(target: Target): string[] {
  const common = ["extension", "create", "--root", ".", "--no-prompt"];
  const output = ["--output-path", join("out", target)];
  const overrides = ["--overrides-file", join("manifests", `${target}.json`)];
  if (target === "prod") {
    return [...common, "--manifest-globs", "vss-extension.json", ...overrides, ...output];
  }
  return [...common, "--manifest-globs", DEV_MANIFEST, ...overrides, "--rev-version", ...output];
}

function packageExtension(target: Target): void {
  if (target === "dev") {
    const path = join(ROOT, DEV_MANIFEST);
    const previous = existsSync(path) ? readManifest(path) : undefined;
    const manifest = devManifest(readManifest(join(ROOT, "vss-extension.json")), previous);
    writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const tfx = join(ROOT, "node_modules", "tfx-cli", "_build", "tfx-cli.js");
  execFileSync(process.execPath, [tfx, ...tfxArguments(target)], { cwd: ROOT, stdio: "inherit" });
}

if (require.main === module) {
  const target = targetFromEnvironment(process.argv[2]);
  // The pipeline task again for this target: its id, name and whose data it writes.
  buildTask(target)
    .then(() => packageExtension(target))
    .catch((error: Error) => {
      process.stderr.write(`package-extension: ${error.message}\n`);
      process.exitCode = 1;
    });
}
