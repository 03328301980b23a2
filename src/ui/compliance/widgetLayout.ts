/** How much of the compliance summary each widget size holds, and where it goes. */

/** Widget sizes in cells, as the dashboard passes them. */
interface CellSize {
  rowSpan: number;
  columnSpan: number;
}

export interface ScoreWidgetLayout {
  /**
   * "row" (1 row of cells): the chart beside the score, one line of counts; "stack" (2×2): the
   * chart under the score, then the top gaps; "wide" (3×2): score and chart side by side over
   * the top gaps, which get the full width for their titles.
   */
  arrangement: "row" | "stack" | "wide";
  /** The chart's drawing size in pixels (the SVG keeps this aspect and fits its box). */
  chart: { width: number; height: number };
  /** Failing rules listed, the "and N more" line included. */
  gapLines: number;
}

/*
 * Budgets in pixels, measured in both themes: a widget is 160 px per cell (10 px gaps), less
 * 14 px padding above, 12 px below and a 28 px title. The chart's caption takes 18 px under it.
 * Until there is a chart (two days of scans), its note is two short lines and the gap list gets
 * the height the chart would have taken.
 */
export function scoreWidgetLayout(size: CellSize, charted = true): ScoreWidgetLayout {
  if (size.rowSpan < 2)
    return { arrangement: "row", chart: { width: 176, height: 62 }, gapLines: 0 };
  if (size.columnSpan >= 3)
    return { arrangement: "wide", chart: { width: 260, height: 104 }, gapLines: charted ? 5 : 7 };
  return { arrangement: "stack", chart: { width: 298, height: 80 }, gapLines: charted ? 3 : 6 };
}

/** Whether the history draws a chart: two scored days of the latest entry's baseline. */
export function hasChart(history: { score: number | null; baseline: string }[]): boolean {
  const baseline = history[history.length - 1]?.baseline;
  return history.filter((entry) => entry.score !== null && entry.baseline === baseline).length >= 2;
}

/** Failing rules a size has room for beside a chart; the 1-row size shows the chart instead. */
export function gapLines(size: CellSize, charted = true): number {
  return scoreWidgetLayout(size, charted).gapLines;
}

/** The top rules that fit; the "and N more" line takes the place of one (nothing dropped silently). */
export function fitGaps<T>(gaps: T[], lines: number): { shown: T[]; more: number } {
  if (gaps.length <= lines) return { shown: gaps, more: 0 };
  if (lines <= 0) return { shown: [], more: gaps.length };
  const shown = gaps.slice(0, Math.max(1, lines - 1));
  return { shown, more: gaps.length - shown.length };
}
