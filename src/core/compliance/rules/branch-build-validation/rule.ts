import { PolicyTypeIds } from "../../../model";
import type { BranchRule } from "../../types";
import { ids, missingPolicy, ofType } from "../helpers";

export const buildValidationRule: BranchRule = {
  kind: "branch",
  metadata: {
    id: "branch.build-validation",
    title: "Pull requests must pass a build",
    severity: "high",
    rationale: "A required build proves the merged result compiles and passes its tests.",
    remediation: "Branch policies → Build validation: add the CI pipeline as a required policy.",
  },
  defaults: {},
  paramSchema: {},
  checkParams: () => [],
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.build);
    if (policies.length === 0) return missingPolicy(input, PolicyTypeIds.build, "Build");
    return {
      outcome: "pass",
      message: `Required build validation: ${policies
        .map((p) => `policy ${p.id} (definition ${String(p.settings.buildDefinitionId ?? "?")})`)
        .join(", ")}.`,
      policyIds: ids(policies),
    };
  },
};
