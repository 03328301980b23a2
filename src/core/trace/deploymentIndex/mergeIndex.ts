/**
 * Building the deployment index incrementally: each environment is read newest first down to a
 * point (its watermark, or lower where a row was still running), and the fresh records replace
 * the old rows from that point up. Pure; the refresh around it reads and writes.
 */
import type { DeploymentRecord, Environment, Release } from "../../model";
import {
  INDEX_SCHEMA_VERSION,
  MAX_NAME_LENGTH,
  MAX_PIPELINES_PER_ENVIRONMENT,
  MAX_RELEASES,
  MAX_ROWS,
  MAX_ROWS_PER_ENVIRONMENT,
  releaseRowOf,
  rowOf,
  type DeploymentIndex,
  type IndexedRelease,
  type IndexedReleases,
  type IndexedEnvironment,
  type IndexRow,
} from "./deploymentIndex";
import { CLOCK_SLACK_MS } from "./verifyPlan";

/** One environment's records as read: every record with an id of at least `downTo`. */
export interface EnvironmentRead {
  environmentId: number;
  records: DeploymentRecord[];
  /** Where the read stopped (ids below it were not read); absent: read to the end. */
  downTo?: number;
}

export interface IndexRead {
  projectId: string;
  /** When the reads were made. */
  at: Date;
  /** The project's environments now; the index keeps no other. */
  environments: Environment[];
  /** One read per environment to keep: an environment not read is left out of the index. */
  reads: EnvironmentRead[];
  /**
   * Classic releases as read: every one with an id of at least `downTo` (absent: all of them).
   * No read: the index keeps the releases it had.
   */
  releases?: { records: Release[]; downTo?: number };
}

/**
 * Where each environment's next read may stop: above the watermark is new, and a row that was
 * still running when read may have changed since, so the read goes down to it. Environments the
 * index does not know are absent (read to the end).
 */
export function refreshStops(index: DeploymentIndex | undefined): Map<number, number> {
  const stops = new Map<number, number>();
  if (!index) return stops;
  for (const environment of index.environments)
    stops.set(environment.id, environment.watermark + 1);
  for (const row of index.rows) {
    const stop = stops.get(row[1]);
    if (row[6] === null && stop !== undefined && row[0] < stop) stops.set(row[1], row[0]);
  }
  return stops;
}

const newestFirst = (left: IndexRow, right: IndexRow) => right[0] - left[0];

/** Runs queued before this may have rows that were dropped (a row without a queue time: any). */
function droppedBound(dropped: readonly { queued: number | null }[]): number {
  let bound = 0;
  for (const { queued } of dropped)
    bound = Math.max(bound, queued === null ? Number.MAX_SAFE_INTEGER : queued + 1);
  return bound;
}

/** One environment's rows after a read, and where the index can no longer answer. */
interface EnvironmentRows {
  rows: IndexRow[];
  complete: boolean;
  /** Runs queued before this may have had rows dropped, now or before (0: none dropped). */
  cutQueued: number;
}

/**
 * The rows of one environment after a read: fresh ones from `downTo` up, the old ones below,
 * and, when the stored index is newer than the read (`later`: written by a later reader
 * meanwhile), any it has above the read's newest. Above it in an older index: no longer there.
 */
function environmentRows(
  read: EnvironmentRead,
  previous: DeploymentIndex | undefined,
  laterSince: number | undefined,
): EnvironmentRows {
  const fresh = read.records
    .filter((record) => record.environmentId === read.environmentId)
    .map(rowOf);
  const stop = read.downTo;
  const known = previous?.environments.find((item) => item.id === read.environmentId);
  const top = Math.max((stop ?? 1) - 1, ...fresh.map((row) => row[0]));
  const own = known ? (previous?.rows ?? []).filter((row) => row[1] === read.environmentId) : [];
  const kept = own.filter(
    (row) =>
      (stop !== undefined && row[0] < stop) ||
      (laterSince !== undefined && row[0] > top && queuedSince(row, laterSince)),
  );
  const seen = new Set(fresh.map((row) => row[0]));
  const rows = [...fresh, ...kept.filter((row) => !seen.has(row[0]))].sort(newestFirst);
  const dropped = rows.slice(MAX_ROWS_PER_ENVIRONMENT).map((row) => ({ queued: row[7] }));
  const carried = stop !== undefined && known && !known.complete ? (known.floorQueued ?? 0) : 0;
  const cutQueued = Math.max(carried, droppedBound(dropped));
  const wasComplete = stop === undefined || (known?.complete ?? false);
  return {
    rows: rows.slice(0, MAX_ROWS_PER_ENVIRONMENT),
    complete: wasComplete && dropped.length === 0,
    cutQueued,
  };
}

/** The newest MAX_ROWS rows overall (by queue time, then id); per environment, what was cut. */
function capTotal(rows: IndexRow[]): { rows: IndexRow[]; cutQueued: Map<number, number> } {
  const cutQueued = new Map<number, number>();
  if (rows.length <= MAX_ROWS) return { rows, cutQueued };
  const ordered = [...rows].sort(
    (left, right) => (right[7] ?? 0) - (left[7] ?? 0) || right[0] - left[0],
  );
  for (const row of ordered.slice(MAX_ROWS))
    cutQueued.set(row[1], Math.max(cutQueued.get(row[1]) ?? 0, droppedBound([{ queued: row[7] }])));
  return { rows: ordered.slice(0, MAX_ROWS), cutQueued };
}

/** What is known of an environment besides its rows, carried from the last index. */
interface Carried {
  watermark: number;
  pipelines: readonly number[] | "any";
  /** Runs queued before this may have had rows dropped (0: none were). */
  cutQueued: number;
}

function pipelinesOf(carried: Carried, own: IndexRow[]): IndexedEnvironment["pipelines"] {
  if (carried.pipelines === "any") return "any";
  const pipelines = new Set([...carried.pipelines, ...own.map((row) => row[2])]);
  if (pipelines.size > MAX_PIPELINES_PER_ENVIRONMENT) return "any";
  return [...pipelines].sort((left, right) => left - right);
}

function describe(environment: Environment, own: IndexRow[], carried: Carried): IndexedEnvironment {
  // Rows are newest first: the last is the oldest kept.
  const oldest = own[own.length - 1];
  const complete = carried.cutQueued === 0;
  return {
    id: environment.id,
    name: environment.name.slice(0, MAX_NAME_LENGTH),
    watermark: Math.max(carried.watermark, own[0]?.[0] ?? 0),
    complete,
    floor: oldest?.[0] ?? 0,
    ...(complete ? {} : { floorQueued: carried.cutQueued }),
    pipelines: pipelinesOf(carried, own),
  };
}

/** The pipelines an environment's read found, with those the index knew when it read less. */
function carriedPipelines(
  known: IndexedEnvironment | undefined,
  read: EnvironmentRead,
): Carried["pipelines"] {
  if (known?.pipelines === "any") return "any";
  const found = read.records
    .filter((record) => record.environmentId === read.environmentId)
    .map((record) => record.pipeline.id);
  return [...(known?.pipelines ?? []), ...found];
}

/**
 * The releases after a read: the fresh ones from its stop up, the old ones below, the newest
 * MAX_RELEASES kept. Undefined when a release names too many builds to keep (none indexed).
 */
export function mergeReleases(
  previous: IndexedReleases | undefined,
  read: NonNullable<IndexRead["releases"]>,
): IndexedReleases | undefined {
  const fresh: IndexedRelease[] = [];
  for (const release of read.records) {
    const row = releaseRowOf(release);
    if (!row) return undefined;
    fresh.push(row);
  }
  const stop = read.downTo;
  const top = Math.max((stop ?? 1) - 1, ...fresh.map((row) => row[0]));
  // Below the read's stop, and above its newest (a later reader's): the stored rows stay.
  const kept = (previous?.rows ?? []).filter(
    (row) => (stop !== undefined && row[0] < stop) || row[0] > top,
  );
  const seen = new Set(fresh.map((row) => row[0]));
  const rows = [...fresh, ...kept.filter((row) => !seen.has(row[0]))].sort(
    (left, right) => right[0] - left[0],
  );
  const dropped = rows.slice(MAX_RELEASES).map((row) => ({ queued: row[1] }));
  const carried =
    stop !== undefined && previous && !previous.complete ? (previous.floorCreated ?? 0) : 0;
  const cut = Math.max(carried, droppedBound(dropped));
  const own = rows.slice(0, MAX_RELEASES);
  const watermark = Math.max(stop === undefined ? 0 : (previous?.watermark ?? 0), own[0]?.[0] ?? 0);
  return {
    watermark,
    complete: cut === 0,
    ...(cut === 0 ? {} : { floorCreated: cut }),
    rows: own,
  };
}

/**
 * Whether the stored index may have been written by a reader later than this read: dated after
 * it, or before it by less than the clock slack (two writers' clocks may differ by that much).
 */
function writtenLater(base: DeploymentIndex | undefined, readAt: number): boolean {
  return base !== undefined && Date.parse(base.asOf) > readAt - CLOCK_SLACK_MS;
}

/**
 * From when a row the read did not list may be a later reader's: queued since the read began (less
 * the clock slack). A row queued before was there to be listed, so the service no longer has it.
 * Undefined: the stored index was not written later, and none is kept.
 */
function laterRowsSince(base: DeploymentIndex | undefined, readAt: number): number | undefined {
  return writtenLater(base, readAt) ? readAt - CLOCK_SLACK_MS : undefined;
}

/** A row queued at or after `since` (one with no queue time cannot be told, and counts). */
function queuedSince(row: IndexRow, since: number): boolean {
  return row[7] === null || row[7] >= since;
}

/** One environment of the merged index: its rows so far and what is carried besides them. */
interface MergedEnvironment {
  environment: Environment;
  rows: IndexRow[];
  carried: Omit<Carried, "cutQueued">;
  /** Runs queued before this may have had rows dropped before the total cap (0: none). */
  cutQueued: number;
}

/** An environment as read, merged with what the index knew of it. */
function readEnvironment(
  item: EnvironmentRead,
  environment: Environment,
  base: DeploymentIndex | undefined,
  readAt: number,
): MergedEnvironment {
  const known = base?.environments.find((entry) => entry.id === item.environmentId);
  // Read to the end: what was read is all there is. Else the older knowledge still holds.
  const incremental = item.downTo !== undefined;
  const { rows, cutQueued } = environmentRows(item, base, laterRowsSince(base, readAt));
  return {
    environment,
    rows,
    cutQueued,
    carried: {
      watermark: incremental ? (known?.watermark ?? 0) : 0,
      pipelines: carriedPipelines(incremental ? known : undefined, item),
    },
  };
}

/**
 * The environments a later reader's index (written meanwhile) holds that this read has not: they
 * existed, and were seen, by its date, which the merge keeps, so they stay as that reader left them.
 */
function laterEnvironments(
  base: DeploymentIndex | undefined,
  read: IndexRead,
  covered: ReadonlySet<number>,
): MergedEnvironment[] {
  const since = laterRowsSince(base, read.at.getTime());
  if (!base || since === undefined) return [];
  // Dated before the read, it is kept only for what may be new since (else it may be long gone).
  const newer = Date.parse(base.asOf) > read.at.getTime();
  const recent = (id: number) => base.rows.some((row) => row[1] === id && queuedSince(row, since));
  return base.environments
    .filter((known) => !covered.has(known.id) && (newer || recent(known.id)))
    .map((known) => ({
      environment: { id: known.id, name: known.name },
      rows: base.rows.filter((row) => row[1] === known.id),
      cutQueued: known.complete ? 0 : (known.floorQueued ?? Number.MAX_SAFE_INTEGER),
      carried: { watermark: known.watermark, pipelines: known.pipelines },
    }));
}

/** The index after a refresh: `previous` (if it is this project's) with the reads merged in. */
export function mergeIndex(
  previous: DeploymentIndex | undefined,
  read: IndexRead,
): DeploymentIndex {
  const base = previous?.projectId === read.projectId ? previous : undefined;
  const current = new Map(read.environments.map((environment) => [environment.id, environment]));
  const fresh = read.reads
    .filter((item) => current.has(item.environmentId))
    .map((item) =>
      readEnvironment(
        item,
        current.get(item.environmentId) as Environment,
        base,
        read.at.getTime(),
      ),
    );
  const covered = new Set([...current.keys(), ...read.reads.map((item) => item.environmentId)]);
  const merged = [...fresh, ...laterEnvironments(base, read, covered)];
  const { rows, cutQueued } = capTotal(merged.flatMap((entry) => entry.rows));
  const pipelines: Record<string, string> = {};
  const names = new Map<number, string>();
  for (const record of read.reads.flatMap((item) => item.records))
    names.set(record.pipeline.id, record.pipeline.name);
  for (const row of rows) {
    const name = names.get(row[2]) ?? base?.pipelines[String(row[2])] ?? String(row[2]);
    pipelines[String(row[2])] = name.slice(0, MAX_NAME_LENGTH);
  }
  const byEnvironment = new Map<number, IndexRow[]>();
  for (const row of rows) {
    const own = byEnvironment.get(row[1]) ?? [];
    own.push(row);
    byEnvironment.set(row[1], own);
  }
  const environments = merged.map(({ environment, carried, cutQueued: cutHere }) => {
    const own = (byEnvironment.get(environment.id) ?? []).sort(newestFirst);
    const cut = Math.max(cutHere, cutQueued.get(environment.id) ?? 0);
    return describe(environment, own, { ...carried, cutQueued: cut });
  });
  const releases = read.releases ? mergeReleases(base?.releases, read.releases) : base?.releases;
  // A later reader's index written meanwhile keeps its date: its newer rows were kept above.
  const at = Math.max(read.at.getTime(), base ? Date.parse(base.asOf) : 0);
  return {
    schemaVersion: INDEX_SCHEMA_VERSION,
    projectId: read.projectId,
    asOf: new Date(at).toISOString(),
    pipelines,
    environments,
    rows,
    ...(releases ? { releases } : {}),
  };
}

/** Whether a merge changed what the index says (its date aside): unchanged is not written. */
export function sameRows(left: DeploymentIndex | undefined, right: DeploymentIndex): boolean {
  if (!left) return false;
  const strip = (index: DeploymentIndex) => JSON.stringify({ ...index, asOf: "" });
  return strip(left) === strip(right);
}
