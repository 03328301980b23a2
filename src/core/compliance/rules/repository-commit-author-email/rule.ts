import { PolicyTypeIds, type PolicyConfiguration } from "../../../model";
import type { RepositoryRule } from "../../types";
import { ids, missingRepositoryPolicy, ofType } from "../helpers";

function patternsOf(policy: PolicyConfiguration): string[] {
  const value = policy.settings.authorEmailPatterns;
  return Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === "string" && entry.trim() !== "")
    : [];
}

export const commitAuthorEmailRule: RepositoryRule = {
  kind: "repository",
  metadata: {
    id: "repository.commit-author-email",
    title: "Commit authors use approved e-mail addresses",
    severity: "medium",
    rationale:
      "Commits authored under private or unknown addresses cannot be attributed to an accountable person.",
    remediation:
      "Repository settings → Policies → Commit author email validation: enable it with the organization's address patterns (e.g. *@fabrikam.com).",
  },
  paramSchema: {},
  defaults: {},
  checkParams: () => [],
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.commitAuthorEmail);
    if (policies.length === 0) {
      return missingRepositoryPolicy(
        input,
        [PolicyTypeIds.commitAuthorEmail],
        "Commit author email validation",
      );
    }
    const withPatterns = policies.filter((policy) => patternsOf(policy).length > 0);
    if (withPatterns.length === 0) {
      return {
        outcome: "fail",
        message: `Commit author email policies ${ids(policies).join(", ")} list no authorEmailPatterns, so they check nothing.`,
        policyIds: ids(policies),
      };
    }
    return {
      outcome: "pass",
      message: `Author e-mails must match ${patternsOf(withPatterns[0]).join(", ")} (policy ${withPatterns[0].id}).`,
      policyIds: ids(withPatterns),
    };
  },
};
