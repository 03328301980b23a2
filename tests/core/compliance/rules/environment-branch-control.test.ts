import { complianceRules } from "../../../../src/core/compliance/rules";
import { approvalCheck, branchControlCheck, check } from "../builders";
import { runEnvironmentRule as run } from "./run";

const RULE = "environment.branch-control";

describe(RULE, () => {
  it("passes with an enabled check listing specific branches", () => {
    const control = branchControlCheck(4, "refs/heads/main, refs/heads/release/*");
    const finding = run(RULE, [control]);
    expect(finding).toMatchObject({ outcome: "pass", policyIds: [control.id] });
    expect(finding.message).toContain("refs/heads/main, refs/heads/release/*");
  });

  it.each(["*", "refs/heads/*", "refs/heads/main,*", "REFS/HEADS/*"])(
    "fails when the check allows any branch (%s)",
    (allowed) => {
      const finding = run(RULE, [branchControlCheck(4, allowed)]);
      expect(finding.outcome).toBe("fail");
      expect(finding.message).toMatch(/allows any branch/);
    },
  );

  it("fails without a branch control check, ignoring other checks", () => {
    expect(run(RULE, [approvalCheck(4, 2, 1)]).outcome).toBe("fail");
  });

  it("fails when the only branch control check is disabled", () => {
    const disabled = branchControlCheck(4, "refs/heads/main", { isDisabled: true });
    const finding = run(RULE, [disabled]);
    expect(finding.outcome).toBe("fail");
    expect(finding.message).toContain(`check ${disabled.id} (disabled)`);
  });

  it("recognises the task by its definitionRef name when the kind is not set", () => {
    const byName = check(4, "other", {
      definitionRef: { id: "unknown", name: "evaluateBranchProtection" },
      inputs: { allowedBranches: "refs/heads/main" },
    });
    expect(run(RULE, [byName]).outcome).toBe("pass");
  });

  describe("with the baseline's allowedBranches", () => {
    const params = { allowedBranches: ["refs/heads/main", "refs/heads/release/*"] };
    it.each([
      ["refs/heads/main", "pass"],
      ["refs/heads/main,refs/heads/release/*", "pass"],
      ["refs/heads/release/2.0", "pass"],
      ["refs/heads/main,refs/heads/develop", "fail"],
    ])("a check allowing %s → %s", (allowed, outcome) => {
      expect(run(RULE, [branchControlCheck(4, allowed)], params).outcome).toBe(outcome);
    });

    it("names the branches outside the baseline", () => {
      const finding = run(RULE, [branchControlCheck(4, "refs/heads/develop")], params);
      expect(finding.message).toMatch(/allows refs\/heads\/develop, outside/);
    });
  });

  it("one restrictive check among several is enough (every check must pass)", () => {
    const open = branchControlCheck(4, "*");
    const strict = branchControlCheck(4, "refs/heads/main");
    expect(run(RULE, [open, strict])).toMatchObject({
      outcome: "pass",
      policyIds: [open.id, strict.id],
    });
  });

  it("validates allowedBranches", () => {
    const rule = complianceRules.get(RULE);
    expect(rule?.checkParams({ allowedBranches: ["main"] })).toEqual([
      { path: "allowedBranches[0]", expected: expect.any(String) },
    ]);
    expect(rule?.checkParams({ allowedBranches: [] })).toHaveLength(1);
  });
});
