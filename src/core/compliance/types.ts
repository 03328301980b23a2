import type { PolicyConfiguration, Repository } from "../model";

export type Severity = "high" | "medium" | "low";
export const severityWeight: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** Every result says exactly one of these. "Could not read" is never "fail". */
export type Outcome = "pass" | "fail" | "not-applicable" | "not-available" | "exempt" | "error";

export interface RuleMetadata {
  id: string;
  title: string;
  severity: Severity;
  /** Why the rule exists, for auditors. */
  rationale: string;
  /** What to change in Azure DevOps to pass. */
  remediation: string;
}

/** What a branch rule sees: the policies that apply to one branch of one repository. */
export interface BranchRuleInput {
  repository: Repository;
  branch: string;
  /** Applicable and enforced (enabled, blocking, not deleted): what Azure DevOps enforces. */
  enforced: PolicyConfiguration[];
  /** Applicable but not enforced (disabled or optional): named in messages, never counted. */
  ignored: PolicyConfiguration[];
  params: Record<string, unknown>;
}

export interface RuleFinding {
  outcome: "pass" | "fail" | "not-applicable";
  message: string;
  policyIds: number[];
}

export interface ParamProblem {
  path: string;
  expected: string;
}

export interface BranchRule {
  metadata: RuleMetadata;
  /** Parameter defaults; a baseline may override each. */
  defaults: Record<string, unknown>;
  /** JSON Schema of each parameter, for the published baseline schema. */
  paramSchema: Record<string, object>;
  /** Problems with baseline-given parameters, each naming the field and what was expected. */
  checkParams(params: Record<string, unknown>): ParamProblem[];
  evaluate(input: BranchRuleInput): RuleFinding;
}
