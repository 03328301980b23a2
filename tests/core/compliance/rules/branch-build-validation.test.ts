import { PolicyTypeIds } from "../../../../src/core/model";
import { minReviewers, policy } from "../builders";
import { runBranchRule as run } from "./run";

describe("branch.build-validation", () => {
  const typeId = PolicyTypeIds.build;
  it("passes with an enforced policy of its type", () => {
    expect(run("branch.build-validation", [policy(typeId)]).outcome).toBe("pass");
  });
  it("fails with only an optional one", () => {
    expect(
      run("branch.build-validation", [policy(typeId, {}, { isBlocking: false })]).outcome,
    ).toBe("fail");
  });
  it("fails with none, ignoring other types", () => {
    expect(run("branch.build-validation", [minReviewers(2)]).outcome).toBe("fail");
  });
});
