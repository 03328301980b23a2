/**
 * Properties of the delivery metrics over random histories: the change failure rate is within
 * [0, 1], the counts add up (rows to the total, successful plus failed to all), and adding a
 * successful deployment never lowers the frequency.
 */
import fc from "fast-check";
import type { TimelineResult } from "../../../src/core/model";
import { History, metricsOf } from "./builders";

const RESULTS: TimelineResult[] = [
  "succeeded",
  "succeededWithIssues",
  "failed",
  "canceled",
  "skipped",
];

interface Step {
  run: number;
  environment: "prod" | "prod-eu" | "test";
  finished: number;
  result: TimelineResult;
  incident: boolean;
}

const steps = fc.array(
  fc.record({
    run: fc.integer({ min: 1, max: 6 }),
    environment: fc.constantFrom("prod" as const, "prod-eu" as const, "test" as const),
    finished: fc.integer({ min: -48, max: 200 }),
    result: fc.constantFrom(...RESULTS),
    incident: fc.boolean(),
  }),
  { maxLength: 25 },
);

function historyOf(list: readonly Step[]): History {
  const history = new History();
  for (let run = 1; run <= 6; run++)
    history.run(run, {
      queued: run * 20 - 60,
      commits: [`c${run}`],
      workItems: run % 3 === 0 ? [run] : [],
    });
  for (let run = 1; run <= 6; run++)
    history.workItem({ id: run, type: run % 2 === 0 ? "Bug" : "Task" });
  list.forEach((step, index) => {
    history.deploy(100 + index, {
      run: step.run,
      environment: step.environment,
      finished: step.finished,
      result: step.result,
    });
    if (step.incident) history.incident(1000 + index, step.finished + 1);
  });
  return history;
}

describe("delivery metrics properties", () => {
  it("keeps the change failure rate within [0, 1] and the counts adding up", async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (list) => {
        const report = await metricsOf(historyOf(list));
        const { changeFailureRate, deploymentFrequency, reworkRate } = report.total.figures;
        const inWindow = report.deployments.filter((item) => item.inWindow);
        if (changeFailureRate.value !== null) {
          expect(changeFailureRate.value).toBeGreaterThanOrEqual(0);
          expect(changeFailureRate.value).toBeLessThanOrEqual(1);
          expect(changeFailureRate.total).toBe(inWindow.length);
        }
        const successful = inWindow.filter((item) => item.classification === "successful").length;
        const failed = inWindow.filter((item) => item.classification === "failed").length;
        expect(successful + failed).toBe(inWindow.length);
        expect(deploymentFrequency.successful).toBe(successful);
        expect(reworkRate.successful ?? 0).toBe(reworkRate.outcome === "value" ? successful : 0);
        const rowTotals = report.rows.reduce(
          (sum, row) => sum + (row.figures.changeFailureRate.total ?? 0),
          0,
        );
        expect(rowTotals).toBe(changeFailureRate.total ?? 0);
        const rowFailing = report.rows.reduce(
          (sum, row) => sum + (row.figures.changeFailureRate.failing ?? 0),
          0,
        );
        expect(rowFailing).toBe(changeFailureRate.failing ?? 0);
        const weeks = report.total.trend.reduce(
          (sum, week) => sum + (week.values["deployment-frequency"] ?? 0) * 7,
          0,
        );
        expect(weeks).toBeCloseTo(successful);
      }),
      { numRuns: 60 },
    );
  });

  it("never lowers the frequency when a successful deployment is added", async () => {
    await fc.assert(
      fc.asyncProperty(
        steps,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 167 }),
        async (list, run, finished) => {
          const before = await metricsOf(historyOf(list));
          const after = await metricsOf(
            historyOf([
              ...list,
              { run, environment: "prod", finished, result: "succeeded", incident: false },
            ]),
          );
          const value = (report: typeof before) =>
            report.total.figures.deploymentFrequency.value ?? 0;
          expect(value(after)).toBeGreaterThan(value(before));
        },
      ),
      { numRuns: 60 },
    );
  });
});
