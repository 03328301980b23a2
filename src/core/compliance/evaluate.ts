import type {
  CheckConfiguration,
  Environment,
  GitRef,
  PolicyConfiguration,
  Project,
  ReleaseDefinition,
  Repository,
} from "../model";
import type { Baseline, BaselineException, BaselineRuleConfig } from "./baseline/types";
import { complianceRules } from "./rules";
import { patternSelects, selectionText } from "./rules/helpers";
import type { ProductionPattern } from "../vocabulary/production";
import { globMatches } from "../vocabulary/glob";
import { isEnforced, policyApplies } from "./scope";
import {
  type ComplianceRule,
  type EnvironmentRule,
  type Outcome,
  type ReleaseStageRule,
  type RuleFinding,
  type Severity,
  type TargetKind,
  severityWeight,
} from "./types";
import type { NotAvailable } from "../sources";

/** Data that could not be read, with the reason shown to the user. */
export interface Unavailable {
  unavailable: string;
  /** The read that failed, in the one not-available model (absent for data never read). */
  notAvailable?: NotAvailable;
}

export interface ComplianceInput {
  organization: string;
  project: Project;
  /** Needed by branch and repository rules. */
  repositories: Repository[];
  /** The project's policy configurations (one listing), or why they could not be read. */
  policies: PolicyConfiguration[] | Unavailable;
  /** Refs per repository id; needed only when the baseline names ref patterns. */
  refs: Map<string, GitRef[] | Unavailable>;
  /** YAML environments; needed only when the baseline names environment rules. */
  environments?: Environment[] | Unavailable;
  /** Check configurations of the environments those rules select (one query), or why not. */
  checkConfigurations?: CheckConfiguration[] | Unavailable;
  /** Classic release definitions with their stages; only for release-stage rules. */
  releaseDefinitions?: ReleaseDefinition[] | Unavailable;
  baseline: Baseline;
  now: Date;
  /** What "production" means for rules without their own `pattern` (default: the default rule). */
  production?: ProductionPattern;
}

export interface ExceptionApplied {
  justification: string;
  expires: string;
  expired: boolean;
}

/**
 * What a result is about. Branch and repository rules: the repository. Environment rules: the
 * YAML environment (id = environment id). Release-stage rules: the Classic stage, id
 * `{definitionId}:{definitionEnvironmentId}`, name `{definition} / {stage}`. When the list of
 * targets itself could not be read, one not-available result per rule has id `*`.
 */
export interface ComplianceTarget {
  kind: TargetKind;
  id: string;
  name: string;
}

export interface ComplianceResult {
  ruleId: string;
  title: string;
  severity: Severity;
  outcome: Outcome;
  target: ComplianceTarget;
  /** The repository for repository targets; null for environment and release-stage targets. */
  repository: { id: string; name: string } | null;
  /** The branch for branch rules; null for repository-wide, environment and stage results. */
  branch: string | null;
  message: string;
  /** Policy configuration ids; for environment rules, the check configuration ids. */
  policyIds: number[];
  remediation: string;
  exception?: ExceptionApplied;
}

export interface OutcomeCounts {
  pass: number;
  fail: number;
  "not-applicable": number;
  "not-available": number;
  exempt: number;
  error: number;
}

/** How many targets a rule evaluated, out of how many of that kind were read. */
export interface RuleCoverage {
  targetKind: TargetKind;
  /** Targets with at least one result from this rule. */
  evaluated: number;
  /** Repositories, environments or Classic stages read; null when the list could not be read. */
  total: number | null;
  /**
   * What environment and release-stage rules select: the rule's own glob (`prod*`), or
   * `production: …` with the production pattern in force.
   */
  pattern?: string;
}

export interface ComplianceSummary {
  /** Weighted share of pass among pass+fail, 0–100, or null when nothing was decidable. */
  score: number | null;
  byOutcome: OutcomeCounts;
  byRule: Record<string, OutcomeCounts>;
  /** Repository targets only. */
  byRepository: Record<string, { name: string; score: number | null; counts: OutcomeCounts }>;
  /** Per rule the baseline names (evaluateCompliance fills it; empty from summarize alone). */
  coverage: Record<string, RuleCoverage>;
}

export interface ComplianceEvaluation {
  results: ComplianceResult[];
  summary: ComplianceSummary;
}

export function isUnavailable(value: unknown): value is Unavailable {
  return typeof value === "object" && value !== null && "unavailable" in value;
}

export function emptyCounts(): OutcomeCounts {
  return { pass: 0, fail: 0, "not-applicable": 0, "not-available": 0, exempt: 0, error: 0 };
}

/** `refs/heads/release/*` → matches refs/heads/release/1.0 (the one glob: case-insensitive, * spans slashes). */
export function refPatternMatches(pattern: string, refName: string): boolean {
  return globMatches(pattern, refName);
}

/** The branches a baseline selects for one repository, or why they could not be known. */
function branchesFor(
  repository: Repository,
  baseline: Baseline,
  refs: Map<string, GitRef[] | Unavailable>,
): string[] | Unavailable {
  const selected = new Set<string>();
  for (const entry of baseline.branches) {
    if (entry === "default") {
      if (repository.defaultBranch) selected.add(repository.defaultBranch);
      continue;
    }
    const repositoryRefs = refs.get(repository.id);
    if (repositoryRefs === undefined)
      return { unavailable: `refs of ${repository.name} were not read` };
    if (isUnavailable(repositoryRefs)) return repositoryRefs;
    for (const ref of repositoryRefs)
      if (refPatternMatches(entry, ref.name)) selected.add(ref.name);
  }
  return [...selected];
}

/**
 * Policies that can apply to a repository: project-wide scopes plus its own. Keeps the per-branch
 * matching to the few policies that name the repository instead of the whole project's list.
 */
function indexByRepository(
  policies: PolicyConfiguration[],
): (repositoryId: string) => PolicyConfiguration[] {
  const everywhere: PolicyConfiguration[] = [];
  const byRepository = new Map<string, PolicyConfiguration[]>();
  for (const policy of policies) {
    const ids = new Set(policy.scopes.map((scope) => scope.repositoryId?.toLowerCase() ?? null));
    if (ids.has(null)) {
      everywhere.push(policy);
      continue;
    }
    for (const id of ids) {
      if (id === null) continue;
      const list = byRepository.get(id) ?? [];
      list.push(policy);
      byRepository.set(id, list);
    }
  }
  // Keep the listing's order so messages and policy ids read the same as before.
  const order = new Map(policies.map((policy, index) => [policy, index]));
  return (repositoryId) =>
    [...everywhere, ...(byRepository.get(repositoryId.toLowerCase()) ?? [])].sort(
      (left, right) => (order.get(left) ?? 0) - (order.get(right) ?? 0),
    );
}

function sameText(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}

/** The baseline exception covering a failing result, if any. */
function findException(
  exceptions: BaselineException[],
  result: ComplianceResult,
): BaselineException | undefined {
  return exceptions.find((entry) => {
    if (entry.rule !== result.ruleId) return false;
    if (result.repository) {
      const { id, name } = result.repository;
      return (
        entry.repository !== undefined &&
        (sameText(entry.repository, name) || sameText(entry.repository, id)) &&
        (entry.branch === undefined ||
          (result.branch !== null && sameText(entry.branch, result.branch)))
      );
    }
    return (
      entry.target !== undefined &&
      (sameText(entry.target, result.target.name) || sameText(entry.target, result.target.id))
    );
  });
}

/** Applies the baseline's exception to a failure: exempt while active, noted once expired. */
function withException(
  result: ComplianceResult,
  exceptions: BaselineException[],
  now: Date,
): ComplianceResult {
  if (result.outcome !== "fail") return result;
  const exception = findException(exceptions, result);
  if (!exception) return result;
  const expired = Date.parse(exception.expires) <= now.getTime();
  result.exception = {
    justification: exception.justification,
    expires: exception.expires,
    expired,
  };
  if (expired) {
    result.message += ` An exception expired on ${exception.expires}.`;
  } else {
    result.outcome = "exempt";
    result.message += ` Exempt until ${exception.expires}: ${exception.justification}`;
  }
  return result;
}

/** A rule's finding, or an `error` result when the rule itself threw. */
function safely(evaluate: () => RuleFinding): RuleFinding | { outcome: "error"; message: string } {
  try {
    return evaluate();
  } catch (error) {
    return {
      outcome: "error",
      message: `Rule failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

interface NamedRule<Rule extends ComplianceRule> {
  id: string;
  rule: Rule;
  config: BaselineRuleConfig;
}

/** The baseline's rules of one kind, in baseline order. */
function rulesOfKind<Kind extends ComplianceRule["kind"]>(
  baseline: Baseline,
  kinds: Kind[],
): NamedRule<Extract<ComplianceRule, { kind: Kind }>>[] {
  const named: NamedRule<Extract<ComplianceRule, { kind: Kind }>>[] = [];
  for (const [id, config] of baseline.rules) {
    const rule = complianceRules.get(id);
    // validateBaseline only lets known rules through.
    if (rule && (kinds as string[]).includes(rule.kind)) {
      named.push({ id, rule: rule as Extract<ComplianceRule, { kind: Kind }>, config });
    }
  }
  return named;
}

/**
 * Baseline × targets → one explicit outcome per rule and target, and the score. Repositories (and
 * their branches) for branch and repository rules; YAML environments and Classic stages whose name
 * matches a rule's pattern for the others. A target no rule pattern selects gets no result.
 */
export function evaluateCompliance(input: ComplianceInput): ComplianceEvaluation {
  const results: ComplianceResult[] = [];
  const coverage: Record<string, RuleCoverage> = {};
  const { baseline } = input;
  const resultOf = (
    named: NamedRule<ComplianceRule>,
    target: ComplianceTarget,
    branch: string | null,
    finding: Pick<ComplianceResult, "outcome" | "message"> & { policyIds?: number[] },
  ): ComplianceResult =>
    withException(
      {
        ruleId: named.id,
        title: named.rule.metadata.title,
        severity: named.config.severity ?? named.rule.metadata.severity,
        outcome: finding.outcome,
        target,
        repository: target.kind === "repository" ? { id: target.id, name: target.name } : null,
        branch,
        message: finding.message,
        policyIds: finding.policyIds ?? [],
        remediation: named.rule.metadata.remediation,
      },
      baseline.exceptions,
      input.now,
    );

  for (const named of rulesOfKind(baseline, ["branch", "repository"])) {
    coverage[named.id] = {
      targetKind: "repository",
      evaluated: input.repositories.length,
      total: input.repositories.length,
    };
  }
  results.push(...evaluateRepositories(input, resultOf));

  const environmentRules = rulesOfKind(baseline, ["environment"]);
  if (environmentRules.length > 0) {
    results.push(...evaluateEnvironments(input, environmentRules, resultOf, coverage));
  }
  const stageRules = rulesOfKind(baseline, ["release-stage"]);
  if (stageRules.length > 0) {
    results.push(...evaluateReleaseStages(input, stageRules, resultOf, coverage));
  }
  return { results, summary: summarize(results, coverage) };
}

type ResultOf = (
  named: NamedRule<ComplianceRule>,
  target: ComplianceTarget,
  branch: string | null,
  finding: Pick<ComplianceResult, "outcome" | "message"> & { policyIds?: number[] },
) => ComplianceResult;

/** Branch and repository rules, repository by repository in listing order. */
function evaluateRepositories(input: ComplianceInput, resultOf: ResultOf): ComplianceResult[] {
  const rules = rulesOfKind(input.baseline, ["branch", "repository"]);
  const results: ComplianceResult[] = [];
  if (rules.length === 0) return results;
  const candidates = isUnavailable(input.policies) ? undefined : indexByRepository(input.policies);
  for (const repository of input.repositories) {
    const target: ComplianceTarget = {
      kind: "repository",
      id: repository.id,
      name: repository.name,
    };
    // Scope resolution once per branch (undefined: repository policies), shared by every rule.
    const resolved = new Map<
      string | undefined,
      { enforced: PolicyConfiguration[]; ignored: PolicyConfiguration[] }
    >();
    const policiesFor = (branch: string | undefined) => {
      let entry = resolved.get(branch);
      if (!entry) {
        const applicable = (candidates?.(repository.id) ?? []).filter((policy) =>
          policyApplies(policy, repository, branch),
        );
        entry = {
          enforced: applicable.filter(isEnforced),
          ignored: applicable.filter((policy) => !isEnforced(policy)),
        };
        resolved.set(branch, entry);
      }
      return entry;
    };
    let branches: string[] | Unavailable | undefined;
    for (const named of rules) {
      const push = (outcome: Outcome, message: string) =>
        results.push(resultOf(named, target, null, { outcome, message }));
      if (repository.isDisabled) {
        push("not-applicable", "Repository is disabled.");
        continue;
      }
      if (!repository.defaultBranch) {
        push("not-applicable", "Repository is empty (no default branch).");
        continue;
      }
      if (isUnavailable(input.policies)) {
        push("not-available", `Policies could not be read: ${input.policies.unavailable}`);
        continue;
      }
      const { rule, config } = named;
      if (rule.kind === "repository") {
        const finding = safely(() =>
          rule.evaluate({ repository, ...policiesFor(undefined), params: config.params }),
        );
        results.push(resultOf(named, target, null, finding));
        continue;
      }
      branches ??= branchesFor(repository, input.baseline, input.refs);
      if (isUnavailable(branches)) {
        push("not-available", `Branches could not be read: ${branches.unavailable}`);
        continue;
      }
      for (const branch of branches) {
        const finding = safely(() =>
          rule.evaluate({ repository, branch, ...policiesFor(branch), params: config.params }),
        );
        results.push(resultOf(named, target, branch, finding));
      }
    }
  }
  return results;
}

/** The placeholder target of a rule whose target list could not be read at all. */
function everyTarget(kind: TargetKind, name: string): ComplianceTarget {
  return { kind, id: "*", name };
}

/** Environment rules, environment by environment, for the environments each rule's pattern selects. */
function evaluateEnvironments(
  input: ComplianceInput,
  rules: NamedRule<EnvironmentRule>[],
  resultOf: ResultOf,
  coverage: Record<string, RuleCoverage>,
): ComplianceResult[] {
  const results: ComplianceResult[] = [];
  const environments = input.environments ?? { unavailable: "environments were not read" };
  for (const named of rules) {
    coverage[named.id] = {
      targetKind: "environment",
      evaluated: 0,
      total: isUnavailable(environments) ? null : environments.length,
      pattern: selectionText(named.config.params, input.production),
    };
  }
  if (isUnavailable(environments)) {
    for (const named of rules) {
      results.push(
        resultOf(named, everyTarget("environment", "environments"), null, {
          outcome: "not-available",
          message: `Environments could not be read: ${environments.unavailable}`,
        }),
      );
    }
    return results;
  }
  const checks = input.checkConfigurations ?? {
    unavailable: "check configurations were not read",
  };
  for (const environment of environments) {
    const selecting = rules.filter((named) =>
      patternSelects(named.config.params, environment.name, input.production),
    );
    if (selecting.length === 0) continue;
    const target: ComplianceTarget = {
      kind: "environment",
      id: String(environment.id),
      name: environment.name,
    };
    const own = isUnavailable(checks)
      ? checks
      : checks.filter(
          (check) =>
            check.resource.type.toLowerCase() === "environment" &&
            check.resource.id === String(environment.id),
        );
    for (const named of selecting) {
      coverage[named.id].evaluated += 1;
      if (isUnavailable(own)) {
        results.push(
          resultOf(named, target, null, {
            outcome: "not-available",
            message: `Checks of environment ${environment.name} could not be read: ${own.unavailable}`,
          }),
        );
        continue;
      }
      const finding = safely(() =>
        named.rule.evaluate({ environment, checks: own, params: named.config.params }),
      );
      results.push(resultOf(named, target, null, finding));
    }
  }
  return results;
}

/** Release-stage rules, definition by definition and stage by stage, for the stages they select. */
function evaluateReleaseStages(
  input: ComplianceInput,
  rules: NamedRule<ReleaseStageRule>[],
  resultOf: ResultOf,
  coverage: Record<string, RuleCoverage>,
): ComplianceResult[] {
  const results: ComplianceResult[] = [];
  const definitions = input.releaseDefinitions ?? {
    unavailable: "release definitions were not read",
  };
  const stageCount = isUnavailable(definitions)
    ? null
    : definitions.reduce((sum, definition) => sum + definition.environments.length, 0);
  for (const named of rules) {
    coverage[named.id] = {
      targetKind: "release-stage",
      evaluated: 0,
      total: stageCount,
      pattern: selectionText(named.config.params, input.production),
    };
  }
  if (isUnavailable(definitions)) {
    for (const named of rules) {
      results.push(
        resultOf(named, everyTarget("release-stage", "release definitions"), null, {
          outcome: "not-available",
          message: `Release definitions could not be read: ${definitions.unavailable}`,
        }),
      );
    }
    return results;
  }
  for (const definition of definitions) {
    for (const stage of definition.environments) {
      const target: ComplianceTarget = {
        kind: "release-stage",
        id: `${definition.id}:${stage.id}`,
        name: `${definition.name} / ${stage.name}`,
      };
      for (const named of rules) {
        if (!patternSelects(named.config.params, stage.name, input.production)) continue;
        coverage[named.id].evaluated += 1;
        const finding = safely(() =>
          named.rule.evaluate({ definition, stage, params: named.config.params }),
        );
        results.push(resultOf(named, target, null, finding));
      }
    }
  }
  return results;
}

/** Share of decided (pass/fail) results that pass, weighed by severity; null if none decided. */
export function weightedScore(
  results: readonly { outcome: Outcome; severity: Severity }[],
): number | null {
  let passed = 0;
  let decided = 0;
  for (const result of results) {
    if (result.outcome !== "pass" && result.outcome !== "fail") continue;
    const weight = severityWeight[result.severity];
    decided += weight;
    if (result.outcome === "pass") passed += weight;
  }
  return decided === 0 ? null : Math.round((passed / decided) * 1000) / 10;
}

export function summarize(
  results: ComplianceResult[],
  coverage: Record<string, RuleCoverage> = {},
): ComplianceSummary {
  const byOutcome = emptyCounts();
  const byRule: Record<string, OutcomeCounts> = {};
  const grouped = new Map<string, ComplianceResult[]>();
  for (const result of results) {
    byOutcome[result.outcome] += 1;
    (byRule[result.ruleId] ??= emptyCounts())[result.outcome] += 1;
    if (!result.repository) continue;
    const list = grouped.get(result.repository.id) ?? [];
    list.push(result);
    grouped.set(result.repository.id, list);
  }
  const byRepository: ComplianceSummary["byRepository"] = {};
  for (const [id, list] of grouped) {
    const counts = emptyCounts();
    for (const result of list) counts[result.outcome] += 1;
    byRepository[id] = { name: list[0].target.name, score: weightedScore(list), counts };
  }
  return { score: weightedScore(results), byOutcome, byRule, byRepository, coverage };
}
