/**
 * The per-project deployment index: the environments' deployment records as last read, kept in
 * the extension's data so the work item form need not list every environment on first open.
 *
 * It is a cache, never a source of truth. Any project member can write extension data, so a row
 * taken from it is only a hint of where to look until the service confirms it (see verifyPlan),
 * and a document that does not parse is no index at all.
 */
import type { DeploymentRecord, Environment, Release, TimelineResult } from "../../model";

/** 2: each environment names every pipeline that ever deployed there (kept when rows are cut). */
export const INDEX_SCHEMA_VERSION = 2;

/** An index dated later than this past now was not written by a reader: it is not trusted. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Rows kept per environment: the newest ones. Older rows are dropped and the environment marked
 * cut, so a run older than its floor is read from the service instead.
 */
export const MAX_ROWS_PER_ENVIRONMENT = 300;

/** Rows kept in all (a project with very many environments keeps the newest overall). */
export const MAX_ROWS = 15_000;

/**
 * Pipelines named per environment; beyond this an environment says "any" (every old run of any
 * pipeline below its cut is then read there), so the document stays small.
 */
export const MAX_PIPELINES_PER_ENVIRONMENT = 100;

/** Classic releases kept (the newest); older ones are dropped and the list marked cut. */
export const MAX_RELEASES = 20_000;

/**
 * Build artifacts per release (a release names a handful). A project with a release naming more
 * keeps no releases in its index: the form then lists them all, never a thinned row.
 */
export const MAX_BUILDS_PER_RELEASE = 50;

/** Pipeline, run and stage names are user-chosen; cut long ones so a row stays small. */
export const MAX_NAME_LENGTH = 200;

/** The collection holding a project's index: one per project, so a read lists one document. */
export function indexCollection(projectId: string): string {
  return `deployment-index-${projectId}`;
}

/** The document's id in its collection. */
export const INDEX_DOCUMENT_ID = "index";

/** One environment as the index knows it. */
export interface IndexedEnvironment {
  id: number;
  name: string;
  /** The highest record id read: anything above it is newer than the index. */
  watermark: number;
  /** False when older rows were dropped (the cap); `floor` is then the oldest row kept. */
  complete: boolean;
  /** The lowest record id kept (0 with no rows). */
  floor: number;
  /** Queue time (ms since the epoch) of the oldest row kept, when cut. */
  floorQueued?: number;
  /**
   * Every pipeline with a record here as far as the index has read, also those whose rows were
   * cut: where a pipeline deployed before is where an old run of it may have deployed. "any"
   * when there were more than MAX_PIPELINES_PER_ENVIRONMENT.
   */
  pipelines: number[] | "any";
}

/**
 * A deployment record, compact: [id, environmentId, pipelineId, runId, runName, stageName,
 * result (null while running), queueTime, startTime, finishTime] (times in ms, null when none).
 */
export type IndexRow = [
  number,
  number,
  number,
  number,
  string,
  string,
  TimelineResult | null,
  number | null,
  number | null,
  number | null,
];

/**
 * A Classic release as the index knows it: [releaseId, createdOn (ms, null when unknown), build
 * ids of its artifacts...]; every release has a row, one without a build too (so the index can
 * tell how many releases lie above an id). Which builds a release deploys never changes; its environments'
 * states do, so they are always read from the service.
 */
export type IndexedRelease = [number, number | null, ...number[]];

export interface IndexedReleases {
  /** The highest release id read: anything above it is newer than the index. */
  watermark: number;
  /** False when older releases were dropped (the cap). */
  complete: boolean;
  /** When cut: the creation time (ms) of the oldest release kept. */
  floorCreated?: number;
  rows: IndexedRelease[];
}

export interface DeploymentIndex {
  schemaVersion: typeof INDEX_SCHEMA_VERSION;
  projectId: string;
  /** When the newest rows were read (ISO instant). */
  asOf: string;
  /** Pipeline names by id (rows name a pipeline by id only). */
  pipelines: Record<string, string>;
  environments: IndexedEnvironment[];
  rows: IndexRow[];
  /** Classic releases; absent when they were not read (the form then lists them all). */
  releases?: IndexedReleases;
}

const RESULTS: ReadonlySet<string> = new Set([
  "succeeded",
  "succeededWithIssues",
  "failed",
  "canceled",
  "skipped",
  "abandoned",
]);

const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const isTime = (value: unknown): value is number | null =>
  value === null || (typeof value === "number" && Number.isFinite(value));
const isName = (value: unknown): value is string =>
  typeof value === "string" && value.length <= MAX_NAME_LENGTH;

function isRow(value: unknown): value is IndexRow {
  if (!Array.isArray(value) || value.length !== 10) return false;
  const [id, environmentId, pipelineId, runId, runName, stageName, result, ...times] = value;
  return (
    [id, environmentId, pipelineId, runId].every(isCount) &&
    isName(runName) &&
    isName(stageName) &&
    (result === null || (typeof result === "string" && RESULTS.has(result))) &&
    times.every(isTime)
  );
}

function isEnvironment(value: unknown): value is IndexedEnvironment {
  const entry = value as Partial<IndexedEnvironment> | null;
  return (
    typeof entry === "object" &&
    entry !== null &&
    isCount(entry.id) &&
    isName(entry.name) &&
    isCount(entry.watermark) &&
    typeof entry.complete === "boolean" &&
    isCount(entry.floor) &&
    (entry.floorQueued === undefined || isTime(entry.floorQueued)) &&
    (entry.pipelines === "any" ||
      (Array.isArray(entry.pipelines) &&
        entry.pipelines.length <= MAX_PIPELINES_PER_ENVIRONMENT &&
        entry.pipelines.every(isCount)))
  );
}

function isRelease(value: unknown): value is IndexedRelease {
  if (!Array.isArray(value) || value.length < 2 || value.length > 2 + MAX_BUILDS_PER_RELEASE)
    return false;
  const [id, created, ...builds] = value;
  return isCount(id) && isTime(created) && builds.every(isCount);
}

function isReleases(value: unknown): value is IndexedReleases {
  const entry = value as Partial<IndexedReleases> | null;
  return (
    typeof entry === "object" &&
    entry !== null &&
    isCount(entry.watermark) &&
    typeof entry.complete === "boolean" &&
    (entry.floorCreated === undefined || isTime(entry.floorCreated)) &&
    Array.isArray(entry.rows) &&
    entry.rows.length <= MAX_RELEASES &&
    entry.rows.every(isRelease)
  );
}

/**
 * The stored index of `projectId`, or undefined when there is none or it cannot be trusted as a
 * whole (another schema, another project, no date or one in the future, a malformed part). A
 * partly malformed index is no index: the form then reads as it would without one. A date in
 * the future would make every run look older than the index, so nothing newer would be read.
 */
export function parseIndex(
  value: unknown,
  projectId: string,
  now: number = Date.now(),
): DeploymentIndex | undefined {
  const index = value as Partial<DeploymentIndex> | null;
  if (typeof index !== "object" || index === null) return undefined;
  if (index.schemaVersion !== INDEX_SCHEMA_VERSION || index.projectId !== projectId)
    return undefined;
  if (typeof index.asOf !== "string" || Number.isNaN(Date.parse(index.asOf))) return undefined;
  if (Date.parse(index.asOf) > now + FUTURE_SKEW_MS) return undefined;
  const { pipelines, environments, rows } = index;
  if (typeof pipelines !== "object" || pipelines === null || Array.isArray(pipelines))
    return undefined;
  if (!Object.values(pipelines).every(isName)) return undefined;
  if (!Array.isArray(environments) || !environments.every(isEnvironment)) return undefined;
  if (!Array.isArray(rows) || rows.length > MAX_ROWS || !rows.every(isRow)) return undefined;
  if (index.releases !== undefined && !isReleases(index.releases)) return undefined;
  const known = new Set(environments.map((environment) => environment.id));
  if (!rows.every((row) => known.has(row[1]) && pipelines[String(row[2])] !== undefined))
    return undefined;
  return index as DeploymentIndex;
}

const cut = (text: string) => text.slice(0, MAX_NAME_LENGTH);
const msOf = (date: Date | undefined) => (date ? date.getTime() : null);
const dateOf = (ms: number | null) => (ms === null ? undefined : new Date(ms));

/** A deployment record as an index row. */
export function rowOf(record: DeploymentRecord): IndexRow {
  return [
    record.id,
    record.environmentId,
    record.pipeline.id,
    record.run.id,
    cut(record.run.name),
    cut(record.stageName),
    record.result ?? null,
    msOf(record.queueTime),
    msOf(record.startTime),
    msOf(record.finishTime),
  ];
}

/** An index row as the deployment record it stands for (unverified until confirmed). */
export function recordOf(row: IndexRow, pipelines: Record<string, string>): DeploymentRecord {
  const [id, environmentId, pipelineId, runId, runName, stageName, result] = row;
  return {
    id,
    environmentId,
    pipeline: { id: pipelineId, name: pipelines[String(pipelineId)] ?? String(pipelineId) },
    run: { id: runId, name: runName },
    stageName,
    ...(result !== null ? { result } : {}),
    queueTime: dateOf(row[7]),
    startTime: dateOf(row[8]),
    finishTime: dateOf(row[9]),
  };
}

/** A Classic release as an index row; undefined when it names too many builds to keep. */
export function releaseRowOf(release: Release): IndexedRelease | undefined {
  const builds = release.artifacts.flatMap((artifact) =>
    artifact.buildId === undefined ? [] : [artifact.buildId],
  );
  if (builds.length > MAX_BUILDS_PER_RELEASE) return undefined;
  return [release.id, msOf(release.createdOn), ...builds];
}

/** Whether a pipeline has deployed to an environment, as far as the index knows. */
export function hasDeployedTo(environment: IndexedEnvironment, pipelineId: number): boolean {
  return environment.pipelines === "any" || environment.pipelines.includes(pipelineId);
}

/** The environments of an index as the model's environments (names as the index has them). */
export function environmentsOf(index: DeploymentIndex): Environment[] {
  return index.environments.map(({ id, name }) => ({ id, name }));
}

/** The size of the document as stored (JSON, UTF-8 bytes). */
export function documentBytes(index: DeploymentIndex): number {
  let bytes = 0;
  for (const char of JSON.stringify(index)) {
    const code = char.codePointAt(0) as number;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
