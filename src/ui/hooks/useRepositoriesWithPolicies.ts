import * as React from "react";
import { foldCase, isEnforced, policiesForDefaultBranch } from "../../core/compliance/scope";
import type { PolicyConfiguration, Repository } from "../../core/model";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { useAsync, type AsyncState } from "./useAsync";

export interface RepositoryPolicyRow {
  repository: Repository;
  /** Non-deleted configurations that apply to the default branch (or repository-wide when empty). */
  applicable: number;
  /** Of those, enabled and blocking. */
  enforced: number;
}

export interface RepositoriesWithPolicies {
  rows: RepositoryPolicyRow[];
  totals: { repositories: number; policies: number; enforcedPolicies: number };
}

/**
 * The configurations that can apply to a repository: those with a project-wide scope entry and
 * those naming it. Matching every configuration against every repository froze the hub for over a
 * second on 1,000 repositories × 5,000 policies; the scope rules themselves stay in the engine.
 */
function candidatesByRepository(
  configurations: readonly PolicyConfiguration[],
): (repositoryId: string) => PolicyConfiguration[] {
  const anyRepository: PolicyConfiguration[] = [];
  const byRepository = new Map<string, PolicyConfiguration[]>();
  for (const configuration of configurations) {
    if (configuration.scopes.some((scope) => scope.repositoryId == null)) {
      anyRepository.push(configuration);
      continue;
    }
    // Repository ids compare with the engine's case folding.
    const ids = new Set(configuration.scopes.map((scope) => foldCase(String(scope.repositoryId))));
    for (const id of ids) {
      const bucket = byRepository.get(id);
      if (bucket) bucket.push(configuration);
      else byRepository.set(id, [configuration]);
    }
  }
  return (repositoryId) => [...anyRepository, ...(byRepository.get(foldCase(repositoryId)) ?? [])];
}

export async function loadRepositoriesWithPolicies(
  sources: Sources,
  project: string,
): Promise<RepositoriesWithPolicies> {
  const [repositories, configurations] = await Promise.all([
    sources.git.listRepositories(project),
    sources.policy.listPolicyConfigurations(project),
  ]);
  const active = configurations.filter((configuration) => !configuration.isDeleted);
  const candidates = candidatesByRepository(active);
  const rows = [...repositories]
    .sort((left, right) => left.name.localeCompare(right.name))
    .map((repository) => {
      const applicable = policiesForDefaultBranch(candidates(repository.id), repository);
      return {
        repository,
        applicable: applicable.length,
        enforced: applicable.filter(isEnforced).length,
      };
    });
  return {
    rows,
    totals: {
      repositories: repositories.length,
      policies: active.length,
      enforcedPolicies: active.filter(isEnforced).length,
    },
  };
}

export function useRepositoriesWithPolicies(): AsyncState<RepositoriesWithPolicies> {
  const { sources, project } = useUiEnvironment();
  const load = React.useCallback(
    () => loadRepositoriesWithPolicies(sources, project),
    [sources, project],
  );
  return useAsync(load);
}
