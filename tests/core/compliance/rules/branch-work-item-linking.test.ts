import { PolicyTypeIds } from "../../../../src/core/model";
import { minReviewers, policy } from "../builders";
import { runBranchRule as run } from "./run";

describe("branch.work-item-linking", () => {
  const typeId = PolicyTypeIds.workItemLinking;
  it("passes with an enforced policy of its type", () => {
    expect(run("branch.work-item-linking", [policy(typeId)]).outcome).toBe("pass");
  });
  it("fails with only an optional one", () => {
    expect(
      run("branch.work-item-linking", [policy(typeId, {}, { isBlocking: false })]).outcome,
    ).toBe("fail");
  });
  it("fails with none, ignoring other types", () => {
    expect(run("branch.work-item-linking", [minReviewers(2)]).outcome).toBe("fail");
  });
});
