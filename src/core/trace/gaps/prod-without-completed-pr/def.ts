/** What the gap is and what a baseline may set for it; read without the graph (for validation). */
import type { WorkItemGapDefinition } from "../types";

export const prodWithoutCompletedPrDefinition: WorkItemGapDefinition = {
  scope: "work-item",
  metadata: {
    id: "trace.prod-without-completed-pr",
    kind: "prod-without-completed-pr",
    title: "In production without a completed pull request",
    severity: "high",
    rationale:
      "A change that reached production without a completed pull request was never reviewed through the branch policies.",
    remediation:
      "Link the pull request that merged the change to the work item, or merge changes only through pull requests into the deployed branch.",
  },
  paramSchema: {},
  defaults: {},
  checkParams: () => [],
};
