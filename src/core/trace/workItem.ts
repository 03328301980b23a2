/** `traceWorkItem`: one work item's whole path, from commits and PRs to every environment it reached. */
import type { PullRequest, Release, Repository, Run, WorkItem } from "../model";
import type { Sources } from "../sources";
import { evaluateGaps } from "./gaps/evaluate";
import { readGapData } from "./gapReads";
import {
  deploymentsOfWorkItem,
  nodeId,
  pullRequestsOfWorkItem,
  TraceGraph,
  type ReachedDeployment,
} from "./graph";
import { attempt } from "../sources";
import { landingRuns } from "./mergeRuns";
import { deliveringBuildId } from "../vocabulary/names";
import { TraceSession, type IndexUse } from "./session";
import type {
  NotAvailable,
  TraceBuild,
  TraceDeployment,
  TraceGap,
  TracePullRequest,
  WorkItemTrace,
} from "./types";

/** The work item does not exist (or cannot be seen): an input error, not partial data. */
export class TraceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TraceInputError";
  }
}

export function repositoryName(
  repositories: Map<string, Repository>,
  repositoryId: string,
  fallback?: string,
): string {
  return repositories.get(repositoryId.toLowerCase())?.name ?? fallback ?? repositoryId;
}

export function tracePullRequest(
  pr: PullRequest,
  repositories: Map<string, Repository>,
): TracePullRequest {
  return {
    id: pr.id,
    repository: repositoryName(repositories, pr.repositoryId, pr.repositoryName),
    status: pr.status,
    mergeCommit: pr.mergeCommitId ?? null,
    reviewers: pr.reviewers.map((reviewer) => ({
      name: reviewer.identity.displayName,
      vote: reviewer.vote,
    })),
    policyBypass: pr.policyBypass
      ? { by: pr.policyBypass.by?.displayName ?? null, reason: pr.policyBypass.reason ?? null }
      : null,
  };
}

export function traceBuild(run: Run): TraceBuild {
  return {
    id: run.id,
    pipeline: run.pipeline.name,
    number: run.number,
    branch: run.sourceBranch,
    result: run.result ?? (run.status === "completed" ? null : run.status),
  };
}

/** Stage display names by pipeline id, then stage identifier (lower case). */
export type StageNames = ReadonlyMap<number, ReadonlyMap<string, string>>;

export function traceDeployment(
  deployment: ReachedDeployment,
  stageNames: StageNames = new Map(),
): TraceDeployment {
  // A stage by its display name; a Classic stage's name is its environment's.
  const stage =
    deployment.kind === "yaml"
      ? (stageNames.get(deployment.pipeline.id)?.get(deployment.stage.toLowerCase()) ??
        deployment.stage)
      : deployment.stage;
  return {
    kind: deployment.kind,
    pipeline: deployment.pipeline.name,
    environment: deployment.environment,
    stage,
    ...(deployment.runId !== undefined ? { runId: deployment.runId } : {}),
    ...(deployment.releaseId !== undefined ? { releaseId: deployment.releaseId } : {}),
    name: deployment.name,
    status: deployment.status,
    state: deployment.state,
    reachedAt: deployment.reachedAt?.toISOString() ?? null,
    evidence: deployment.evidence,
  };
}

/** Reads the pull requests a work item links to (cross-project ones in their own project). */
async function readLinkedPullRequests(
  session: TraceSession,
  item: WorkItem,
  notAvailable: NotAvailable[],
): Promise<PullRequest[]> {
  const links = item.relations.flatMap((relation) =>
    relation.artifact?.kind === "pullRequest" ? [relation.artifact] : [],
  );
  const found = await Promise.all(
    links.map((link) => {
      // Said to users: a project's id means nothing to them (it stays in the key).
      const what = `pull request ${link.pullRequestId}`;
      return session.inLoad(`${what}|${link.projectId}`, notAvailable, (notes) =>
        attempt(
          notes,
          what,
          async () => [
            await session.sources.git.getPullRequest(
              link.projectId,
              link.repositoryId,
              link.pullRequestId,
            ),
          ],
          [] as PullRequest[],
        ),
      );
    }),
  );
  return found.flat();
}

export interface TraceOptions {
  /** Reuse reads across calls (the work item form keeps one per session). */
  session?: TraceSession;
  /**
   * With a session that uses the deployment index: take its rows as they are, unconfirmed (the
   * form shows them labelled while it confirms them).
   */
  provisional?: boolean;
  /** Part of the load under way (the form's second step): reads of the load are not made again. */
  continueLoad?: boolean;
  /** Told how the deployment index was used (undefined: it was not). */
  onIndex?: (use: IndexUse | undefined) => void;
  /** Told the item's builds (linked, or holding its merges) as soon as they are known. */
  onBuilds?: (builds: Run[]) => void;
  /** Told the Classic releases read for the item (its form's pending stages use them). */
  onReleases?: (releases: Release[]) => void;
}

/** What a work item's trace is derived from, once read. */
interface WorkItemReads {
  item: WorkItem;
  graph: TraceGraph;
  pullRequests: PullRequest[];
  linkedRuns: Run[];
  /** Runs found to contain a merge commit of the item's PRs. */
  mergeBuilds: Run[];
  repositories: Map<string, Repository>;
  index?: IndexUse;
  /** The Classic releases read for the item (with the index: only those that may concern it). */
  releases: Release[];
}

/** The runs the item links to ("Integrated in build"); a linked run not found is said. */
async function readLinkedRuns(
  session: TraceSession,
  item: WorkItem,
  notes: { runs: NotAvailable[]; notAvailable: NotAvailable[] },
): Promise<Run[]> {
  const { sources, project, recorder } = session;
  const buildIds = item.relations.flatMap((relation) => {
    const buildId = deliveringBuildId(relation);
    return buildId === undefined ? [] : [buildId];
  });
  if (buildIds.length === 0) return [];
  const what = `runs ${buildIds.join(", ")}`;
  const read: NotAvailable[] = [];
  const linkedRuns = recorder.keepRuns(
    await session.inLoad(what, read, (own) =>
      attempt(own, what, () => sources.build.listRuns(project, { ids: buildIds }), []),
    ),
  );
  notes.runs.push(...read);
  // Not read: not "not found" (the listing's note says what could not be read).
  if (read.length > 0) return linkedRuns;
  for (const id of buildIds)
    if (!linkedRuns.some((run) => run.id === id))
      notes.notAvailable.push({
        what: `run ${id}`,
        kind: "not-found",
        reason: "linked as 'Integrated in build' but not found in this project",
      });
  return linkedRuns;
}

/** Runs that may carry the item on: later runs of its runs' families, runs holding its merges. */
async function readRelatedRuns(
  session: TraceSession,
  found: { item: WorkItem; linkedRuns: Run[]; pullRequests: PullRequest[] },
  notes: NotAvailable[],
): Promise<{ later: Run[]; merged: Awaited<ReturnType<typeof landingRuns>>; mergedLater: Run[] }> {
  // Every later run of the same pipeline on the same branch may carry the change on.
  const families = new Map<string, Run>();
  for (const run of found.linkedRuns)
    families.set(`${run.pipeline.id}|${run.sourceBranch.toLowerCase()}`, run);
  const [later, merged] = await Promise.all([
    Promise.all(
      [...families.values()].map((run) => session.runsOf(run.pipeline.id, run.sourceBranch, notes)),
    ),
    landingRuns(session, found.item, found.pullRequests, notes),
  ]);
  // Runs after the one holding a merge commit carry it on (the session has them cached).
  const mergedFamilies = await Promise.all(
    merged.map(({ run }) => session.runsOf(run.pipeline.id, run.sourceBranch, notes)),
  );
  return { later: later.flat(), merged, mergedLater: mergedFamilies.flat() };
}

/** The Classic releases a work item links to itself ("Integrated in release environment"). */
function linkedReleaseIds(item: WorkItem): number[] {
  return item.relations.flatMap((relation) =>
    relation.artifact?.kind === "releaseEnvironment" ? [relation.artifact.releaseId] : [],
  );
}

/** Reads the work item and everything its deployments are found from, into a graph. */
async function readWorkItemGraph(
  session: TraceSession,
  workItemId: number,
  notAvailable: NotAvailable[],
  provisional = false,
): Promise<WorkItemReads> {
  const { sources, project, recorder } = session;
  const [item] = recorder.keepWorkItems(
    await session.inLoad(`work-item|${workItemId}`, [], () =>
      sources.workItems.getWorkItems(project, [workItemId]),
    ),
  );
  if (!item) throw new TraceInputError(`Work item ${workItemId} does not exist or cannot be read.`);
  // A failed listing is marked on the graph: gap rules then answer "not available".
  // Runs too: a run not read is a deployment not found, so the item's environments may be fewer.
  const listingNotes = {
    deployments: [] as NotAvailable[],
    releases: [] as NotAvailable[],
    runs: [] as NotAvailable[],
  };
  const [pullRequests, linkedRuns, repositories] = await Promise.all([
    readLinkedPullRequests(session, item, notAvailable).then((prs) =>
      recorder.keepPullRequests(prs),
    ),
    readLinkedRuns(session, item, { runs: listingNotes.runs, notAvailable }),
    session.repositories(notAvailable),
    // Notes of shared reads reach every caller: the later deploymentsOfRuns gets them.
    session.prefetchDeployments([]),
  ]);
  const related = await readRelatedRuns(
    session,
    { item, linkedRuns, pullRequests },
    listingNotes.runs,
  );
  // Linked runs last: they are this load's reads, the family listings may be an earlier load's.
  const runs = [
    ...related.later,
    ...related.merged.map((found) => found.run),
    ...related.mergedLater,
    ...linkedRuns,
  ];
  // Only now are the runs known: the deployment index is asked about these runs only.
  const [deployments, classic] = await Promise.all([
    session.deploymentsOfRuns(runs, listingNotes.deployments, provisional),
    session.releasesOfRuns(runs, linkedReleaseIds(item), listingNotes.releases),
  ]);
  const releases = classic.releases;
  const graph = new TraceGraph();
  for (const [listing, notes] of Object.entries(listingNotes)) {
    if (notes.length > 0) {
      graph.unread.add(listing);
      graph.unreadReasons.set(listing, notes[0]);
    }
    notAvailable.push(...notes);
  }
  graph.addWorkItem(item);
  for (const pr of pullRequests) graph.addPullRequest(pr);
  for (const run of runs) graph.addRun(run);
  for (const found of related.merged)
    graph.addRunChanges(found.run.id, [{ id: found.commitId, repositoryId: found.repositoryId }]);
  for (const environment of deployments.environments)
    graph.addEnvironment(environment.id, environment.name);
  for (const record of deployments.records)
    if (graph.runs.has(record.run.id)) graph.addDeployment(record);
  for (const release of releases) graph.addRelease(release);
  const mergeBuilds = related.merged.map((found) => found.run);
  const used = "index" in deployments ? deployments.index : undefined;
  const index = used && {
    ...used,
    contradicted: [...used.contradicted, ...classic.contradicted],
  };
  return { item, graph, pullRequests, linkedRuns, mergeBuilds, repositories, index, releases };
}

/** The display names of the stages of every YAML pipeline the item was deployed with. */
async function readStageNames(
  session: TraceSession,
  reached: ReachedDeployment[],
  graph: TraceGraph,
  notAvailable: NotAvailable[],
): Promise<StageNames> {
  const byPipeline = new Map<number, number>();
  for (const deployment of reached)
    if (deployment.kind === "yaml" && deployment.runId !== undefined)
      byPipeline.set(deployment.pipeline.id, deployment.runId);
  const entries = await Promise.all(
    [...byPipeline].map(async ([pipelineId, runId]) => {
      // A timeline already read for this pipeline (a production run's) names its stages too.
      const known = [...graph.timelines.values()].find(
        (timeline) => graph.runs.get(timeline.runId)?.pipeline.id === pipelineId,
      );
      const names = await session.stageNames(pipelineId, { runId, timeline: known }, notAvailable);
      return [pipelineId, names] as const;
    }),
  );
  return new Map(entries);
}

/** Every pull request the item links to or is linked from, read or not. */
function pullRequestIdsOf(graph: TraceGraph, item: WorkItem): number[] {
  const linked = item.relations.flatMap((relation) =>
    relation.artifact?.kind === "pullRequest" ? [relation.artifact.pullRequestId] : [],
  );
  const ids = new Set([...linked, ...pullRequestsOfWorkItem(graph, item.id).map((pr) => pr.id)]);
  return [...ids].sort((a, b) => a - b);
}

/**
 * The work item's gaps: its own (PRs, production, still open) and those of the deployments that
 * first brought it to each environment (their reads are in the graph by now), by the gap rules.
 */
async function workItemGaps(
  session: TraceSession,
  reads: WorkItemReads,
  reached: ReachedDeployment[],
  notAvailable: NotAvailable[],
): Promise<TraceGap[]> {
  const { graph, item } = reads;
  const request = {
    graph,
    workItemIds: [item.id],
    pullRequestIds: pullRequestIdsOf(graph, item),
    deployments: reached,
    markBroughtBy: true,
    production: session.rules.productionPattern,
  };
  return evaluateGaps(request, { baseline: await session.gapBaseline(notAvailable) });
}

/**
 * The item's own commit links and the merge commits of its pull requests. A repository of
 * another project is not in the session's list; its pull requests name it. When the list could
 * not be read, a commit named by its repository id says its repository is unknown.
 */
function workItemCommits(
  reads: WorkItemReads,
  notAvailable: readonly NotAvailable[],
): WorkItemTrace["commits"] {
  const { graph, pullRequests, repositories } = reads;
  const namedByPullRequests = new Map(
    pullRequests.flatMap((pr) =>
      pr.repositoryName ? [[pr.repositoryId.toLowerCase(), pr.repositoryName] as const] : [],
    ),
  );
  const listingUnread = notAvailable.find((note) => note.what === "repositories");
  const commits = new Map<string, WorkItemTrace["commits"][number]>();
  const commitNodes = [
    ...graph.from(nodeId.workItem(reads.item.id), "link"),
    ...pullRequests.flatMap((pr) => graph.from(nodeId.pullRequest(pr.id), "merge-commit")),
  ];
  for (const edge of commitNodes) {
    const commit = graph.commits.get(edge.to);
    if (!commit) continue;
    const key = commit.repositoryId.toLowerCase();
    const named = repositories.get(key)?.name ?? namedByPullRequests.get(key);
    commits.set(commit.id, {
      id: commit.id,
      repository: named ?? commit.repositoryId,
      ...(named === undefined && listingUnread
        ? { unknown: [{ ...listingUnread, what: `commit ${commit.id}`, fields: ["repository"] }] }
        : {}),
    });
  }
  return [...commits.values()];
}

/**
 * Where a work item reached (or tried to), without the details a trace adds (timelines, stage
 * names, gaps): what "was it already there" needs. Undefined when the item cannot be read.
 */
export async function reachedDeploymentsOf(
  session: TraceSession,
  workItemId: number,
  notAvailable: NotAvailable[],
): Promise<ReachedDeployment[] | undefined> {
  try {
    const { graph } = await readWorkItemGraph(session, workItemId, notAvailable);
    return deploymentsOfWorkItem(graph, workItemId);
  } catch (error) {
    if (error instanceof TraceInputError) return undefined;
    throw error;
  }
}

export async function traceWorkItem(
  sources: Sources,
  project: string,
  workItemId: number,
  options: TraceOptions = {},
): Promise<WorkItemTrace> {
  const session = options.session ?? new TraceSession(sources, project);
  if (!options.continueLoad) session.newLoad();
  const notAvailable: NotAvailable[] = [];
  const reads = await readWorkItemGraph(session, workItemId, notAvailable, options.provisional);
  options.onIndex?.(reads.index);
  options.onReleases?.(reads.releases);
  const builds = [
    ...new Map([...reads.linkedRuns, ...reads.mergeBuilds].map((run) => [run.id, run])),
  ]
    .map(([, run]) => run)
    .sort((a, b) => a.id - b.id);
  options.onBuilds?.(builds);
  const { item, graph, repositories } = reads;
  const reached = deploymentsOfWorkItem(graph, workItemId);
  // The index's rows as they are come first, without the reads of the gaps and stage names: they
  // are shown labelled until the confirmed trace, with its gaps, replaces them.
  const provisional = options.provisional === true;
  // Production timelines and the changes of the deployments that brought the item, for its gaps.
  // The labelled step starts them for the confirmed one (the session reads each once), so they
  // go on beside the index's confirmation instead of after it.
  if (provisional) void readGapData(session, graph, reached, []).catch(() => undefined);
  else await readGapData(session, graph, reached, notAvailable);
  const stageNames = provisional
    ? new Map()
    : await readStageNames(session, reached, graph, notAvailable);
  const gaps = provisional ? [] : await workItemGaps(session, reads, reached, notAvailable);
  return {
    schemaVersion: 1,
    workItem: { id: item.id, title: item.title, type: item.type, state: item.state },
    pullRequests: pullRequestsOfWorkItem(graph, workItemId).map((pr) =>
      tracePullRequest(pr, repositories),
    ),
    commits: workItemCommits(reads, notAvailable),
    builds: builds.map(traceBuild),
    deployments: reached.map((deployment) => traceDeployment(deployment, stageNames)),
    gaps,
    notAvailable,
  };
}
