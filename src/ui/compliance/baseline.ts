import { defaultBaseline } from "../../core/compliance/baseline/default";
import {
  baselineFormatOf,
  BaselineParseError,
  parseBaselineDocument,
} from "../../core/compliance/baseline/parse";
import type { Baseline } from "../../core/compliance/baseline/types";
import { BaselineError, validateBaseline } from "../../core/compliance/baseline/validate";
import type { Sources } from "../../core/sources";

export * from "./choice";
import { normalizePath, type BaselineChoice } from "./choice";

/**
 * Parses by extension with the parser the CLI uses (js-yaml, bundled with the page so the size
 * budget counts it) and validates, so a file gets the same verdict on both surfaces.
 */
export async function parseBaselineText(text: string, source: string): Promise<Baseline> {
  return validateBaseline(parseBaselineDocument(text, source, baselineFormatOf(source)), source);
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
