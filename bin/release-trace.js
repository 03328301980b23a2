#!/usr/bin/env node
/* global require, process, __dirname, module */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point, loaded as is */
"use strict";

/*
 * Runs the bundle dist-cli/release-trace.js (scripts/build-cli.ts; what an installed package
 * has). In a checkout the bundle is used only while it is newer than what it is built from
 * (src/, package.json, the manifests); otherwise (never built, or edited since) the TypeScript
 * sources run through tsx.
 */
const fs = require("node:fs");
const path = require("node:path");

/** Newest modification time of the files under `folder`, in ms. */
function newestUnder(folder) {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    const time = entry.isDirectory() ? newestUnder(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** What the bundle is built from: the sources, and the version and identity it bakes in. */
function newestInput(root) {
  const files = ["package.json", "vss-extension.json"].map((name) => path.join(root, name));
  const times = files
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.statSync(file).mtimeMs);
  const manifests = path.join(root, "manifests");
  if (fs.existsSync(manifests)) times.push(newestUnder(manifests));
  return Math.max(newestUnder(path.join(root, "src")), ...times);
}

/** "bundle", "sources" or undefined (neither can run), for the package or checkout at `root`. */
function chooseEntry(root) {
  const bundle = path.join(root, "dist-cli", "release-trace.js");
  const hasBundle = fs.existsSync(bundle);
  if (!fs.existsSync(path.join(root, "src", "cli", "main.ts")))
    return hasBundle ? "bundle" : undefined;
  if (hasBundle && fs.statSync(bundle).mtimeMs >= newestInput(root)) return "bundle";
  return "sources";
}

function loadCli(root) {
  const entry = chooseEntry(root);
  if (entry === "bundle") {
    // Node 22.1 and later keep V8's compiled code of the bundle, so later starts skip parsing it.
    const nodeModule = require("node:module");
    if (typeof nodeModule.enableCompileCache === "function") nodeModule.enableCompileCache();
    return require(path.join(root, "dist-cli", "release-trace.js"));
  }
  if (entry === "sources") {
    // tsx is a dev dependency: a checkout after `npm ci` has it.
    require("tsx/cjs/api").register();
    return require(path.join(root, "src", "cli", "main.ts"));
  }
  throw new Error("neither dist-cli/release-trace.js nor the sources are here");
}

/**
 * A reader that stopped early (`release-trace … | head`) ends the run without a stack trace, with
 * the status of a process stopped by SIGPIPE (128 + 13), as cat or git would: the output was not
 * all delivered, so a `set -o pipefail` script does not take it for a clean run.
 */
function exitQuietlyOnClosedPipe() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(141);
    });
  }
}

function main() {
  exitQuietlyOnClosedPipe();
  let cli;
  try {
    cli = loadCli(path.join(__dirname, ".."));
  } catch (error) {
    process.stderr.write(`release-trace: could not load the CLI: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  cli
    .runCli({
      argv: process.argv.slice(2),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      cwd: process.cwd(),
    })
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error) => {
        // runCli reports its own errors and never rejects; this is a last resort.
        process.stderr.write(`release-trace: ${error && error.message ? error.message : error}\n`);
        process.exitCode = 1;
      },
    );
}

if (require.main === module) main();
module.exports = { chooseEntry };
