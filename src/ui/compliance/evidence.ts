import { settingsLink } from "../../core/compliance/links";
import type { ComplianceResult } from "../../core/compliance/evaluate";
import { isEnforced, policyApplies, scopeCovers } from "../../core/compliance/scope";
import {
  PolicyTypeIds,
  type PolicyConfiguration,
  type PolicyScope,
  type Repository,
} from "../../core/model";

const typeNames: Record<string, string> = {
  [PolicyTypeIds.minimumReviewers]: "Minimum number of reviewers",
  [PolicyTypeIds.build]: "Build validation",
  [PolicyTypeIds.workItemLinking]: "Work item linking",
  [PolicyTypeIds.commentRequirements]: "Comment requirements",
  [PolicyTypeIds.requiredReviewers]: "Required reviewers",
  [PolicyTypeIds.mergeStrategy]: "Require a merge strategy",
  [PolicyTypeIds.status]: "Status check",
  [PolicyTypeIds.fileSizeRestriction]: "File size restriction",
  [PolicyTypeIds.fileNameRestriction]: "File name restriction",
  [PolicyTypeIds.pathLengthRestriction]: "Path length restriction",
  [PolicyTypeIds.reservedNamesRestriction]: "Reserved names restriction",
  [PolicyTypeIds.commitAuthorEmail]: "Commit author email validation",
  [PolicyTypeIds.secretsScanning]: "Secrets scanning",
  [PolicyTypeIds.secretsScanningAlt]: "Secrets scanning",
};

export function policyTypeName(policy: PolicyConfiguration): string {
  return (
    policy.typeDisplayName ??
    typeNames[policy.typeId.toLowerCase()] ??
    `Unknown type ${policy.typeId}`
  );
}

export interface ScopeExplanation {
  scope: PolicyScope;
  /** The scope entry in words: which repositories and which refs. */
  text: string;
  matches: boolean;
  /** Why it covers (or does not cover) the branch. */
  reason: string;
}

function describeScope(scope: PolicyScope, own: Repository): string {
  const repository =
    scope.repositoryId == null
      ? "every repository"
      : scope.repositoryId.toLowerCase() === own.id.toLowerCase()
        ? "this repository"
        : `repository ${scope.repositoryId}`;
  const kind = scope.matchKind ?? undefined;
  const ref = scope.refName ?? undefined;
  if (kind === undefined && ref === undefined) return `${repository}, whole repository`;
  if (kind?.toLowerCase() === "defaultbranch") return `${repository}, default branch`;
  return `${repository}, ${kind ?? "?"} ${ref ?? "(no ref)"}`;
}

/** Each scope entry of a policy against one branch, in the same terms the engine resolves them. */
export function explainScopes(
  policy: PolicyConfiguration,
  repository: Repository,
  branch: string | null,
): ScopeExplanation[] {
  const refName = branch ?? undefined;
  return policy.scopes.map((scope) => {
    const matches = scopeCovers(scope, repository, refName);
    const text = describeScope(scope, repository);
    let reason: string;
    if (
      scope.repositoryId != null &&
      scope.repositoryId.toLowerCase() !== repository.id.toLowerCase()
    )
      reason = "another repository";
    else if (scope.matchKind == null && scope.refName == null)
      reason = "repository-wide: covers every branch";
    else if (refName === undefined) reason = "names a branch; this result is about the repository";
    else {
      const kind = (scope.matchKind ?? "").toLowerCase();
      if (kind === "exact")
        reason = matches
          ? `${refName} equals ${scope.refName} (case-insensitive)`
          : `${refName} is not ${scope.refName}`;
      else if (kind === "prefix")
        reason = matches
          ? `${refName} starts with ${scope.refName} (case-insensitive)`
          : `${refName} does not start with ${scope.refName}`;
      else if (kind === "defaultbranch")
        reason = matches
          ? `${refName} is the default branch of the repository`
          : `the default branch is ${repository.defaultBranch ?? "(none)"}`;
      else reason = `match kind ${scope.matchKind} is not known: covers nothing`;
    }
    return {
      scope,
      text,
      matches,
      reason: `${scope.repositoryId == null ? "project-wide; " : ""}${reason}`,
    };
  });
}

export interface PolicyEvidence {
  policy: PolicyConfiguration;
  typeName: string;
  /** Enabled, blocking and not deleted: Azure DevOps enforces it. */
  enforced: boolean;
  /** The rule's result names this policy. */
  cited: boolean;
  scopes: ScopeExplanation[];
}

/**
 * Policies that apply to the result's repository and branch (what Azure DevOps would enforce
 * there), the ones the result cites first, plus cited ones that do not apply (named in messages).
 */
export function policyEvidence(
  result: ComplianceResult,
  policies: PolicyConfiguration[] | undefined,
  repository: Repository | undefined,
): PolicyEvidence[] {
  if (!policies) return [];
  const cited = new Set(result.policyIds);
  const relevant = policies.filter(
    (policy) =>
      cited.has(policy.id) ||
      (repository !== undefined && policyApplies(policy, repository, result.branch ?? undefined)),
  );
  return relevant
    .map((policy) => ({
      policy,
      typeName: policyTypeName(policy),
      enforced: isEnforced(policy),
      cited: cited.has(policy.id),
      scopes: repository ? explainScopes(policy, repository, result.branch) : [],
    }))
    .sort(
      (left, right) => Number(right.cited) - Number(left.cited) || left.policy.id - right.policy.id,
    );
}

/** The branch policy page of a repository in Azure DevOps, each value encoded. */
export function branchPolicyUrl(
  orgUrl: string,
  project: string,
  repositoryId: string,
  branch: string | null,
): string {
  // A repository target always has a link; the core builds it for every report alike.
  return settingsLink(orgUrl, project, {
    target: { kind: "repository", id: repositoryId, name: repositoryId },
    branch,
  }) as string;
}
