import { stageApproval, type ReachedDeployment, type TraceGraph } from "../../graph";
import {
  deploymentEvidence,
  gapFinding,
  notAvailableFinding,
  scopeOfDeployment,
} from "../findings";
import type { DeploymentGapRule, GapFinding } from "../types";
import { prodWithoutApprovalDefinition } from "./def";

/** A YAML deployment: an approval checkpoint under its stage that succeeded, from the timeline. */
function yamlFinding(graph: TraceGraph, deployment: ReachedDeployment): GapFinding[] {
  const runId = deployment.runId as number;
  const timeline = graph.timelines.get(runId);
  const approval = timeline ? stageApproval(timeline, deployment.stage) : "unknown";
  const evidence = {
    runId,
    environment: deployment.environment,
    stage: deployment.stage,
    deployedAt: deployment.reachedAt?.toISOString() ?? null,
  };
  if (approval === "approved") return [];
  if (approval === "unknown")
    return [
      notAvailableFinding(
        `Could not tell whether run ${runId} passed an approval before ${deployment.environment}: ${timeline ? "its timeline does not show the attempt that deployed (the stage was run again, or is not in it)" : "its timeline could not be read"}`,
        evidence,
        scopeOfDeployment(deployment),
      ),
    ];
  return [
    gapFinding(
      `Run ${runId} deployed to ${deployment.environment} (stage ${deployment.stage}) without passing an approval`,
      evidence,
      scopeOfDeployment(deployment),
    ),
  ];
}

/** A Classic stage: some manual pre- or post-deployment approval that was given. */
function classicFinding(graph: TraceGraph, deployment: ReachedDeployment): GapFinding[] {
  const release = graph.releases.get(deployment.releaseId as number);
  const environment = release?.environments.find(
    (item) => item.id === deployment.releaseEnvironmentId,
  );
  if (!release || !environment) return [];
  const manual = [...environment.preApprovals, ...environment.postApprovals].some(
    (approval) => !approval.isAutomated && approval.status === "approved",
  );
  if (manual) return [];
  return [
    gapFinding(
      `Release ${release.name} deployed to ${environment.name} without a manual approval`,
      { ...deploymentEvidence(deployment), environment: environment.name },
      scopeOfDeployment(deployment),
    ),
  ];
}

export const prodWithoutApprovalRule: DeploymentGapRule = {
  ...prodWithoutApprovalDefinition,
  evaluate({ graph, deployment, isProduction }) {
    if (!deployment.reachedAt || !isProduction(deployment.environment)) return [];
    return deployment.kind === "yaml" && deployment.runId !== undefined
      ? yamlFinding(graph, deployment)
      : classicFinding(graph, deployment);
  },
};
