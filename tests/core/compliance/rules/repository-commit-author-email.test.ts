import { PolicyTypeIds } from "../../../../src/core/model";
import { policy } from "../builders";
import { runRepositoryRule as run } from "./run";

const RULE = "repository.commit-author-email";
const wholeRepo = { scope: [{ repositoryId: null }] };
const emails = (patterns: unknown, overrides = {}) =>
  policy(
    PolicyTypeIds.commitAuthorEmail,
    patterns === undefined ? {} : { authorEmailPatterns: patterns },
    { ...wholeRepo, ...overrides },
  );

describe(RULE, () => {
  it("passes with an enforced policy listing patterns, and names them", () => {
    const finding = run(RULE, [emails(["*@fabrikam.com"])]);
    expect(finding.outcome).toBe("pass");
    expect(finding.message).toContain("*@fabrikam.com");
  });

  it.each([
    ["no patterns", undefined],
    ["an empty list", []],
    ["only blank patterns", [" "]],
  ])("fails with %s", (_name, patterns) => {
    const finding = run(RULE, [emails(patterns)]);
    expect(finding.outcome).toBe("fail");
    expect(finding.message).toMatch(/no authorEmailPatterns/);
  });

  it("passes when one of several enforced policies lists patterns", () => {
    const empty = emails([]);
    const real = emails(["*@fabrikam.com"]);
    expect(run(RULE, [empty, real])).toMatchObject({ outcome: "pass", policyIds: [real.id] });
  });

  it("fails when absent or optional", () => {
    expect(run(RULE, []).outcome).toBe("fail");
    expect(run(RULE, [emails(["*@x.com"], { isBlocking: false })]).outcome).toBe("fail");
  });
});
