import { PolicyTypeIds } from "../../../../src/core/model";
import { minReviewers, policy } from "../builders";
import { runRepositoryRule as run } from "./run";

const RULE = "repository.secrets-scanning";
const wholeRepo = { scope: [{ repositoryId: null }] };

describe(RULE, () => {
  it.each([
    ["the first type id", PolicyTypeIds.secretsScanning],
    ["the second type id", PolicyTypeIds.secretsScanningAlt],
  ])("passes with an enforced policy of %s", (_name, typeId) => {
    expect(run(RULE, [policy(typeId, {}, wholeRepo)]).outcome).toBe("pass");
  });

  it("compares type ids case-insensitively", () => {
    const upper = policy(PolicyTypeIds.secretsScanning.toUpperCase(), {}, wholeRepo);
    expect(run(RULE, [upper]).outcome).toBe("pass");
  });

  it("fails when the only policy is disabled, naming it", () => {
    const disabled = policy(PolicyTypeIds.secretsScanning, {}, { ...wholeRepo, isEnabled: false });
    const finding = run(RULE, [disabled]);
    expect(finding).toMatchObject({ outcome: "fail", policyIds: [disabled.id] });
    expect(finding.message).toContain(`policy ${disabled.id} (disabled)`);
  });

  it("fails with none, ignoring other types", () => {
    expect(run(RULE, [minReviewers(2)]).outcome).toBe("fail");
  });
});
