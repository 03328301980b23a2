import type {
  BuildChange,
  Pipeline,
  Run,
  RunResult,
  RunStatus,
  Timeline,
  TimelineRecord,
  TimelineResult,
  TimelineState,
} from "../../../core/model";
import {
  asObject,
  compact,
  enumValue,
  knownEnumValue,
  malformed,
  optDate,
  optIdentity,
  optInt,
  optObject,
  optString,
  reqArray,
  reqInt,
  reqString,
} from "./read";

/** Build `BuildStatus` (§9). */
export const BUILD_STATUS: Readonly<Record<number, RunStatus>> = {
  0: "none",
  1: "inProgress",
  2: "completed",
  4: "cancelling",
  8: "postponed",
  32: "notStarted",
};

/** Query value for `statusFilter`. */
export const BUILD_STATUS_QUERY: Readonly<Record<RunStatus, number>> = {
  none: 0,
  inProgress: 1,
  completed: 2,
  cancelling: 4,
  postponed: 8,
  notStarted: 32,
};

/** Build `BuildResult` (§9). */
export const BUILD_RESULT: Readonly<Record<number, RunResult>> = {
  0: "none",
  2: "succeeded",
  4: "partiallySucceeded",
  8: "failed",
  32: "canceled",
};

/** Build `BuildReason` (§9), single flags; unknown combinations are kept as their number. */
export const BUILD_REASON: Readonly<Record<number, string>> = {
  0: "none",
  1: "manual",
  2: "individualCI",
  4: "batchedCI",
  8: "schedule",
  16: "scheduleForced",
  32: "userCreated",
  64: "validateShelveset",
  128: "checkInShelveset",
  256: "pullRequest",
  512: "buildCompletion",
  1024: "resourceTrigger",
};

/** Build `TimelineRecordState` (§9). */
export const TIMELINE_STATE: Readonly<Record<number, TimelineState>> = {
  0: "pending",
  1: "inProgress",
  2: "completed",
};

/**
 * `TaskResult` (§9) as far as the model has names; ManuallyQueued (6) and
 * DependentOnManualQueue (7) are not results of a finished record and map to undefined.
 */
export const TASK_RESULT: Readonly<Record<number, TimelineResult>> = {
  0: "succeeded",
  1: "succeededWithIssues",
  2: "failed",
  3: "canceled",
  4: "skipped",
  5: "abandoned",
};

/** Build definition `process.type`: 2 is YAML; 1 (designer) and others are Classic. */
const YAML_PROCESS_TYPE = 2;

export function mapPipeline(value: unknown): Pipeline {
  const what = "build definition";
  const definition = asObject(value, what);
  const process = optObject(definition, "process", what);
  const processType = process ? optInt(process, "type", `${what}.process`) : undefined;
  const isYaml =
    processType === YAML_PROCESS_TYPE ||
    (process !== undefined && typeof process.yamlFilename === "string");
  const repository = optObject(definition, "repository", what);
  return compact({
    id: reqInt(definition, "id", what),
    name: reqString(definition, "name", what),
    path: optString(definition, "path", what) ?? "\\",
    kind: isYaml ? ("yaml" as const) : ("classic" as const),
    repositoryId: repository ? optString(repository, "id", `${what}.repository`) : undefined,
  });
}

export function mapRun(value: unknown): Run {
  const what = "build";
  const build = asObject(value, what);
  const id = reqInt(build, "id", what);
  const definition = optObject(build, "definition", what);
  if (!definition) throw malformed(what, "definition", "is missing");
  const repository = optObject(build, "repository", what);
  const reason = build.reason;
  return compact({
    id,
    number: optString(build, "buildNumber", what) ?? String(id),
    pipeline: {
      id: reqInt(definition, "id", `${what}.definition`),
      name: optString(definition, "name", `${what}.definition`) ?? "",
    },
    status: enumValue(build, "status", BUILD_STATUS, what) ?? "none",
    result: enumValue(build, "result", BUILD_RESULT, what),
    sourceBranch: optString(build, "sourceBranch", what) ?? "",
    sourceVersion: optString(build, "sourceVersion", what) ?? "",
    repositoryId: repository ? optString(repository, "id", `${what}.repository`) : undefined,
    reason:
      typeof reason === "number"
        ? (BUILD_REASON[reason] ?? String(reason))
        : optString(build, "reason", what),
    queueTime: optDate(build, "queueTime", what),
    startTime: optDate(build, "startTime", what),
    finishTime: optDate(build, "finishTime", what),
    requestedFor: optIdentity(build, "requestedFor", what),
    uri: optString(build, "uri", what) ?? `vstfs:///Build/Build/${id}`,
  });
}

export function mapTimeline(value: unknown, runId: number): Timeline {
  const what = "timeline";
  // A run that has not started has no timeline yet (null body).
  if (value === null || value === undefined) return { runId, records: [] };
  const timeline = asObject(value, what);
  return {
    runId,
    records: reqArray(timeline, "records", what)
      .filter((record) => record !== null)
      .map((record) => mapTimelineRecord(record)),
  };
}

export function mapTimelineRecord(value: unknown): TimelineRecord {
  const what = "timeline record";
  const record = asObject(value, what);
  return compact({
    id: reqString(record, "id", what),
    parentId: optString(record, "parentId", what) || undefined,
    type: reqString(record, "type", what),
    name: optString(record, "name", what) ?? "",
    identifier: optString(record, "identifier", what) || undefined,
    order: optInt(record, "order", what),
    state: enumValue(record, "state", TIMELINE_STATE, what) ?? "pending",
    result: knownEnumValue(record, "result", TASK_RESULT),
    startTime: optDate(record, "startTime", what),
    finishTime: optDate(record, "finishTime", what),
    attempt: optInt(record, "attempt", what),
  });
}

export function mapBuildChange(value: unknown): BuildChange {
  const what = "build change";
  const change = asObject(value, what);
  const author = optIdentity(change, "author", what);
  return compact({
    id: reqString(change, "id", what),
    message: optString(change, "message", what),
    authorName: author?.displayName || undefined,
    timestamp: optDate(change, "timestamp", what),
    location: optString(change, "location", what),
  });
}

/** ResourceRef lists (`{id: "297", url}`) as numeric ids. */
export function mapResourceRefIds(values: unknown[], what: string): number[] {
  return values.map((value) => reqInt(asObject(value, what), "id", what));
}
