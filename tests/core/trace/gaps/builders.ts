/** A small traceability graph for the gap rule tests: one pipeline on main, dev and prod. */
import type {
  DeploymentRecord,
  PullRequest,
  Release,
  ReleaseEnvironment,
  Run,
  Timeline,
  WorkItem,
} from "../../../../src/core/model";
import { TraceGraph, type ReachedDeployment } from "../../../../src/core/trace/graph";
import { isProductionName } from "../../../../src/core/vocabulary";

export const REPO = "11111111-1111-4111-8111-111111111111";
export const hour = (h: number) => new Date(Date.UTC(2025, 0, 1, h));
export const production = (name: string) => isProductionName(name);

export function run(id: number, h: number): Run {
  return {
    id,
    number: `2025.${id}`,
    pipeline: { id: 7, name: "web-ci-cd" },
    status: "completed",
    result: "succeeded",
    sourceBranch: "refs/heads/main",
    sourceVersion: `sha${id}`,
    repositoryId: REPO,
    queueTime: hour(h),
    uri: `vstfs:///Build/Build/${id}`,
  };
}

export function record(
  id: number,
  runId: number,
  environmentId: number,
  h: number,
): DeploymentRecord {
  return {
    id,
    environmentId,
    pipeline: { id: 7, name: "web-ci-cd" },
    run: { id: runId, name: `2025.${runId}` },
    stageName: environmentId === 2 ? "DeployProd" : "DeployDev",
    result: "succeeded",
    finishTime: hour(h),
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

export const pullRequestLink = (pullRequestId: number) => ({
  rel: "ArtifactLink",
  url: `vstfs:///Git/PullRequestId/${pullRequestId}`,
  name: "Pull Request",
  artifact: {
    kind: "pullRequest" as const,
    projectId: "p",
    repositoryId: REPO,
    pullRequestId,
  },
});

export function pr(
  id: number,
  status: PullRequest["status"],
  overrides: Partial<PullRequest> = {},
): PullRequest {
  return {
    id,
    repositoryId: REPO,
    repositoryName: "web",
    title: `PR ${id}`,
    status,
    sourceRefName: "refs/heads/feature/x",
    targetRefName: "refs/heads/main",
    reviewers: [],
    ...overrides,
  };
}

/** A YAML deployment of `runId` to `environment`, reached at hour `h`. */
export function yamlDeployment(runId: number, environment: string, h = 3): ReachedDeployment {
  return {
    kind: "yaml",
    pipeline: { id: 7, name: "web-ci-cd" },
    environment,
    stage: environment === "prod" ? "DeployProd" : "DeployDev",
    runId,
    name: `2025.${runId}`,
    status: "succeeded",
    state: "succeeded",
    reachedAt: hour(h),
    evidence: "link",
  };
}

export function releaseEnvironment(
  id: number,
  name: string,
  automated: boolean,
): ReleaseEnvironment {
  return {
    id,
    releaseId: 0,
    name,
    rank: id,
    status: "succeeded",
    definitionEnvironmentId: id,
    preApprovals: [
      { id: id * 10, approvalType: "preDeploy", status: "approved", isAutomated: automated },
    ],
    postApprovals: [],
    deploySteps: [
      {
        id: id * 100,
        attempt: 1,
        status: "succeeded",
        operationStatus: "",
        lastModifiedOn: hour(4),
      },
    ],
  };
}

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

export function classicDeployment(release: Release, environmentId: number): ReachedDeployment {
  const environment = release.environments.find((item) => item.id === environmentId);
  if (!environment) throw new Error(`no environment ${environmentId}`);
  return {
    kind: "classic",
    pipeline: release.definition,
    environment: environment.name,
    stage: environment.name,
    releaseId: release.id,
    name: release.name,
    releaseEnvironmentId: environment.id,
    status: environment.status,
    state: "succeeded",
    reachedAt: hour(4),
    evidence: "classic-link",
  };
}

/** A timeline whose prod stage has a checkpoint, approved or not. */
export function prodTimeline(runId: number, approved: boolean): Timeline {
  return {
    runId,
    records: [
      {
        id: "s",
        type: "Stage",
        name: "Deploy prod",
        identifier: "DeployProd",
        state: "completed",
        result: "succeeded",
      },
      {
        id: "cp",
        parentId: "s",
        type: "Checkpoint",
        name: "Checkpoint",
        state: "completed",
        result: "succeeded",
      },
      ...(approved
        ? [
            {
              id: "ap",
              parentId: "cp",
              type: "Checkpoint.Approval",
              name: "Checkpoint.Approval",
              state: "completed" as const,
              result: "succeeded" as const,
            },
          ]
        : []),
    ],
  };
}

/** Runs 100 and 101 of one pipeline on main; environments dev (1) and prod (2). */
export function baseGraph(): TraceGraph {
  const graph = new TraceGraph();
  graph.addRun(run(100, 1));
  graph.addRun(run(101, 2));
  graph.addEnvironment(1, "dev");
  graph.addEnvironment(2, "prod");
  return graph;
}

export const context = { isProduction: production, params: {} };
