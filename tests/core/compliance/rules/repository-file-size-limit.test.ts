import { PolicyTypeIds } from "../../../../src/core/model";
import { complianceRules } from "../../../../src/core/compliance/rules";
import { policy } from "../builders";
import { runRepositoryRule as run } from "./run";

const RULE = "repository.file-size-limit";
const wholeRepo = { scope: [{ repositoryId: null }] };
const limit = (bytes: number, overrides = {}) =>
  policy(
    PolicyTypeIds.fileSizeRestriction,
    { maximumGitBlobSizeInBytes: bytes },
    { ...wholeRepo, ...overrides },
  );

describe(RULE, () => {
  it("passes with any enforced limit when the baseline sets no maximum", () => {
    expect(run(RULE, [limit(100 * 1024 * 1024)]).outcome).toBe("pass");
  });

  it.each([
    ["at the maximum", 2097152, "pass"],
    ["below the maximum", 1048576, "pass"],
    ["above the maximum", 5242880, "fail"],
  ])("a limit %s → %s", (_name, bytes, outcome) => {
    expect(run(RULE, [limit(bytes)], { maxBytes: 2097152 }).outcome).toBe(outcome);
  });

  it("reads the capitalised MaximumGitBlobSizeInBytes of older policies", () => {
    const old = policy(
      PolicyTypeIds.fileSizeRestriction,
      { MaximumGitBlobSizeInBytes: 1048576 },
      wholeRepo,
    );
    expect(run(RULE, [old], { maxBytes: 2097152 })).toMatchObject({
      outcome: "pass",
      policyIds: [old.id],
    });
  });

  it("the smallest enforced limit decides, and the message names it", () => {
    const loose = limit(5242880);
    const strict = limit(1048576);
    const finding = run(RULE, [loose, strict], { maxBytes: 2097152 });
    expect(finding.outcome).toBe("pass");
    expect(finding.message).toContain(`policy ${strict.id}`);
    expect(finding.policyIds).toEqual([loose.id, strict.id]);
  });

  it("names the shortfall in bytes", () => {
    expect(run(RULE, [limit(5242880)], { maxBytes: 2097152 }).message).toMatch(
      /up to 5 MB .*at most 2 MB/,
    );
  });

  it("fails when absent or only disabled, naming what was not counted", () => {
    expect(run(RULE, []).outcome).toBe("fail");
    const disabled = limit(1024, { isEnabled: false });
    const finding = run(RULE, [disabled]);
    expect(finding.outcome).toBe("fail");
    expect(finding.message).toContain(`policy ${disabled.id} (disabled)`);
  });

  it("fails when the enforced policy carries no limit", () => {
    const empty = policy(PolicyTypeIds.fileSizeRestriction, {}, wholeRepo);
    expect(run(RULE, [empty]).outcome).toBe("fail");
  });

  it("rejects a maximum that is not a positive whole number", () => {
    const rule = complianceRules.get(RULE);
    expect(rule?.checkParams({ maxBytes: "2MB" })).toEqual([
      { path: "maxBytes", expected: expect.any(String) },
    ]);
    expect(rule?.checkParams({ maxBytes: 0 })).toHaveLength(1);
  });
});
