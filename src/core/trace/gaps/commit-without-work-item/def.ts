/** What the gap is and what a baseline may set for it; read without the graph (for validation). */
import type { DeploymentGapDefinition } from "../types";

export const commitWithoutWorkItemDefinition: DeploymentGapDefinition = {
  scope: "deployment",
  metadata: {
    id: "trace.commit-without-work-item",
    kind: "commit-without-work-item",
    title: "Commit without a work item",
    severity: "medium",
    rationale:
      "A deployed commit that links to no work item cannot be traced to a requirement or a change request.",
    remediation:
      "Link the commit (or the pull request that merged it) to a work item; turn on the branch policy 'Check for linked work items'.",
  },
  paramSchema: {},
  defaults: {},
  checkParams: () => [],
};
