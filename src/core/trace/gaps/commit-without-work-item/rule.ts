import { nodeId, type ReachedDeployment, type TraceGraph } from "../../graph";
import {
  deploymentEvidence,
  gapFinding,
  notAvailableFinding,
  scopeOfDeployment,
} from "../findings";
import type { DeploymentGapRule, GapFinding } from "../types";
import { commitWithoutWorkItemDefinition } from "./def";

/** The run whose changes a deployment brought: the YAML run, or a Classic release's primary build. */
export function changeRunOf(graph: TraceGraph, deployment: ReachedDeployment): number | undefined {
  if (deployment.runId !== undefined) return deployment.runId;
  const release =
    deployment.releaseId !== undefined ? graph.releases.get(deployment.releaseId) : undefined;
  const primary =
    release?.artifacts.find((artifact) => artifact.isPrimary) ?? release?.artifacts[0];
  return primary?.buildId;
}

/**
 * Linked directly, by a work item's commit link, or as the merge commit of a PR with work items;
 * undefined when only a PR whose work items were not read could link it (a PR listing has none).
 */
function isLinked(
  graph: TraceGraph,
  commitNode: string,
  workItemIds: number[],
): boolean | undefined {
  if (workItemIds.length > 0 || graph.to(commitNode, "link").length > 0) return true;
  const merges = graph.to(commitNode, "merge-commit");
  // A work item of the graph linking to the PR is one of its work items too.
  if (merges.some((merge) => graph.to(merge.from, "link").length > 0)) return true;
  const prs = merges.map((merge) =>
    graph.pullRequests.get(Number(merge.from.slice("pullRequest:".length))),
  );
  if (prs.some((pr) => (pr?.workItemIds ?? []).length > 0)) return true;
  return prs.some((pr) => pr?.workItemIds === undefined) ? undefined : false;
}

export const commitWithoutWorkItemRule: DeploymentGapRule = {
  ...commitWithoutWorkItemDefinition,
  evaluate({ graph, deployment }) {
    const runId = changeRunOf(graph, deployment);
    if (runId === undefined) return [];
    const owner = { ...deploymentEvidence(deployment), runId };
    const scope = scopeOfDeployment(deployment);
    if (graph.unread.has(`changes:${runId}`)) {
      return [
        notAvailableFinding(
          `Could not check the commits of run ${runId} for work item links: its changes could not be read`,
          owner,
          scope,
        ),
      ];
    }
    const findings: GapFinding[] = [];
    const unread: string[] = [];
    for (const edge of graph.from(nodeId.run(runId), "run-change")) {
      const commit = graph.commits.get(edge.to);
      if (!commit) continue;
      const linked =
        commit.workItemIds === undefined ? undefined : isLinked(graph, edge.to, commit.workItemIds);
      if (linked === undefined) unread.push(commit.id);
      else if (!linked)
        findings.push(
          gapFinding(
            `Commit ${commit.id.slice(0, 8)} in run ${runId} links to no work item`,
            { ...owner, commit: commit.id, repositoryId: commit.repositoryId },
            { ...scope, repository: [commit.repositoryId] },
          ),
        );
    }
    if (unread.length > 0)
      findings.push(
        notAvailableFinding(
          `Could not check ${unread.length} commit(s) of run ${runId} for work item links: their links could not be read`,
          { ...owner, commits: unread },
          scope,
        ),
      );
    return findings;
  },
};
