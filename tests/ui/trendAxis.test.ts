import { scoreAxis } from "../../src/ui/compliance/trendAxis";

describe("scoreAxis", () => {
  it("zooms in on 41→49 so the climb shows, and says it does not start at 0", () => {
    expect(scoreAxis([41, 44, 49])).toEqual({
      min: 40,
      max: 50,
      ticks: [40, 42, 44, 46, 48, 50],
      zoomed: true,
    });
  });

  it("keeps a wide spread on the full scale", () => {
    expect(scoreAxis([3, 97])).toEqual({
      min: 0,
      max: 100,
      ticks: [0, 25, 50, 75, 100],
      zoomed: false,
    });
  });

  it("widens a flat line to a few points around it, within 0–100", () => {
    expect(scoreAxis([100, 100])).toMatchObject({ min: 96, max: 100, zoomed: true });
    expect(scoreAxis([0, 0])).toMatchObject({ min: 0, max: 4, zoomed: false });
    const flat = scoreAxis([60, 60]);
    expect(flat.min).toBeLessThan(60);
    expect(flat.max).toBeGreaterThan(60);
  });

  it("always has its scores inside, min and max as ticks", () => {
    for (const scores of [[1, 2], [12, 87], [33, 34, 35], [50], [99, 100], [0, 100]]) {
      const axis = scoreAxis(scores);
      expect(Math.min(...scores)).toBeGreaterThanOrEqual(axis.min);
      expect(Math.max(...scores)).toBeLessThanOrEqual(axis.max);
      expect(axis.ticks[0]).toBe(axis.min);
      expect(axis.ticks[axis.ticks.length - 1]).toBe(axis.max);
    }
  });
});
