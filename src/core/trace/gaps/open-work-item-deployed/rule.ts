import type { NotAvailable } from "../../../sources/notAvailable";
import { gapFinding, notAvailableFinding, reachUnreadReason } from "../findings";
import type { WorkItemGapRule } from "../types";
import { openWorkItemDeployedDefinition } from "./def";

function unique<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== undefined))];
}

export const openWorkItemDeployedRule: WorkItemGapRule = {
  ...openWorkItemDeployedDefinition,
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
    const unread = reachUnreadReason(graph);
    if (environments.length === 0) {
      return unread
        ? [
            notAvailableFinding(
              `Could not tell whether open work item ${workItemId} was deployed: its deployments could not all be read`,
              { workItemId, state: item.state },
              scope,
            ),
          ]
        : [];
    }
    // One run or release deployed it everywhere: name it, as an evidence pack does. Not when a
    // deployment read failed: an unread deployment may have taken it further, so "one run" is a guess.
    const runs = unique(deployments.map((deployment) => deployment.runId));
    const releases = unique(deployments.map((deployment) => deployment.releaseId));
    const single =
      unread !== undefined
        ? {}
        : runs.length === 1 && releases.length === 0
          ? { runId: runs[0] }
          : releases.length === 1 && runs.length === 0
            ? { releaseId: releases[0] }
            : {};
    // Still a gap, but a deployment not read may have taken it further: say which fields may be thin.
    const unknown: NotAvailable[] = unread
      ? [
          {
            ...unread,
            what: `work item ${item.id}`,
            fields: ["environments"],
          },
        ]
      : [];
    return [
      gapFinding(
        `Work item ${item.id} is still ${item.state} but was deployed to ${environments.join(", ")}`,
        {
          workItemId: item.id,
          state: item.state,
          environments,
          ...single,
          ...(unknown.length > 0 ? { unknown } : {}),
        },
        { ...scope, environment: environments },
      ),
    ];
  },
};
