#!/usr/bin/env node
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point loads tsx before any TypeScript */
"use strict";

// Runs the TypeScript sources directly: tsx compiles them on load, so the checkout needs no build.
const path = require("node:path");
require("tsx/cjs/api").register();

function loadCli() {
  try {
    return require(path.join(__dirname, "..", "src", "cli", "main.ts"));
  } catch (error) {
    process.stderr.write(`release-trace: could not load the CLI: ${error.message}\n`);
    return undefined;
  }
}

const cli = loadCli();
if (cli === undefined) {
  process.exitCode = 1;
} else {
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
