import { PolicyTypeIds } from "../../../model";
import type { BranchRule } from "../../types";
import { flag, ids, missingPolicy, ofType } from "../helpers";

export const resetVotesOnPushRule: BranchRule = {
  kind: "branch",
  metadata: {
    id: "branch.reset-votes-on-push",
    title: "New pushes invalidate earlier approvals",
    severity: "medium",
    rationale:
      "Without a reset, code pushed after approval reaches the branch without anyone reviewing it.",
    remediation:
      'Branch policies → Require a minimum number of reviewers: choose "Reset all approval votes" or "Require at least one approval on the last iteration".',
  },
  defaults: {},
  paramSchema: {},
  checkParams: () => [],
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.minimumReviewers);
    if (policies.length === 0) {
      return missingPolicy(input, PolicyTypeIds.minimumReviewers, "Minimum number of reviewers");
    }
    const resetting = policies.filter(
      (policy) =>
        flag(policy, "resetOnSourcePush") ||
        flag(policy, "requireVoteOnLastIteration") ||
        flag(policy, "requireVoteOnEachIteration"),
    );
    return resetting.length > 0
      ? {
          outcome: "pass",
          message: `Policy ${resetting[0].id} resets or re-requires votes after a push.`,
          policyIds: ids(resetting),
        }
      : {
          outcome: "fail",
          message: `No reviewer policy (${ids(policies).join(", ")}) sets resetOnSourcePush or requireVoteOnLastIteration.`,
          policyIds: ids(policies),
        };
  },
};
