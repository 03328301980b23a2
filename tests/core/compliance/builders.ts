import type { PolicyConfiguration, PolicyScope, Repository } from "../../../src/core/model";
import { PolicyTypeIds } from "../../../src/core/model";

let nextPolicyId = 1;

export function repo(overrides: Partial<Repository> = {}): Repository {
  return {
    id: overrides.id ?? `repo-${overrides.name ?? "web"}`,
    name: "web",
    projectId: "p1",
    defaultBranch: "refs/heads/main",
    isDisabled: false,
    ...overrides,
  };
}

export function policy(
  typeId: string,
  settings: Record<string, unknown> = {},
  overrides: Partial<PolicyConfiguration> & { scope?: PolicyScope[] } = {},
): PolicyConfiguration {
  const { scope, ...rest } = overrides;
  return {
    id: nextPolicyId++,
    revision: 1,
    typeId,
    isEnabled: true,
    isBlocking: true,
    isDeleted: false,
    settings,
    scopes: scope ?? [{ repositoryId: null, refName: "refs/heads/main", matchKind: "Exact" }],
    ...rest,
  };
}

export const minReviewers = (count: number, settings: Record<string, unknown> = {}, o = {}) =>
  policy(PolicyTypeIds.minimumReviewers, { minimumApproverCount: count, ...settings }, o);
