/**
 * Builds the ReleaseTrace@1 pipeline task into dist/tasks/ReleaseTrace: one bundled index.js (the
 * task, the CLI commands it runs, core and adapters, azure-pipelines-task-lib), its task.json
 * (tasks/ReleaseTrace/task.json, versioned by `npm run version:bump`) and the icon. Runs after
 * webpack, which empties dist/.
 *   npx tsx scripts/build-task.ts                        (prod)
 *   RELEASE_TRACE_TARGET=dev npx tsx scripts/build-task.ts
 * The target's publisher and id are built in (as for the CLI bundle), so a dev task reads and
 * writes the dev extension's data; a dev task also has its own id and name, since two installed
 * extensions cannot contribute the same task.
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { extensionIdentity, targetFromEnvironment, type Target } from "./build-cli";

const ROOT = join(__dirname, "..");
export const TASK_DIR = join(ROOT, "dist", "tasks", "ReleaseTrace");
const TASK_SOURCE = join(ROOT, "tasks", "ReleaseTrace");

interface TaskManifest {
  id: string;
  name: string;
  friendlyName: string;
  [key: string]: unknown;
}

/** A stable id of the dev task, derived from the prod one (UUID form, version 5 bits). */
function devTaskId(id: string): string {
  const hex = createHash("sha1").update(`${id}:dev`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const text = hex.join("");
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** task.json for the target: prod as written; dev with its own id and name. */
export function taskManifestFor(target: Target, source: TaskManifest): TaskManifest {
  if (target === "prod") return source;
  return {
    ...source,
    id: devTaskId(source.id),
    name: `${source.name}Dev`,
    friendlyName: `${source.friendlyName} (dev)`,
  };
}

export async function buildTask(
  target: Target = targetFromEnvironment(),
): Promise<{ dir: string; inputs: string[] }> {
  const identity = extensionIdentity(target);
  rmSync(TASK_DIR, { recursive: true, force: true });
  mkdirSync(TASK_DIR, { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, "src", "task", "index.ts")],
    outfile: join(TASK_DIR, "index.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    define: {
      RELEASE_TRACE_PUBLISHER: JSON.stringify(identity.publisher),
      RELEASE_TRACE_EXTENSION: JSON.stringify(identity.extension),
      RELEASE_TRACE_VERSION: JSON.stringify(identity.version),
    },
  });
  const source = JSON.parse(readFileSync(join(TASK_SOURCE, "task.json"), "utf8")) as TaskManifest;
  writeFileSync(
    join(TASK_DIR, "task.json"),
    `${JSON.stringify(taskManifestFor(target, source), null, 2)}\n`,
  );
  copyFileSync(join(ROOT, "static", "images", "icon.png"), join(TASK_DIR, "icon.png"));
  return { dir: TASK_DIR, inputs: Object.keys(result.metafile.inputs) };
}

if (require.main === module) {
  const target = targetFromEnvironment();
  buildTask(target).then(
    ({ dir }) => {
      const size = statSync(join(dir, "index.js")).size;
      process.stdout.write(
        `task (${target}): ${relative(ROOT, dir)}/index.js ${(size / 1024).toFixed(0)} KB\n`,
      );
    },
    (error: Error) => {
      process.stderr.write(`build-task: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
