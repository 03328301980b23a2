/**
 * The deployment attempts of a project in one shape (pure): every YAML environment deployment
 * record, and every deploy step (attempt) of every Classic release environment.
 */
import type {
  DeploymentAttempt,
  DeploymentRecord,
  Environment,
  Release,
  ReleaseEnvironment,
} from "../model";
import { stateOfRaw } from "../vocabulary/rawStates";
import { isFinalState, type StateId } from "../vocabulary/states";
import type { SnapshotDeployment } from "./types";

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

/** A YAML record: its result once it has one; a record without a result has not finished. */
export function recordDeployment(
  record: DeploymentRecord,
  environments: ReadonlyMap<number, string>,
): SnapshotDeployment {
  const state: StateId = record.result
    ? stateOfRaw("deployment-record-result", record.result)
    : record.startTime
      ? "in-progress"
      : "queued";
  return {
    key: `yaml:${record.id}`,
    kind: "yaml",
    pipeline: record.pipeline,
    environment: environments.get(record.environmentId) ?? `environment ${record.environmentId}`,
    runId: record.run.id,
    name: record.run.name,
    buildId: record.run.id,
    result: record.result ?? null,
    state,
    startedAt: iso(record.startTime),
    finishedAt: isFinalState(state) ? iso(record.finishTime) : null,
  };
}

/**
 * A deploy step's state: its status once it deployed (succeeded, partially, failed), else what
 * its operation says (canceled, rejected by an approver or gates, waiting...).
 */
export function stepState(step: DeploymentAttempt): StateId {
  const status = stateOfRaw("deploy-step-status", step.status);
  if (status === "succeeded" || status === "partially-succeeded" || status === "failed")
    return status;
  return stateOfRaw("deploy-step-operation-status", step.operationStatus);
}

/** A step started deploying once its phases ran (the API gives no start time of its own). */
function stepStarted(step: DeploymentAttempt, state: StateId): boolean {
  if (state === "succeeded" || state === "partially-succeeded" || state === "failed") return true;
  const operation = step.operationStatus.toLowerCase();
  return operation.startsWith("phase") || operation === "cancelling";
}

export function stepDeployment(
  release: Release,
  environment: ReleaseEnvironment,
  step: DeploymentAttempt,
): SnapshotDeployment {
  const state = stepState(step);
  const artifact = release.artifacts.find((item) => item.isPrimary) ?? release.artifacts[0];
  return {
    key: `classic:${release.id}:${environment.id}:${step.attempt}`,
    kind: "classic",
    pipeline: release.definition,
    environment: environment.name,
    releaseId: release.id,
    name: release.name,
    ...(artifact?.buildId !== undefined ? { buildId: artifact.buildId } : {}),
    result: step.status,
    state,
    startedAt: stepStarted(step, state) ? iso(step.queuedOn) : null,
    finishedAt: isFinalState(state) ? iso(step.lastModifiedOn ?? step.queuedOn) : null,
  };
}

/** Every deployment attempt of the project, oldest finish first (unfinished last). */
export function snapshotDeployments(
  environments: readonly Environment[],
  records: readonly DeploymentRecord[],
  releases: readonly Release[],
): SnapshotDeployment[] {
  const names = new Map(environments.map((environment) => [environment.id, environment.name]));
  const all = [
    ...records.map((record) => recordDeployment(record, names)),
    ...releases.flatMap((release) =>
      release.environments.flatMap((environment) =>
        environment.deploySteps.map((step) => stepDeployment(release, environment, step)),
      ),
    ),
  ];
  return all.sort(byFinish);
}

export function byFinish(
  a: Pick<SnapshotDeployment, "finishedAt" | "key">,
  b: Pick<SnapshotDeployment, "finishedAt" | "key">,
): number {
  const at = (value: string | null) => (value === null ? Infinity : Date.parse(value));
  return at(a.finishedAt) - at(b.finishedAt) || a.key.localeCompare(b.key);
}
