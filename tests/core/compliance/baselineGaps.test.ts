import { BaselineError, validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { baselineJsonSchema } from "../../../src/core/compliance/baseline/schema";
import { defaultBaseline } from "../../../src/core/compliance/baseline/default";

const rules = { "branch.no-self-approval": {} };

function problemsOf(document: Record<string, unknown>): string[] {
  try {
    validateBaseline({ rules, ...document }, "baseline.yml");
  } catch (error) {
    if (error instanceof BaselineError) return error.problems.map((p) => p.path);
    throw error;
  }
  return [];
}

const exception = (fields: Record<string, unknown>) => ({
  justification: "Known",
  expires: "2027-01-31",
  ...fields,
});

describe("the gaps section of a baseline", () => {
  it("switches gap rules off, sets their severity and parameters", () => {
    const baseline = validateBaseline(
      {
        rules,
        gaps: {
          "trace.commit-without-work-item": false,
          "trace.prod-without-approval": { severity: "medium" },
          "trace.open-work-item-deployed": { closedStates: ["Shipped"] },
          "trace.pr-policy-bypass": null,
        },
      },
      "baseline.yml",
    );
    expect(baseline.gaps?.get("trace.commit-without-work-item")?.enabled).toBe(false);
    expect(baseline.gaps?.get("trace.prod-without-approval")).toMatchObject({
      enabled: true,
      severity: "medium",
    });
    expect(baseline.gaps?.get("trace.open-work-item-deployed")?.params.closedStates).toEqual([
      "Shipped",
    ]);
    expect(baseline.gaps?.get("trace.pr-policy-bypass")?.enabled).toBe(true);
  });

  it.each([
    ["an unknown gap rule", { gaps: { "trace.nope": {} } }, "gaps.trace.nope"],
    ["not a map", { gaps: ["trace.pr-policy-bypass"] }, "gaps"],
    [
      "a bad severity",
      { gaps: { "trace.pr-policy-bypass": { severity: "urgent" } } },
      "gaps.trace.pr-policy-bypass.severity",
    ],
    [
      "a bad enabled",
      { gaps: { "trace.pr-policy-bypass": { enabled: "no" } } },
      "gaps.trace.pr-policy-bypass.enabled",
    ],
    [
      "an unknown parameter",
      { gaps: { "trace.pr-policy-bypass": { limit: 2 } } },
      "gaps.trace.pr-policy-bypass.limit",
    ],
    [
      "a bad parameter",
      { gaps: { "trace.open-work-item-deployed": { closedStates: "Done" } } },
      "gaps.trace.open-work-item-deployed.closedStates",
    ],
    [
      "a gap exception with no scope",
      { exceptions: [exception({ rule: "trace.pr-policy-bypass" })] },
      "exceptions[0]",
    ],
    [
      "a gap exception with a branch",
      {
        exceptions: [
          exception({ rule: "trace.pr-policy-bypass", pullRequest: 4, branch: "refs/heads/main" }),
        ],
      },
      "exceptions[0].branch",
    ],
    [
      "a gap exception with a bad work item id",
      { exceptions: [exception({ rule: "trace.open-work-item-deployed", workItem: "12" })] },
      "exceptions[0].workItem",
    ],
    [
      "a gap exception for a rule switched off",
      {
        gaps: { "trace.pr-policy-bypass": false },
        exceptions: [exception({ rule: "trace.pr-policy-bypass", pullRequest: 4 })],
      },
      "exceptions[0].rule",
    ],
    [
      "a gap exception with no expiry",
      { exceptions: [{ rule: "trace.pr-policy-bypass", pullRequest: 4, justification: "x" }] },
      "exceptions[0].expires",
    ],
    [
      "an exception for an unknown rule",
      { exceptions: [exception({ rule: "trace.nope", repository: "web" })] },
      "exceptions[0].rule",
    ],
    [
      "a gap selector on a compliance rule",
      {
        exceptions: [
          exception({ rule: "branch.no-self-approval", repository: "web", workItem: 3 }),
        ],
      },
      "exceptions[0].workItem",
    ],
  ])("rejects %s with its path", (_name, document, path) => {
    expect(problemsOf(document)).toContain(path);
  });

  it("accepts gap exceptions with their selectors", () => {
    expect(
      problemsOf({
        exceptions: [
          exception({ rule: "trace.pr-policy-bypass", pullRequest: 4, repository: "web" }),
          exception({ rule: "trace.prod-without-approval", target: "prod", pipeline: "web-ci-cd" }),
          exception({ rule: "trace.open-work-item-deployed", workItem: 12 }),
        ],
      }),
    ).toEqual([]);
  });

  it("is in the default baseline and the published schema", () => {
    const baseline = defaultBaseline();
    expect([...(baseline.gaps?.keys() ?? [])]).toEqual([
      "trace.prod-without-completed-pr",
      "trace.pr-policy-bypass",
      "trace.commit-without-work-item",
      "trace.prod-without-approval",
      "trace.open-work-item-deployed",
    ]);
    const schema = baselineJsonSchema() as {
      properties: { gaps: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.properties.gaps.properties)).toContain("trace.pr-policy-bypass");
  });
});
