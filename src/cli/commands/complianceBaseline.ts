import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { BaselineError, validateBaseline } from "../../core/compliance/baseline/validate";
import { defaultBaseline } from "../../core/compliance/baseline/default";
import type { Baseline } from "../../core/compliance/baseline/types";
import { fileProblem, UsageError } from "../errors";

/** 1-based line and column of a character offset, for parse messages. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Older Node versions name only the offset; a line and column is what an editor finds.
    const offset = /at position (\d+)/.exec(message);
    const where =
      offset && !/line \d+/.test(message) ? ` (${lineAndColumn(text, +offset[1])})` : "";
    throw new UsageError(
      `--baseline: ${file} is not valid JSON: ${message}${where}. Expected a baseline object such as {"rules": {"branch.min-reviewers": {"minimumApprovers": 2}}}.`,
    );
  }
}

function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const [first] = document.errors;
  if (first) {
    const line = first.linePos?.[0];
    const where = line ? ` at line ${line.line}, column ${line.col}` : "";
    // The first line of the message, without the location it repeats.
    const detail = first.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new UsageError(
      `--baseline: ${file} is not valid YAML${where}: ${detail}. Expected a baseline mapping with a "rules" key.`,
    );
  }
  try {
    return document.toJS();
  } catch (error) {
    // toJS refuses alias bombs and unresolved aliases by throwing.
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--baseline: ${file} could not be read as YAML: ${detail}.`);
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
    throw new UsageError(`--baseline: ${file} must end in .json, .yml or .yaml.`);
  }
  let text: string;
  const path = resolve(cwd, file);
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--baseline: cannot read ${file} (${path}): ${fileProblem(error)}.`);
  }
  const document =
    text.trim() === ""
      ? null
      : extension === ".json"
        ? parseJson(text, file)
        : parseYaml(text, file);
  // An empty file, or YAML with only comments.
  if (document === null || document === undefined) {
    throw new UsageError(
      `--baseline: ${file} is empty. Expected a baseline with a "rules" key, e.g. rules: {branch.min-reviewers: {minimumApprovers: 2}}.`,
    );
  }
  try {
    return validateBaseline(document, file);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}
