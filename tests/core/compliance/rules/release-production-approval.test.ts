import { complianceRules } from "../../../../src/core/compliance/rules";
import { definition, stage } from "../builders";
import { runStageRule as run } from "./run";

const RULE = "release.production-approval";

describe(RULE, () => {
  const web = (production: ReturnType<typeof stage>) =>
    definition(7, "web-release", [stage(1, "QA"), production]);

  it("passes with a manual pre-deployment approval, naming the approvers", () => {
    const production = stage(2, "Production", 1, 1);
    const finding = run(RULE, web(production), production);
    expect(finding.outcome).toBe("pass");
    expect(finding.message).toContain("Approver 0");
  });

  it("fails when the pre-deployment step is automated", () => {
    const production = stage(2, "Production");
    const finding = run(RULE, web(production), production);
    expect(finding.outcome).toBe("fail");
    expect(finding.message).toMatch(/without a pre-deployment approval/);
  });

  it.each([
    ["requiredApproverCount 0 means all approvers", 2, 0, "pass"],
    ["exactly the count asked", 3, 2, "pass"],
    ["fewer than asked", 3, 1, "fail"],
    ["never more than its approvers", 1, 4, "fail"],
  ])("minApprovers 2: %s", (_name, approvers, required, outcome) => {
    const production = stage(2, "Production", approvers, required);
    expect(run(RULE, web(production), production, { minApprovers: 2 }).outcome).toBe(outcome);
  });

  it("validates its parameters and follows the production pattern by default", () => {
    const rule = complianceRules.get(RULE);
    expect(rule?.defaults).toEqual({});
    expect(rule?.checkParams({ minApprovers: 1.5 })).toHaveLength(1);
  });
});
