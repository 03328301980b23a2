import { complianceRules } from "../rules";
import type { Severity } from "../types";
import { checkGapException, gapExceptionKeys, isGapRule, validateGapSection } from "./gaps";
import type { Baseline, BaselineException, BaselineRuleConfig } from "./types";

/** A baseline that cannot be used, naming the source, the field path and what was expected. */
export class BaselineError extends Error {
  readonly source: string;
  readonly problems: { path: string; expected: string }[];

  constructor(source: string, problems: { path: string; expected: string }[]) {
    const lines = problems.map((problem) => `  ${problem.path}: expected ${problem.expected}`);
    super(`Baseline ${source} is not valid:\n${lines.join("\n")}`);
    this.name = "BaselineError";
    this.source = source;
    this.problems = problems;
  }
}

/** A baseline that could not be used: not valid, or not parsed (`BaselineParseError` by name). */
export function isBaselineProblem(error: unknown): boolean {
  return (
    error instanceof BaselineError ||
    (error instanceof Error && error.name === "BaselineParseError")
  );
}

const severities: Severity[] = ["high", "medium", "low"];
const topLevelKeys = ["name", "branches", "rules", "gaps", "exceptions", "$schema"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isValidDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text));
}

/**
 * Checks an already-parsed baseline document (JSON or YAML) and returns it typed. Collects every
 * problem before failing so a user fixes the file in one pass.
 */
export function validateBaseline(document: unknown, source: string): Baseline {
  const problems: { path: string; expected: string }[] = [];
  if (!isObject(document))
    throw new BaselineError(source, [{ path: "(root)", expected: "an object" }]);

  for (const key of Object.keys(document)) {
    if (!topLevelKeys.includes(key))
      problems.push({ path: key, expected: `one of ${topLevelKeys.join(", ")}` });
  }
  const name = document.name ?? source;
  if (typeof name !== "string") problems.push({ path: "name", expected: "a string" });

  const branches = document.branches ?? ["default"];
  if (!Array.isArray(branches) || branches.length === 0) {
    problems.push({
      path: "branches",
      expected: 'a non-empty list ("default" or refs/heads/... patterns)',
    });
  } else {
    branches.forEach((branch, index) => {
      if (typeof branch !== "string" || (branch !== "default" && !branch.startsWith("refs/"))) {
        problems.push({
          path: `branches[${index}]`,
          expected: '"default" or a full ref pattern such as refs/heads/release/*',
        });
      }
    });
  }

  const rules = new Map<string, BaselineRuleConfig>();
  if (!isObject(document.rules) || Object.keys(document.rules).length === 0) {
    problems.push({
      path: "rules",
      expected: "a map from rule id to its parameters (at least one rule)",
    });
  } else {
    for (const [ruleId, raw] of Object.entries(document.rules)) {
      const rule = complianceRules.get(ruleId);
      if (!rule) {
        problems.push({
          path: `rules.${ruleId}`,
          expected: `a known rule id (${[...complianceRules.keys()].join(", ")})`,
        });
        continue;
      }
      const value = raw ?? {};
      if (!isObject(value)) {
        problems.push({ path: `rules.${ruleId}`, expected: "an object of parameters (or empty)" });
        continue;
      }
      const { severity, ...params } = value;
      if (severity !== undefined && !severities.includes(severity as Severity)) {
        problems.push({ path: `rules.${ruleId}.severity`, expected: severities.join(" | ") });
      }
      for (const problem of rule.checkParams(params)) {
        problems.push({ path: `rules.${ruleId}.${problem.path}`, expected: problem.expected });
      }
      // paramSchema names every parameter, including those without a default.
      const known = new Set(Object.keys(rule.paramSchema));
      for (const key of Object.keys(params)) {
        if (!known.has(key)) {
          problems.push({
            path: `rules.${ruleId}.${key}`,
            expected: `no such parameter (known: ${[...known, "severity"].join(", ")})`,
          });
        }
      }
      rules.set(ruleId, {
        severity: severity as Severity | undefined,
        params: { ...rule.defaults, ...params },
      });
    }
  }

  const gaps = validateGapSection(document.gaps, problems);

  const exceptions: BaselineException[] = [];
  const rawExceptions = document.exceptions ?? [];
  if (!Array.isArray(rawExceptions)) {
    problems.push({ path: "exceptions", expected: "a list" });
  } else {
    rawExceptions.forEach((entry, index) => {
      const path = `exceptions[${index}]`;
      if (!isObject(entry)) {
        problems.push({
          path,
          expected: "an object {rule, repository | target, branch?, justification, expires}",
        });
        return;
      }
      const requireText = (field: string) => {
        if (typeof entry[field] !== "string" || (entry[field] as string).trim() === "") {
          problems.push({ path: `${path}.${field}`, expected: "a non-empty string" });
        }
      };
      requireText("rule");
      if (isGapRule(entry.rule)) {
        checkGapException(entry, path, gaps, problems);
        requireText("justification");
        if (entry.expires instanceof Date) entry.expires = entry.expires.toISOString();
        if (typeof entry.expires !== "string" || !isValidDate(entry.expires))
          problems.push({ path: `${path}.expires`, expected: "a date such as 2027-03-31" });
        exceptions.push(entry as unknown as BaselineException);
        return;
      }
      if (typeof entry.rule === "string" && !complianceRules.has(entry.rule))
        problems.push({ path: `${path}.rule`, expected: "a known rule or gap rule id" });
      for (const key of gapExceptionKeys)
        if (entry[key] !== undefined)
          problems.push({ path: `${path}.${key}`, expected: "nothing: only gap rules take it" });
      // Branch and repository rules name a repository; environment and Classic rules a target.
      const kind =
        typeof entry.rule === "string" ? complianceRules.get(entry.rule)?.kind : undefined;
      const wantsTarget = kind === "environment" || kind === "release-stage";
      requireText(wantsTarget ? "target" : "repository");
      const misplaced = wantsTarget ? "repository" : "target";
      if (entry[misplaced] !== undefined) {
        problems.push({
          path: `${path}.${misplaced}`,
          expected: wantsTarget
            ? "no repository: environment and release-stage rules take target (an environment or stage name)"
            : "no target: branch and repository rules take repository",
        });
      }
      if (wantsTarget && entry.branch !== undefined) {
        problems.push({ path: `${path}.branch`, expected: "no branch for this rule" });
      }
      requireText("justification");
      if (entry.expires instanceof Date) entry.expires = entry.expires.toISOString();
      if (typeof entry.expires !== "string" || !isValidDate(entry.expires)) {
        problems.push({ path: `${path}.expires`, expected: "a date such as 2027-03-31" });
      }
      if (
        entry.branch !== undefined &&
        (typeof entry.branch !== "string" || !entry.branch.startsWith("refs/"))
      ) {
        problems.push({
          path: `${path}.branch`,
          expected: "a full ref name such as refs/heads/main",
        });
      }
      if (
        typeof entry.rule === "string" &&
        !rules.has(entry.rule) &&
        complianceRules.has(entry.rule)
      ) {
        problems.push({ path: `${path}.rule`, expected: "a rule this baseline names under rules" });
      }
      exceptions.push(entry as unknown as BaselineException);
    });
  }

  if (problems.length > 0) throw new BaselineError(source, problems);
  return { name: name as string, source, branches: branches as string[], rules, gaps, exceptions };
}
