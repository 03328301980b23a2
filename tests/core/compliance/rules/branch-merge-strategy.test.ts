import { PolicyTypeIds } from "../../../../src/core/model";
import { policy } from "../builders";
import { runBranchRule as run } from "./run";

describe("branch.merge-strategy", () => {
  const strategy = (settings: Record<string, unknown>) =>
    policy(PolicyTypeIds.mergeStrategy, settings);
  it("passes with any enforced policy when no list is given", () => {
    expect(run("branch.merge-strategy", [strategy({ allowSquash: true })]).outcome).toBe("pass");
  });
  it("fails when a strategy outside the allowed list is usable", () => {
    const finding = run(
      "branch.merge-strategy",
      [strategy({ allowSquash: true, allowRebase: true })],
      {
        allowed: ["squash"],
      },
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.message).toContain("rebase");
  });
  it("a strategy is usable only if every enforced policy allows it", () => {
    const policies = [
      strategy({ allowSquash: true, allowRebase: true }),
      strategy({ allowSquash: true }),
    ];
    expect(run("branch.merge-strategy", policies, { allowed: ["squash"] }).outcome).toBe("pass");
  });
  it("reads the legacy useSquashMerge flag", () => {
    expect(
      run("branch.merge-strategy", [strategy({ useSquashMerge: true })], { allowed: ["squash"] })
        .outcome,
    ).toBe("pass");
  });
});
