import { minReviewers } from "../builders";
import { runBranchRule as run } from "./run";

describe("branch.no-self-approval", () => {
  it("a missing creatorVoteCounts means false, so it passes", () => {
    expect(run("branch.no-self-approval", [minReviewers(2)]).outcome).toBe("pass");
  });
  it("fails when every applicable policy counts the creator's vote", () => {
    expect(
      run("branch.no-self-approval", [minReviewers(2, { creatorVoteCounts: true })]).outcome,
    ).toBe("fail");
  });
  it("passes when some applicable policy does not count it", () => {
    const policies = [minReviewers(2, { creatorVoteCounts: true }), minReviewers(1)];
    expect(run("branch.no-self-approval", policies).outcome).toBe("pass");
  });
});
