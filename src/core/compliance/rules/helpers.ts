import type { PolicyConfiguration } from "../../model";
import { globMatches } from "../../vocabulary/glob";
import {
  DEFAULT_PRODUCTION,
  isProductionName,
  productionPatternText,
  type ProductionPattern,
} from "../../vocabulary/production";
import type { BranchRuleInput, ParamProblem, RepositoryRuleInput, RuleFinding } from "../types";

/** The service drops false booleans from stored settings, so missing means false. */
export function flag(policy: PolicyConfiguration, name: string): boolean {
  return policy.settings[name] === true;
}

export function numberSetting(policy: PolicyConfiguration, name: string): number | undefined {
  const value = policy.settings[name];
  return typeof value === "number" ? value : undefined;
}

export function ofType(policies: PolicyConfiguration[], typeId: string): PolicyConfiguration[] {
  return policies.filter((policy) => policy.typeId.toLowerCase() === typeId.toLowerCase());
}

export function ids(policies: PolicyConfiguration[]): number[] {
  return policies.map((policy) => policy.id);
}

/** "policy 12 (disabled), policy 14 (optional)": why applicable policies did not count. */
export function describeIgnored(policies: PolicyConfiguration[]): string {
  if (policies.length === 0) return "";
  const parts = policies.map(
    (policy) => `policy ${policy.id} (${policy.isEnabled ? "optional" : "disabled"})`,
  );
  return ` Not counted: ${parts.join(", ")}.`;
}

/** A required policy type with no enforced instance fails, naming what was ignored. */
export function missingPolicy(
  input: BranchRuleInput,
  typeId: string,
  typeName: string,
): RuleFinding {
  const ignored = ofType(input.ignored, typeId);
  return {
    outcome: "fail",
    message: `No enabled, blocking "${typeName}" policy applies to ${input.branch}.${describeIgnored(ignored)}`,
    policyIds: ids(ignored),
  };
}

/** The repository-policy form of `missingPolicy`: nothing of the type covers the repository. */
export function missingRepositoryPolicy(
  input: RepositoryRuleInput,
  typeIds: string[],
  typeName: string,
): RuleFinding {
  const ignored = typeIds.flatMap((typeId) => ofType(input.ignored, typeId));
  return {
    outcome: "fail",
    message: `No enabled, blocking "${typeName}" policy covers repository ${input.repository.name}.${describeIgnored(ignored)}`,
    policyIds: ids(ignored),
  };
}

/** The one glob of the product (environment and stage patterns, branch lists). */
export { globMatches };

/** The `pattern` parameter of environment and Classic rules: which targets they evaluate. */
export const namePatternParam = {
  schema: {
    pattern: {
      type: "string",
      minLength: 1,
      description:
        "Names this rule evaluates (glob, case-insensitive; * any characters, ? one). Without it, the production pattern in force (--production, the project setting, or the default).",
    },
  },
  defaults: {},
  check(params: Record<string, unknown>): ParamProblem[] {
    const value = params.pattern;
    if (value === undefined) return [];
    return typeof value === "string" && value.trim() !== ""
      ? []
      : [{ path: "pattern", expected: "a non-empty name pattern such as prod*" }];
  },
};

/**
 * Does a rule select this name? Its own `pattern` parameter when the baseline gives one (for that
 * rule only), else the production pattern in force.
 */
export function patternSelects(
  params: Record<string, unknown>,
  name: string,
  production: ProductionPattern = DEFAULT_PRODUCTION,
): boolean {
  return typeof params.pattern === "string"
    ? globMatches(params.pattern, name)
    : isProductionName(name, production);
}

/** What a rule's selection reads as: its own pattern, or the production pattern in words. */
export function selectionText(
  params: Record<string, unknown>,
  production: ProductionPattern = DEFAULT_PRODUCTION,
): string {
  return typeof params.pattern === "string"
    ? params.pattern
    : `production: ${productionPatternText(production)}`;
}

export function positiveInteger(params: Record<string, unknown>, name: string): ParamProblem[] {
  const value = params[name];
  if (value === undefined) return [];
  return Number.isInteger(value) && (value as number) >= 1
    ? []
    : [{ path: name, expected: "a whole number of at least 1" }];
}
