import type {
  CheckConfiguration,
  PolicyConfiguration,
  ReleaseDefinition,
  ReleaseDefinitionEnvironment,
} from "../../../../src/core/model";
import { complianceRules } from "../../../../src/core/compliance/rules";
import { isEnforced } from "../../../../src/core/compliance/scope";
import type { ComplianceRule, RuleFinding } from "../../../../src/core/compliance/types";
import { environment, repo } from "../builders";

/** The rule by id and kind, with the baseline's defaults merged into the given parameters. */
function ruleOf<Kind extends ComplianceRule["kind"]>(
  ruleId: string,
  kind: Kind,
): Extract<ComplianceRule, { kind: Kind }> {
  const rule = complianceRules.get(ruleId);
  if (!rule || rule.kind !== kind) throw new Error(`no ${kind} rule ${ruleId}`);
  return rule as Extract<ComplianceRule, { kind: Kind }>;
}

/** One branch rule on refs/heads/main of repository "web", with these applicable policies. */
export function runBranchRule(
  ruleId: string,
  policies: PolicyConfiguration[],
  params: Record<string, unknown> = {},
): RuleFinding {
  const rule = ruleOf(ruleId, "branch");
  return rule.evaluate({
    repository: repo(),
    branch: "refs/heads/main",
    enforced: policies.filter(isEnforced),
    ignored: policies.filter((p) => !isEnforced(p)),
    params: { ...rule.defaults, ...params },
  });
}

/** One repository rule on repository "web", with these applicable repository policies. */
export function runRepositoryRule(
  ruleId: string,
  policies: PolicyConfiguration[],
  params: Record<string, unknown> = {},
): RuleFinding {
  const rule = ruleOf(ruleId, "repository");
  return rule.evaluate({
    repository: repo(),
    enforced: policies.filter(isEnforced),
    ignored: policies.filter((p) => !isEnforced(p)),
    params: { ...rule.defaults, ...params },
  });
}

/** One environment rule on environment 4 "prod", with these checks configured on it. */
export function runEnvironmentRule(
  ruleId: string,
  checks: CheckConfiguration[],
  params: Record<string, unknown> = {},
): RuleFinding {
  const rule = ruleOf(ruleId, "environment");
  return rule.evaluate({
    environment: environment(4, "prod"),
    checks,
    params: { ...rule.defaults, ...params },
  });
}

export function runStageRule(
  ruleId: string,
  definition: ReleaseDefinition,
  stage: ReleaseDefinitionEnvironment,
  params: Record<string, unknown> = {},
): RuleFinding {
  const rule = ruleOf(ruleId, "release-stage");
  return rule.evaluate({ definition, stage, params: { ...rule.defaults, ...params } });
}
