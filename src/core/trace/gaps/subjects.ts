/** The deployments a run or a Classic release made, as the gap rules take them. */
import type { DeploymentRecord, Release, Run } from "../../model";
import { environmentDeployed, recordDeployed } from "../deploymentState";
import { releaseEnvironmentTime, type ReachedDeployment, type TraceGraph } from "../graph";

/** The deployment records of one run that count as deployed, each to its environment. */
export function runDeployments(
  graph: TraceGraph,
  run: Run,
  records: DeploymentRecord[],
): ReachedDeployment[] {
  return records.flatMap((record) => {
    const state = recordDeployed(record);
    if (record.run.id !== run.id || !state) return [];
    return [
      {
        kind: "yaml" as const,
        pipeline: run.pipeline,
        environment: graph.environments.get(record.environmentId) ?? String(record.environmentId),
        stage: record.stageName,
        runId: run.id,
        name: run.number,
        status: record.result as string,
        state,
        reachedAt:
          record.finishTime ??
          record.startTime ??
          record.queueTime ??
          run.finishTime ??
          new Date(0),
        evidence: "link" as const,
      },
    ];
  });
}

/** The stages of a Classic release that count as deployed (partially succeeded too). */
export function releaseDeployments(release: Release): ReachedDeployment[] {
  return release.environments.flatMap((environment) => {
    const state = environmentDeployed(environment);
    if (!state) return [];
    return [
      {
        kind: "classic" as const,
        pipeline: release.definition,
        environment: environment.name,
        stage: environment.name,
        releaseId: release.id,
        name: release.name,
        releaseEnvironmentId: environment.id,
        status: environment.status,
        state,
        reachedAt: releaseEnvironmentTime(environment) ?? new Date(0),
        evidence: "classic-link" as const,
      },
    ];
  });
}
