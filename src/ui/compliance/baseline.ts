import { defaultBaseline } from "../../core/compliance/baseline/default";
import type { Baseline } from "../../core/compliance/baseline/types";
import { BaselineError, validateBaseline } from "../../core/compliance/baseline/validate";
import type { Sources } from "../../core/sources";

export * from "./choice";
import { normalizePath, type BaselineChoice } from "./choice";

/** A baseline file that is not JSON or YAML at all: says where, like a BaselineError. */
export class BaselineParseError extends Error {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`Baseline ${source} could not be parsed: ${detail}`);
    this.name = "BaselineParseError";
  }
}

/**
 * The YAML parser is a separate chunk (about 30 KB gzip), fetched only when a baseline file is
 * YAML: the built-in and JSON baselines never load it, and the widget stays within its budget.
 */
async function parseYaml(text: string): Promise<unknown> {
  const { parse } = await import(/* webpackChunkName: "yaml" */ "yaml");
  return parse(text);
}

/** Parses by extension (.yml/.yaml with the yaml package, JSON otherwise) and validates. */
export async function parseBaselineText(text: string, source: string): Promise<Baseline> {
  let document: unknown;
  try {
    document = /\.ya?ml$/i.test(source) ? await parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new BaselineParseError(source, detail);
  }
  return validateBaseline(document, source);
}

export function isBaselineProblem(error: unknown): error is BaselineError | BaselineParseError {
  return error instanceof BaselineError || error instanceof BaselineParseError;
}

/** The baseline a choice names: the built-in one needs no call, a file one REST call. */
export async function loadBaseline(
  sources: Sources,
  project: string,
  choice: BaselineChoice,
): Promise<Baseline> {
  if (choice.kind === "built-in") return defaultBaseline();
  const path = normalizePath(choice.path);
  const text = await sources.git.getItemText(project, choice.repositoryId, path);
  return parseBaselineText(text, `${choice.repositoryName || choice.repositoryId}${path}`);
}
