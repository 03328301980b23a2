import type {
  CheckConfiguration,
  Environment,
  PolicyConfiguration,
  PolicyScope,
  ReleaseApprovalPolicy,
  ReleaseDefinition,
  ReleaseDefinitionEnvironment,
  Repository,
} from "../../../src/core/model";
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

let nextCheckId = 1;

/** An environment check configuration (enabled unless told otherwise). */
export function check(
  environmentId: number,
  kind: CheckConfiguration["kind"],
  settings: Record<string, unknown>,
  overrides: Partial<CheckConfiguration> = {},
): CheckConfiguration {
  const approval = kind === "approval";
  return {
    id: nextCheckId++,
    kind,
    typeId: approval
      ? "8c6f20a7-a545-4486-9777-f762fafe0d4d"
      : "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7",
    typeName: approval ? "Approval" : "Task Check",
    displayName: approval ? "Approval" : "Task Check",
    resource: { type: "environment", id: String(environmentId) },
    isDisabled: false,
    settings,
    ...overrides,
  };
}

export const approvalCheck = (
  environmentId: number,
  approvers: number,
  minRequiredApprovers: number,
  overrides: Partial<CheckConfiguration> = {},
) =>
  check(
    environmentId,
    "approval",
    {
      approvers: Array.from({ length: approvers }, (_, index) => ({
        id: `person-${index}`,
        displayName: `Person ${index}`,
      })),
      minRequiredApprovers,
    },
    overrides,
  );

export const branchControlCheck = (
  environmentId: number,
  allowedBranches: string,
  overrides: Partial<CheckConfiguration> = {},
) =>
  check(
    environmentId,
    "branchControl",
    {
      displayName: "Branch control",
      definitionRef: {
        id: "86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b",
        name: "evaluatebranchProtection",
        version: "0.0.1",
      },
      inputs: { allowedBranches, ensureProtectionOfBranch: "true" },
    },
    overrides,
  );

export function environment(id: number, name: string): Environment {
  return { id, name };
}

const noApproval: ReleaseApprovalPolicy = {
  hasApprovers: false,
  approvers: [],
  requiredApproverCount: 0,
};

const noGates = { isEnabled: false, gates: [] };

/** A Classic stage; `approvers` people on its pre-deployment step (none = automated). */
export function stage(
  id: number,
  name: string,
  approvers = 0,
  requiredApproverCount = 0,
): ReleaseDefinitionEnvironment {
  return {
    id,
    name,
    rank: id,
    preApproval:
      approvers === 0
        ? noApproval
        : {
            hasApprovers: true,
            approvers: Array.from({ length: approvers }, (_, index) => ({
              id: `approver-${index}`,
              displayName: `Approver ${index}`,
            })),
            requiredApproverCount,
          },
    postApproval: noApproval,
    preGates: noGates,
    postGates: noGates,
  };
}

export function definition(
  id: number,
  name: string,
  stages: ReleaseDefinitionEnvironment[],
): ReleaseDefinition {
  return { id, name, path: "\\", environments: stages, artifacts: [] };
}
