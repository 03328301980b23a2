import { PolicyTypeIds } from "../../../model";
import type { BranchRule } from "../../types";
import { ids, missingPolicy, numberSetting, ofType, positiveInteger } from "../helpers";

export const minReviewersRule: BranchRule = {
  kind: "branch",
  metadata: {
    id: "branch.min-reviewers",
    title: "Pull requests need a minimum number of approvals",
    severity: "high",
    rationale:
      "A second pair of eyes on every change to a protected branch is the core separation-of-duties control.",
    remediation:
      "Branch policies → Require a minimum number of reviewers: enable it as required, with at least the baseline's count.",
  },
  paramSchema: { minimumApprovers: { type: "integer", minimum: 1, default: 2 } },
  defaults: { minimumApprovers: 2 },
  checkParams: (params) => positiveInteger(params, "minimumApprovers"),
  evaluate(input) {
    const required = input.params.minimumApprovers as number;
    const policies = ofType(input.enforced, PolicyTypeIds.minimumReviewers);
    if (policies.length === 0) {
      return missingPolicy(input, PolicyTypeIds.minimumReviewers, "Minimum number of reviewers");
    }
    // Each applicable policy is enforced, so the strongest one decides.
    const strongest = Math.max(
      ...policies.map((p) => numberSetting(p, "minimumApproverCount") ?? 0),
    );
    const outcome = strongest >= required ? "pass" : "fail";
    return {
      outcome,
      message:
        outcome === "pass"
          ? `Requires ${strongest} approver(s); baseline asks for ${required}.`
          : `Requires only ${strongest} approver(s) (policies ${ids(policies).join(", ")}); baseline asks for ${required}.`,
      policyIds: ids(policies),
    };
  },
};
