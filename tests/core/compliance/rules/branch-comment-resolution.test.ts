import { PolicyTypeIds } from "../../../../src/core/model";
import { minReviewers, policy } from "../builders";
import { runBranchRule as run } from "./run";

describe("branch.comment-resolution", () => {
  const typeId = PolicyTypeIds.commentRequirements;
  it("passes with an enforced policy of its type", () => {
    expect(run("branch.comment-resolution", [policy(typeId)]).outcome).toBe("pass");
  });
  it("fails with only an optional one", () => {
    expect(
      run("branch.comment-resolution", [policy(typeId, {}, { isBlocking: false })]).outcome,
    ).toBe("fail");
  });
  it("fails with none, ignoring other types", () => {
    expect(run("branch.comment-resolution", [minReviewers(2)]).outcome).toBe("fail");
  });
});
