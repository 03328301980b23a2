import type {
  CheckConfiguration,
  Environment,
  PolicyConfiguration,
  ReleaseDefinition,
  ReleaseDefinitionEnvironment,
  Repository,
} from "../model";

export type Severity = "high" | "medium" | "low";
export const severityWeight: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** Every result says exactly one of these. "Could not read" is never "fail". */
export type Outcome = "pass" | "fail" | "not-applicable" | "not-available" | "exempt" | "error";

/** What a result is about: a repository (branch and repository rules), a YAML environment, a Classic stage. */
export type TargetKind = "repository" | "environment" | "release-stage";

/**
 * What a rule evaluates: one branch of a repository, a repository as a whole (push policies), a YAML
 * environment's checks, or a Classic release definition's stage.
 */
export type RuleKind = "branch" | "repository" | "environment" | "release-stage";

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

/** What a repository rule sees: the repository (push) policies that cover the whole repository. */
export interface RepositoryRuleInput {
  repository: Repository;
  enforced: PolicyConfiguration[];
  ignored: PolicyConfiguration[];
  params: Record<string, unknown>;
}

/** What an environment rule sees: one environment and every check configured on it (disabled too). */
export interface EnvironmentRuleInput {
  environment: Environment;
  checks: CheckConfiguration[];
  params: Record<string, unknown>;
}

/** What a Classic rule sees: one stage (definition environment) of a release definition. */
export interface ReleaseStageRuleInput {
  definition: ReleaseDefinition;
  stage: ReleaseDefinitionEnvironment;
  params: Record<string, unknown>;
}

export interface RuleFinding {
  outcome: "pass" | "fail" | "not-applicable";
  message: string;
  /** Policy configuration ids; for environment rules, the check configuration ids looked at. */
  policyIds: number[];
}

export interface ParamProblem {
  path: string;
  expected: string;
}

interface RuleDefinition<Input> {
  metadata: RuleMetadata;
  /** Parameter defaults; a baseline may override each. */
  defaults: Record<string, unknown>;
  /** JSON Schema of each parameter (every parameter the rule knows), for the published schema. */
  paramSchema: Record<string, object>;
  /** Problems with baseline-given parameters, each naming the field and what was expected. */
  checkParams(params: Record<string, unknown>): ParamProblem[];
  evaluate(input: Input): RuleFinding;
}

export interface BranchRule extends RuleDefinition<BranchRuleInput> {
  kind: "branch";
}

export interface RepositoryRule extends RuleDefinition<RepositoryRuleInput> {
  kind: "repository";
}

/** Environment and Classic rules evaluate only the targets whose name matches `params.pattern`. */
export interface EnvironmentRule extends RuleDefinition<EnvironmentRuleInput> {
  kind: "environment";
}

export interface ReleaseStageRule extends RuleDefinition<ReleaseStageRuleInput> {
  kind: "release-stage";
}

export type ComplianceRule = BranchRule | RepositoryRule | EnvironmentRule | ReleaseStageRule;
