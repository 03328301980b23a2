import { BaselineError, validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { defaultBaseline } from "../../../src/core/compliance/baseline/default";

function problemsOf(document: unknown): string[] {
  try {
    validateBaseline(document, "compliance/baseline.yml");
  } catch (error) {
    if (error instanceof BaselineError)
      return error.problems.map((p) => `${p.path}: ${p.expected}`);
    throw error;
  }
  return [];
}

describe("baseline validation", () => {
  it("accepts the built-in baseline with defaults filled in", () => {
    const baseline = defaultBaseline();
    expect(baseline.rules.get("branch.min-reviewers")?.params.minimumApprovers).toBe(2);
    expect(baseline.branches).toEqual(["default"]);
  });

  it.each([
    ["a non-object", "just text", "(root)"],
    ["no rules", { branches: ["default"] }, "rules"],
    ["an unknown rule", { rules: { "branch.nope": {} } }, "rules.branch.nope"],
    [
      "a wrong parameter type",
      { rules: { "branch.min-reviewers": { minimumApprovers: "two" } } },
      "rules.branch.min-reviewers.minimumApprovers",
    ],
    [
      "an unknown parameter",
      { rules: { "branch.min-reviewers": { approvers: 2 } } },
      "rules.branch.min-reviewers.approvers",
    ],
    [
      "a bad severity",
      { rules: { "branch.build-validation": { severity: "urgent" } } },
      "rules.branch.build-validation.severity",
    ],
    [
      "a bad branch",
      { branches: ["main"], rules: { "branch.build-validation": {} } },
      "branches[0]",
    ],
    [
      "a bad merge strategy",
      { rules: { "branch.merge-strategy": { allowed: ["fast"] } } },
      "rules.branch.merge-strategy.allowed[0]",
    ],
    [
      "an exception without expiry",
      {
        rules: { "branch.build-validation": {} },
        exceptions: [
          { rule: "branch.build-validation", repository: "web", justification: "legacy" },
        ],
      },
      "exceptions[0].expires",
    ],
    ["an unknown top-level key", { rules: { "branch.build-validation": {} }, rule: {} }, "rule"],
    [
      "an unknown parameter of an additional rule",
      { rules: { "environment.approval-required": { approvers: 2 } } },
      "rules.environment.approval-required.approvers",
    ],
    [
      "an environment exception without a target",
      {
        rules: { "environment.approval-required": {} },
        exceptions: [
          {
            rule: "environment.approval-required",
            repository: "web",
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      "exceptions[0].target",
    ],
    [
      "an environment exception with a branch",
      {
        rules: { "environment.approval-required": {} },
        exceptions: [
          {
            rule: "environment.approval-required",
            target: "prod",
            branch: "refs/heads/main",
            justification: "x",
            expires: "2027-01-01",
          },
        ],
      },
      "exceptions[0].branch",
    ],
  ])("rejects %s, naming the field", (_name, document, path) => {
    const problems = problemsOf(document);
    expect(problems.some((problem) => problem.startsWith(`${path}:`))).toBe(true);
  });

  it("fills in the additional rules' defaults", () => {
    const baseline = validateBaseline(
      { rules: { "environment.branch-control": {}, "repository.file-size-limit": null } },
      "x.yml",
    );
    // No pattern of its own: the rule follows the production pattern in force.
    expect(baseline.rules.get("environment.branch-control")?.params).toEqual({});
    expect(baseline.rules.get("repository.file-size-limit")?.params).toEqual({});
  });

  it("names the file in the error message", () => {
    expect(() => validateBaseline({}, "compliance/baseline.yml")).toThrow(
      /compliance\/baseline\.yml/,
    );
  });

  it("reports every problem at once", () => {
    expect(problemsOf({ branches: [], rules: { x: 1 } }).length).toBeGreaterThanOrEqual(2);
  });
});
