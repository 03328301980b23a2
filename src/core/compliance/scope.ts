import type { PolicyConfiguration, PolicyScope } from "../model";

/** The repository a policy is resolved against: its id and default branch (absent when empty). */
export interface ScopeTarget {
  id: string;
  defaultBranch?: string;
}

/**
 * Case folding as the service compares ref names (ordinal, ignoring case): each character by its
 * own upper-case form. Whole-string `toLowerCase` is not a per-character mapping (a final `Σ`
 * lowers to `ς`, `İ` to two characters), which would break Prefix matching.
 */
export function foldCase(text: string): string {
  if (/^[ -~]*$/.test(text)) return text.toUpperCase();
  let folded = "";
  for (const character of text) {
    const upper = character.toUpperCase();
    // `ß` upper-cases to "SS": keep characters without a one-character upper case as they are.
    folded += upper.length === character.length ? upper : character;
  }
  return folded;
}

function sameText(left: string, right: string): boolean {
  return foldCase(left) === foldCase(right);
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
      return scopeRef !== undefined && foldCase(refName).startsWith(foldCase(scopeRef));
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
