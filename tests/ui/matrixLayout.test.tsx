import { complianceRuleWidth } from "../../src/ui/components/ComplianceMatrix";
import { matrixHeight, matrixWidths } from "../../src/ui/components/TraceDeployedMatrix";
import { workItemColumns } from "../../src/ui/components/TraceWorkItemList";

describe("wide tables fill their card", () => {
  it("deployed where shows every row up to ten, never a half-cut one", () => {
    const header = matrixHeight(0, false);
    const row = matrixHeight(1, false) - header;
    expect(matrixHeight(8, false)).toBe(header + 8 * row);
    expect(matrixHeight(40, false)).toBe(header + 10 * row);
    // A sideways scroll bar gets its own room below the last row.
    expect(matrixHeight(8, true)).toBeGreaterThan(matrixHeight(8, false));
  });

  it("eight environments fit 1440 px; at 900 px the pipeline column keeps room for its names", () => {
    const wide = matrixWidths(1376, 8);
    expect(wide.pipeline + 8 * wide.environment).toBeLessThanOrEqual(1376);
    expect(matrixWidths(836, 9).pipeline).toBeGreaterThanOrEqual(180);
  });

  it("the compliance rules share the card's width", () => {
    const width = complianceRuleWidth(1376, 7);
    expect(220 + 72 + 7 * width).toBeLessThanOrEqual(1376);
    expect(220 + 72 + 7 * (width + 1)).toBeGreaterThan(1376);
    expect(complianceRuleWidth(500, 7)).toBe(112);
  });

  it("the work items' title takes what the other columns leave", () => {
    const total = (available: number) =>
      workItemColumns(available).reduce((sum, column) => sum + column.width, 0);
    expect(total(1340)).toBe(1338);
    // The card at 900 px: every column in view, the Trace button too.
    expect(total(836)).toBeLessThanOrEqual(836);
    expect(workItemColumns(836).find((column) => column.id === "title")?.width).toBeGreaterThan(
      300,
    );
    expect(workItemColumns(600).find((column) => column.id === "title")?.width).toBe(240);
  });
});
