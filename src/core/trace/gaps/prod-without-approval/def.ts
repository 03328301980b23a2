/** What the gap is and what a baseline may set for it; read without the graph (for validation). */
import type { DeploymentGapDefinition } from "../types";

export const prodWithoutApprovalDefinition: DeploymentGapDefinition = {
  scope: "deployment",
  metadata: {
    id: "trace.prod-without-approval",
    kind: "prod-without-approval",
    title: "Production deployment without approval",
    severity: "high",
    rationale:
      "A production deployment nobody approved may ship changes the release owners never agreed to.",
    remediation:
      "Add an Approvals check to the production environment (YAML) or a manual pre-deployment approval to the production stage (Classic).",
  },
  paramSchema: {},
  defaults: {},
  checkParams: () => [],
};
