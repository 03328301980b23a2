/**
 * What every rule of the derive step shares (pure): the deployments of the project classified
 * and ordered, grouped per pipeline × environment, the runs by id, and the unread keys.
 */
import type { Run } from "../model";
import type { NotAvailable } from "../sources/notAvailable";
import { foldName, sameDisplayName } from "../vocabulary/names";
import { DEFAULT_PRODUCTION, isProductionName } from "../vocabulary/production";
import { classifyDeployment } from "./classify";
import { byFinish } from "./snapshotDeployments";
import type {
  DeliverySnapshot,
  DeploymentClassification,
  MetricsOptions,
  SnapshotDeployment,
} from "./types";
import type { MetricsWindow } from "./window";

/** A deployment attempt that is a deployment: finished, and successful or failed. */
export interface Classified extends SnapshotDeployment {
  classification: DeploymentClassification;
  finishedAt: string;
  /** Its finish, in ms. */
  at: number;
  production: boolean;
  /** `kind|pipelineId|environment`: the pipeline × environment it belongs to. */
  row: string;
  /** Inside the selection (pipeline, environment or production). */
  inScope: boolean;
}

export interface DeriveContext {
  snapshot: DeliverySnapshot;
  options: MetricsOptions;
  window: MetricsWindow;
  now: Date;
  /** Every deployment of the project, oldest first. */
  deployments: Classified[];
  byKey: Map<string, Classified>;
  /** Per row, oldest first. */
  byRow: Map<string, Classified[]>;
  runs: Map<number, Run>;
  unread: Map<string, NotAvailable>;
}

export function rowOf(deployment: Pick<SnapshotDeployment, "kind" | "pipeline" | "environment">) {
  return `${deployment.kind}|${deployment.pipeline.id}|${foldName(deployment.environment)}`;
}

function inSelection(deployment: SnapshotDeployment, options: MetricsOptions): boolean {
  if (
    options.pipeline !== undefined &&
    !sameDisplayName(deployment.pipeline.name, options.pipeline)
  )
    return false;
  return environmentInSelection(deployment.environment, options);
}

/** Is an environment (or Classic stage) the one chosen, or production when none is? */
export function environmentInSelection(
  name: string,
  options: Pick<MetricsOptions, "environment" | "production">,
): boolean {
  if (options.environment !== undefined) return sameDisplayName(name, options.environment);
  return isProductionName(name, options.production ?? DEFAULT_PRODUCTION);
}

function classified(deployment: SnapshotDeployment, options: MetricsOptions): Classified[] {
  const classification = classifyDeployment(deployment);
  if (classification === null || deployment.finishedAt === null) return [];
  return [
    {
      ...deployment,
      classification,
      finishedAt: deployment.finishedAt,
      at: Date.parse(deployment.finishedAt),
      production: isProductionName(
        deployment.environment,
        options.production ?? DEFAULT_PRODUCTION,
      ),
      row: rowOf(deployment),
      inScope: inSelection(deployment, options),
    },
  ];
}

/** "Now" for open ages: the given one, else when the snapshot was read. */
export function nowOf(options: MetricsOptions, snapshot: DeliverySnapshot): Date {
  return options.now ?? new Date(snapshot.readAt);
}

export function deriveContext(snapshot: DeliverySnapshot, options: MetricsOptions): DeriveContext {
  const deployments = snapshot.deployments
    .flatMap((deployment) => classified(deployment, options))
    .sort(byFinish);
  const byRow = new Map<string, Classified[]>();
  for (const deployment of deployments) {
    const row = byRow.get(deployment.row);
    if (row) row.push(deployment);
    else byRow.set(deployment.row, [deployment]);
  }
  return {
    snapshot,
    options,
    window: { since: options.since, until: options.until },
    now: nowOf(options, snapshot),
    deployments,
    byKey: new Map(deployments.map((deployment) => [deployment.key, deployment])),
    byRow,
    runs: new Map(snapshot.runs.map((run) => [run.id, run])),
    unread: new Map(snapshot.unread.map((item) => [item.key, item.entry])),
  };
}
