import { defaultBaseline } from "../../core/compliance/baseline/default";
import type { Baseline } from "../../core/compliance/baseline/types";
import { BaselineError, validateBaseline } from "../../core/compliance/baseline/validate";
import type { Sources } from "../../core/sources";
import { load } from "js-yaml";

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
 * js-yaml (YAML 1.2 core schema, about 13 KB gzip) is bundled with the page rather than loaded
 * on demand, so the size budget counts everything a YAML baseline needs. The CLI reads the same
 * YAML 1.2 with the `yaml` package for its line-and-column messages.
 */
function parseYaml(text: string): unknown {
  return load(text);
}

/** Parses by extension (.yml/.yaml with the yaml package, JSON otherwise) and validates. */
export async function parseBaselineText(text: string, source: string): Promise<Baseline> {
  let document: unknown;
  try {
    document = /\.ya?ml$/i.test(source) ? parseYaml(text) : JSON.parse(text);
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
