import * as React from "react";
import { isEnforced, policiesForDefaultBranch } from "../../core/compliance/scope";
import { PolicyTypeIds, type Repository } from "../../core/model";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { useAsync, type AsyncState } from "./useAsync";

/** Minimum-reviewer coverage of the project's default branches (the built-in baseline's core rule). */
export interface PolicySummary {
  repositories: number;
  /** Active repositories with a default branch: the ones the rule applies to. */
  applicable: number;
  covered: Repository[];
  uncovered: Repository[];
  notApplicable: { disabled: number; empty: number };
}

export async function loadPolicySummary(sources: Sources, project: string): Promise<PolicySummary> {
  const [repositories, configurations] = await Promise.all([
    sources.git.listRepositories(project),
    sources.policy.listPolicyConfigurations(project),
  ]);
  const reviewerPolicies = configurations.filter(
    (configuration) =>
      configuration.typeId.toLowerCase() === PolicyTypeIds.minimumReviewers &&
      isEnforced(configuration),
  );
  const summary: PolicySummary = {
    repositories: repositories.length,
    applicable: 0,
    covered: [],
    uncovered: [],
    notApplicable: { disabled: 0, empty: 0 },
  };
  for (const repository of repositories) {
    if (repository.isDisabled) summary.notApplicable.disabled += 1;
    else if (!repository.defaultBranch) summary.notApplicable.empty += 1;
    else {
      summary.applicable += 1;
      const covering = policiesForDefaultBranch(reviewerPolicies, repository);
      (covering.length > 0 ? summary.covered : summary.uncovered).push(repository);
    }
  }
  return summary;
}

export function usePolicySummary(): AsyncState<PolicySummary> {
  const { sources, project } = useUiEnvironment();
  const load = React.useCallback(() => loadPolicySummary(sources, project), [sources, project]);
  return useAsync(load);
}
