import { PolicyTypeIds } from "../../../model";
import type { BranchRule } from "../../types";
import { flag, ids, missingPolicy, ofType } from "../helpers";

export const noSelfApprovalRule: BranchRule = {
  kind: "branch",
  metadata: {
    id: "branch.no-self-approval",
    title: "The author's own vote does not count",
    severity: "high",
    rationale: "If the creator's vote counts, one person can approve their own change.",
    remediation:
      'Branch policies → Require a minimum number of reviewers: clear "Allow requestors to approve their own changes".',
  },
  defaults: {},
  paramSchema: {},
  checkParams: () => [],
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.minimumReviewers);
    if (policies.length === 0) {
      return missingPolicy(input, PolicyTypeIds.minimumReviewers, "Minimum number of reviewers");
    }
    const strict = policies.filter((policy) => !flag(policy, "creatorVoteCounts"));
    return strict.length > 0
      ? {
          outcome: "pass",
          message: `Policy ${strict[0].id} does not count the creator's vote.`,
          policyIds: ids(strict),
        }
      : {
          outcome: "fail",
          message: `Every applicable reviewer policy (${ids(policies).join(", ")}) counts the creator's vote (creatorVoteCounts = true).`,
          policyIds: ids(policies),
        };
  },
};
