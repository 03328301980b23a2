import type { CheckConfiguration } from "../../../model";
import type { EnvironmentRule } from "../../types";
import { describeDisabled, isApprovalCheck } from "../checks";
import { namePatternParam, positiveInteger } from "../helpers";

/** How many approvals a check needs: `minRequiredApprovers` 0 (or missing) means all approvers. */
function requiredApprovals(check: CheckConfiguration): number {
  const approvers = Array.isArray(check.settings.approvers) ? check.settings.approvers.length : 0;
  const minimum = check.settings.minRequiredApprovers;
  if (typeof minimum !== "number" || minimum <= 0) return approvers;
  return Math.min(minimum, approvers);
}

export const approvalRequiredRule: EnvironmentRule = {
  kind: "environment",
  metadata: {
    id: "environment.approval-required",
    title: "Deployments to production environments need an approval",
    severity: "high",
    rationale:
      "An approval on the environment means no pipeline can deploy to production without a person agreeing, whatever its YAML says.",
    remediation:
      "Pipelines → Environments → (environment) → Approvals and checks: add an Approvals check with the required approvers.",
  },
  paramSchema: {
    ...namePatternParam.schema,
    minApprovers: {
      type: "integer",
      minimum: 1,
      description: "Approvals the strongest approval check must require (0 in the check = all).",
    },
  },
  defaults: { ...namePatternParam.defaults },
  checkParams: (params) => [
    ...namePatternParam.check(params),
    ...positiveInteger(params, "minApprovers"),
  ],
  evaluate(input) {
    const approvals = input.checks.filter(isApprovalCheck);
    const enabled = approvals.filter((check) => !check.isDisabled && requiredApprovals(check) > 0);
    const disabled = approvals.filter((check) => check.isDisabled);
    const name = input.environment.name;
    if (enabled.length === 0) {
      return {
        outcome: "fail",
        message: `No enabled approval check with approvers on environment ${name}.${describeDisabled(disabled)}`,
        policyIds: approvals.map((check) => check.id),
      };
    }
    // Every enabled approval must be granted, so the strictest one decides.
    const strongest = enabled.reduce((best, check) =>
      requiredApprovals(check) > requiredApprovals(best) ? check : best,
    );
    const required = requiredApprovals(strongest);
    const wanted = input.params.minApprovers as number | undefined;
    const checkIds = enabled.map((check) => check.id);
    if (wanted !== undefined && required < wanted) {
      return {
        outcome: "fail",
        message: `Check ${strongest.id} requires only ${required} approval(s); baseline asks for ${wanted}.`,
        policyIds: checkIds,
      };
    }
    return {
      outcome: "pass",
      message: `Check ${strongest.id} requires ${required} approval(s)${wanted !== undefined ? `; baseline asks for ${wanted}` : ""}.`,
      policyIds: checkIds,
    };
  },
};
