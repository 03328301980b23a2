/**
 * The compliance score history: one small document per project that the hub, the compliance
 * widget, the pipeline task and `release-trace compliance --publish` all write and read. Pure
 * rules (UTC days, one entry per day and baseline, the cap, scans before views) and the one
 * etag-checked read-merge-write loop, over a port each host implements.
 */
import type { OutcomeCounts } from "./evaluate";
import { updateVersioned, type VersionedStore } from "../sources/versionedDocument";

/** Who took the snapshot: a scheduled scan (task, CLI) or someone opening a view. */
export type SnapshotOrigin = "scan" | "view";

/** One scan's result in the project's history: small on purpose (extension data is a document). */
export interface ScoreSnapshot {
  /** UTC calendar day, YYYY-MM-DD: one snapshot per day and baseline. */
  date: string;
  score: number | null;
  counts: OutcomeCounts;
  baseline: string;
  /** Absent in entries written before scans published: those count as views. */
  origin?: SnapshotOrigin;
}

/** At most this many snapshots are kept per project (over a year of daily scans). */
export const MAX_SNAPSHOTS = 400;

/** Baseline names are user-chosen; cut long ones so an entry stays small. */
export const MAX_BASELINE_NAME = 120;

/**
 * The extension data service refuses documents over 5,244,928 bytes
 * (MaximumDocumentSizeException); a full history must stay far below it.
 */
export const SERVICE_DOCUMENT_LIMIT_BYTES = 5_244_928;

/** The extension setting (collection `$settings`) holding a project's history. */
export function historyKey(projectId: string): string {
  return `compliance-history-${projectId}`;
}

/** The UTC calendar day of an instant: every writer, in any time zone, agrees on it. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const COUNT_KEYS: (keyof OutcomeCounts)[] = [
  "pass",
  "fail",
  "not-applicable",
  "not-available",
  "exempt",
  "error",
];

/** A snapshot of a scan's summary, taken on `at`'s UTC day. */
export function snapshotOf(
  summary: { score: number | null; byOutcome: OutcomeCounts },
  baseline: string,
  at: Date,
  origin: SnapshotOrigin,
): ScoreSnapshot {
  const counts = Object.fromEntries(
    COUNT_KEYS.map((key) => [key, summary.byOutcome[key] ?? 0]),
  ) as unknown as OutcomeCounts;
  return {
    date: utcDay(at),
    score: summary.score,
    counts,
    baseline: baseline.slice(0, MAX_BASELINE_NAME),
    origin,
  };
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
    entry.counts !== null &&
    typeof entry.baseline === "string"
  );
}

/** Stored history as written by any version, oldest first: entries that do not parse are dropped. */
export function readHistory(value: unknown): ScoreSnapshot[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isSnapshot).sort((left, right) => left.date.localeCompare(right.date));
}

/**
 * Adds a snapshot, oldest first, keeping the newest MAX_SNAPSHOTS. One entry per UTC day and
 * baseline: a later snapshot replaces that day's, except that a view never replaces a scan (what
 * a scheduled scan recorded stays, whoever opens the hub that day). Within a day the newest
 * written comes last, so it is the "current" one.
 */
export function addSnapshot(history: ScoreSnapshot[], snapshot: ScoreSnapshot): ScoreSnapshot[] {
  const sameSlot = (entry: ScoreSnapshot) =>
    entry.date === snapshot.date && entry.baseline === snapshot.baseline;
  const existing = history.find(sameSlot);
  if (existing && (existing.origin ?? "view") === "scan" && snapshot.origin !== "scan") {
    return history.slice(-MAX_SNAPSHOTS);
  }
  const merged = [...history.filter((entry) => !sameSlot(entry)), snapshot];
  // Array sort is stable: the new entry stays last among its day's.
  merged.sort((left, right) => left.date.localeCompare(right.date));
  return merged.slice(-MAX_SNAPSHOTS);
}

/**
 * The history as a view that does not write would show it: the stored entries with the view's
 * own snapshot added in memory (a scan's entry for the day still wins, as in `addSnapshot`).
 */
export function previewSnapshot(stored: unknown, snapshot: ScoreSnapshot): ScoreSnapshot[] {
  return addSnapshot(readHistory(stored), snapshot);
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

export type { VersionedStore, VersionedValue } from "../sources/versionedDocument";
export { MAX_WRITE_ATTEMPTS } from "../sources/versionedDocument";

/**
 * Reads the history, adds the snapshot and writes it back against the version read; on a
 * conflict it reads again and merges again, so no writer's snapshot is lost or cut.
 */
export function recordSnapshot(
  store: VersionedStore,
  projectId: string,
  snapshot: ScoreSnapshot,
): Promise<ScoreSnapshot[]> {
  return updateVersioned(
    store,
    historyKey(projectId),
    (stored) => {
      const before = readHistory(stored);
      const history = addSnapshot(before, snapshot);
      // Nothing new (the day's entry already says the same): a write would only risk a conflict.
      return { value: history, changed: JSON.stringify(history) !== JSON.stringify(before) };
    },
    "score history",
  );
}
