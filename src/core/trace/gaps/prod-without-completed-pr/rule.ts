import { pullRequestsOfWorkItem } from "../../graph";
import {
  deploymentsUnread,
  gapFinding,
  notAvailableFinding,
  scopeOfDeployment,
  unreadPullRequests,
} from "../findings";
import type { WorkItemGapRule } from "../types";
import { prodWithoutCompletedPrDefinition } from "./def";

export const prodWithoutCompletedPrRule: WorkItemGapRule = {
  ...prodWithoutCompletedPrDefinition,
  evaluate({ graph, workItemId, deployments, isProduction }) {
    const prod = deployments.find(
      (deployment) => deployment.reachedAt && isProduction(deployment.environment),
    );
    const scope = { workItem: workItemId };
    if (!prod) {
      // Not seen in production is "no gap" only when every deployment could be read.
      return deploymentsUnread(graph)
        ? [
            notAvailableFinding(
              `Could not tell whether work item ${workItemId} reached production: its deployments could not all be read`,
              { workItemId },
              scope,
            ),
          ]
        : [];
    }
    if (!graph.workItems.has(workItemId))
      return [
        notAvailableFinding(
          `Could not check work item ${workItemId}, deployed to ${prod.environment}: it could not be read`,
          { workItemId, environment: prod.environment },
          { ...scope, ...scopeOfDeployment(prod) },
        ),
      ];
    const prs = pullRequestsOfWorkItem(graph, workItemId);
    if (prs.some((pr) => pr.status === "completed")) return [];
    const evidence = {
      workItemId,
      environment: prod.environment,
      runId: prod.runId,
      releaseId: prod.releaseId,
      pullRequests: prs.map((pr) => ({ id: pr.id, status: pr.status })),
    };
    const where = { ...scope, ...scopeOfDeployment(prod) };
    const unread = unreadPullRequests(graph, workItemId);
    if (unread.length > 0) {
      return [
        notAvailableFinding(
          `Work item ${workItemId} reached ${prod.environment}; its linked pull request(s) ${unread.join(", ")} could not be read`,
          { ...evidence, unreadPullRequests: unread },
          where,
        ),
      ];
    }
    return [
      gapFinding(
        `Work item ${workItemId} reached ${prod.environment} with no completed pull request linked`,
        evidence,
        where,
      ),
    ];
  },
};
