import {
  fitGaps,
  gapLines,
  hasChart,
  scoreWidgetLayout,
} from "../../src/ui/compliance/widgetLayout";

describe("compliance widget layout", () => {
  it("gives the 1-row size to the chart, 2×2 three lines and 3×2 five", () => {
    expect(gapLines({ rowSpan: 1, columnSpan: 2 })).toBe(0);
    expect(gapLines({ rowSpan: 2, columnSpan: 2 })).toBe(3);
    expect(gapLines({ rowSpan: 2, columnSpan: 3 })).toBe(5);
  });

  it("puts the chart beside the score in one row and at 3×2, under it at 2×2", () => {
    expect(scoreWidgetLayout({ rowSpan: 1, columnSpan: 2 }).arrangement).toBe("row");
    expect(scoreWidgetLayout({ rowSpan: 2, columnSpan: 2 }).arrangement).toBe("stack");
    expect(scoreWidgetLayout({ rowSpan: 2, columnSpan: 3 }).arrangement).toBe("wide");
    // Each size draws a larger chart than the one before: the space goes to the picture.
    const areas = [
      { rowSpan: 1, columnSpan: 2 },
      { rowSpan: 2, columnSpan: 2 },
      { rowSpan: 2, columnSpan: 3 },
    ].map((size) => scoreWidgetLayout(size).chart.width * scoreWidgetLayout(size).chart.height);
    expect(areas[1]).toBeGreaterThan(areas[0]);
    expect(areas[2]).toBeGreaterThan(areas[0]);
  });

  it("shows what fits and counts the rest on the last line", () => {
    expect(fitGaps([1, 2, 3], 3)).toEqual({ shown: [1, 2, 3], more: 0 });
    expect(fitGaps([1, 2, 3, 4], 3)).toEqual({ shown: [1, 2], more: 2 });
    expect(fitGaps([1, 2], 0)).toEqual({ shown: [], more: 2 });
  });

  it("gives the chart's height to more failing rules until there are two days to draw", () => {
    const day = (score: number | null, baseline = "b") => ({ score, baseline });
    expect(hasChart([day(40)])).toBe(false);
    expect(hasChart([day(40, "old"), day(41)])).toBe(false);
    expect(hasChart([day(40), day(null), day(41)])).toBe(true);
    expect(gapLines({ rowSpan: 2, columnSpan: 2 }, false)).toBeGreaterThan(
      gapLines({ rowSpan: 2, columnSpan: 2 }, true),
    );
    expect(gapLines({ rowSpan: 2, columnSpan: 3 }, false)).toBeGreaterThan(
      gapLines({ rowSpan: 2, columnSpan: 3 }, true),
    );
    expect(gapLines({ rowSpan: 1, columnSpan: 2 }, false)).toBe(0);
  });
});
