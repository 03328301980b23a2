/** Shared view shaping of the small SVG charts: points, a round value axis, label thinning. */

/**
 * One point of a series: a week, a day, a scan. `value` null is "could not be read" (never zero),
 * unless `empty` says why there is no value ("nothing to count": a rate of 0 of 0).
 */
export interface ChartPoint {
  /** Short text under the axis ("W48"). */
  label: string;
  value: number | null;
  /** Said instead of the value when there is none for a reason other than a failed read. */
  empty?: string;
  /** Full name for the value read-out and the table ("2026-W48, 23–29 Nov"); else `label`. */
  title?: string;
  /** Said after the value ("3 of 41 deployments"). */
  detail?: string;
}

export interface ValueAxis {
  /** The bottom of the axis; 0 when absent. A fitted axis (a score's 40–50%) starts higher. */
  min?: number;
  /** The top of the axis. */
  max: number;
  /** The bottom, bottom + step, … up to `max`. */
  ticks: number[];
}

/** 1, 2 or 5 × 10^n, the smallest at or above `raw`. */
function roundStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const nice = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
  return nice * magnitude;
}

/**
 * An axis from 0 to a round value at or above `largest`, in about `count` steps of 1, 2 or 5 ×
 * 10^n: people read 0, 5, 10, 15 faster than 0, 4.3, 8.6. A series of zeros (or none) still gets
 * an axis, 0 to `fallbackMax`.
 */
export function niceAxis(largest: number, count = 4, fallbackMax = 1): ValueAxis {
  if (!Number.isFinite(largest) || largest <= 0)
    return { max: fallbackMax, ticks: [0, fallbackMax] };
  const step = roundStep(largest / count);
  const steps = Math.ceil(largest / step - 1e-9);
  // toPrecision drops the float noise of 0.1 × 3.
  const ticks = Array.from({ length: steps + 1 }, (_, index) =>
    Number((index * step).toPrecision(12)),
  );
  return { max: ticks[ticks.length - 1], ticks };
}

/** The largest value of the series that was read (0 when none was). */
export function largestValue(points: readonly ChartPoint[]): number {
  return points.reduce((largest, point) => Math.max(largest, point.value ?? 0), 0);
}

/**
 * Which labels to draw when they do not all fit: every `stride`-th from the last (the newest is
 * always labelled), `stride` the smallest that leaves `minGap` pixels per label.
 */
export function labelStride(count: number, band: number, minGap: number): number {
  if (count === 0 || band >= minGap) return 1;
  return Math.ceil(minGap / band);
}

/** The point's full name. */
export function pointTitle(point: ChartPoint): string {
  return point.title ?? point.label;
}

/** "2026-W48: 3 (3 of 41 deployments)", "2026-W49: not available". */
export function pointText(point: ChartPoint, format: (value: number) => string): string {
  const value = point.value === null ? (point.empty ?? "not available") : format(point.value);
  return `${pointTitle(point)}: ${value}${point.detail ? ` (${point.detail})` : ""}`;
}

/** A text alternative: the first and last points read, and the highest. */
export function seriesSummary(
  name: string,
  points: readonly ChartPoint[],
  format: (value: number) => string,
): string {
  const read = points.filter((point) => point.value !== null);
  if (read.length === 0)
    return points.some((point) => !point.empty)
      ? `${name}: no value could be read.`
      : `${name}: no value (${points[0]?.empty ?? "no points"}).`;
  const first = read[0];
  const last = read[read.length - 1];
  const highest = read.reduce((top, point) =>
    (point.value ?? 0) > (top.value ?? 0) ? point : top,
  );
  const unread = points.filter((point) => point.value === null && !point.empty).length;
  return [
    `${name}, ${points.length} points`,
    `from ${pointText(first, format)} to ${pointText(last, format)}`,
    `highest ${pointText(highest, format)}`,
    ...(unread > 0 ? [`${unread} not available`] : []),
  ]
    .join("; ")
    .concat(".");
}

/** Line segments between consecutive points that were read (a gap where one was not). */
export function lineSegments(points: readonly ChartPoint[]): number[][] {
  const segments: number[][] = [];
  let current: number[] = [];
  points.forEach((point, index) => {
    if (point.value === null) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else current.push(index);
  });
  if (current.length > 0) segments.push(current);
  return segments;
}
