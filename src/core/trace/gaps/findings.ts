/** Small pieces the gap rules share. */
import type { NotAvailable } from "../../sources/notAvailable";
import { nodeId, type ReachedDeployment, type TraceGraph } from "../graph";
import type { GapFinding, GapScope } from "./types";

export function gapFinding(
  message: string,
  evidence: Record<string, unknown>,
  scope: GapScope,
): GapFinding {
  return { outcome: "gap", message, evidence, scope };
}

/** No verdict: the data the rule needs could not be read. Never the same as "no gap". */
export function notAvailableFinding(
  message: string,
  evidence: Record<string, unknown>,
  scope: GapScope,
): GapFinding {
  return { outcome: "not-available", message, evidence, scope };
}

/** Whether the deployments themselves (YAML records or Classic releases) could not all be read. */
export function deploymentsUnread(graph: TraceGraph): boolean {
  return graph.unread.has("deployments") || graph.unread.has("releases");
}

/**
 * Why a work item's deployments may be fewer than it had: a deployment listing, or a run that
 * may have carried it on, could not be read. Undefined when every such read answered.
 */
export function reachUnreadReason(graph: TraceGraph): NotAvailable | undefined {
  for (const key of ["deployments", "releases", "runs"]) {
    if (!graph.unread.has(key)) continue;
    return graph.unreadReasons.get(key) ?? { what: key, kind: "server", reason: `${key} not read` };
  }
  return undefined;
}

/** Pull requests a work item links to that are not in the graph: their reads failed. */
export function unreadPullRequests(graph: TraceGraph, workItemId: number): number[] {
  return graph
    .from(nodeId.workItem(workItemId), "link")
    .filter((edge) => edge.to.startsWith("pullRequest:"))
    .map((edge) => Number(edge.to.slice("pullRequest:".length)))
    .filter((id) => !graph.pullRequests.has(id));
}

/** The run or release a deployment belongs to, as evidence fields. */
export function deploymentEvidence(deployment: ReachedDeployment): Record<string, unknown> {
  return deployment.runId !== undefined
    ? { runId: deployment.runId }
    : { releaseId: deployment.releaseId };
}

/** "run 20261202.1" or "release Release-12": how a message names the deployment. */
export function deploymentName(graph: TraceGraph, deployment: ReachedDeployment): string {
  if (deployment.runId !== undefined) return `run ${deployment.runId}`;
  const release =
    deployment.releaseId !== undefined ? graph.releases.get(deployment.releaseId) : undefined;
  return `release ${release?.name ?? deployment.releaseId}`;
}

export function scopeOfDeployment(deployment: ReachedDeployment): GapScope {
  return { environment: [deployment.environment], pipeline: [deployment.pipeline.name] };
}
