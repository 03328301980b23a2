import { minReviewers } from "../builders";
import { runBranchRule as run } from "./run";

describe("branch.reset-votes-on-push", () => {
  it.each([
    [{ resetOnSourcePush: true }, "pass"],
    [{ requireVoteOnLastIteration: true }, "pass"],
    [{}, "fail"],
    [{ resetOnSourcePush: false }, "fail"],
  ])("settings %j → %s", (settings, outcome) => {
    expect(run("branch.reset-votes-on-push", [minReviewers(2, settings)]).outcome).toBe(outcome);
  });
});
