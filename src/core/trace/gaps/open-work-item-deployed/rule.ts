import { defaultTraceRules } from "../../graph";
import { deploymentsUnread, gapFinding, notAvailableFinding } from "../findings";
import type { WorkItemGapRule } from "../types";

function unique<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== undefined))];
}

export const openWorkItemDeployedRule: WorkItemGapRule = {
  scope: "work-item",
  metadata: {
    id: "trace.open-work-item-deployed",
    kind: "open-work-item-deployed",
    title: "Open work item deployed",
    severity: "low",
    rationale:
      "A work item still open after its change was deployed misstates what is done, and what is live.",
    remediation:
      "Close or resolve the work item once its change is deployed, or move unfinished work to a new item.",
  },
  paramSchema: {
    closedStates: {
      type: "array",
      minItems: 1,
      items: { type: "string", minLength: 1 },
      description: "Work item states that count as done (case-insensitive).",
    },
  },
  defaults: { closedStates: [...defaultTraceRules.closedStates] },
  checkParams(params) {
    const states = params.closedStates;
    if (states === undefined) return [];
    const valid =
      Array.isArray(states) &&
      states.length > 0 &&
      states.every((state) => typeof state === "string" && state.trim() !== "");
    return valid ? [] : [{ path: "closedStates", expected: "a non-empty list of state names" }];
  },
  evaluate({ graph, workItemId, deployments, params }) {
    const item = graph.workItems.get(workItemId);
    const scope = { workItem: workItemId };
    if (!item)
      return [
        notAvailableFinding(
          `Could not check work item ${workItemId}: it could not be read`,
          { workItemId },
          scope,
        ),
      ];
    const closed = (params.closedStates as string[]).map((state) => state.toLowerCase());
    if (closed.includes(item.state.toLowerCase())) return [];
    const environments = unique(
      deployments.filter((deployment) => deployment.reachedAt).map((d) => d.environment),
    );
    if (environments.length === 0) {
      return deploymentsUnread(graph)
        ? [
            notAvailableFinding(
              `Could not tell whether open work item ${workItemId} was deployed: its deployments could not all be read`,
              { workItemId, state: item.state },
              scope,
            ),
          ]
        : [];
    }
    // One run or release deployed it everywhere: name it, as an evidence pack does.
    const runs = unique(deployments.map((deployment) => deployment.runId));
    const releases = unique(deployments.map((deployment) => deployment.releaseId));
    return [
      gapFinding(
        `Work item ${item.id} is still ${item.state} but was deployed to ${environments.join(", ")}`,
        {
          workItemId: item.id,
          state: item.state,
          environments,
          ...(runs.length === 1 && releases.length === 0 ? { runId: runs[0] } : {}),
          ...(releases.length === 1 && runs.length === 0 ? { releaseId: releases[0] } : {}),
        },
        { ...scope, environment: environments },
      ),
    ];
  },
};
