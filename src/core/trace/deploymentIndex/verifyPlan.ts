/**
 * Using the deployment index for some runs (a work item's): which of its rows concern them, which
 * environments the service must be asked about and how far down, and what the service's answer
 * confirms. Nothing in the index is shown as fact: a row is a claim until the environment's own
 * records, read from the service down to it, contain it; a claim they lack is dropped and said.
 */
import type { DeploymentRecord, Release, Run, Timeline, TimelineRecord } from "../../model";
import {
  hasDeployedTo,
  recordOf,
  type DeploymentIndex,
  type IndexedReleases,
} from "./deploymentIndex";

/** The index's rows for these runs, as (unverified) deployment records. */
export function claimedRecords(index: DeploymentIndex, runs: readonly Run[]): DeploymentRecord[] {
  const runIds = new Set(runs.map((run) => run.id));
  return index.rows
    .filter((row) => runIds.has(row[3]))
    .map((row) => recordOf(row, index.pipelines));
}

/**
 * The index's date is the writer's clock, the runs' times the service's: a run or job this much
 * older than the index is still treated as newer, so a clock a few minutes off misses nothing.
 */
export const CLOCK_SLACK_MS = 10 * 60_000;

/** A run that may have deployment records the index has not seen (by the run's own times). */
function newerThan(run: Run, since: number): boolean {
  if (run.status !== "completed") return true;
  return run.finishTime === undefined || run.finishTime.getTime() >= since;
}

/** The runs that may have deployed since the index was written, by their own times. */
export function runsNewerThan(index: DeploymentIndex, runs: readonly Run[]): Run[] {
  const since = Date.parse(index.asOf) - CLOCK_SLACK_MS;
  return runs.filter((run) => newerThan(run, since));
}

function stageOf(
  record: TimelineRecord,
  byId: ReadonlyMap<string, TimelineRecord>,
): TimelineRecord | undefined {
  let current: TimelineRecord | undefined = record;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current.type === "Stage") return current;
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return undefined;
}

/**
 * Whether a run's timeline allows a deployment record created since `since`. A record is made
 * when a deployment job is queued: never before its stage started and its checks (the stage's
 * Checkpoint) passed, never for a skipped job, and not after the job started. A job (or phase)
 * whose queue time cannot be bounded this way counts as possibly new.
 */
export function mayHaveDeployedSince(timeline: Timeline, since: number): boolean {
  const byId = new Map(timeline.records.map((record) => [record.id, record]));
  const held = new Set(
    timeline.records
      .filter((record) => record.type === "Checkpoint" && record.state !== "completed")
      .map((record) => record.parentId),
  );
  const isJob = (record: TimelineRecord) => record.type === "Job" || record.type === "Phase";
  const jobsOf = new Set(
    timeline.records.filter(isJob).flatMap((job) => stageOf(job, byId)?.id ?? []),
  );
  // A stage under way whose checks let it through, with no job or phase yet, may queue one now.
  const startingStage = timeline.records.some(
    (stage) =>
      stage.type === "Stage" &&
      stage.state === "inProgress" &&
      !held.has(stage.id) &&
      !jobsOf.has(stage.id),
  );
  return (
    startingStage ||
    timeline.records.some((job) => {
      // A Phase stands for its jobs until they exist (a job waiting for an agent may not yet).
      if (!isJob(job) || job.result === "skipped") return false;
      if (job.startTime) return job.startTime.getTime() >= since;
      const stage = stageOf(job, byId);
      if (stage && stage.state === "pending" && !stage.startTime) return false;
      return !(stage && held.has(stage.id));
    })
  );
}

/** Per environment to read, the lowest record id the read must reach (absent: to the end). */
export type VerificationPlan = Map<number, number | undefined>;

function lower(plan: VerificationPlan, environmentId: number, stop: number | undefined): void {
  if (!plan.has(environmentId)) plan.set(environmentId, stop);
  const current = plan.get(environmentId);
  if (current === undefined || stop === undefined) plan.set(environmentId, undefined);
  else plan.set(environmentId, Math.min(current, stop));
}

/**
 * The environments to read for these runs and how far down:
 * - each environment the index names for them, down to its oldest claim (so every claim is
 *   either confirmed or contradicted, and claims still running are read again);
 * - when a run may have deployed since the index was written (unfinished, or finished later):
 *   every environment the service lists, down to the watermark, because a run can deploy to an
 *   environment its pipeline never used before;
 * - an environment the index does not know, to the end, for every run (new since the index, or
 *   its writer could not see it: the newest one too);
 * - to the end where the index was cut above a run's queue time and the run's pipeline has
 *   deployed there (the index can no longer answer for it).
 * `listed`: the environments the service lists now (absent: the index's own). `timelines`: the
 * runs' timelines where read; a run whose timeline shows no deployment job queued since the
 * index is not newer for this (see mayHaveDeployedSince).
 */
export function verificationPlan(
  index: DeploymentIndex,
  runs: readonly Run[],
  known: {
    listed?: readonly number[];
    timelines?: ReadonlyMap<number, Timeline>;
    /** Plan as if no run were newer than the index (its claims and cuts only). */
    asOfIndex?: boolean;
  } = {},
): VerificationPlan {
  const plan: VerificationPlan = new Map();
  const since = Date.parse(index.asOf) - CLOCK_SLACK_MS;
  const { listed, timelines, asOfIndex = false } = known;
  const byId = new Map(index.environments.map((environment) => [environment.id, environment]));
  const environmentIds = listed ?? index.environments.map((environment) => environment.id);
  for (const record of claimedRecords(index, runs)) lower(plan, record.environmentId, record.id);
  for (const run of runs) {
    const timeline = timelines?.get(run.id);
    const newer =
      !asOfIndex && newerThan(run, since) && (!timeline || mayHaveDeployedSince(timeline, since));
    const queued = run.queueTime?.getTime() ?? 0;
    for (const environmentId of environmentIds) {
      const environment = byId.get(environmentId);
      // One the index lacks may be new, or its writer could not see it (permissions), whatever
      // its id: its id says nothing of when it was made visible, so it is read for every run.
      if (!environment) {
        lower(plan, environmentId, undefined);
        continue;
      }
      const beyondCut = !environment.complete && queued < (environment.floorQueued ?? 0);
      if (beyondCut && hasDeployedTo(environment, run.pipeline.id))
        lower(plan, environmentId, undefined);
      else if (newer) lower(plan, environmentId, environment.watermark + 1);
    }
  }
  return plan;
}

/** What the service's reads make of the claims. */
export interface Reconciled {
  /** The records read from the service: the only ones shown as fact. */
  records: DeploymentRecord[];
  /** Claims the service contradicted, in words (each dropped, the service's answer kept). */
  contradicted: string[];
}

const sameClaim = (claim: DeploymentRecord, record: DeploymentRecord) =>
  claim.run.id === record.run.id &&
  claim.pipeline.id === record.pipeline.id &&
  claim.stageName.toLowerCase() === record.stageName.toLowerCase();

/**
 * Confirms each claim against its environment's records as read. `reads` holds, per environment
 * of the plan, every record from the service down to (at least) the plan's stop, so a claim it
 * lacks does not exist there. Environment names come from the service's list.
 */
export function reconcile(
  claims: readonly DeploymentRecord[],
  reads: ReadonlyMap<number, readonly DeploymentRecord[]>,
  environmentName: (environmentId: number) => string,
): Reconciled {
  const contradicted: string[] = [];
  for (const claim of claims) {
    const read = reads.get(claim.environmentId);
    if (!read) continue;
    const found = read.find((record) => record.id === claim.id);
    if (found && sameClaim(claim, found)) continue;
    const where = environmentName(claim.environmentId);
    contradicted.push(
      found
        ? `The deployment index says record ${claim.id} of ${where} is run ${claim.run.name} (id ${claim.run.id}, stage ${claim.stageName}); Azure DevOps says run ${found.run.name} (id ${found.run.id}, stage ${found.stageName}): Azure DevOps's is shown.`
        : `The deployment index says run ${claim.run.name} deployed to ${where} (record ${claim.id}); Azure DevOps has no such record that you can see: not shown.`,
    );
  }
  return { records: [...reads.values()].flat(), contradicted };
}

/** How the index's Classic releases answer for some runs: what to read from the service. */
export interface ReleasePlan {
  /** Releases the index says deploy one of the runs (or linked) below the listing: read by id. */
  claimed: number[];
  /** List every release with an id of at least this, newest first (see releaseListingFloor). */
  downToId: number;
}

/**
 * How many of the newest releases the index knows are listed with the ones made since (newest
 * first, one page of 100 with room for 25 new ones): a claim among them needs no read of its own.
 */
export const NEWEST_RELEASES_LISTED = 75;

/**
 * Where the newest-first listing of releases stops: at the NEWEST_RELEASES_LISTED-th newest
 * release the index knows (every release made since is above it). The same for every work item,
 * so the form can start it before the work item's runs are known.
 */
export function releaseListingFloor(releases: IndexedReleases): number {
  const newest = releases.rows.slice(0, NEWEST_RELEASES_LISTED);
  // No releases when it was written: every release there is now is listed (never trust a
  // watermark that no row backs).
  return newest.length === 0 ? 1 : newest[newest.length - 1][0];
}

/**
 * The Classic releases to read for these runs, or undefined when the index cannot answer (no
 * releases in it, or cut above a run's queue time: a release of that run may have been dropped).
 * `linked`: releases the work item links to itself. The listing down to `downToId` holds the
 * newest releases and every one made since; the claims below it are read by id.
 */
export function releasePlan(
  index: DeploymentIndex,
  runs: readonly Run[],
  linked: readonly number[],
): ReleasePlan | undefined {
  const releases = index.releases;
  if (!releases) return undefined;
  if (!releases.complete) {
    const floor = releases.floorCreated ?? 0;
    if (runs.some((run) => (run.queueTime?.getTime() ?? 0) < floor)) return undefined;
  }
  const runIds = new Set(runs.map((run) => run.id));
  const claimed = new Set(linked);
  for (const [releaseId, , ...builds] of releases.rows)
    if (builds.some((build) => runIds.has(build))) claimed.add(releaseId);
  const downToId = releaseListingFloor(releases);
  return {
    claimed: [...claimed].filter((id) => id < downToId).sort((left, right) => left - right),
    downToId,
  };
}

/** Claimed releases the service lacks, or says deploy none of the runs the index named, in words. */
export function contradictedReleases(
  index: DeploymentIndex,
  read: readonly Release[],
  runs: readonly Run[],
  linked: readonly number[],
): string[] {
  const byId = new Map(read.map((release) => [release.id, release]));
  const runNames = new Map(runs.map((run) => [run.id, run.number]));
  const linkedIds = new Set(linked);
  const said: string[] = [];
  for (const [releaseId, , ...builds] of index.releases?.rows ?? []) {
    const named = builds.filter((build) => runNames.has(build));
    const name = (ids: number[]) => ids.map((id) => runNames.get(id) ?? String(id)).join(", ");
    if (named.length === 0 || linkedIds.has(releaseId)) continue;
    const release = byId.get(releaseId);
    if (!release) {
      said.push(
        `The deployment index says Classic release ${releaseId} deploys run ${name(named)}; Azure DevOps has no such release that you can see: not shown.`,
      );
      continue;
    }
    const actual = new Set(release.artifacts.map((artifact) => artifact.buildId));
    const missing = named.filter((build) => !actual.has(build));
    if (missing.length > 0)
      said.push(
        `The deployment index says ${release.name} (release ${releaseId}) deploys run ${name(missing)}; Azure DevOps says it does not: Azure DevOps's artifacts are used.`,
      );
  }
  return said;
}
