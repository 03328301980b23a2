import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { evaluateCompliance } from "../../../src/core/compliance/evaluate";
import {
  complianceCsv,
  complianceJson,
  complianceMarkdown,
  complianceSarif,
  type ComplianceReportContext,
} from "../../../src/core/report/compliance";
import { csvCell, mdText } from "../../../src/core/report/text";
import { complianceRules } from "../../../src/core/compliance/rules";
import {
  approvalCheck,
  definition,
  environment,
  minReviewers,
  repo,
  stage,
} from "../compliance/builders";

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
  rules: [...complianceRules.values()].map((rule) => rule.metadata),
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
      target: { kind: "repository", id: "repo-web", name: "web" },
    });
    expect(report.summary).toMatchObject({
      score: 50,
      restCalls: 3,
      byOutcome: { pass: 1, fail: 1, "not-applicable": 1 },
    });
  });
});

/** Environment and Classic-stage results beside a repository one. */
const mixed = evaluateCompliance({
  organization: "fabrikam",
  project: { id: "p1", name: "Demo" },
  repositories: [repo({ name: "web" })],
  policies: [],
  refs: new Map(),
  environments: [environment(4, "prod"), environment(9, "prod-<eu>")],
  checkConfigurations: [approvalCheck(4, 1, 1)],
  releaseDefinitions: [definition(3, "web-release", [stage(30, "Production")])],
  baseline: validateBaseline(
    {
      rules: {
        "repository.secrets-scanning": {},
        "environment.approval-required": {},
        "release.production-approval": {},
      },
    },
    "test",
  ),
  now: new Date("2026-06-01T00:00:00Z"),
});

describe("reports with environment and Classic-stage targets", () => {
  it("JSON: repository null, the target named, coverage in the summary", () => {
    const report = complianceJson(mixed, context) as {
      results: {
        target: { kind: string; id: string; name: string };
        repository: unknown;
        branch: unknown;
      }[];
      summary: { coverage: Record<string, unknown> };
    };
    expect(report.results.map((r) => [r.target.kind, r.repository, r.branch])).toEqual([
      ["repository", { id: "repo-web", name: "web" }, null],
      ["environment", null, null],
      ["environment", null, null],
      ["release-stage", null, null],
    ]);
    expect(report.results[3].target).toEqual({
      kind: "release-stage",
      id: "3:30",
      name: "web-release / Production",
    });
    expect(report.summary.coverage["environment.approval-required"]).toEqual({
      targetKind: "environment",
      evaluated: 2,
      total: 2,
      pattern: expect.stringMatching(/^production: default \(first or last word/),
    });
  });

  it("SARIF: a location and fingerprint per target, tags per rule kind", () => {
    const sarif = complianceSarif(mixed, context) as {
      runs: {
        tool: { driver: { rules: { id: string; properties: { tags: string[] } }[] } };
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          partialFingerprints: Record<string, string>;
          properties: Record<string, unknown>;
        }[];
      }[];
    };
    const [run] = sarif.runs;
    const uris = run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toEqual([
      "repositories/web",
      "environments/prod-%3Ceu%3E",
      "release-definitions/3/stages/30",
    ]);
    expect(run.results[1].partialFingerprints["releaseTrace/v1"]).toBe(
      "environment.approval-required|environment:9|",
    );
    expect(run.results[1].properties).not.toHaveProperty("repositoryId");
    const tags = (id: string) =>
      run.tool.driver.rules.find((rule) => rule.id === id)?.properties.tags;
    expect(tags("environment.approval-required")).toContain("environment-check");
    expect(tags("release.production-approval")).toContain("classic-release");
    expect(tags("repository.secrets-scanning")).toContain("repository-policy");
  });

  it("CSV: the first columns stay, target columns follow, repository cells empty", () => {
    const rows = complianceCsv(mixed, context).trim().split("\r\n");
    expect(rows[0]).toBe(
      "ruleId,title,severity,outcome,repository,repositoryId,branch,message,policyIds,remediation,exceptionJustification,exceptionExpires,targetKind,targetId,targetName",
    );
    expect(rows[3]).toMatch(
      /^environment\.approval-required,.*,fail,,,,.*,environment,9,prod-<eu>$/,
    );
  });

  it("Markdown: a Target column, the targets evaluated, names kept inert", () => {
    const markdown = complianceMarkdown(mixed, context);
    expect(markdown).toContain("# Compliance: Demo");
    expect(markdown).toContain("## Targets evaluated");
    expect(markdown).toContain(
      "| environment prod-&lt;eu&gt; |  | environment.approval-required |",
    );
    expect(markdown).toContain(
      "| release web-release / Production |  | release.production-approval |",
    );
    expect(markdown).not.toContain("<eu>");
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

describe("settings links in reports", () => {
  const withOrg = { ...context, orgUrl: "https://dev.azure.com/fabrikam" };
  it("JSON results carry the link to where they are fixed when the organization URL is known", () => {
    const report = complianceJson(evaluation, withOrg) as { results: { link?: string }[] };
    expect(report.results[0].link).toBe(
      "https://dev.azure.com/fabrikam/Demo/_settings/repositories?repo=repo-web&_a=policiesMid&refs=refs%2Fheads%2Fmain",
    );
    const without = complianceJson(evaluation, context) as { results: { link?: string }[] };
    expect(without.results[0].link).toBeUndefined();
  });
  it("Markdown failures link to the settings page", () => {
    expect(complianceMarkdown(evaluation, withOrg)).toMatch(
      /\[Open settings\]\(https:\/\/dev\.azure\.com\/fabrikam\/Demo\/_settings\/repositories\?repo=/,
    );
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
