/**
 * The one place trace decides what a deployment's raw result means: whether it counts as
 * deployed ("runs there now") and, for an attempt that does not, which state it is in. Record
 * results and Classic environment statuses are compared case-insensitively.
 */
import { deriveReleaseEnvironment } from "../gates/classic";
import type { DeploymentRecord, Release, ReleaseEnvironment } from "../model";

/** A deployment that counts as deployed; partially succeeded runs there, with issues. */
export type DeployedState = "succeeded" | "partially-succeeded";

/** A deployment that does not (or not yet) run there. */
export type AttemptState =
  | "not-started"
  | "queued"
  | "waiting-for-approval"
  | "checks-running"
  | "in-progress"
  | "failed"
  | "rejected"
  | "timed-out"
  | "canceled"
  | "skipped";

export type DeploymentState = DeployedState | AttemptState;

const DEPLOYED: Record<string, DeployedState> = {
  succeeded: "succeeded",
  succeededwithissues: "partially-succeeded",
  partiallysucceeded: "partially-succeeded",
};

const RECORD_ATTEMPT: Record<string, AttemptState> = {
  failed: "failed",
  canceled: "canceled",
  abandoned: "canceled",
  skipped: "skipped",
};

/** The deployed state of a raw record result or Classic environment status, if it counts. */
export function deployedState(raw: string | null | undefined): DeployedState | undefined {
  return DEPLOYED[(raw ?? "").toLowerCase()];
}

export function countsAsDeployed(raw: string | null | undefined): boolean {
  return deployedState(raw) !== undefined;
}

/** A YAML deployment record's state: a record without a result has not finished. */
export function recordState(record: DeploymentRecord): DeploymentState {
  const raw = (record.result ?? "").toLowerCase();
  const deployed = DEPLOYED[raw];
  if (deployed) return deployed;
  if (raw) return RECORD_ATTEMPT[raw] ?? "failed";
  return record.startTime ? "in-progress" : "queued";
}

/**
 * A Classic release environment's state, from its approvals and gates as well as its status:
 * an environment "in progress" may be waiting for a pre-deployment approval.
 */
export function releaseEnvironmentState(
  release: Release,
  environment: ReleaseEnvironment,
): DeploymentState {
  const deployed = deployedState(environment.status);
  if (deployed) return deployed;
  const state = deriveReleaseEnvironment(release, environment, undefined).state;
  if (state === "succeeded") return "succeeded";
  if (state === "not-started" && ["queued", "scheduled"].includes(environment.status))
    return "queued";
  return state;
}

const WORDS: Record<DeploymentState, string> = {
  "not-started": "not started",
  queued: "queued",
  "waiting-for-approval": "waiting for approval",
  "checks-running": "checks running",
  "in-progress": "in progress",
  succeeded: "succeeded",
  "partially-succeeded": "partially succeeded",
  failed: "failed",
  rejected: "rejected",
  "timed-out": "timed out",
  canceled: "canceled",
  skipped: "skipped",
};

/** A deployment state in words, lower case: "waiting for approval". */
export function deploymentStateWord(state: DeploymentState): string {
  return WORDS[state];
}
