import { PolicyTypeIds } from "../../../model";
import type { RepositoryRule } from "../../types";
import { ids, missingRepositoryPolicy, ofType } from "../helpers";

/** The service lists secrets scanning under two type ids; either one enforces it. */
const secretsTypeIds = [PolicyTypeIds.secretsScanning, PolicyTypeIds.secretsScanningAlt];

export const secretsScanningRule: RepositoryRule = {
  kind: "repository",
  metadata: {
    id: "repository.secrets-scanning",
    title: "Pushes containing secrets are rejected",
    severity: "high",
    rationale:
      "A credential that reaches a repository is exposed to everyone who can clone it, and stays in its history.",
    remediation:
      "Repository settings → Policies → Secrets scanning (push protection): enable it for the repository or for all repositories.",
  },
  paramSchema: {},
  defaults: {},
  checkParams: () => [],
  evaluate(input) {
    const policies = secretsTypeIds.flatMap((typeId) => ofType(input.enforced, typeId));
    if (policies.length === 0) {
      return missingRepositoryPolicy(input, secretsTypeIds, "Secrets scanning restriction");
    }
    return {
      outcome: "pass",
      message: `Secrets scanning enforced by policy ${policies[0].id}.`,
      policyIds: ids(policies),
    };
  },
};
