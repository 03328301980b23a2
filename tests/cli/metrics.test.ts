/**
 * `release-trace metrics --demo`: the JSON contract (every figure's deployments and commits are
 * listed, with their classification), the other formats, the window flags and --fail-if exit
 * codes. The demo's history grows over time, so figures are checked against the JSON's own
 * evidence rather than fixed numbers.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import { renderMetrics } from "../../src/cli/commands/metrics";
import {
  collectDeliverySnapshot,
  deriveDeliveryMetrics,
  type DeliveryMetricsReport,
} from "../../src/core/metrics";
import { SourceError } from "../../src/core/sources";
import { createFakeSources } from "../fakes/sources";
import { csvRecords, runInProcess } from "./helpers";
import { routeForPath, versionsOn } from "../../src/adapters/ado/apiVersions";

jest.setTimeout(120_000);

/** The environment names of a project, read from the emulator's REST API. */
async function emulatorEnvironments(orgUrl: string, project: string): Promise<string[]> {
  // The version the product sends on the emulated server (Services, or Server 2022's ≤ 7.0).
  const target =
    process.env.RELEASE_TRACE_EMULATOR_SERVER === "server-2022" ? "server-2022" : "services";
  const route = routeForPath(["distributedtask", "environments"]);
  const version = (route && versionsOn(route, target)?.send) ?? "7.1";
  const response = await fetch(
    `${orgUrl}/${encodeURIComponent(project)}/_apis/distributedtask/environments?api-version=${version}`,
    { headers: { Accept: "application/json", Authorization: "Bearer metrics-check" } },
  );
  const body = (await response.json()) as { value: { name: string }[] };
  return body.value.map((environment) => environment.name);
}

async function json(...argv: string[]): Promise<DeliveryMetricsReport> {
  const result = await runInProcess(["metrics", "--demo", "--format", "json", ...argv]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DeliveryMetricsReport;
}

describe("release-trace metrics --demo", () => {
  let report: DeliveryMetricsReport;

  beforeAll(async () => {
    report = await json();
  });

  it("has the contract's shape, over the last 30 days by default", () => {
    expect(report.schemaVersion).toBe(1);
    expect(report.window.days).toBe(30);
    expect(report.window.until).toMatch(/T00:00:00\.000Z$/);
    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.every((row) => row.scope.production)).toBe(true);
    expect(Object.keys(report.total.figures).sort()).toEqual([
      "changeFailureRate",
      "deploymentFrequency",
      "leadTime",
      "recoveryTime",
      "reworkRate",
    ]);
  });

  it("lists every deployment and commit a figure counts, with its classification", () => {
    const deployments = new Map(report.deployments.map((item) => [item.key, item]));
    const commits = new Set(report.commits.map((commit) => commit.key));
    for (const figure of Object.values(report.total.figures))
      for (const key of figure.deployments)
        expect(deployments.get(key)?.classification).toMatch(/^(successful|failed)$/);
    for (const key of report.total.figures.leadTime.commits) expect(commits.has(key)).toBe(true);
    const { changeFailureRate, deploymentFrequency } = report.total.figures;
    const inWindow = report.deployments.filter((item) => item.inWindow);
    expect(changeFailureRate.total).toBe(inWindow.length);
    expect(changeFailureRate.failing).toBe(
      inWindow.filter((item) => item.failing.length > 0).length,
    );
    expect(deploymentFrequency.successful).toBe(
      inWindow.filter((item) => item.classification === "successful").length,
    );
  });

  it("writes CSV, Markdown and a table", async () => {
    const csv = await runInProcess(["metrics", "--demo", "--format", "csv"]);
    const records = csvRecords(csv.stdout);
    expect(records[0].slice(0, 3)).toEqual(["pipeline", "environment", "deployments_per_day"]);
    expect(records).toHaveLength(report.rows.length + 2);
    expect(records[records.length - 1][0]).toBe("(total)");
    const md = await runInProcess(["metrics", "--demo", "--format", "md"]);
    expect(md.stdout).toContain("## Bands");
    expect(md.stdout).toContain("| Pipeline | Environment | Frequency |");
    const table = await runInProcess(["metrics", "--demo"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Delivery metrics of /);
    expect(table.stdout).toMatch(/^Total\s/m);
    expect(table.stdout).toContain("Production: ");
  });

  it("takes a window and an environment", async () => {
    const narrow = await json(
      "--since",
      "2025-01-06",
      "--until",
      "2025-01-13T00:00:00Z",
      "--environment",
      "staging",
    );
    expect(narrow.window).toEqual({
      since: "2025-01-06T00:00:00.000Z",
      until: "2025-01-13T00:00:00.000Z",
      days: 7,
    });
    expect(narrow.selection.environment).toBe("staging");
    expect(narrow.rows.every((row) => row.scope.environment.toLowerCase() === "staging")).toBe(
      true,
    );
    expect(narrow.total.trend.map((week) => week.week)).toEqual(["2025-W02"]);
  });

  it("exits 1 when a --fail-if threshold holds, and 0 when none does", async () => {
    const rate = report.total.figures.changeFailureRate.value as number;
    const percent = Math.floor(rate * 100);
    const held = await runInProcess([
      "metrics",
      "--demo",
      "--fail-if",
      "change-failure-rate>100%",
      "--fail-if",
      `change-failure-rate>=${percent}%`,
    ]);
    expect(held.code).toBe(1);
    expect(held.stderr).toMatch(
      new RegExp(`--fail-if change-failure-rate>=${percent}%: change-failure-rate is [\\d.]+%\\.`),
    );
    const clear = await runInProcess([
      "metrics",
      "--demo",
      "--fail-if",
      "change-failure-rate>100%",
      "--fail-if",
      "lead-time>52w",
    ]);
    expect(clear.stderr).toBe("");
    expect(clear.code).toBe(0);
  });

  it("writes to --out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "release-trace-metrics-"));
    const result = await runInProcess(
      ["metrics", "--demo", "--format", "json", "--out", "metrics.json"],
      {},
      dir,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")).schemaVersion).toBe(1);
  });
});

describe("release-trace metrics when deployments cannot be read", () => {
  it("marks the figures not available and exits 3", async () => {
    const emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
    try {
      const names = (await emulatorEnvironments(emulator.orgUrl, emulator.project.name)).filter(
        (name) => /prod/i.test(name),
      );
      expect(names.length).toBeGreaterThan(0);
      emulator.setFaults({ forbiddenEnvironments: names });
      const argv = ["metrics", "--org", emulator.orgUrl, "--project", emulator.project.name];
      const result = await runInProcess(argv, { AZURE_DEVOPS_TOKEN: "rt-metrics-token" });
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/^Total\s+not available\s+not available/m);
      expect(result.stderr).toMatch(/not available: deployment records of environment /);
    } finally {
      await emulator.close();
    }
  });

  it("says the deployments could not be read instead of an empty report", async () => {
    const fake = createFakeSources({});
    fake.fail("environments.listEnvironments", new SourceError("server", "503"));
    const options = {
      since: new Date("2026-11-02T00:00:00Z"),
      until: new Date("2026-11-09T00:00:00Z"),
    };
    const report = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", options),
      options,
    );
    const text = renderMetrics(report, "table");
    expect(text).toContain("The deployments could not be read.");
    expect(text).toContain("Azure DevOps did not answer for the environments (server error).");
    expect(text).not.toContain("No deployments");
  });
});
