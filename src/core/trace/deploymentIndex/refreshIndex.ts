/**
 * Keeping the deployment index current: the hub saves what it listed anyway (every environment,
 * to the end), and the pipeline task reads only what is newer than the index (each environment
 * down to its watermark, or to a row that was still running) and merges it in. One etag-checked
 * write (updateVersioned), shared with the score history.
 */
import type { DeploymentRecord, Environment, Release } from "../../model";
import { updateVersioned, type VersionedStore } from "../../sources/versionedDocument";
import { completeList, isSourceError, type Sources } from "../../sources";
import { INDEX_DOCUMENT_ID, parseIndex, type DeploymentIndex } from "./deploymentIndex";
import { mergeIndex, refreshStops, sameRows, type IndexRead } from "./mergeIndex";

/** An index that says the same is rewritten only when this old, so its date stays honest. */
export const REDATE_AFTER_MS = 5 * 60_000;

/** A read of every environment to its end (what the hub's deployed-where view lists). */
export function fullRead(
  projectId: string,
  at: Date,
  deployments: { environments: Environment[]; records: DeploymentRecord[]; releases?: Release[] },
): IndexRead {
  return {
    projectId,
    at,
    environments: deployments.environments,
    reads: deployments.environments.map((environment) => ({
      environmentId: environment.id,
      records: deployments.records.filter((record) => record.environmentId === environment.id),
    })),
    ...(deployments.releases ? { releases: { records: deployments.releases } } : {}),
  };
}

/** Merges `read` into the stored index and saves it (etag-checked; retried on a conflict). */
export function saveIndex(store: VersionedStore, read: IndexRead): Promise<DeploymentIndex> {
  return updateVersioned(
    store,
    INDEX_DOCUMENT_ID,
    (stored) => {
      const previous = parseIndex(stored, read.projectId);
      const next = mergeIndex(previous, read);
      const age = previous ? Date.parse(next.asOf) - Date.parse(previous.asOf) : Infinity;
      return { value: next, changed: !sameRows(previous, next) || age >= REDATE_AFTER_MS };
    },
    "deployment index",
  );
}

/**
 * Classic releases newer than the index (all of them when it has none). Not readable (no Classic
 * releases in the project's permissions, a failed read): undefined, and the index keeps the
 * releases it had; the form reads newer ones by their id, so an older list stays correct.
 */
async function newerReleases(
  sources: Sources,
  project: string,
  previous: DeploymentIndex | undefined,
): Promise<IndexRead["releases"]> {
  const watermark = previous?.releases?.watermark;
  const downTo = watermark === undefined ? undefined : watermark + 1;
  try {
    const records = completeList(
      await sources.release.listReleases(project, downTo === undefined ? {} : { downToId: downTo }),
    );
    return { records, ...(downTo === undefined ? {} : { downTo }) };
  } catch (error) {
    if (isSourceError(error)) return undefined;
    throw error;
  }
}

export interface RefreshSummary {
  index: DeploymentIndex;
  /** Environments read to the end (none in the index before, or it was not trusted). */
  readToEnd: number;
  /** Records read from the service. */
  recordsRead: number;
}

/**
 * Reads what is newer than the stored index (every environment of a project it does not hold
 * to the end) and saves the merge. Any read that fails fails the refresh: the index is then
 * left as it was, never made from a partial read.
 */
export async function refreshIndex(
  sources: Sources,
  target: { project: string; projectId: string; now: () => Date },
  store: VersionedStore,
): Promise<RefreshSummary> {
  const stored = await store.read(INDEX_DOCUMENT_ID);
  const previous = parseIndex(stored?.value, target.projectId);
  const stops = refreshStops(previous);
  const at = target.now();
  // A list that may miss items is no base for an index: completeList throws instead.
  const environments = completeList(await sources.environments.listEnvironments(target.project));
  const reads = await Promise.all(
    environments.map(async (environment) => {
      const downTo = stops.get(environment.id);
      const records = completeList(
        await sources.environments.listDeploymentRecords(
          target.project,
          environment.id,
          downTo === undefined ? undefined : { downToId: downTo },
        ),
      );
      return {
        environmentId: environment.id,
        records,
        ...(downTo === undefined ? {} : { downTo }),
      };
    }),
  );
  const releases = await newerReleases(sources, target.project, previous);
  const index = await saveIndex(store, {
    projectId: target.projectId,
    at,
    environments,
    reads,
    ...(releases ? { releases } : {}),
  });
  return {
    index,
    readToEnd: reads.filter((read) => read.downTo === undefined).length,
    recordsRead: reads.reduce((sum, read) => sum + read.records.length, 0),
  };
}
