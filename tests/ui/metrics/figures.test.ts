import {
  chartSeries,
  directionView,
  headlineText,
  metricView,
  universeText,
  weekTitle,
} from "../../../src/ui/metrics/figures";
import { figures, slice, week } from "../deliveryFixtures";

describe("delivery figure words", () => {
  const all = figures();

  it("words each headline as the CLI does, and says why there is none", () => {
    expect(headlineText(all.deploymentFrequency, metricView("deployment-frequency"))).toBe(
      "0.7/week",
    );
    expect(headlineText(all.leadTime, metricView("lead-time"))).toBe("14 h");
    expect(headlineText(all.changeFailureRate, metricView("change-failure-rate"))).toBe("50%");
    expect(headlineText(all.reworkRate, metricView("rework-rate"))).toBe("Not available");
    const none = { ...all.changeFailureRate, outcome: "none" as const, value: null };
    expect(headlineText(none, metricView("change-failure-rate"))).toBe("No data");
  });

  it("shows the universe a figure was computed over", () => {
    expect(universeText(all.changeFailureRate)).toBe("2 of 4 deployments");
    expect(universeText(all.leadTime)).toBe("2 commits");
    expect(
      universeText({ ...all.recoveryTime, universe: { counted: 1, of: 1, noun: "failures" } }),
    ).toBe("1 of 1 failure");
  });

  it("judges a trend by which way is better for the metric", () => {
    expect(directionView("up", metricView("deployment-frequency"))).toMatchObject({
      arrow: "↑",
      verdict: "better",
    });
    expect(directionView("up", metricView("change-failure-rate"))).toMatchObject({
      arrow: "↑",
      verdict: "worse",
      label: "Up over the trend, worse",
    });
    expect(directionView("unknown", metricView("lead-time")).arrow).toBe("");
  });

  it("names a week by its ISO name and days, saying when the window cuts it", () => {
    const cut = {
      ...week("2025-W02", "2025-01-06T00:00:00Z", "2025-01-11T00:00:00Z", []),
      partial: true,
    };
    expect(weekTitle(cut)).toBe("2025-W02 (6 Jan–10 Jan, part of the week)");
  });

  it("draws durations in the unit of the largest week, and a week with nothing to count as empty", () => {
    const series = chartSeries(slice(), metricView("lead-time"));
    expect(series.points.map((point) => point.value)).toEqual([3, 2]);
    expect(series.format(2)).toBe("2 d");
    const rate = chartSeries(slice(), metricView("rework-rate"));
    expect(rate.points.map((point) => [point.label, point.value, point.empty])).toEqual([
      ["W52", null, "nothing to count"],
      ["W01", null, "nothing to count"],
    ]);
    const recovery = chartSeries(slice(), metricView("recovery-time"));
    expect(recovery.points[1]).toMatchObject({
      label: "W01",
      value: 24,
      title: "2025-W01 (30 Dec–5 Jan)",
    });
    expect(recovery.format(24)).toBe("24 h");
  });
});
