import { PolicyTypeIds } from "../../../model";
import type { BranchRule } from "../../types";
import { ids, missingPolicy, ofType } from "../helpers";

export const commentResolutionRule: BranchRule = {
  kind: "branch",
  metadata: {
    id: "branch.comment-resolution",
    title: "Review comments must be resolved",
    severity: "low",
    rationale: "Open review threads at merge time mean raised concerns were never answered.",
    remediation: 'Branch policies → Check for comment resolution: set it to "Required".',
  },
  defaults: {},
  paramSchema: {},
  checkParams: () => [],
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.commentRequirements);
    if (policies.length === 0) {
      return missingPolicy(input, PolicyTypeIds.commentRequirements, "Comment requirements");
    }
    return {
      outcome: "pass",
      message: `Required by policy ${policies[0].id}.`,
      policyIds: ids(policies),
    };
  },
};
