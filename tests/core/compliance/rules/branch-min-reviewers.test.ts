import { minReviewers } from "../builders";
import { runBranchRule as run } from "./run";

describe("branch.min-reviewers", () => {
  it.each([
    ["passes at the required count", [minReviewers(2)], "pass"],
    ["fails below the required count", [minReviewers(1)], "fail"],
    ["the strongest applicable policy decides", [minReviewers(1), minReviewers(3)], "pass"],
    ["fails when the only policy is disabled", [minReviewers(3, {}, { isEnabled: false })], "fail"],
    [
      "fails when the only policy is optional",
      [minReviewers(3, {}, { isBlocking: false })],
      "fail",
    ],
    ["fails when absent (not not-applicable)", [], "fail"],
  ])("%s", (_name, policies, outcome) => {
    expect(run("branch.min-reviewers", policies).outcome).toBe(outcome);
  });

  it("names the ignored policies and the shortfall", () => {
    const disabled = minReviewers(4, {}, { isEnabled: false });
    const finding = run("branch.min-reviewers", [disabled]);
    expect(finding.message).toContain(`policy ${disabled.id} (disabled)`);
    expect(finding.policyIds).toEqual([disabled.id]);
    const weak = minReviewers(1);
    expect(run("branch.min-reviewers", [weak], { minimumApprovers: 3 }).message).toMatch(
      /only 1 .*asks for 3/,
    );
  });
});
