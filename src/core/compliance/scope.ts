import type { PolicyConfiguration, PolicyScope } from "../model";

/** The repository a policy is resolved against: its id and default branch (absent when empty). */
export interface ScopeTarget {
  id: string;
  defaultBranch?: string;
}

function sameText(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}

/**
 * Does one scope entry cover branch `refName` of `repository`? (contracts §3.2)
 * - `repositoryId` null covers every repository of the project;
 * - no `refName` and no `matchKind` is a repository (push) policy: it covers the whole repository;
 * - `Exact` / `Prefix` compare ref names case-insensitively, as the service does;
 * - `DefaultBranch` follows each repository's default branch.
 * `refName` undefined asks "which policies apply to the repository whatever the branch": only
 * repository policies do. An unknown match kind covers nothing.
 */
export function scopeCovers(
  scope: PolicyScope,
  repository: ScopeTarget,
  refName: string | undefined,
): boolean {
  if (scope.repositoryId != null && !sameText(scope.repositoryId, repository.id)) return false;
  const matchKind = scope.matchKind ?? undefined;
  const scopeRef = scope.refName ?? undefined;
  if (matchKind === undefined && scopeRef === undefined) return true;
  if (refName === undefined || matchKind === undefined) return false;
  switch (matchKind.toLowerCase()) {
    case "exact":
      return scopeRef !== undefined && sameText(scopeRef, refName);
    case "prefix":
      return scopeRef !== undefined && refName.toLowerCase().startsWith(scopeRef.toLowerCase());
    case "defaultbranch":
      return repository.defaultBranch !== undefined && sameText(repository.defaultBranch, refName);
    default:
      return false;
  }
}

/** A non-deleted configuration applies when any of its scope entries covers the branch. */
export function policyApplies(
  configuration: PolicyConfiguration,
  repository: ScopeTarget,
  refName: string | undefined,
): boolean {
  if (configuration.isDeleted) return false;
  return configuration.scopes.some((scope) => scopeCovers(scope, repository, refName));
}

/** Configurations that apply to the repository's default branch (repository policies only when empty). */
export function policiesForDefaultBranch(
  configurations: readonly PolicyConfiguration[],
  repository: ScopeTarget,
): PolicyConfiguration[] {
  return configurations.filter((configuration) =>
    policyApplies(configuration, repository, repository.defaultBranch),
  );
}

/** Enforced: enabled, blocking (required) and not deleted. */
export function isEnforced(configuration: PolicyConfiguration): boolean {
  return configuration.isEnabled && configuration.isBlocking && !configuration.isDeleted;
}
