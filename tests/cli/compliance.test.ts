import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import { parseOrgUrl } from "../../src/adapters/ado/urls";
import { branchRules } from "../../src/core/compliance/rules";
import { runCli } from "../../src/cli/main";
import { csvRecords, runInProcess, type CliResult } from "./helpers";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

interface ReportResult {
  ruleId: string;
  severity: "high" | "medium" | "low";
  outcome: string;
  /** Always set for branch and repository rules (the only ones most tests here name). */
  repository: { id: string; name: string };
  branch: string | null;
  message: string;
  policyIds: number[];
  remediation: string;
  target: { kind: "repository" | "environment" | "release-stage"; id: string; name: string };
  link?: string;
  exception?: { justification: string; expires: string; expired: boolean };
}

interface ComplianceReport {
  schemaVersion: number;
  organization: string;
  project: { id: string; name: string };
  generatedAt: string;
  baseline: { name: string; source: string };
  results: ReportResult[];
  summary: {
    score: number | null;
    byOutcome: Record<string, number>;
    byRule: Record<string, Record<string, number>>;
    restCalls: number;
  };
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string } }[];
  }[];
}

const TOKEN = "rt-compliance-token-5e1d9a";
const env = { AZURE_DEVOPS_TOKEN: TOKEN };
const weight = { high: 3, medium: 2, low: 1 } as const;

jest.setTimeout(60_000);

describe("release-trace compliance against the emulator", () => {
  let emulator: Emulator;
  let workDir: string;
  /** The default-baseline JSON report, read once. */
  let baseReport: ComplianceReport;

  const orgArgs = () => ["--org", emulator.orgUrl, "--project", emulator.project.name];

  function writeBaseline(name: string, text: string): string {
    writeFileSync(join(workDir, name), text, "utf8");
    return name;
  }

  async function compliance(args: string[]): Promise<CliResult> {
    return runInProcess(["compliance", ...orgArgs(), ...args], env, workDir);
  }

  async function complianceJson(args: string[] = []) {
    const result = await compliance([...args, "--format", "json"]);
    return { ...result, report: JSON.parse(result.stdout) as ComplianceReport };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
    workDir = mkdtempSync(join(tmpdir(), "release-trace-compliance-"));
    baseReport = (await complianceJson()).report;
  });

  afterAll(async () => {
    await emulator.close();
  });

  afterEach(() => {
    emulator.setFaults({ forbiddenRepositories: [] });
  });

  it("prints the JSON contract with one project-wide policy listing and no per-repository calls", async () => {
    emulator.resetStats();
    const { code, stderr, report } = await complianceJson();
    const stats = emulator.stats();
    expect(stderr).toBe("");
    // The demo has failures, but without --fail-on they never fail the command.
    expect(report.summary.byOutcome.fail).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(Object.keys(report)).toEqual([
      "schemaVersion",
      "organization",
      "project",
      "generatedAt",
      "baseline",
      "results",
      "summary",
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.organization).toBe(parseOrgUrl(emulator.orgUrl).organization);
    expect(report.project).toEqual(emulator.project);
    expect(Number.isNaN(Date.parse(report.generatedAt))).toBe(false);
    expect(report.baseline).toEqual({ name: "Release Trace default", source: "built-in" });
    for (const result of report.results) {
      expect(Object.keys(result)).toEqual([
        "ruleId",
        "severity",
        "outcome",
        "repository",
        "branch",
        "message",
        "policyIds",
        "remediation",
        "target",
        "link",
      ]);
      expect(result.target).toEqual({ kind: "repository", ...result.repository });
      expect(result.link).toContain(`repo=${encodeURIComponent(result.repository.id)}`);
      expect(branchRules.has(result.ruleId)).toBe(true);
    }
    expect(Object.keys(report.summary)).toEqual(
      expect.arrayContaining(["score", "byOutcome", "byRule", "coverage", "restCalls"]),
    );
    // Seven rules on each repository of the demo's main project.
    const repositories = new Set(report.results.map((result) => result.repository.id));
    expect(report.results).toHaveLength(repositories.size * branchRules.size);
    // The calls counted are the calls the organization saw: project, repositories, policies.
    expect(report.summary.restCalls).toBe(stats.requests);
    expect(stats.byRoute["policy.configurations"]).toBe(1);
    expect(stats.byRoute["git.repositories"]).toBe(1);
    expect(stats.byRoute["git.policy.configurations"]).toBeUndefined();
    expect(stats.byRoute["git.refs"]).toBeUndefined();
    // Environments, checks and release definitions are read only for rules that need them.
    for (const route of Object.keys(stats.byRoute)) {
      expect(route).not.toMatch(/environments|checks|release/);
    }
  });

  describe("a baseline naming every rule (tests/fixtures/baselines/all-rules.yml)", () => {
    const allRules = join(__dirname, "..", "fixtures", "baselines", "all-rules.yml");

    it("reads environments, their checks and release definitions once each, and reports every target kind", async () => {
      emulator.resetStats();
      const { code, report } = await complianceJson(["--baseline", allRules]);
      const stats = emulator.stats();
      expect(code).toBe(0);
      const kinds = new Set(report.results.map((result) => result.target.kind));
      expect(kinds).toEqual(new Set(["repository", "environment", "release-stage"]));
      for (const result of report.results) {
        // repository is null exactly for the targets that are not repositories.
        expect(result.repository === null).toBe(result.target.kind !== "repository");
        if (result.target.kind !== "repository") expect(result.branch).toBeNull();
      }
      const environmentRoutes = Object.entries(stats.byRoute).filter(([route]) =>
        /environment|check|release/.test(route),
      );
      // One environment listing, one check query, one release definition listing.
      expect(environmentRoutes.map(([, count]) => count)).toEqual([1, 1, 1]);
      expect(report.summary.restCalls).toBe(stats.requests);
    });

    it("prints a Target column and how many targets each pattern rule evaluated", async () => {
      const result = await compliance(["--baseline", allRules]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Target +Branch +1 +2 .* 13 +Score$/m);
      expect(result.stdout).toMatch(/^environment prod-dr +- /m);
      expect(result.stdout).toMatch(/^release identity-service-release \/ Production +- /m);
      expect(result.stdout).toMatch(
        /^ {2}environment\.approval-required: 4 of 7 environments match prod\*$/m,
      );
      expect(result.stdout).toMatch(
        /^ {2}release\.production-approval: 4 of 9 Classic stages match prod\*$/m,
      );
    });

    it("writes Markdown with the targets evaluated and SARIF locations per target", async () => {
      const markdown = await compliance(["--baseline", allRules, "--format", "md"]);
      expect(markdown.stdout).toMatch(/^# Compliance: Fabrikam$/m);
      expect(markdown.stdout).toMatch(/^## Targets evaluated$/m);
      expect(markdown.stdout).toMatch(
        /^\| environment prod-dr \| {2}\| environment\.approval-required /m,
      );
      const sarif = JSON.parse(
        (await compliance(["--baseline", allRules, "--format", "sarif"])).stdout,
      ) as {
        runs: {
          results: {
            ruleId: string;
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }[];
        }[];
      };
      const uris = sarif.runs[0].results.map(
        (entry) => entry.locations[0].physicalLocation.artifactLocation.uri,
      );
      expect(uris).toContain("environments/prod-dr");
      expect(uris.some((uri) => /^release-definitions\/\d+\/stages\/\d+$/.test(uri))).toBe(true);
    });
  });

  it("prints SARIF 2.1.0 with the rules and one result per failure", async () => {
    const result = await compliance(["--format", "sarif"]);
    expect(result.code).toBe(0);
    const sarif = JSON.parse(result.stdout) as SarifLog;
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe("Release Trace");
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual([...branchRules.keys()]);
    const failures = baseReport.results.filter((entry) => entry.outcome === "fail");
    expect(run.results).toHaveLength(failures.length);
    for (const entry of run.results) {
      expect(run.tool.driver.rules[entry.ruleIndex].id).toBe(entry.ruleId);
    }
  });

  it("prints CSV with a header and one row per result", async () => {
    const result = await compliance(["--format", "csv"]);
    expect(result.code).toBe(0);
    const records = csvRecords(result.stdout);
    expect(records).toHaveLength(baseReport.results.length + 1);
    expect(records[0].slice(0, 4)).toEqual(["ruleId", "title", "severity", "outcome"]);
    const outcomes = records.slice(1).map((record) => record[3]);
    expect(outcomes).toEqual(baseReport.results.map((entry) => entry.outcome));
    expect(records.every((record) => record.length === records[0].length)).toBe(true);
  });

  it("prints Markdown with the report's headings", async () => {
    const result = await compliance(["--format", "md"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# Branch-policy compliance: Fabrikam$/m);
    for (const heading of ["Results by outcome", "Results by rule", "Failures", "Exemptions"]) {
      expect(result.stdout).toMatch(new RegExp(`^## ${heading}$`, "m"));
    }
    expect(result.stdout).toContain(`**${baseReport.summary.score}%**`);
  });

  it("prints a table by default: a row per repository and branch, a symbol per rule, the score", async () => {
    const result = await compliance([]);
    expect(result.code).toBe(0);
    const names = new Set(baseReport.results.map((entry) => entry.repository.name));
    for (const name of names) expect(result.stdout).toMatch(new RegExp(`^${name} `, "m"));
    expect(result.stdout).toMatch(/^Repository +Branch +1 +2 +3 +4 +5 +6 +7 +Score$/m);
    expect(result.stdout).toMatch(/^1 branch\.min-reviewers \(high\)$/m);
    expect(result.stdout).toContain(`Score: ${baseReport.summary.score}%`);
    const failCells = (result.stdout.match(/✗/g) ?? []).length - 1; // minus the legend
    expect(failCells).toBe(baseReport.summary.byOutcome.fail);
  });

  it("writes SARIF to --out and keeps stdout empty", async () => {
    const result = await compliance(["--format", "sarif", "--out", "report.sarif"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const file = readFileSync(join(workDir, "report.sarif"), "utf8");
    expect((JSON.parse(file) as SarifLog).version).toBe("2.1.0");
    expect(file).not.toContain(TOKEN);
  });

  it.each(["high", "medium", "low"] as const)(
    "exits 1 with --fail-on %s exactly when a failure at or above it exists",
    async (level) => {
      const expected = baseReport.results.some(
        (entry) => entry.outcome === "fail" && weight[entry.severity] >= weight[level],
      )
        ? 1
        : 0;
      const result = await compliance(["--fail-on", level, "--format", "json"]);
      expect(result.code).toBe(expected);
      if (expected === 1) expect(result.stderr).toMatch(/failure\(s\) at severity .* or above/);
    },
  );

  it("passes the gate when the baseline lowers every severity below --fail-on", async () => {
    const rules = Object.fromEntries(
      [...branchRules.keys()].map((id) => [id, { severity: "low" }]),
    );
    const file = writeBaseline("all-low.json", JSON.stringify({ rules }));
    const { code, report } = await complianceJson(["--baseline", file, "--fail-on", "medium"]);
    expect(report.summary.byOutcome.fail).toBeGreaterThan(0);
    expect(report.results.every((entry) => entry.severity === "low")).toBe(true);
    expect(code).toBe(0);
    const gated = await compliance(["--baseline", file, "--fail-on", "low"]);
    expect(gated.code).toBe(1);
  });

  describe("a baseline file that cannot be used exits 2 naming the file, the field and what was expected", () => {
    const cases: { name: string; file: string; text: string; message: RegExp }[] = [
      {
        name: "bad YAML",
        file: "broken.yaml",
        text: "rules:\n  branch.min-reviewers: [1,\n    minimumApprovers: 2\n",
        message:
          /broken\.yaml is not valid YAML at line \d+, column \d+: .*Expected a baseline mapping/,
      },
      {
        name: "bad JSON",
        file: "broken.json",
        text: '{\n  "rules": {\n    "branch.min-reviewers": {},\n  }\n}\n',
        message:
          /broken\.json is not valid JSON at line 4, column \d+: .*Expected a baseline object/,
      },
      {
        name: "an unknown rule",
        file: "unknown-rule.yml",
        text: "rules:\n  branch.no-such-rule: {}\n",
        message:
          /Baseline unknown-rule\.yml is not valid:\n {2}rules\.branch\.no-such-rule: expected a known rule id \(branch\.min-reviewers/,
      },
      {
        name: "a parameter of the wrong type",
        file: "wrong-type.json",
        text: JSON.stringify({ rules: { "branch.min-reviewers": { minimumApprovers: "two" } } }),
        message:
          /Baseline wrong-type\.json is not valid:\n {2}rules\.branch\.min-reviewers\.minimumApprovers: expected a whole number of at least 1/,
      },
      {
        name: "a bad exception date",
        file: "bad-exception.yaml",
        text: "rules:\n  branch.min-reviewers: {}\nexceptions:\n  - rule: branch.min-reviewers\n    repository: web-app\n    justification: legacy\n    expires: soon\n",
        message: /bad-exception\.yaml is not valid:\n {2}exceptions\[0\]\.expires: expected a date/,
      },
      {
        name: "an unsupported extension",
        file: "baseline.txt",
        text: "rules: {}",
        message: /--baseline: baseline\.txt must end in \.json, \.yml or \.yaml/,
      },
    ];

    it.each(cases)("$name", async ({ file, text, message }) => {
      writeBaseline(file, text);
      const result = await compliance(["--baseline", file]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it("a file that does not exist", async () => {
      const result = await compliance(["--baseline", "missing.yaml"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /--baseline: cannot read missing\.yaml \(.*\): no such file or directory\./,
      );
    });
  });

  describe("a YAML baseline with branch patterns and exceptions", () => {
    const patternBaseline = (exceptions: string) =>
      [
        "name: Release branches",
        "branches:",
        "  - default",
        "  - refs/heads/release/*",
        "rules:",
        "  branch.min-reviewers:",
        "    minimumApprovers: 2",
        "  branch.build-validation: {}",
        exceptions,
      ].join("\n");

    it("evaluates the release branches and exempts only the excepted failure", async () => {
      const plain = await complianceJson([
        "--baseline",
        writeBaseline("release.yaml", patternBaseline("")),
      ]);
      expect(plain.code).toBe(0);
      expect(plain.report.baseline).toEqual({ name: "Release branches", source: "release.yaml" });
      const releaseResults = plain.report.results.filter((entry) =>
        entry.branch?.startsWith("refs/heads/release/"),
      );
      expect(releaseResults.length).toBeGreaterThan(0);
      const failure = releaseResults.find((entry) => entry.outcome === "fail");
      expect(failure).toBeDefined();
      const { ruleId, repository, branch } = failure!;

      const excepted = await complianceJson([
        "--baseline",
        writeBaseline(
          "release-excepted.yaml",
          patternBaseline(
            [
              "exceptions:",
              `  - rule: ${ruleId}`,
              `    repository: ${repository.name}`,
              `    branch: ${branch}`,
              "    justification: Release branch frozen until the migration",
              "    expires: 2999-12-31",
              `  - rule: ${ruleId}`,
              `    repository: ${repository.name}`,
              "    branch: refs/heads/does-not-exist",
              "    justification: Never matches",
              "    expires: 2999-12-31",
            ].join("\n"),
          ),
        ),
      ]);
      expect(excepted.code).toBe(0);
      const changed = excepted.report.results.filter(
        (entry, index) => entry.outcome !== plain.report.results[index].outcome,
      );
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatchObject({
        ruleId,
        repository,
        branch,
        outcome: "exempt",
        exception: {
          justification: "Release branch frozen until the migration",
          expires: "2999-12-31",
          expired: false,
        },
      });
      expect(excepted.report.summary.byOutcome.exempt).toBe(1);
      expect(excepted.report.summary.byOutcome.fail).toBe(plain.report.summary.byOutcome.fail - 1);

      const expired = await complianceJson([
        "--baseline",
        writeBaseline(
          "release-expired.yml",
          patternBaseline(
            [
              "exceptions:",
              `  - rule: ${ruleId}`,
              `    repository: ${repository.name}`,
              "    justification: Was frozen",
              "    expires: 2001-01-01",
            ].join("\n"),
          ),
        ),
      ]);
      expect(expired.report.summary.byOutcome).toEqual(plain.report.summary.byOutcome);
      const stillFailing = expired.report.results.find(
        (entry) =>
          entry.ruleId === ruleId &&
          entry.repository.id === repository.id &&
          entry.branch === branch,
      );
      expect(stillFailing).toMatchObject({ outcome: "fail", exception: { expired: true } });
      expect(stillFailing?.message).toMatch(/exception expired on 2001-01-01/);
    });

    it("reports a forbidden repository as not available, never as failing, and exits 3", async () => {
      const file = writeBaseline("release-forbidden.yaml", patternBaseline(""));
      const plain = await complianceJson(["--baseline", file]);
      const target = plain.report.results.find((entry) => entry.outcome === "fail")!.repository;
      emulator.setFaults({ forbiddenRepositories: [target.name] });

      const { code, report, stderr } = await complianceJson(["--baseline", file]);
      expect(code).toBe(3);
      const ofTarget = report.results.filter((entry) => entry.repository.id === target.id);
      expect(ofTarget.length).toBeGreaterThan(0);
      expect(ofTarget.every((entry) => entry.outcome === "not-available")).toBe(true);
      expect(ofTarget[0].message).toMatch(/permission/);
      expect(stderr).toMatch(new RegExp(`^release-trace: not-available: ${target.name}: `, "m"));
      // Plain sentences on stderr: the request URL stays in the JSON report.
      expect(stderr).toMatch(/^release-trace: not available: Azure DevOps did not answer for /m);
      expect(stderr).not.toMatch(/https?:\/\//);
      // Every other repository is evaluated as before.
      const others = (entries: ReportResult[]) =>
        entries.filter((entry) => entry.repository.id !== target.id);
      expect(others(report.results)).toEqual(others(plain.report.results));

      // A gate failure elsewhere outranks partial data: 1 before 3.
      const gated = await compliance(["--baseline", file, "--fail-on", "low"]);
      expect(gated.code).toBe(1);
    });
  });

  it("shows progress on a terminal and nothing otherwise", async () => {
    let stderr = "";
    let stdout = "";
    const code = await runCli({
      argv: ["compliance", ...orgArgs(), "--format", "json"],
      env,
      cwd: workDir,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text), isTTY: true },
    });
    expect(code).toBe(0);
    expect(stderr).toContain("Listing repositories");
    expect(stderr).toContain("Listing policy configurations");
    // Every progress write rewrites the line, and the last one clears it.
    expect(stderr.startsWith("\r\x1b[2K")).toBe(true);
    expect(stderr.endsWith("\r\x1b[2K")).toBe(true);
    expect(stdout).not.toContain("Listing");

    const quiet = await compliance(["--format", "json"]);
    expect(quiet.stderr).toBe("");
  });

  it("rejects a bad --fail-on and compliance flags on other commands", async () => {
    const bad = await compliance(["--fail-on", "critical"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on must be one of high, medium, low \(got "critical"\)/);

    const inventory = await runInProcess(["inventory", ...orgArgs(), "--fail-on", "high"], env);
    expect(inventory.code).toBe(2);
    expect(inventory.stderr).toMatch(/--fail-on does not apply to "inventory"/);

    const format = await runInProcess(["inventory", ...orgArgs(), "--format", "sarif"], env);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be one of json, table \(got "sarif"\)/);
  });

  it("exits 2 for a project the organization does not have", async () => {
    const result = await runInProcess(
      ["compliance", "--org", emulator.orgUrl, "--project", "NoSuchProject"],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Project "NoSuchProject" was not found/);
  });
});

describe("release-trace compliance --demo", () => {
  jest.setTimeout(60_000);

  it("runs against the embedded demo organization without a token", async () => {
    const result = await runInProcess(["compliance", "--demo", "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ComplianceReport;
    expect(report.results.length).toBeGreaterThan(0);
    // Which server it is (connectionData), the project, its repositories and its policies.
    expect(report.summary.restCalls).toBe(4);
  });
});
