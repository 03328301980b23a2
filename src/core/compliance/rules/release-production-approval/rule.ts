import type { ReleaseApprovalPolicy } from "../../../model";
import type { ReleaseStageRule } from "../../types";
import { namePatternParam, positiveInteger } from "../helpers";

/** Approvals a pre-deployment step needs: `requiredApproverCount` 0 means all approvers. */
function requiredApprovals(policy: ReleaseApprovalPolicy): number {
  if (!policy.hasApprovers) return 0;
  const count = policy.requiredApproverCount;
  return count > 0 ? Math.min(count, policy.approvers.length) : policy.approvers.length;
}

export const productionApprovalRule: ReleaseStageRule = {
  kind: "release-stage",
  metadata: {
    id: "release.production-approval",
    title: "Classic production stages need a manual pre-deployment approval",
    severity: "high",
    rationale:
      "An automated pre-deployment step lets every release reach production without anyone agreeing.",
    remediation:
      "Releases → (definition) → Edit → (stage) → Pre-deployment conditions: turn on Pre-deployment approvals and name the approvers.",
  },
  paramSchema: {
    ...namePatternParam.schema,
    minApprovers: {
      type: "integer",
      minimum: 1,
      description: "Approvals the pre-deployment step must require (0 in the stage = all).",
    },
  },
  defaults: { ...namePatternParam.defaults },
  checkParams: (params) => [
    ...namePatternParam.check(params),
    ...positiveInteger(params, "minApprovers"),
  ],
  evaluate(input) {
    const required = requiredApprovals(input.stage.preApproval);
    const where = `Stage ${input.stage.name} of ${input.definition.name}`;
    if (required === 0) {
      return {
        outcome: "fail",
        message: `${where} deploys without a pre-deployment approval (automated).`,
        policyIds: [],
      };
    }
    const wanted = input.params.minApprovers as number | undefined;
    const approvers = input.stage.preApproval.approvers.map((approver) => approver.displayName);
    if (wanted !== undefined && required < wanted) {
      return {
        outcome: "fail",
        message: `${where} requires only ${required} pre-deployment approval(s) (${approvers.join(", ")}); baseline asks for ${wanted}.`,
        policyIds: [],
      };
    }
    return {
      outcome: "pass",
      message: `${where} requires ${required} pre-deployment approval(s) from ${approvers.join(", ")}.`,
      policyIds: [],
    };
  },
};
