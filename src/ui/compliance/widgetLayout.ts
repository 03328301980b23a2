/** How much of the compliance summary each widget size holds. */

/** Failing rules a size has room for; the 1-row size shows the chart instead. */
export function gapLines(size: { rowSpan: number; columnSpan: number }): number {
  if (size.rowSpan < 2) return 0;
  return size.columnSpan >= 3 ? 7 : 3;
}

/** The top rules that fit; the "and N more" line takes the place of one (nothing dropped silently). */
export function fitGaps<T>(gaps: T[], lines: number): { shown: T[]; more: number } {
  if (gaps.length <= lines) return { shown: gaps, more: 0 };
  if (lines <= 0) return { shown: [], more: gaps.length };
  const shown = gaps.slice(0, Math.max(1, lines - 1));
  return { shown, more: gaps.length - shown.length };
}
