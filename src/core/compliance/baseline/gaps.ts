/**
 * The trace gap part of a baseline: the `gaps` section (switch a gap rule off, set its severity
 * and parameters) and the exceptions that name a gap rule. Problems carry a path, like rules'.
 */
import { gapDefinitions } from "../../trace/gaps/definitions";
import type { Severity } from "../types";
import type { BaselineGapConfig } from "./types";

type Problems = { path: string; expected: string }[];

const severities: Severity[] = ["high", "medium", "low"];
const selectors = ["target", "repository", "pipeline", "workItem", "pullRequest"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function knownIds(): string {
  return [...gapDefinitions.keys()].join(", ");
}

function gapConfig(id: string, raw: unknown, problems: Problems): BaselineGapConfig | undefined {
  const rule = gapDefinitions.get(id);
  const path = `gaps.${id}`;
  if (!rule) {
    problems.push({ path, expected: `a known gap rule id (${knownIds()})` });
    return undefined;
  }
  if (typeof raw === "boolean") return { enabled: raw, params: { ...rule.defaults } };
  const value = raw ?? {};
  if (!isObject(value)) {
    problems.push({ path, expected: "true, false or an object {enabled?, severity?, ...}" });
    return undefined;
  }
  const { enabled, severity, ...params } = value;
  if (enabled !== undefined && typeof enabled !== "boolean")
    problems.push({ path: `${path}.enabled`, expected: "true or false" });
  if (severity !== undefined && !severities.includes(severity as Severity))
    problems.push({ path: `${path}.severity`, expected: severities.join(" | ") });
  for (const problem of rule.checkParams(params))
    problems.push({ path: `${path}.${problem.path}`, expected: problem.expected });
  const known = Object.keys(rule.paramSchema);
  for (const key of Object.keys(params))
    if (!known.includes(key))
      problems.push({
        path: `${path}.${key}`,
        expected: `no such parameter (known: ${[...known, "enabled", "severity"].join(", ")})`,
      });
  return {
    enabled: enabled !== false,
    severity: severity as Severity | undefined,
    params: { ...rule.defaults, ...params },
  };
}

/** The `gaps` section: a map from gap rule id to true | false | {enabled?, severity?, params}. */
export function validateGapSection(
  raw: unknown,
  problems: Problems,
): Map<string, BaselineGapConfig> {
  const gaps = new Map<string, BaselineGapConfig>();
  if (raw === undefined) return gaps;
  if (!isObject(raw)) {
    problems.push({ path: "gaps", expected: "a map from gap rule id to its settings" });
    return gaps;
  }
  for (const [id, value] of Object.entries(raw)) {
    const config = gapConfig(id, value, problems);
    if (config) gaps.set(id, config);
  }
  return gaps;
}

export function isGapRule(id: unknown): id is string {
  return typeof id === "string" && gapDefinitions.has(id);
}

function positiveInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

/**
 * The scope part of an exception naming a gap rule: at least one of target (environment),
 * repository, pipeline, workItem, pullRequest; no branch. Text and dates are checked by the caller.
 */
export function checkGapException(
  entry: Record<string, unknown>,
  path: string,
  gaps: Map<string, BaselineGapConfig>,
  problems: Problems,
): void {
  if (!selectors.some((key) => entry[key] !== undefined))
    problems.push({ path, expected: `at least one of ${selectors.join(", ")} for a gap rule` });
  for (const key of ["target", "repository", "pipeline"])
    if (entry[key] !== undefined && (typeof entry[key] !== "string" || entry[key] === ""))
      problems.push({ path: `${path}.${key}`, expected: "a non-empty string" });
  for (const key of ["workItem", "pullRequest"])
    if (entry[key] !== undefined && !positiveInteger(entry[key]))
      problems.push({ path: `${path}.${key}`, expected: "a positive integer id" });
  if (entry.branch !== undefined)
    problems.push({ path: `${path}.branch`, expected: "no branch for a gap rule" });
  if (gaps.get(entry.rule as string)?.enabled === false)
    problems.push({
      path: `${path}.rule`,
      expected: "a gap rule this baseline does not switch off",
    });
}

/** The keys an exception may have for a compliance rule, and the extra ones for a gap rule. */
export const gapExceptionKeys = ["pipeline", "workItem", "pullRequest"];
