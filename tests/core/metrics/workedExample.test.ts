/**
 * The README's worked example, computed by hand: one week, one pipeline deploying to prod, a
 * failed deployment, an incident, a commit that reached production through a later run, and a
 * bug fix. Every number here is in the README's "Delivery metrics" section.
 */
import { at, metricsOf, options } from "./builders";
import { workedExample } from "./workedExample";

const HOURS = 3600;

describe("the README's worked example", () => {
  it("gives the figures computed by hand", async () => {
    const report = await metricsOf(workedExample());
    const { figures } = report.total;
    expect(figures.deploymentFrequency).toMatchObject({
      value: 3 / 7,
      successful: 3,
      deploymentDays: 3,
      band: "high",
    });
    expect(figures.changeFailureRate).toMatchObject({
      value: 0.5,
      failing: 2,
      total: 4,
      band: "low",
      universe: { counted: 2, of: 4, noun: "deployments" },
    });
    expect(figures.leadTime).toMatchObject({
      medianSeconds: 4.5 * HOURS,
      p90Seconds: 8 * HOURS,
      count: 4,
      band: "elite",
      breakdown: { coding: null, review: null, build: 2.5 * HOURS, deploy: 2.5 * HOURS },
    });
    expect(figures.recoveryTime).toMatchObject({
      medianSeconds: 14 * HOURS,
      count: 2,
      open: 0,
      band: "high",
    });
    expect(figures.reworkRate).toMatchObject({ value: 1 / 3, rework: 1, successful: 3 });
  });

  it("says which deployments and commits each figure counts, with why", async () => {
    const report = await metricsOf(workedExample());
    expect(report.schemaVersion).toBe(1);
    expect(report.total.figures.deploymentFrequency.deployments).toEqual([
      "yaml:101",
      "yaml:103",
      "yaml:104",
    ]);
    const failing = Object.fromEntries(report.deployments.map((item) => [item.key, item.failing]));
    expect(failing["yaml:102"]).toEqual([{ rule: "result", state: "failed" }]);
    expect(failing["yaml:103"]).toEqual([{ rule: "incident", incidentId: 900 }]);
    expect(failing["yaml:104"]).toEqual([]);
    expect(report.incidents).toEqual([
      {
        id: 900,
        title: "Item 900",
        createdAt: at(50).toISOString(),
        attribution: "latest-production-deployment",
        deployment: "yaml:103",
      },
    ]);
    expect(
      report.failures.map((failure) => [
        failure.deployment,
        failure.recoveredBy,
        failure.recoverySeconds,
      ]),
    ).toEqual([
      ["yaml:102", "yaml:104", 22 * HOURS],
      ["yaml:103", "yaml:104", 6 * HOURS],
    ]);
  });

  it("counts a commit that reached production through a later run from the deployment that brought it", async () => {
    const report = await metricsOf(workedExample());
    const c1 = report.commits.find((commit) => commit.id === "c1");
    expect(c1).toMatchObject({
      deployment: "yaml:103",
      runId: 12,
      leadSeconds: 8 * HOURS,
      stages: { build: 2.5 * HOURS, deploy: 5.5 * HOURS },
    });
    const deployment = report.deployments.find((item) => item.key === "yaml:103");
    expect(deployment?.brought).toEqual({
      runs: [
        { id: 12, number: "2026.12" },
        { id: 13, number: "2026.13" },
      ],
      commits: ["c1", "d1"],
      workItems: [],
      comparison: "since-previous",
    });
    // a1 reached prod before the window: it is no commit of this window.
    expect(report.commits.map((commit) => commit.id).sort()).toEqual(["b1", "c1", "d1", "e1"]);
  });

  it("has one row and a one-week trend matching the total", async () => {
    const report = await metricsOf(workedExample(), options());
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0].scope).toEqual({
      kind: "yaml",
      pipeline: { id: 1, name: "pipeline-1" },
      environment: "prod",
      production: true,
    });
    expect(report.total.trend).toHaveLength(1);
    expect(report.total.trend[0]).toMatchObject({ week: "2026-W45", partial: false });
    expect(report.total.trend[0].values["change-failure-rate"]).toBe(0.5);
  });
});
