/** A small traceability graph for the gap rule tests: one pipeline on main, dev and prod. */
import type { PullRequest, Release, Timeline } from "../../../../src/core/model";
import { TraceGraph, type ReachedDeployment } from "../../../../src/core/trace/graph";
import { isProductionName } from "../../../../src/core/vocabulary";
import { hour, recordAt, releaseEnvironmentAt, REPO, runAt } from "../builders";

export { buildLink, hour, release, REPO, workItem } from "../builders";
export const production = (name: string) => isProductionName(name);

export const run = (id: number, h: number) => runAt(id, hour(h));
export const record = (id: number, runId: number, environmentId: number, h: number) =>
  recordAt({ id, runId, environmentId }, hour(h));
export const releaseEnvironment = (id: number, name: string, automated: boolean) =>
  releaseEnvironmentAt({ id, name, status: "succeeded" }, hour(4), automated);

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
