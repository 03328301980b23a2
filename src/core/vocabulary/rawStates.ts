/**
 * Raw source values → the state vocabulary. One function per kind of raw value, each total over
 * the values the REST specs list (unknown values fall to the closest unfinished state, never to a
 * deployed one). The golden table in the tests pins every row.
 */
import { stateWord, type StateId } from "./states";

/** The kinds of raw values the sources report. */
export type RawStateSource =
  | "timeline-state"
  | "timeline-result"
  | "deployment-record-result"
  | "build-status"
  | "build-result"
  | "release-environment-status"
  | "deploy-step-status"
  | "deploy-step-operation-status"
  | "release-approval-status"
  | "pipeline-approval-status"
  | "check-status"
  | "gate-status"
  | "release-status";

type Table = Readonly<Record<string, StateId>>;

// Results of timeline records and environment deployment records (TaskResult).
const TASK_RESULT: Table = {
  succeeded: "succeeded",
  succeededwithissues: "partially-succeeded",
  failed: "failed",
  canceled: "canceled",
  skipped: "skipped",
  abandoned: "canceled",
};

const TABLES: Record<RawStateSource, Table> = {
  // `completed` is not here: a completed record's state is its result.
  "timeline-state": { pending: "not-started", inprogress: "in-progress" },
  "timeline-result": TASK_RESULT,
  "deployment-record-result": TASK_RESULT,
  // `completed` is not here: a completed build's state is its result.
  "build-status": {
    none: "not-started",
    notstarted: "queued",
    postponed: "queued",
    inprogress: "in-progress",
    cancelling: "in-progress",
  },
  "build-result": {
    none: "failed",
    succeeded: "succeeded",
    partiallysucceeded: "partially-succeeded",
    failed: "failed",
    canceled: "canceled",
  },
  "release-environment-status": {
    undefined: "not-started",
    notstarted: "not-started",
    scheduled: "queued",
    queued: "queued",
    inprogress: "in-progress",
    succeeded: "succeeded",
    partiallysucceeded: "partially-succeeded",
    canceled: "canceled",
    rejected: "rejected",
  },
  "deploy-step-status": {
    undefined: "not-started",
    notdeployed: "not-started",
    inprogress: "in-progress",
    succeeded: "succeeded",
    partiallysucceeded: "partially-succeeded",
    failed: "failed",
  },
  "deploy-step-operation-status": {
    undefined: "not-started",
    queued: "queued",
    scheduled: "queued",
    queuedforagent: "queued",
    queuedforpipeline: "queued",
    pending: "waiting-for-approval",
    deferred: "waiting-for-approval",
    manualinterventionpending: "waiting-for-approval",
    approved: "in-progress",
    evaluatinggates: "checks-running",
    phaseinprogress: "in-progress",
    cancelling: "in-progress",
    phasesucceeded: "succeeded",
    phasepartiallysucceeded: "partially-succeeded",
    phasefailed: "failed",
    // Failing gates reject the deployment (the environment's status is then rejected).
    gatefailed: "rejected",
    rejected: "rejected",
    canceled: "canceled",
    phasecanceled: "canceled",
  },
  "release-approval-status": {
    undefined: "waiting-for-approval",
    pending: "waiting-for-approval",
    reassigned: "waiting-for-approval",
    approved: "succeeded",
    rejected: "rejected",
    canceled: "canceled",
    skipped: "skipped",
  },
  "pipeline-approval-status": {
    undefined: "waiting-for-approval",
    uninitiated: "waiting-for-approval",
    pending: "waiting-for-approval",
    deferred: "waiting-for-approval",
    approved: "succeeded",
    completed: "succeeded",
    rejected: "rejected",
    skipped: "skipped",
    canceled: "canceled",
    timedout: "timed-out",
    failed: "failed",
  },
  "check-status": {
    none: "checks-running",
    queued: "checks-running",
    running: "checks-running",
    approved: "succeeded",
    completed: "succeeded",
    rejected: "rejected",
    canceled: "canceled",
    timedout: "timed-out",
    failed: "failed",
  },
  "gate-status": {
    none: "not-started",
    pending: "checks-running",
    inprogress: "checks-running",
    succeeded: "succeeded",
    failed: "failed",
    canceled: "canceled",
  },
  "release-status": {
    undefined: "not-started",
    draft: "not-started",
    active: "in-progress",
    abandoned: "canceled",
  },
};

/** What an unknown value of each kind becomes: not finished, never deployed. */
const UNKNOWN: Record<RawStateSource, StateId> = {
  "timeline-state": "not-started",
  "timeline-result": "failed",
  "deployment-record-result": "failed",
  "build-status": "not-started",
  "build-result": "failed",
  "release-environment-status": "not-started",
  "deploy-step-status": "not-started",
  "deploy-step-operation-status": "not-started",
  "release-approval-status": "waiting-for-approval",
  "pipeline-approval-status": "waiting-for-approval",
  "check-status": "checks-running",
  "gate-status": "not-started",
  "release-status": "not-started",
};

/** The state a raw value means, by the kind of value it is (case-insensitive). */
export function stateOfRaw(source: RawStateSource, value: string | null | undefined): StateId {
  return TABLES[source][(value ?? "").toLowerCase()] ?? UNKNOWN[source];
}

/** The raw values each kind maps (for the README table and the golden test). */
export function rawValuesOf(source: RawStateSource): string[] {
  return Object.keys(TABLES[source]);
}

/** A YAML timeline record (stage, job) or a deployment record: state, then result once completed. */
export function timelineRecordState(record: { state?: string; result?: string | null }): StateId {
  if (record.result) return stateOfRaw("timeline-result", record.result);
  if (record.state?.toLowerCase() === "completed") return UNKNOWN["timeline-result"];
  return stateOfRaw("timeline-state", record.state);
}

/** A build (YAML run): its status, then its result once completed. */
export function buildState(run: { status: string; result?: string | null }): StateId {
  if (run.status.toLowerCase() !== "completed") return stateOfRaw("build-status", run.status);
  return stateOfRaw("build-result", run.result);
}

/**
 * A Classic release environment, sharpened by its newest deploy step: the environment reports a
 * failed deployment as `rejected`, which only the step tells apart from a rejection by an
 * approver or by gates.
 */
export function releaseEnvironmentState(
  status: string,
  step?: { status: string; operationStatus?: string },
): StateId {
  const state = stateOfRaw("release-environment-status", status);
  if (state !== "rejected" || !step) return state;
  // Only a deployment whose phases failed failed; approvals and gates reject.
  const operation = stateOfRaw("deploy-step-operation-status", step.operationStatus);
  if (operation === "failed" || stateOfRaw("deploy-step-status", step.status) === "failed") {
    return "failed";
  }
  return "rejected";
}

/** Where a raw value of unknown kind is looked up, in order (results before statuses). */
const ANY_KIND: readonly RawStateSource[] = [
  "timeline-result",
  "build-result",
  "release-environment-status",
  "deploy-step-status",
  "timeline-state",
  "build-status",
  "check-status",
];

/**
 * The word for a raw value whose kind a report no longer knows (a stage result, a check status):
 * "inProgress" → "in progress", "succeededWithIssues" → "partially succeeded". A value in no table
 * is returned as it came, so nothing is silently renamed.
 */
export function rawStateWord(raw: string): string {
  const key = raw.toLowerCase();
  const source = ANY_KIND.find((kind) => TABLES[kind][key] !== undefined);
  return source ? stateWord(TABLES[source][key]) : raw;
}
