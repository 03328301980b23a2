import type { OutcomeCounts } from "../../core/compliance/evaluate";

/** One scan's result in the project's history: small on purpose (extension data is a document). */
export interface ScoreSnapshot {
  /** Local calendar day, YYYY-MM-DD: one snapshot per day, the latest scan of the day wins. */
  date: string;
  score: number | null;
  counts: OutcomeCounts;
  baseline: string;
}

/** At most this many snapshots are kept (about three months of daily scans). */
export const MAX_SNAPSHOTS = 90;

export function dayOf(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, "0");
  const day = String(date.getDate()).padStart(2, "0");
  return `${date.getFullYear()}-${month}-${day}`;
}

function isSnapshot(value: unknown): value is ScoreSnapshot {
  const entry = value as Partial<ScoreSnapshot> | null;
  return (
    typeof entry === "object" &&
    entry !== null &&
    typeof entry.date === "string" &&
    /^\d{4}-\d{2}-\d{2}$/.test(entry.date) &&
    (entry.score === null || typeof entry.score === "number") &&
    typeof entry.counts === "object" &&
    entry.counts !== null
  );
}

/** Stored history as written by any version: entries that do not parse are dropped. */
export function readHistory(value: unknown): ScoreSnapshot[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isSnapshot).sort((left, right) => left.date.localeCompare(right.date));
}

/** Adds (or replaces the same day's) snapshot, oldest first, keeping the newest MAX_SNAPSHOTS. */
export function addSnapshot(history: ScoreSnapshot[], snapshot: ScoreSnapshot): ScoreSnapshot[] {
  const others = history.filter((entry) => entry.date !== snapshot.date);
  const merged = [...others, snapshot].sort((left, right) => left.date.localeCompare(right.date));
  return merged.slice(-MAX_SNAPSHOTS);
}

export interface Trend {
  current: number | null;
  previous: number | null;
  /** current − previous in points, when both exist. */
  change?: number;
  direction: "up" | "down" | "flat" | "none";
}

/**
 * The latest snapshot against the newest earlier one of the same baseline: scores of different
 * baselines measure different things, so a baseline change starts a new trend.
 */
export function trendOf(history: ScoreSnapshot[]): Trend {
  const latest = history[history.length - 1];
  const before = history
    .slice(0, -1)
    .reverse()
    .find((entry) => entry.baseline === latest?.baseline);
  const current = latest?.score ?? null;
  const previous = before?.score ?? null;
  if (current === null || previous === null) return { current, previous, direction: "none" };
  const change = Math.round((current - previous) * 10) / 10;
  return {
    current,
    previous,
    change,
    direction: change > 0 ? "up" : change < 0 ? "down" : "flat",
  };
}
