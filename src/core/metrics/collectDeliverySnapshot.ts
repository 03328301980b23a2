/**
 * `collectDeliverySnapshot`: reads, through the ports, everything the delivery metrics of a
 * project need for a window, in a few listings: the environments, the deployment records of the
 * selection's and production's (not every environment's: the others change no figure),
 * Classic releases, the runs of the pipelines that deploy (one listing), the changes of only
 * the runs the window's deployments brought, their commits (one batch per repository), completed
 * pull requests and the work items. No timeline is read. What could not be read is recorded
 * with the key of what it affects; `deriveDeliveryMetrics` then turns it into not-available.
 */
import type {
  BuildChange,
  CommitRef,
  DeploymentRecord,
  PullRequest,
  Run,
  WorkItem,
} from "../model";
import { attempt, type NotAvailable, type Sources } from "../sources";
import { TraceSession } from "../trace/session";
import { broughtRuns, runsByPipeline } from "./brought";
import { DEFAULT_PRODUCTION, isProductionName } from "../vocabulary/production";
import { deriveContext, environmentInSelection } from "./context";
import { snapshotDeployments } from "./snapshotDeployments";
import { DEFAULT_INCIDENT_QUERY, type DeliverySnapshot, type MetricsOptions } from "./types";
import { inWindow } from "./window";

export interface CollectOptions {
  /** A traceability session to share reads with (the hub keeps one); else a new one. */
  session?: TraceSession;
  /** Reports progress (steps done of steps known) while it collects. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

type Unread = DeliverySnapshot["unread"];

/** Keyed not-available notes: `key` says what each one affects (see `DeliverySnapshot.unread`). */
function keep(unread: Unread, key: string, notes: readonly NotAvailable[]): void {
  for (const entry of notes) unread.push({ key, entry });
}

/** The session's environment notes, keyed: the listing itself, or one environment's records. */
function keepEnvironmentNotes(unread: Unread, notes: readonly NotAvailable[]): void {
  const prefix = "deployment records of environment ";
  for (const entry of notes)
    unread.push({
      key: entry.what.startsWith(prefix)
        ? `deployments:${entry.what.slice(prefix.length)}`
        : "environments",
      entry,
    });
}

/**
 * The environments whose deployment records the metrics use: the selection's (the chosen one, or
 * production), and production's, to which incidents attribute. The other environments' records
 * change no figure: every rule looks at a deployment's own pipeline × environment row.
 */
export function environmentsToRead<T extends { name: string }>(
  environments: readonly T[],
  options: Pick<MetricsOptions, "environment" | "production">,
): T[] {
  const production = options.production ?? DEFAULT_PRODUCTION;
  return environments.filter(
    (environment) =>
      environmentInSelection(environment.name, options) ||
      isProductionName(environment.name, production),
  );
}

/** The environment list and the records of those the metrics use (paged to the end each). */
async function readDeployments(session: TraceSession, options: MetricsOptions, unread: Unread) {
  const notes: NotAvailable[] = [];
  const environments = await session.environmentList(notes);
  const lists = await Promise.all(
    environmentsToRead(environments, options).map((environment) =>
      attempt(
        notes,
        `deployment records of environment ${environment.name}`,
        () => session.sources.environments.listDeploymentRecords(session.project, environment.id),
        [] as DeploymentRecord[],
      ),
    ),
  );
  keepEnvironmentNotes(unread, notes);
  return { environments, records: lists.flat() };
}

async function readListings(session: TraceSession, options: MetricsOptions, unread: Unread) {
  const releaseNotes: NotAvailable[] = [];
  const pipelineNotes: NotAvailable[] = [];
  const incidentNotes: NotAvailable[] = [];
  const query = options.incidents ?? DEFAULT_INCIDENT_QUERY;
  const [deployments, releases, pipelines, incidentIds] = await Promise.all([
    readDeployments(session, options, unread),
    session.releases(releaseNotes),
    session.pipelines(pipelineNotes),
    attempt(
      incidentNotes,
      "incidents",
      () =>
        session.sources.workItems.listWorkItemIds(session.project, {
          type: query.type,
          ...(query.tag !== undefined ? { tag: query.tag } : {}),
        }),
      [],
    ),
  ]);
  keep(unread, "releases", releaseNotes);
  keep(unread, "pipelines", pipelineNotes);
  keep(unread, "incidents", incidentNotes);
  return { ...deployments, releases, pipelines, incidentIds };
}

async function readRuns(session: TraceSession, pipelineIds: number[], unread: Unread) {
  if (pipelineIds.length === 0) return [];
  const notes: NotAvailable[] = [];
  const runs = await attempt(
    notes,
    "runs of the pipelines that deploy",
    async () =>
      session.recorder.keepRuns(
        await session.sources.build.listRuns(session.project, { pipelineIds }),
      ),
    [] as Run[],
  );
  keep(unread, "runs", notes);
  return runs;
}

async function readChanges(session: TraceSession, runIds: number[], unread: Unread) {
  const changes: Record<number, BuildChange[]> = {};
  await Promise.all(
    runIds.map(async (runId) => {
      const notes: NotAvailable[] = [];
      const list = await session.runChanges(runId, notes);
      if (notes.length > 0) keep(unread, `changes:${runId}`, notes);
      else changes[runId] = list;
    }),
  );
  return changes;
}

const REPOSITORY_OF_CHANGE = /\/repositories\/([^/]+)\/commits\//i;

/** Commit ids by repository: from the change's URL, else the repository its run built. */
function commitsByRepository(changes: Record<number, BuildChange[]>, runs: Map<number, Run>) {
  const byRepository = new Map<string, Set<string>>();
  for (const [runId, list] of Object.entries(changes))
    for (const change of list) {
      const match = REPOSITORY_OF_CHANGE.exec(change.location ?? "");
      const repository = match
        ? decodeURIComponent(match[1]).toLowerCase()
        : runs.get(Number(runId))?.repositoryId?.toLowerCase();
      if (repository === undefined) continue;
      const ids = byRepository.get(repository) ?? new Set<string>();
      ids.add(change.id.toLowerCase());
      byRepository.set(repository, ids);
    }
  return byRepository;
}

async function readCommits(
  session: TraceSession,
  byRepository: Map<string, Set<string>>,
  unread: Unread,
): Promise<Record<string, CommitRef>> {
  const commits: Record<string, CommitRef> = {};
  await Promise.all(
    [...byRepository].map(async ([repositoryId, ids]) => {
      const notes: NotAvailable[] = [];
      const list = await attempt(
        notes,
        `commits of ${session.repositoryText(repositoryId)}`,
        async () =>
          session.recorder.keepCommits(
            await session.sources.git.getCommits(session.project, repositoryId, [...ids]),
          ),
        [] as CommitRef[],
      );
      for (const sha of ids) keep(unread, `commits:${sha}`, notes);
      for (const commit of list) commits[commit.id.toLowerCase()] = commit;
    }),
  );
  return commits;
}

async function readPullRequests(
  session: TraceSession,
  commits: Record<string, CommitRef>,
  unread: Unread,
): Promise<PullRequest[]> {
  if (Object.keys(commits).length === 0) return [];
  const notes: NotAvailable[] = [];
  const list = await attempt(
    notes,
    "completed pull requests",
    () => session.sources.git.listPullRequests(session.project, { status: "completed" }),
    [] as PullRequest[],
  );
  keep(unread, "pull-requests", notes);
  return list.filter((pr) => pr.mergeCommitId && commits[pr.mergeCommitId.toLowerCase()]);
}

async function readWorkItems(session: TraceSession, ids: number[], unread: Unread) {
  if (ids.length === 0) return [];
  const notes: NotAvailable[] = [];
  const items = await attempt(
    notes,
    "work items",
    () => session.sources.workItems.getWorkItems(session.project, ids),
    [] as WorkItem[],
  );
  keep(unread, "work-items", notes);
  return items;
}

/** Runs whose changes the window's successful deployments in the selection brought. */
function runsToRead(snapshot: DeliverySnapshot, options: MetricsOptions): number[] {
  const context = deriveContext(snapshot, options);
  const runsOf = runsByPipeline(snapshot.runs);
  const ids = new Set<number>();
  for (const deployment of context.deployments)
    if (
      deployment.inScope &&
      deployment.classification === "successful" &&
      inWindow(context.window, new Date(deployment.at))
    )
      for (const run of broughtRuns(context, deployment, runsOf)?.runs ?? []) ids.add(run.id);
  return [...ids].sort((a, b) => a - b);
}

function emptySnapshot(project: string, options: MetricsOptions): DeliverySnapshot {
  return {
    schemaVersion: 1,
    project,
    readAt: new Date().toISOString(),
    since: options.since.toISOString(),
    until: options.until.toISOString(),
    environments: [],
    pipelines: [],
    deployments: [],
    records: [],
    releases: [],
    runs: [],
    runChanges: {},
    commits: {},
    pullRequests: [],
    pullRequestFirstCommitAt: {},
    workItems: [],
    incidentIds: [],
    unread: [],
    notAvailable: [],
  };
}

export async function collectDeliverySnapshot(
  sources: Sources,
  project: string,
  options: MetricsOptions,
  collect: CollectOptions = {},
): Promise<DeliverySnapshot> {
  const session = collect.session ?? new TraceSession(sources, project);
  const progress = (done: number) => collect.onProgress?.({ done, total: 5 });
  const snapshot = emptySnapshot(project, options);
  const unread = snapshot.unread;
  progress(0);
  const listings = await readListings(session, options, unread);
  Object.assign(snapshot, {
    environments: listings.environments,
    pipelines: listings.pipelines,
    records: listings.records,
    releases: listings.releases,
    incidentIds: listings.incidentIds,
    deployments: snapshotDeployments(listings.environments, listings.records, listings.releases),
  });
  progress(1);
  const pipelineIds = new Set(listings.records.map((record) => record.pipeline.id));
  for (const release of listings.releases)
    for (const artifact of release.artifacts)
      if (artifact.buildDefinitionId !== undefined) pipelineIds.add(artifact.buildDefinitionId);
  snapshot.runs = await readRuns(
    session,
    [...pipelineIds].sort((a, b) => a - b),
    unread,
  );
  progress(2);
  snapshot.runChanges = await readChanges(session, runsToRead(snapshot, options), unread);
  progress(3);
  const runs = new Map(snapshot.runs.map((run) => [run.id, run]));
  snapshot.commits = await readCommits(
    session,
    commitsByRepository(snapshot.runChanges, runs),
    unread,
  );
  snapshot.pullRequests = await readPullRequests(session, snapshot.commits, unread);
  progress(4);
  const linked = Object.values(snapshot.commits).flatMap((commit) => commit.workItemIds ?? []);
  const ids = [...new Set([...snapshot.incidentIds, ...linked])].sort((a, b) => a - b);
  snapshot.workItems = await readWorkItems(session, ids, unread);
  const seen = new Set<string>();
  snapshot.notAvailable = unread
    .map((item) => item.entry)
    .filter(
      (entry) =>
        !seen.has(`${entry.what}|${entry.reason}`) &&
        Boolean(seen.add(`${entry.what}|${entry.reason}`)),
    );
  progress(5);
  return snapshot;
}
