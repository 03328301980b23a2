/** `deployedMatrix`: pipelines (YAML and Classic) × environments, each cell the latest deployment. */
import type { DeploymentRecord, Release, Run } from "../model";
import type { Sources } from "../sources";
import { releaseEnvironmentTime } from "./graph";
import { attempt, TraceSession } from "./session";
import type { DeployedCell, DeployedMatrix, NotAvailable } from "./types";
import { TraceInputError } from "./workItem";

export interface DeployedOptions {
  /** Only this pipeline or release definition (name, case-insensitive). */
  pipeline?: string;
  session?: TraceSession;
}

function recordTime(record: DeploymentRecord): number {
  return (record.finishTime ?? record.startTime ?? record.queueTime)?.getTime() ?? 0;
}

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

function classicCells(releases: Release[], wanted: (name: string) => boolean): DeployedCell[] {
  const latest = new Map<string, { cell: DeployedCell; time: number }>();
  for (const release of releases) {
    if (!wanted(release.definition.name)) continue;
    const artifact = release.artifacts.find((item) => item.isPrimary) ?? release.artifacts[0];
    for (const environment of release.environments) {
      if (environment.status === "notStarted" || environment.status === "undefined") continue;
      const at = releaseEnvironmentTime(environment);
      const time = at?.getTime() ?? 0;
      const key = `${release.definition.id}|${environment.name.toLowerCase()}`;
      const current = latest.get(key);
      if (
        current &&
        (current.time > time ||
          (current.time === time && (current.cell.releaseId ?? 0) > release.id))
      )
        continue;
      const lastStep = [...environment.deploySteps].sort((a, b) => b.attempt - a.attempt)[0];
      latest.set(key, {
        time,
        cell: {
          pipeline: release.definition.name,
          kind: "classic",
          environment: environment.name,
          releaseId: release.id,
          name: release.name,
          sourceBranch: artifact?.branch ?? null,
          sourceVersion: artifact?.sourceVersion ?? null,
          result: environment.status,
          deployedAt: iso(at),
          deployedBy: lastStep?.requestedFor?.displayName ?? null,
        },
      });
    }
  }
  return [...latest.values()].map((entry) => entry.cell);
}

export async function deployedMatrix(
  sources: Sources,
  project: string,
  options: DeployedOptions = {},
): Promise<DeployedMatrix> {
  const session = options.session ?? new TraceSession(sources, project);
  const notAvailable: NotAvailable[] = [];
  const [pipelines, deployments, releases] = await Promise.all([
    session.pipelines(notAvailable),
    session.environmentDeployments(notAvailable),
    session.releases(notAvailable),
  ]);
  const filter = options.pipeline?.toLowerCase();
  const wanted = (name: string) => filter === undefined || name.toLowerCase() === filter;
  if (
    filter !== undefined &&
    !pipelines.some((pipeline) => wanted(pipeline.name)) &&
    !releases.some((release) => wanted(release.definition.name)) &&
    !deployments.records.some((record) => wanted(record.pipeline.name))
  ) {
    throw new TraceInputError(`No pipeline or release definition is named "${options.pipeline}".`);
  }

  const environmentNames = new Map(
    deployments.environments.map((environment) => [environment.id, environment.name]),
  );
  const latest = new Map<string, DeploymentRecord>();
  for (const record of deployments.records) {
    if (!wanted(record.pipeline.name)) continue;
    const key = `${record.pipeline.id}|${record.environmentId}`;
    const current = latest.get(key);
    if (
      !current ||
      recordTime(record) > recordTime(current) ||
      (recordTime(record) === recordTime(current) && record.id > current.id)
    )
      latest.set(key, record);
  }
  const runIds = [...new Set([...latest.values()].map((record) => record.run.id))];
  const runs =
    runIds.length === 0
      ? []
      : await attempt(
          notAvailable,
          "runs of the latest deployments",
          async () =>
            session.recorder.keepRuns(await sources.build.listRuns(project, { ids: runIds })),
          [] as Run[],
        );
  const runById = new Map(runs.map((run) => [run.id, run]));
  const yamlCells: DeployedCell[] = [...latest.values()].map((record) => {
    const run = runById.get(record.run.id);
    return {
      pipeline: record.pipeline.name,
      kind: "yaml",
      environment: environmentNames.get(record.environmentId) ?? String(record.environmentId),
      runId: record.run.id,
      name: run?.number ?? record.run.name,
      sourceBranch: run?.sourceBranch ?? null,
      sourceVersion: run?.sourceVersion ?? null,
      result: record.result ?? null,
      deployedAt: iso(record.finishTime ?? record.startTime ?? record.queueTime),
      deployedBy: run?.requestedFor?.displayName ?? null,
    };
  });
  const cells = [...yamlCells, ...classicCells(releases, wanted)].sort(
    (a, b) =>
      a.pipeline.localeCompare(b.pipeline) ||
      a.kind.localeCompare(b.kind) ||
      a.environment.localeCompare(b.environment),
  );
  return { schemaVersion: 1, cells, notAvailable };
}
