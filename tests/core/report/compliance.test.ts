import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { evaluateCompliance } from "../../../src/core/compliance/evaluate";
import { branchRules } from "../../../src/core/compliance/rules";
import {
  complianceCsv,
  complianceJson,
  complianceMarkdown,
  complianceSarif,
  type ComplianceReportContext,
} from "../../../src/core/report/compliance";
import { csvCell, mdText } from "../../../src/core/report/text";
import { minReviewers, repo } from "../compliance/builders";

const hostile = repo({ name: "<img src=x onerror=alert(1)>|=cmd" });
const evaluation = evaluateCompliance({
  organization: "fabrikam",
  project: { id: "p1", name: "Demo" },
  repositories: [repo({ name: "web" }), hostile, repo({ name: "old", isDisabled: true })],
  policies: [
    minReviewers(
      2,
      {},
      { scope: [{ repositoryId: "repo-web", refName: "refs/heads/main", matchKind: "Exact" }] },
    ),
  ],
  refs: new Map(),
  baseline: validateBaseline({ rules: { "branch.min-reviewers": {} } }, "built-in"),
  now: new Date("2026-06-01T00:00:00Z"),
});
const context: ComplianceReportContext = {
  organization: "fabrikam",
  project: { id: "p1", name: "Demo" },
  generatedAt: new Date("2026-06-01T12:00:00Z"),
  baseline: { name: "Default", source: "built-in" },
  rules: [...branchRules.values()].map((rule) => rule.metadata),
  restCalls: 3,
  toolVersion: "0.1.0",
};

describe("compliance JSON report", () => {
  it("follows schemaVersion 1", () => {
    const report = complianceJson(evaluation, context) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(report)).toEqual([
      "schemaVersion",
      "organization",
      "project",
      "generatedAt",
      "baseline",
      "results",
      "summary",
    ]);
    expect(report.results[0]).toEqual({
      ruleId: "branch.min-reviewers",
      severity: "high",
      outcome: "pass",
      repository: { id: "repo-web", name: "web" },
      branch: "refs/heads/main",
      message: expect.any(String),
      policyIds: [expect.any(Number)],
      remediation: expect.any(String),
    });
    expect(report.summary).toMatchObject({
      score: 50,
      restCalls: 3,
      byOutcome: { pass: 1, fail: 1, "not-applicable": 1 },
    });
  });
});

describe("compliance SARIF report", () => {
  it("has one result per failure and rules with metadata", () => {
    const sarif = complianceSarif(evaluation, context) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(1);
    const [result] = run.results;
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(result.level).toBe("error");
    expect(result.locations[0].physicalLocation.artifactLocation.uri).not.toContain("<");
    expect(run.tool.driver.rules[0]).toHaveProperty("help.text");
  });
});

describe("compliance CSV report", () => {
  it("has a header and one row per result, formulas neutralised", () => {
    const rows = complianceCsv(evaluation, context).trim().split("\r\n");
    expect(rows).toHaveLength(1 + evaluation.results.length);
    expect(rows[0].startsWith("ruleId,title,severity,outcome")).toBe(true);
  });
  it.each([
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["a,b", '"a,b"'],
    ["plain", "plain"],
    [undefined, ""],
  ])("csvCell(%p) → %p", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe("compliance Markdown report", () => {
  it("keeps script-looking names inert and tables intact", () => {
    const markdown = complianceMarkdown(evaluation, context);
    expect(markdown).not.toContain("<img");
    expect(markdown).toContain("&lt;img src=x onerror=alert(1)&gt;\\|=cmd");
    expect(markdown).toContain("Score: **50%**");
    expect(markdown).toContain("## Failures");
  });
  it("mdText escapes table and link syntax", () => {
    expect(mdText("[a](b)|c")).toBe("\\[a\\](b)\\|c");
  });
});
