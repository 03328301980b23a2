import * as React from "react";
import { isEnforced, policiesForDefaultBranch } from "../../core/compliance/scope";
import type { Repository } from "../../core/model";
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

export async function loadRepositoriesWithPolicies(
  sources: Sources,
  project: string,
): Promise<RepositoriesWithPolicies> {
  const [repositories, configurations] = await Promise.all([
    sources.git.listRepositories(project),
    sources.policy.listPolicyConfigurations(project),
  ]);
  const active = configurations.filter((configuration) => !configuration.isDeleted);
  const rows = [...repositories]
    .sort((left, right) => left.name.localeCompare(right.name))
    .map((repository) => {
      const applicable = policiesForDefaultBranch(active, repository);
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
