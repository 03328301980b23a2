import { complianceRules } from "../../../../src/core/compliance/rules";
import { approvalCheck, branchControlCheck } from "../builders";
import { runEnvironmentRule as run } from "./run";

const RULE = "environment.approval-required";

describe(RULE, () => {
  it("passes with an enabled approval check that has approvers", () => {
    const approval = approvalCheck(4, 2, 1);
    expect(run(RULE, [approval])).toMatchObject({ outcome: "pass", policyIds: [approval.id] });
  });

  it("fails with no approval check, ignoring other checks", () => {
    expect(run(RULE, [branchControlCheck(4, "refs/heads/main")]).outcome).toBe("fail");
    expect(run(RULE, []).outcome).toBe("fail");
  });

  it("fails when the only approval check is disabled, naming it", () => {
    const disabled = approvalCheck(4, 2, 1, { isDisabled: true });
    const finding = run(RULE, [disabled]);
    expect(finding).toMatchObject({ outcome: "fail", policyIds: [disabled.id] });
    expect(finding.message).toContain(`check ${disabled.id} (disabled)`);
  });

  it("fails when the approval check names no approver", () => {
    expect(run(RULE, [approvalCheck(4, 0, 1)]).outcome).toBe("fail");
  });

  it.each([
    ["minRequiredApprovers 0 means all approvers", approvalCheck(4, 3, 0), "pass"],
    ["the count it requires", approvalCheck(4, 3, 2), "pass"],
    ["fewer than asked", approvalCheck(4, 3, 1), "fail"],
    ["never more than its approvers", approvalCheck(4, 1, 5), "fail"],
  ])("minApprovers 2: %s", (_name, approval, outcome) => {
    expect(run(RULE, [approval], { minApprovers: 2 }).outcome).toBe(outcome);
  });

  it("the strictest enabled approval check decides", () => {
    const weak = approvalCheck(4, 2, 1);
    const strong = approvalCheck(4, 2, 0);
    const finding = run(RULE, [weak, strong], { minApprovers: 2 });
    expect(finding.outcome).toBe("pass");
    expect(finding.message).toContain(`Check ${strong.id}`);
  });

  it("validates its parameters", () => {
    const rule = complianceRules.get(RULE);
    expect(rule?.checkParams({ pattern: "", minApprovers: 0 }).map((p) => p.path)).toEqual([
      "pattern",
      "minApprovers",
    ]);
    // No pattern of its own by default: it follows the production pattern in force.
    expect(rule?.defaults).toEqual({});
  });
});
