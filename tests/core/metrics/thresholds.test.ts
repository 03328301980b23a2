/** The --fail-if grammar and how thresholds are checked against the total. */
import { checkThresholds, parseThreshold, type Threshold } from "../../../src/core/metrics";
import { metricsOf } from "./builders";
import { workedExample } from "./workedExample";

function parsed(text: string): Threshold {
  const result = parseThreshold(text);
  if (!result.ok) throw new Error(result.problem);
  return result.threshold;
}

describe("--fail-if thresholds", () => {
  it("reads rates, times and frequencies with their units", () => {
    expect(parsed("change-failure-rate>15%")).toMatchObject({
      metric: "change-failure-rate",
      operator: ">",
      value: 0.15,
    });
    expect(parsed(" lead-time >= 2d ")).toMatchObject({
      metric: "lead-time",
      operator: ">=",
      value: 2 * 86_400,
    });
    expect(parsed("recovery<=90m")).toMatchObject({ metric: "recovery-time", value: 5400 });
    expect(parsed("deployment-frequency<1/week")).toMatchObject({ operator: "<", value: 1 / 7 });
    expect(parsed("frequency<2/month").value).toBeCloseTo(2 / 30);
    expect(parsed("rework-rate>20.5%").value).toBeCloseTo(0.205);
  });

  it.each([
    ["change-failure-rate>15", "needs a unit of %"],
    ["change-failure-rate>150%", "at most 100%"],
    ["lead-time>2", "needs a unit of s, m, h, d or w"],
    ["lead-time>2%", "needs a unit of s, m, h, d or w"],
    ["deployment-frequency<1", "/day, /week or /month"],
    ["mttr>1h", 'unknown metric "mttr"'],
    ["lead-time=2d", "is not METRIC OP VALUE"],
    ["lead-time>-2d", "is not METRIC OP VALUE"],
    ["", "is not METRIC OP VALUE"],
  ])("refuses %j", (text, problem) => {
    const result = parseThreshold(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });

  it("holds when the total compares true", async () => {
    const report = await metricsOf(workedExample());
    const results = checkThresholds(report, [
      parsed("change-failure-rate>15%"),
      parsed("change-failure-rate>50%"),
      parsed("change-failure-rate>=50%"),
      parsed("lead-time>4h"),
      parsed("lead-time>5h"),
      parsed("deployment-frequency<1/week"),
    ]);
    expect(results.map((result) => result.outcome)).toEqual([
      "held",
      "clear",
      "held",
      "held",
      "clear",
      "clear",
    ]);
  });
});
