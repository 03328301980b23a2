import { branchRules, complianceRules } from "../../../../src/core/compliance/rules";

describe("rule registry", () => {
  it.each([...complianceRules.values()].map((rule) => [rule.metadata.id, rule]))(
    "%s has complete metadata",
    (_id, rule) => {
      const { metadata } = rule;
      for (const field of [metadata.title, metadata.rationale, metadata.remediation])
        expect(field.length).toBeGreaterThan(10);
      expect(["high", "medium", "low"]).toContain(metadata.severity);
      // The id names the kind: branch.*, repository.*, environment.*, release.*.
      expect(metadata.id.split(".")[0]).toBe(rule.kind === "release-stage" ? "release" : rule.kind);
    },
  );

  it.each([...complianceRules.values()].map((rule) => [rule.metadata.id, rule]))(
    "%s: every default is a declared parameter and passes its own check",
    (_id, rule) => {
      for (const key of Object.keys(rule.defaults)) expect(rule.paramSchema).toHaveProperty(key);
      expect(rule.checkParams(rule.defaults)).toEqual([]);
    },
  );

  it("keeps the seven branch rules apart and knows six more", () => {
    expect([...branchRules.keys()]).toHaveLength(7);
    expect([...complianceRules.keys()]).toEqual([
      ...branchRules.keys(),
      "repository.file-size-limit",
      "repository.secrets-scanning",
      "repository.commit-author-email",
      "environment.approval-required",
      "environment.branch-control",
      "release.production-approval",
    ]);
  });
});
