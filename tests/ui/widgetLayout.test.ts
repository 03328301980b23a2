import { fitGaps, gapLines } from "../../src/ui/compliance/widgetLayout";

describe("compliance widget layout", () => {
  it("gives the 1-row size to the chart, 2×2 three lines and 3×2 seven", () => {
    expect(gapLines({ rowSpan: 1, columnSpan: 2 })).toBe(0);
    expect(gapLines({ rowSpan: 2, columnSpan: 2 })).toBe(3);
    expect(gapLines({ rowSpan: 2, columnSpan: 3 })).toBe(7);
  });

  it("shows what fits and counts the rest on the last line", () => {
    expect(fitGaps([1, 2, 3], 3)).toEqual({ shown: [1, 2, 3], more: 0 });
    expect(fitGaps([1, 2, 3, 4], 3)).toEqual({ shown: [1, 2], more: 2 });
    expect(fitGaps([1, 2], 0)).toEqual({ shown: [], more: 2 });
  });
});
