/**
 * How trace reads a deployment's raw result, through the one vocabulary (`core/vocabulary`):
 * whether it counts as deployed ("runs there now") and, for an attempt that does not, which
 * state it is in.
 */
import type { DeploymentRecord, ReleaseEnvironment } from "../model";
import {
  countsAsDeployed as stateCountsAsDeployed,
  releaseEnvironmentState as environmentState,
  stateOfRaw,
  type StateId,
} from "../vocabulary";

/** A deployment that counts as deployed; partially succeeded runs there, with issues. */
export type DeployedState = "succeeded" | "partially-succeeded";

/** A deployment that does not (or not yet) run there. */
export type AttemptState = Exclude<StateId, DeployedState>;

export type DeploymentState = StateId;

/** States in which a Classic deploy step tells more than its environment's "in progress". */
const UNFINISHED: ReadonlySet<StateId> = new Set([
  "queued",
  "waiting-for-approval",
  "checks-running",
  "in-progress",
]);

function deployed(state: StateId): DeployedState | undefined {
  return stateCountsAsDeployed(state) ? (state as DeployedState) : undefined;
}

/** A YAML deployment record's state: a record without a result has not finished. */
export function recordState(record: DeploymentRecord): DeploymentState {
  if (record.result) return stateOfRaw("deployment-record-result", record.result);
  return record.startTime ? "in-progress" : "queued";
}

/** The newest deployment attempt (deploy step) of a Classic release environment. */
function newestStep(environment: ReleaseEnvironment) {
  return [...environment.deploySteps].sort((a, b) => b.attempt - a.attempt)[0];
}

/**
 * A Classic release environment's state. An environment "in progress" may be waiting for a
 * pre-deployment approval or for its gates: its newest deploy step says which.
 */
export function releaseEnvironmentState(environment: ReleaseEnvironment): DeploymentState {
  const step = newestStep(environment);
  const state = environmentState(environment.status, step);
  if (!UNFINISHED.has(state) || !step) return state;
  const operation = stateOfRaw("deploy-step-operation-status", step.operationStatus);
  return UNFINISHED.has(operation) ? operation : state;
}

/** Whether a YAML deployment record runs there (succeeded, or partially succeeded). */
export function recordDeployed(record: DeploymentRecord): DeployedState | undefined {
  return deployed(recordState(record));
}

/** Whether a Classic release environment runs there (succeeded, or partially succeeded). */
export function environmentDeployed(environment: ReleaseEnvironment): DeployedState | undefined {
  return deployed(stateOfRaw("release-environment-status", environment.status));
}
