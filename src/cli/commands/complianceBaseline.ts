import { extname, resolve } from "node:path";
import { defaultBaseline } from "../../core/compliance/baseline/default";
import {
  baselineFormatOf,
  BaselineParseError,
  parseBaselineDocument,
} from "../../core/compliance/baseline/parse";
import type { Baseline } from "../../core/compliance/baseline/types";
import { BaselineError, validateBaseline } from "../../core/compliance/baseline/validate";
import { clipProblems, echo, UsageError } from "../errors";
import { FileReadError, readBoundedText } from "../readBoundedText";

/** A baseline is a few kilobytes; anything over this is a wrong file, not a big baseline. */
export const MAX_BASELINE_BYTES = 1024 * 1024;
const LIMIT_TEXT = "1 MB";

/** The baseline file's text: a regular file of at most 1 MB (see readBoundedText). */
export function readBaselineFile(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  try {
    return readBoundedText(path, MAX_BASELINE_BYTES);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.tooLarge) {
      throw new UsageError(
        `--baseline: ${echo(file)} is larger than ${LIMIT_TEXT} (${MAX_BASELINE_BYTES} bytes), the limit for a baseline file.`,
      );
    }
    throw new UsageError(`--baseline: cannot read ${echo(file)} (${echo(path)}): ${error.reason}.`);
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
