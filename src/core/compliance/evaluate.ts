import type { GitRef, PolicyConfiguration, Project, Repository } from "../model";
import type { Baseline, BaselineException } from "./baseline/types";
import { branchRules } from "./rules";
import { isEnforced, policyApplies } from "./scope";
import { type Outcome, type Severity, severityWeight } from "./types";

/** Data that could not be read, with the reason shown to the user. */
export interface Unavailable {
  unavailable: string;
}

export interface ComplianceInput {
  organization: string;
  project: Project;
  repositories: Repository[];
  /** The project's policy configurations (one listing), or why they could not be read. */
  policies: PolicyConfiguration[] | Unavailable;
  /** Refs per repository id; needed only when the baseline names ref patterns. */
  refs: Map<string, GitRef[] | Unavailable>;
  baseline: Baseline;
  now: Date;
}

export interface ExceptionApplied {
  justification: string;
  expires: string;
  expired: boolean;
}

/** What a result is about. Branch rules are about repositories; other rule kinds add their own. */
export interface ComplianceTarget {
  kind: "repository" | "environment" | "release-stage";
  id: string;
  name: string;
}

export interface ComplianceResult {
  ruleId: string;
  title: string;
  severity: Severity;
  outcome: Outcome;
  target: ComplianceTarget;
  /** Set for repository targets (the JSON contract's field). */
  repository: { id: string; name: string };
  branch: string | null;
  message: string;
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

export interface ComplianceSummary {
  /** Weighted share of pass among pass+fail, 0–100, or null when nothing was decidable. */
  score: number | null;
  byOutcome: OutcomeCounts;
  byRule: Record<string, OutcomeCounts>;
  byRepository: Record<string, { name: string; score: number | null; counts: OutcomeCounts }>;
}

export interface ComplianceEvaluation {
  results: ComplianceResult[];
  summary: ComplianceSummary;
}

export function isUnavailable(value: unknown): value is Unavailable {
  return typeof value === "object" && value !== null && "unavailable" in value;
}

function emptyCounts(): OutcomeCounts {
  return { pass: 0, fail: 0, "not-applicable": 0, "not-available": 0, exempt: 0, error: 0 };
}

/** `refs/heads/release/*` → matches refs/heads/release/1.0 (case-insensitive, * spans slashes). */
export function refPatternMatches(pattern: string, refName: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i").test(refName);
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

function findException(
  exceptions: BaselineException[],
  ruleId: string,
  repository: Repository,
  branch: string | null,
): BaselineException | undefined {
  return exceptions.find(
    (entry) =>
      entry.rule === ruleId &&
      (entry.repository.toLowerCase() === repository.name.toLowerCase() ||
        entry.repository.toLowerCase() === repository.id.toLowerCase()) &&
      (entry.branch === undefined ||
        (branch !== null && entry.branch.toLowerCase() === branch.toLowerCase())),
  );
}

/** Baseline × repositories × branches → one explicit outcome per rule and target, and the score. */
export function evaluateCompliance(input: ComplianceInput): ComplianceEvaluation {
  const results: ComplianceResult[] = [];
  const { baseline } = input;

  const candidates = isUnavailable(input.policies) ? undefined : indexByRepository(input.policies);
  for (const repository of input.repositories) {
    const reference = { id: repository.id, name: repository.name };
    // Scope resolution once per branch, shared by every rule (it dominates on large projects).
    const resolved = new Map<
      string,
      { enforced: PolicyConfiguration[]; ignored: PolicyConfiguration[] }
    >();
    const policiesFor = (branch: string) => {
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
    for (const [ruleId, config] of baseline.rules) {
      const rule = branchRules.get(ruleId);
      if (!rule) continue; // validateBaseline only lets known rules through
      const base = {
        ruleId,
        title: rule.metadata.title,
        severity: config.severity ?? rule.metadata.severity,
        target: { kind: "repository" as const, ...reference },
        repository: reference,
        remediation: rule.metadata.remediation,
      };
      const push = (
        outcome: Outcome,
        branch: string | null,
        message: string,
        policyIds: number[] = [],
      ) => results.push({ ...base, outcome, branch, message, policyIds });

      if (repository.isDisabled) {
        push("not-applicable", null, "Repository is disabled.");
        continue;
      }
      if (!repository.defaultBranch) {
        push("not-applicable", null, "Repository is empty (no default branch).");
        continue;
      }
      if (isUnavailable(input.policies)) {
        push("not-available", null, `Policies could not be read: ${input.policies.unavailable}`);
        continue;
      }
      const branches = branchesFor(repository, baseline, input.refs);
      if (isUnavailable(branches)) {
        push("not-available", null, `Branches could not be read: ${branches.unavailable}`);
        continue;
      }
      for (const branch of branches) {
        let finding;
        try {
          finding = rule.evaluate({
            repository,
            branch,
            ...policiesFor(branch),
            params: config.params,
          });
        } catch (error) {
          push(
            "error",
            branch,
            `Rule failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          continue;
        }
        const result: ComplianceResult = { ...base, branch, ...finding };
        const exception =
          finding.outcome === "fail"
            ? findException(baseline.exceptions, ruleId, repository, branch)
            : undefined;
        if (exception) {
          const expired = Date.parse(exception.expires) <= input.now.getTime();
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
        }
        results.push(result);
      }
    }
  }
  return { results, summary: summarize(results) };
}

function score(results: ComplianceResult[]): number | null {
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

export function summarize(results: ComplianceResult[]): ComplianceSummary {
  const byOutcome = emptyCounts();
  const byRule: Record<string, OutcomeCounts> = {};
  const grouped = new Map<string, ComplianceResult[]>();
  for (const result of results) {
    byOutcome[result.outcome] += 1;
    (byRule[result.ruleId] ??= emptyCounts())[result.outcome] += 1;
    const list = grouped.get(result.repository.id) ?? [];
    list.push(result);
    grouped.set(result.repository.id, list);
  }
  const byRepository: ComplianceSummary["byRepository"] = {};
  for (const [id, list] of grouped) {
    const counts = emptyCounts();
    for (const result of list) counts[result.outcome] += 1;
    byRepository[id] = { name: list[0].repository.name, score: score(list), counts };
  }
  return { score: score(results), byOutcome, byRule, byRepository };
}
