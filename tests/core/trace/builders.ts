/**
 * Trace model builders shared by the trace tests: one pipeline (7, web-ci-cd) on one repository,
 * one Classic definition (3, web-release). Each test file picks its own clock (hours or days).
 */
import type {
  DeploymentRecord,
  Release,
  ReleaseEnvironment,
  Repository,
  Run,
  WorkItem,
} from "../../../src/core/model";
import { defaultProject } from "../../fakes/sources";

export const REPO = "11111111-1111-4111-8111-111111111111";

/** The project's repository REPO, "web", on main. */
export const webRepository: Repository = {
  id: REPO,
  name: "web",
  projectId: defaultProject.id,
  defaultBranch: "refs/heads/main",
  isDisabled: false,
};
export const hour = (h: number) => new Date(Date.UTC(2025, 0, 1, h));

/** A completed, succeeded run of web-ci-cd on main, queued at `queueTime`. */
export function runAt(id: number, queueTime: Date, overrides: Partial<Run> = {}): Run {
  return {
    id,
    number: `2025.${id}`,
    pipeline: { id: 7, name: "web-ci-cd" },
    status: "completed",
    result: "succeeded",
    sourceBranch: "refs/heads/main",
    sourceVersion: `sha${id}`,
    repositoryId: REPO,
    queueTime,
    uri: `vstfs:///Build/Build/${id}`,
    ...overrides,
  };
}

/** A succeeded deployment of run `runId` to environment `environmentId` (2 is prod). */
export function recordAt(
  ids: { id: number; runId: number; environmentId: number },
  finishTime: Date,
  overrides: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    id: ids.id,
    environmentId: ids.environmentId,
    pipeline: { id: 7, name: "web-ci-cd" },
    run: { id: ids.runId, name: `2025.${ids.runId}` },
    stageName: ids.environmentId === 2 ? "DeployProd" : "DeployDev",
    result: "succeeded",
    finishTime,
    ...overrides,
  };
}

export function workItem(id: number, relations: WorkItem["relations"], state = "Closed"): WorkItem {
  return { id, rev: 1, type: "User Story", title: `Story ${id}`, state, relations };
}

export const buildLink = (buildId: number) => ({
  rel: "ArtifactLink",
  url: `vstfs:///Build/Build/${buildId}`,
  name: "Integrated in build",
  artifact: { kind: "build" as const, buildId },
});

/** A Classic stage deployed once at `deployedAt`, its pre-deployment approval given. */
export function releaseEnvironmentAt(
  stage: { id: number; name: string; status: ReleaseEnvironment["status"] },
  deployedAt: Date,
  automated = true,
): ReleaseEnvironment {
  const { id, name, status } = stage;
  return {
    id,
    releaseId: 0,
    name,
    rank: id,
    status,
    definitionEnvironmentId: id,
    preApprovals: [
      { id: id * 10, approvalType: "preDeploy", status: "approved", isAutomated: automated },
    ],
    postApprovals: [],
    deploySteps: [
      { id: id * 100, attempt: 1, status, operationStatus: "", lastModifiedOn: deployedAt },
    ],
  };
}

/** Release `id` of web-release, its primary artifact build `buildId` of web-ci-cd on main. */
export function release(id: number, buildId: number, environments: ReleaseEnvironment[]): Release {
  return {
    id,
    name: `Release-${id}`,
    status: "active",
    definition: { id: 3, name: "web-release" },
    artifacts: [
      {
        alias: "_web",
        type: "Build",
        isPrimary: true,
        buildDefinitionId: 7,
        buildId,
        branch: "refs/heads/main",
      },
    ],
    environments: environments.map((environment) => ({ ...environment, releaseId: id })),
  };
}
