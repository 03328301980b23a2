import {
  labelStride,
  lineSegments,
  niceAxis,
  pointText,
  seriesSummary,
  type ChartPoint,
} from "../../../src/ui/components/charts/chartScale";

const week = (label: string, value: number | null, detail?: string): ChartPoint => ({
  label,
  value,
  title: `2026-${label}`,
  ...(detail ? { detail } : {}),
});

describe("niceAxis", () => {
  it.each([
    [7, [0, 2, 4, 6, 8]],
    [10, [0, 5, 10]],
    [41, [0, 20, 40, 60]],
    [0.33, [0, 0.1, 0.2, 0.3, 0.4]],
    [1, [0, 0.5, 1]],
    [0.05, [0, 0.02, 0.04, 0.06]],
  ])("rounds %p up to steps of 1, 2 or 5 × 10^n", (largest, ticks) => {
    const axis = niceAxis(largest);
    expect(axis.ticks).toEqual(ticks);
    expect(axis.max).toBe(ticks[ticks.length - 1]);
    expect(axis.max).toBeGreaterThanOrEqual(largest);
  });

  it("gives a series of zeros (or no value) an axis rather than dividing by zero", () => {
    expect(niceAxis(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceAxis(Number.NaN, 4, 10)).toEqual({ max: 10, ticks: [0, 10] });
  });
});

describe("series shaping", () => {
  it("breaks a line where a point could not be read", () => {
    const points = [week("W1", 1), week("W2", 2), week("W3", null), week("W4", 4), week("W5", 5)];
    expect(lineSegments(points)).toEqual([
      [0, 1],
      [3, 4],
    ]);
  });

  it("thins the labels that would overlap, keeping the newest", () => {
    expect(labelStride(4, 60, 40)).toBe(1);
    expect(labelStride(26, 11, 40)).toBe(4);
  });

  it("says an unread point is not available, never 0", () => {
    expect(pointText(week("W49", null), String)).toBe("2026-W49: not available");
    expect(pointText(week("W48", 3, "3 of 41 deployments"), String)).toBe(
      "2026-W48: 3 (3 of 41 deployments)",
    );
  });

  it("says why a point has no value when it was read but there was nothing to count", () => {
    const quiet: ChartPoint = { label: "W50", value: null, empty: "nothing to count" };
    expect(pointText(quiet, String)).toBe("W50: nothing to count");
    expect(seriesSummary("Change failure rate", [quiet], String)).toBe(
      "Change failure rate: no value (nothing to count).",
    );
    expect(seriesSummary("Rate", [week("W49", 1), quiet], String)).not.toMatch(/not available/);
  });

  it("summarises first, last and highest points, and how many were not read", () => {
    const points = [week("W45", 2), week("W46", null), week("W47", 9), week("W48", 4)];
    expect(seriesSummary("Deployments per week", points, String)).toBe(
      "Deployments per week, 4 points; from 2026-W45: 2 to 2026-W48: 4; highest 2026-W47: 9; 1 not available.",
    );
    expect(seriesSummary("Lead time", [week("W1", null)], String)).toBe(
      "Lead time: no value could be read.",
    );
  });
});
