import { PolicyTypeIds } from "../../../model";
import type { BranchRule } from "../../types";
import { ids, missingPolicy, ofType } from "../helpers";

export const workItemLinkingRule: BranchRule = {
  kind: "branch",
  metadata: {
    id: "branch.work-item-linking",
    title: "Pull requests must link a work item",
    severity: "medium",
    rationale: "Linked work items are what make a change traceable from request to release.",
    remediation: 'Branch policies → Check for linked work items: set it to "Required".',
  },
  defaults: {},
  paramSchema: {},
  checkParams: () => [],
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.workItemLinking);
    if (policies.length === 0) {
      return missingPolicy(input, PolicyTypeIds.workItemLinking, "Work item linking");
    }
    return {
      outcome: "pass",
      message: `Required by policy ${policies[0].id}.`,
      policyIds: ids(policies),
    };
  },
};
