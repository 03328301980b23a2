import { PolicyTypeIds } from "../../../model";
import type { BranchRule, ParamProblem } from "../../types";
import { ids, missingPolicy, ofType } from "../helpers";

/** Baseline names → the policy setting that allows each strategy. */
const strategySettings: Record<string, string> = {
  noFastForward: "allowNoFastForward",
  squash: "allowSquash",
  rebase: "allowRebase",
  rebaseMerge: "allowRebaseMerge",
};

function allowedStrategies(settings: Record<string, unknown>): string[] {
  const allowed = Object.keys(strategySettings).filter(
    (name) => settings[strategySettings[name]] === true,
  );
  // Legacy policies only carry useSquashMerge.
  if (allowed.length === 0 && settings.useSquashMerge === true) return ["squash"];
  return allowed;
}

export const mergeStrategyRule: BranchRule = {
  kind: "branch",
  metadata: {
    id: "branch.merge-strategy",
    title: "Pull requests use an agreed merge strategy",
    severity: "low",
    rationale: "A consistent merge strategy keeps history auditable and reverts predictable.",
    remediation:
      "Branch policies → Limit merge types: allow only the strategies the baseline lists.",
  },
  paramSchema: {
    allowed: {
      type: "array",
      minItems: 1,
      items: { enum: Object.keys(strategySettings) },
    },
  },
  defaults: {},
  checkParams(params) {
    const allowed = params.allowed;
    if (allowed === undefined) return [];
    const problems: ParamProblem[] = [];
    if (!Array.isArray(allowed) || allowed.length === 0) {
      return [
        {
          path: "allowed",
          expected: `a non-empty list of ${Object.keys(strategySettings).join(", ")}`,
        },
      ];
    }
    allowed.forEach((value, index) => {
      // Own keys only: `in` would also accept inherited names such as "toString".
      if (typeof value !== "string" || !Object.keys(strategySettings).includes(value)) {
        problems.push({
          path: `allowed[${index}]`,
          expected: `one of ${Object.keys(strategySettings).join(", ")}`,
        });
      }
    });
    return problems;
  },
  evaluate(input) {
    const policies = ofType(input.enforced, PolicyTypeIds.mergeStrategy);
    if (policies.length === 0) {
      return missingPolicy(input, PolicyTypeIds.mergeStrategy, "Require a merge strategy");
    }
    const wanted = input.params.allowed as string[] | undefined;
    if (!wanted) {
      return {
        outcome: "pass",
        message: `Merge types limited by policy ${policies[0].id}.`,
        policyIds: ids(policies),
      };
    }
    // Every enforced policy must be satisfied, so a strategy is usable only if all allow it.
    const usable = Object.keys(strategySettings).filter((name) =>
      policies.every((policy) => allowedStrategies(policy.settings).includes(name)),
    );
    const extra = usable.filter((name) => !wanted.includes(name));
    return extra.length === 0
      ? {
          outcome: "pass",
          message: `Allowed strategies: ${usable.join(", ") || "none"}.`,
          policyIds: ids(policies),
        }
      : {
          outcome: "fail",
          message: `Also allows ${extra.join(", ")} (policies ${ids(policies).join(", ")}); baseline allows ${wanted.join(", ")}.`,
          policyIds: ids(policies),
        };
  },
};
