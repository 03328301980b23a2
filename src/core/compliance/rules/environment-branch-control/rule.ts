import type { CheckConfiguration } from "../../../model";
import type { EnvironmentRule, ParamProblem } from "../../types";
import { describeDisabled, isBranchControlCheck } from "../checks";
import { globMatches, namePatternParam } from "../helpers";

/** Entries that let any branch through. */
const ANY_BRANCH = new Set(["*", "refs/heads/*"]);

/** `inputs.allowedBranches` is one comma-separated string (all inputs are strings). */
function allowedBranchesOf(check: CheckConfiguration): string[] {
  const inputs = check.settings.inputs;
  const value =
    typeof inputs === "object" && inputs !== null
      ? (inputs as Record<string, unknown>).allowedBranches
      : undefined;
  const entries = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  return entries
    .filter((entry): entry is string => typeof entry === "string")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** Why one check does not restrict deployments enough, or undefined when it does. */
function shortfall(branches: string[], wanted: string[] | undefined): string | undefined {
  const open = branches.filter((branch) => ANY_BRANCH.has(branch.toLowerCase()));
  if (open.length > 0) return `allows any branch (${open.join(", ")})`;
  if (wanted === undefined) return undefined;
  const outside = branches.filter(
    (branch) => !wanted.some((pattern) => globMatches(pattern, branch)),
  );
  return outside.length > 0
    ? `allows ${outside.join(", ")}, outside the baseline's ${wanted.join(", ")}`
    : undefined;
}

export const branchControlRule: EnvironmentRule = {
  kind: "environment",
  metadata: {
    id: "environment.branch-control",
    title: "Production environments accept deployments from protected branches only",
    severity: "medium",
    rationale:
      "Without branch control any branch, including an unreviewed feature branch, can be deployed to production.",
    remediation:
      'Pipelines → Environments → (environment) → Approvals and checks: add a "Branch control" check listing only the release branches (not * or refs/heads/*).',
  },
  paramSchema: {
    ...namePatternParam.schema,
    allowedBranches: {
      type: "array",
      minItems: 1,
      items: { type: "string", pattern: "^refs/" },
      description:
        "Ref patterns the check may allow; every branch the check allows must match one of them.",
    },
  },
  defaults: { ...namePatternParam.defaults },
  checkParams(params) {
    const problems: ParamProblem[] = namePatternParam.check(params);
    const wanted = params.allowedBranches;
    if (wanted === undefined) return problems;
    if (!Array.isArray(wanted) || wanted.length === 0) {
      return [
        ...problems,
        { path: "allowedBranches", expected: "a non-empty list of refs such as refs/heads/main" },
      ];
    }
    wanted.forEach((entry, index) => {
      if (typeof entry !== "string" || !entry.startsWith("refs/")) {
        problems.push({
          path: `allowedBranches[${index}]`,
          expected: "a full ref pattern such as refs/heads/release/*",
        });
      }
    });
    return problems;
  },
  evaluate(input) {
    const checks = input.checks.filter(isBranchControlCheck);
    const enabled = checks.filter((check) => !check.isDisabled);
    const disabled = checks.filter((check) => check.isDisabled);
    const name = input.environment.name;
    if (enabled.length === 0) {
      return {
        outcome: "fail",
        message: `No enabled branch control check on environment ${name}.${describeDisabled(disabled)}`,
        policyIds: checks.map((check) => check.id),
      };
    }
    const wanted = input.params.allowedBranches as string[] | undefined;
    const verdicts = enabled.map((check) => {
      const branches = allowedBranchesOf(check);
      return { check, branches, problem: shortfall(branches, wanted) };
    });
    // Every enabled check must pass, so one restrictive check is enough to restrict deployments.
    const restrictive = verdicts.find((verdict) => verdict.problem === undefined);
    const checkIds = enabled.map((check) => check.id);
    if (restrictive) {
      return {
        outcome: "pass",
        message: `Check ${restrictive.check.id} allows only ${restrictive.branches.join(", ") || "no branch"}.`,
        policyIds: checkIds,
      };
    }
    return {
      outcome: "fail",
      message: `${verdicts.map((verdict) => `Check ${verdict.check.id} ${verdict.problem}`).join("; ")}.`,
      policyIds: checkIds,
    };
  },
};
