import { PolicyTypeIds, type PolicyConfiguration } from "../../../model";
import type { RepositoryRule } from "../../types";
import { ids, missingRepositoryPolicy, ofType, positiveInteger } from "../helpers";

/** The policy's limit; older policies spell the setting with a capital M. */
function limitOf(policy: PolicyConfiguration): number | undefined {
  for (const name of ["maximumGitBlobSizeInBytes", "MaximumGitBlobSizeInBytes"]) {
    const value = policy.settings[name];
    if (typeof value === "number" && value > 0) return value;
  }
  return undefined;
}

function size(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${mebibytes} MB (${bytes} bytes)` : `${bytes} bytes`;
}

export const fileSizeLimitRule: RepositoryRule = {
  kind: "repository",
  metadata: {
    id: "repository.file-size-limit",
    title: "Pushes of large files are rejected",
    severity: "low",
    rationale:
      "Large binaries bloat every clone for good and are a common way build outputs or data dumps leak into source control.",
    remediation:
      "Repository settings → Policies → Maximum file size: enable it for the repository (or all repositories) at or below the baseline's limit.",
  },
  paramSchema: {
    maxBytes: {
      type: "integer",
      minimum: 1,
      description: "Largest limit allowed, in bytes; without it any enforced limit passes.",
    },
  },
  defaults: {},
  checkParams: (params) => positiveInteger(params, "maxBytes"),
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.fileSizeRestriction);
    if (policies.length === 0) {
      return missingRepositoryPolicy(
        input,
        [PolicyTypeIds.fileSizeRestriction],
        "File size restriction",
      );
    }
    const limits = policies.flatMap((policy) => {
      const limit = limitOf(policy);
      return limit === undefined ? [] : [{ policy, limit }];
    });
    if (limits.length === 0) {
      return {
        outcome: "fail",
        message: `File size policies ${ids(policies).join(", ")} set no maximumGitBlobSizeInBytes.`,
        policyIds: ids(policies),
      };
    }
    // Every enforced limit applies to a push, so the smallest decides.
    const strongest = limits.reduce((best, entry) => (entry.limit < best.limit ? entry : best));
    const allowed = input.params.maxBytes as number | undefined;
    if (allowed !== undefined && strongest.limit > allowed) {
      return {
        outcome: "fail",
        message: `Pushes may carry files up to ${size(strongest.limit)} (policy ${strongest.policy.id}); baseline allows at most ${size(allowed)}.`,
        policyIds: ids(policies),
      };
    }
    return {
      outcome: "pass",
      message: `Files over ${size(strongest.limit)} are rejected (policy ${strongest.policy.id})${allowed !== undefined ? `; baseline allows at most ${size(allowed)}` : ""}.`,
      policyIds: ids(policies),
    };
  },
};
