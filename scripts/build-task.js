#!/usr/bin/env node
/*
 * Builds the ReleaseTrace@1 pipeline task into dist/tasks/ReleaseTrace: one bundled index.js (the
 * task, the CLI commands it runs, core and adapters, azure-pipelines-task-lib), task.json with
 * the package's version, and the icon. Runs after webpack, which empties dist/.
 * `npm run bench` requires this file for the task's figures.
 */
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");
const packageJson = require("../package.json");

const ROOT = path.resolve(__dirname, "..");
const TASK_DIR = path.join(ROOT, "dist", "tasks", "ReleaseTrace");

/** task.json's version is the package's: one place to bump (Major.Minor.Patch, no pre-release). */
function taskVersion(version) {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`package.json version "${version}" is not Major.Minor.Patch`);
  return { Major: Number(match[1]), Minor: Number(match[2]), Patch: Number(match[3]) };
}

async function buildTask() {
  fs.rmSync(TASK_DIR, { recursive: true, force: true });
  fs.mkdirSync(TASK_DIR, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, "src", "task", "index.ts")],
    outfile: path.join(TASK_DIR, "index.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "src", "task", "task.json"), "utf8"));
  manifest.version = taskVersion(packageJson.version);
  fs.writeFileSync(path.join(TASK_DIR, "task.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.copyFileSync(path.join(ROOT, "static", "images", "icon.png"), path.join(TASK_DIR, "icon.png"));
  return { dir: TASK_DIR, inputs: Object.keys(result.metafile.inputs) };
}

module.exports = { buildTask, TASK_DIR };

if (require.main === module) {
  buildTask().then(
    ({ dir }) => {
      const size = fs.statSync(path.join(dir, "index.js")).size;
      console.log(`task: ${path.relative(ROOT, dir)}/index.js ${(size / 1024).toFixed(0)} KB`);
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
