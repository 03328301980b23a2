import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { extname, resolve } from "node:path";
import { defaultBaseline } from "../../core/compliance/baseline/default";
import {
  baselineFormatOf,
  BaselineParseError,
  parseBaselineDocument,
} from "../../core/compliance/baseline/parse";
import type { Baseline } from "../../core/compliance/baseline/types";
import { BaselineError, validateBaseline } from "../../core/compliance/baseline/validate";
import { clipProblems, echo, fileProblem, UsageError } from "../errors";

/** A baseline is a few kilobytes; anything over this is a wrong file, not a big baseline. */
export const MAX_BASELINE_BYTES = 1024 * 1024;
const LIMIT_TEXT = "1 MB";

/**
 * The file's text, read with a bound: regular files only (a device such as /dev/zero, a FIFO or
 * a socket is refused before it is opened, so nothing blocks or fills memory), at most 1 MB,
 * and UTF-8.
 */
export function readBaselineFile(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  const shown = echo(file);
  const problem = (reason: string) =>
    new UsageError(`--baseline: cannot read ${shown} (${echo(path)}): ${reason}.`);
  let fd: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw problem("it is a directory, not a file");
    if (!stats.isFile()) throw problem("it is not a regular file (a device, FIFO or socket)");
    // O_NONBLOCK: should the path be swapped for a FIFO after the check, open does not wait.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw error instanceof UsageError ? error : problem(fileProblem(error));
  }
  try {
    if (!fstatSync(fd).isFile()) throw problem("it is not a regular file");
    return decodeUtf8(readAtMost(fd, MAX_BASELINE_BYTES + 1), shown);
  } finally {
    closeSync(fd);
  }

  function readAtMost(descriptor: number, limit: number): Buffer {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    for (;;) {
      const count = readSync(descriptor, buffer, length, limit - length, null);
      length += count;
      if (count === 0 || length === limit) break;
    }
    if (length > MAX_BASELINE_BYTES) {
      throw new UsageError(
        `--baseline: ${shown} is larger than ${LIMIT_TEXT} (${MAX_BASELINE_BYTES} bytes), the limit for a baseline file.`,
      );
    }
    return buffer.subarray(0, length);
  }
}

function decodeUtf8(bytes: Buffer, shown: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`--baseline: ${shown} is not UTF-8 text.`);
  }
}

const EXPECTED = {
  json: ' Expected a baseline object such as {"rules": {"branch.min-reviewers": {"minimumApprovers": 2}}}.',
  yaml: ' Expected a baseline mapping with a "rules" key.',
};

/** The one parser (shared with the hub), its problems worded for the command line. */
function parseText(text: string, file: string): unknown {
  try {
    return parseBaselineDocument(text, file, baselineFormatOf(file));
  } catch (error) {
    if (!(error instanceof BaselineParseError)) throw error;
    const name = error.format === "json" ? "JSON" : "YAML";
    const where = error.position
      ? ` at line ${error.position.line}, column ${error.position.column}`
      : "";
    throw new UsageError(
      `--baseline: ${echo(file)} is not valid ${name}${where}: ${echo(error.reason)}.${EXPECTED[error.format]}`,
    );
  }
}

/**
 * The baseline a compliance scan uses: the built-in one, or FILE parsed by its extension and
 * validated. Every problem is an input error (exit 2) naming the file, the field and what was
 * expected there.
 */
export function loadBaseline(file: string | undefined, cwd: string): Baseline {
  if (file === undefined) return defaultBaseline();
  const extension = extname(file).toLowerCase();
  if (![".json", ".yml", ".yaml"].includes(extension)) {
    throw new UsageError(`--baseline: ${echo(file)} must end in .json, .yml or .yaml.`);
  }
  const document = parseText(readBaselineFile(file, cwd), file);
  // An empty file, or YAML with only comments.
  if (document === null || document === undefined) {
    throw new UsageError(
      `--baseline: ${echo(file)} is empty. Expected a baseline with a "rules" key, e.g. rules: {branch.min-reviewers: {minimumApprovers: 2}}.`,
    );
  }
  try {
    return validateBaseline(document, file);
  } catch (error) {
    if (error instanceof BaselineError) {
      const heading = `Baseline ${echo(file)} is not valid:`;
      throw new UsageError(clipProblems(error.problems, heading));
    }
    throw error;
  }
}
