/**
 * `deployedMatrix`: pipelines (YAML and Classic) × environments. A cell answers "what runs there
 * now": the newest deployment that counts as deployed, plus the newest attempt when it is newer
 * (in progress, waiting for approval, failed...). Collect the snapshot, then derive the cells.
 */
import type { DeploymentRecord, Environment, Release, ReleaseEnvironment, Run } from "../model";
import { attempt, type NotAvailable, type Sources } from "../sources";
import { DEFAULT_PRODUCTION, type ProductionPattern } from "../vocabulary/production";
import {
  environmentDeployed,
  recordDeployed,
  recordState,
  releaseEnvironmentState,
  type AttemptState,
} from "./deploymentState";
import { recordTime, releaseEnvironmentTime } from "./graph";
import { classicSequences, deliveryOrder, yamlSequences } from "./deliveryOrder";
import { TraceSession } from "./session";
import type { DeployedCell, DeployedMatrix, LatestAttempt } from "./types";
import { TraceInputError } from "./workItem";

export interface DeployedOptions {
  /** Only this pipeline or release definition (name, case-insensitive). */
  pipeline?: string;
  session?: TraceSession;
  /** Decides which environments come last in the delivery order. */
  production?: ProductionPattern;
}

/** Everything the matrix is derived from, as read. */
export interface DeployedSnapshot {
  environments: Environment[];
  records: DeploymentRecord[];
  releases: Release[];
  /** The runs of the picked deployment records, by id. */
  runs: Map<number, Run>;
  /** Why the runs could not be read, when they could not: their fields are unknown. */
  runsUnread?: NotAvailable;
}

/** The newest deployment that counts as deployed and the newest one of any state. */
interface Picked<T> {
  current?: T;
  latest: T;
}

interface Ordered<T> {
  item: T;
  key: string;
  time: number;
  id: number;
  deployed: boolean;
}

function newer<T>(left: Ordered<T>, right: Ordered<T> | undefined): boolean {
  return !right || left.time > right.time || (left.time === right.time && left.id > right.id);
}

/** Per key, the current deployment and the latest attempt. */
function pick<T>(items: Ordered<T>[]): Map<string, Picked<T>> {
  const best = new Map<string, { current?: Ordered<T>; latest: Ordered<T> }>();
  for (const entry of items) {
    const known = best.get(entry.key);
    const latest = newer(entry, known?.latest) ? entry : (known?.latest ?? entry);
    const current =
      entry.deployed && newer(entry, known?.current) ? entry : (known?.current ?? undefined);
    best.set(entry.key, { current, latest });
  }
  return new Map(
    [...best].map(([key, value]) => [
      key,
      { current: value.current?.item, latest: value.latest.item },
    ]),
  );
}

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

function pickRecords(
  records: DeploymentRecord[],
  wanted: (name: string) => boolean,
): Map<string, Picked<DeploymentRecord>> {
  return pick(
    records
      .filter((record) => wanted(record.pipeline.name))
      .map((record) => ({
        item: record,
        key: `${record.pipeline.id}|${record.environmentId}`,
        time: recordTime(record)?.getTime() ?? 0,
        id: record.id,
        deployed: recordDeployed(record) !== undefined,
      })),
  );
}

interface ReleaseStage {
  release: Release;
  environment: ReleaseEnvironment;
}

/** When a release environment was last deployed or tried; a waiting one may have no step yet. */
function stageDate(stage: ReleaseStage): Date | undefined {
  return releaseEnvironmentTime(stage.environment) ?? stage.release.createdOn;
}

function pickReleaseStages(
  releases: Release[],
  wanted: (name: string) => boolean,
): Map<string, Picked<ReleaseStage>> {
  return pick(
    releases
      .filter((release) => wanted(release.definition.name))
      .flatMap((release) =>
        release.environments
          .filter((environment) => !["notStarted", "undefined"].includes(environment.status))
          .map((environment) => ({
            item: { release, environment },
            key: `${release.definition.id}|${environment.name.toLowerCase()}`,
            time: stageDate({ release, environment })?.getTime() ?? 0,
            id: release.id,
            deployed: environmentDeployed(environment) !== undefined,
          })),
      ),
  );
}

const EMPTY_CURRENT = {
  name: null,
  sourceBranch: null,
  sourceVersion: null,
  result: null,
  state: null,
  deployedAt: null,
  deployedBy: null,
};

/** The unknown-fields marker of a YAML cell whose runs could not be read. */
function yamlUnknown(
  cell: DeployedCell,
  unread: NotAvailable | undefined,
): NotAvailable | undefined {
  if (!unread) return undefined;
  const fields = [
    ...(cell.runId !== undefined ? ["sourceBranch", "sourceVersion", "deployedBy"] : []),
    ...(cell.latestAttempt ? ["latestAttempt.by"] : []),
  ];
  return { ...unread, what: `deployment of ${cell.pipeline} to ${cell.environment}`, fields };
}

function yamlCell(
  picked: Picked<DeploymentRecord>,
  environment: string,
  snapshot: DeployedSnapshot,
) {
  const { current, latest } = picked;
  const run = current ? snapshot.runs.get(current.run.id) : undefined;
  const cell: DeployedCell = {
    pipeline: latest.pipeline.name,
    kind: "yaml",
    environment,
    ...EMPTY_CURRENT,
    ...(current && {
      runId: current.run.id,
      name: run?.number ?? current.run.name,
      sourceBranch: run?.sourceBranch ?? null,
      sourceVersion: run?.sourceVersion ?? null,
      result: current.result ?? null,
      state: recordDeployed(current) ?? null,
      deployedAt: iso(recordTime(current)),
      deployedBy: run?.requestedFor?.displayName ?? null,
    }),
  };
  if (latest !== current) {
    const attemptRun = snapshot.runs.get(latest.run.id);
    cell.latestAttempt = {
      runId: latest.run.id,
      name: attemptRun?.number ?? latest.run.name,
      state: recordState(latest) as AttemptState,
      result: latest.result ?? null,
      at: iso(recordTime(latest)),
      by: attemptRun?.requestedFor?.displayName ?? null,
    };
  }
  const unknown = yamlUnknown(cell, snapshot.runsUnread);
  return unknown ? { ...cell, unknown } : cell;
}

function releaseFacts(stage: ReleaseStage) {
  const { release, environment } = stage;
  const artifact = release.artifacts.find((item) => item.isPrimary) ?? release.artifacts[0];
  const lastStep = [...environment.deploySteps].sort((a, b) => b.attempt - a.attempt)[0];
  return { artifact, by: lastStep?.requestedFor?.displayName ?? null };
}

function classicCell(picked: Picked<ReleaseStage>): DeployedCell {
  const { current, latest } = picked;
  const facts = current && releaseFacts(current);
  const cell: DeployedCell = {
    pipeline: latest.release.definition.name,
    kind: "classic",
    environment: (current ?? latest).environment.name,
    ...EMPTY_CURRENT,
    ...(current && {
      releaseId: current.release.id,
      name: current.release.name,
      sourceBranch: facts?.artifact?.branch ?? null,
      sourceVersion: facts?.artifact?.sourceVersion ?? null,
      result: current.environment.status,
      state: environmentDeployed(current.environment) ?? null,
      deployedAt: iso(releaseEnvironmentTime(current.environment)),
      deployedBy: facts?.by ?? null,
    }),
  };
  if (latest !== current) cell.latestAttempt = releaseAttempt(latest);
  return cell;
}

function releaseAttempt(stage: ReleaseStage): LatestAttempt {
  return {
    releaseId: stage.release.id,
    name: stage.release.name,
    state: releaseEnvironmentState(stage.environment) as AttemptState,
    result: stage.environment.status,
    at: iso(stageDate(stage)),
    by: releaseFacts(stage).by,
  };
}

/** The cell's fields in the contract's order (the fields of schemaVersion 1 first). */
function inContractOrder(cell: DeployedCell): DeployedCell {
  const { pipeline, kind, environment, runId, releaseId, latestAttempt, unknown, ...rest } = cell;
  return {
    pipeline,
    kind,
    environment,
    ...(runId !== undefined && { runId }),
    ...(releaseId !== undefined && { releaseId }),
    name: rest.name,
    sourceBranch: rest.sourceBranch,
    sourceVersion: rest.sourceVersion,
    result: rest.result,
    deployedAt: rest.deployedAt,
    deployedBy: rest.deployedBy,
    state: rest.state,
    ...(latestAttempt && { latestAttempt }),
    ...(unknown && { unknown }),
  };
}

/** The matrix's cells, from a snapshot alone (pure). */
export function deriveDeployedCells(
  snapshot: DeployedSnapshot,
  wanted: (name: string) => boolean = () => true,
): DeployedCell[] {
  const environmentNames = new Map(
    snapshot.environments.map((environment) => [environment.id, environment.name]),
  );
  const yaml = [...pickRecords(snapshot.records, wanted).values()].map((picked) =>
    yamlCell(
      picked,
      environmentNames.get(picked.latest.environmentId) ?? String(picked.latest.environmentId),
      snapshot,
    ),
  );
  const classic = [...pickReleaseStages(snapshot.releases, wanted).values()].map(classicCell);
  return [...yaml, ...classic]
    .map(inContractOrder)
    .sort(
      (a, b) =>
        a.pipeline.localeCompare(b.pipeline) ||
        a.kind.localeCompare(b.kind) ||
        a.environment.localeCompare(b.environment),
    );
}

function nameFilter(pipeline: string | undefined): (name: string) => boolean {
  const filter = pipeline?.toLowerCase();
  return (name) => filter === undefined || name.toLowerCase() === filter;
}

/** Reads what the matrix needs: pipelines, environments with their records, releases, runs. */
async function collectDeployed(
  session: TraceSession,
  options: DeployedOptions,
  notAvailable: NotAvailable[],
): Promise<DeployedSnapshot> {
  const { sources, project } = session;
  const [pipelines, deployments, releases] = await Promise.all([
    session.pipelines(notAvailable),
    session.environmentDeployments(notAvailable),
    session.releases(notAvailable),
  ]);
  const wanted = nameFilter(options.pipeline);
  if (
    options.pipeline !== undefined &&
    !pipelines.some((pipeline) => wanted(pipeline.name)) &&
    !releases.some((release) => wanted(release.definition.name)) &&
    !deployments.records.some((record) => wanted(record.pipeline.name))
  )
    throw new TraceInputError(`No pipeline or release definition is named "${options.pipeline}".`);
  const picked = [...pickRecords(deployments.records, wanted).values()];
  const runIds = [
    ...new Set(picked.flatMap((entry) => [entry.current?.run.id, entry.latest.run.id])),
  ].filter((id): id is number => id !== undefined);
  const before = notAvailable.length;
  const runs =
    runIds.length === 0
      ? []
      : await attempt(
          notAvailable,
          "runs of the deployments",
          async () =>
            session.recorder.keepRuns(await sources.build.listRuns(project, { ids: runIds })),
          [] as Run[],
        );
  return {
    ...deployments,
    releases,
    runs: new Map(runs.map((run) => [run.id, run])),
    runsUnread: notAvailable.length > before ? notAvailable[notAvailable.length - 1] : undefined,
  };
}

/**
 * The matrix's environments in delivery order (every pipeline's evidence, production last) and
 * its cells by pipeline, then that order (pure).
 */
export function orderDeployedCells(
  snapshot: DeployedSnapshot,
  cells: DeployedCell[],
  production: ProductionPattern = DEFAULT_PRODUCTION,
): { environments: string[]; cells: DeployedCell[] } {
  const names = new Map(snapshot.environments.map((item) => [item.id, item.name]));
  const order = deliveryOrder(
    cells.map((cell) => cell.environment),
    [
      ...yamlSequences(snapshot.records, (id) => names.get(id) ?? String(id)),
      ...classicSequences(snapshot.releases),
    ],
    production,
  );
  const position = new Map(order.map((name, index) => [name.trim().toLowerCase(), index]));
  const at = (cell: DeployedCell) => position.get(cell.environment.trim().toLowerCase()) ?? 0;
  const shown = new Set(cells.map((cell) => cell.environment.trim().toLowerCase()));
  return {
    environments: order.filter((name) => shown.has(name.trim().toLowerCase())),
    cells: [...cells].sort(
      (a, b) =>
        a.pipeline.localeCompare(b.pipeline) ||
        a.kind.localeCompare(b.kind) ||
        at(a) - at(b) ||
        a.environment.localeCompare(b.environment),
    ),
  };
}

export async function deployedMatrix(
  sources: Sources,
  project: string,
  options: DeployedOptions = {},
): Promise<DeployedMatrix> {
  const session = options.session ?? new TraceSession(sources, project);
  const notAvailable: NotAvailable[] = [];
  const snapshot = await collectDeployed(session, options, notAvailable);
  const derived = deriveDeployedCells(snapshot, nameFilter(options.pipeline));
  const { environments, cells } = orderDeployedCells(snapshot, derived, options.production);
  return { schemaVersion: 1, environments, cells, notAvailable };
}
