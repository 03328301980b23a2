/**
 * The reads the gap rules need for the deployments that brought a work item (collect, then the
 * rules derive): the timeline of each production YAML run, and the changes each deployment
 * brought with their commits' work item links and the pull requests that merged them. A failed
 * read is marked on the graph so the rule answers "not available" rather than "no gap".
 */
import type { BuildChange, PullRequest, Run } from "../model";
import { readCommits, unlinkedCommits, withMergedWorkItems } from "./collectEvidence";
import { isProduction, type CommitNode, type ReachedDeployment, type TraceGraph } from "./graph";
import { changeRunOf } from "./gaps/commit-without-work-item/rule";
import { attempt, type NotAvailable } from "../sources";
import type { TraceSession } from "./session";

async function readTimelines(
  session: TraceSession,
  graph: TraceGraph,
  deployments: ReachedDeployment[],
  notAvailable: NotAvailable[],
): Promise<void> {
  const runIds = new Set(
    deployments
      .filter(
        (deployment) =>
          deployment.kind === "yaml" && isProduction(deployment.environment, session.rules),
      )
      .flatMap((deployment) => (deployment.runId !== undefined ? [deployment.runId] : [])),
  );
  const timelines = await Promise.all(
    [...runIds].map((runId) => session.runTimeline(runId, notAvailable)),
  );
  // Kept on every call, so the load's `readSince` counts them in each of its steps.
  for (const timeline of timelines)
    if (timeline) graph.addTimeline(session.recorder.keepTimeline(timeline));
}

interface ChangeReads {
  /** undefined: the changes could not be read. */
  changes?: BuildChange[];
  commits: CommitNode[];
  merged: PullRequest[];
}

/** Completed pull requests into a branch: their merge commits count as linked when they have work items. */
function readMergedPullRequests(
  session: TraceSession,
  repositoryId: string,
  branch: string,
  notes: NotAvailable[],
): Promise<PullRequest[]> {
  const key = `merged|${repositoryId.toLowerCase()}|${branch.toLowerCase()}`;
  return session.shared(key, notes, (own) =>
    attempt(
      own,
      `completed pull requests into ${branch}`,
      async () =>
        session.recorder.keepPullRequests(
          await session.sources.git.listPullRequests(session.project, {
            repositoryId,
            status: "completed",
            targetRefName: branch,
          }),
        ),
      [],
    ),
  );
}

/**
 * A run's changes, their commits' work item links and the PRs that merged them: one read per
 * session and run (a work item form traces item after item, and the runs that brought them are
 * mostly the same few); what could not be read is read again on the next load.
 */
function readChangeReads(
  session: TraceSession,
  run: Run | undefined,
  runId: number,
  notAvailable: NotAvailable[],
): Promise<ChangeReads> {
  return session.shared(`gap-changes|${runId}`, notAvailable, async (notes) => {
    const own: NotAvailable[] = [];
    // The session's read: finding the run of a merge commit may have read these changes already.
    const changes = await session.runChanges(runId, own);
    notes.push(...own);
    if (own.length > 0) return { commits: [], merged: [] };
    const repositoryId = run?.repositoryId;
    const commits = await readCommits(session, changes, repositoryId, notes);
    // Only a commit with no work item of its own may still be linked through its pull request.
    const unlinked = unlinkedCommits(commits);
    const listed =
      unlinked.size > 0 && run && repositoryId
        ? await readMergedPullRequests(session, repositoryId, run.sourceBranch, notes)
        : [];
    const merged = await withMergedWorkItems(session, listed, unlinked, notes);
    return { changes, commits, merged };
  });
}

async function readChanges(
  session: TraceSession,
  graph: TraceGraph,
  runId: number,
  notAvailable: NotAvailable[],
): Promise<void> {
  const reads = await readChangeReads(session, graph.runs.get(runId), runId, notAvailable);
  if (!reads.changes) {
    graph.unread.add(`changes:${runId}`);
    return;
  }
  const changed = new Set(reads.changes.map((change) => change.id.toLowerCase()));
  for (const pr of reads.merged)
    if (
      pr.mergeCommitId &&
      changed.has(pr.mergeCommitId.toLowerCase()) &&
      !graph.pullRequests.has(pr.id)
    )
      graph.addPullRequest(pr);
  graph.addRunChanges(runId, reads.commits);
}

/** Reads what the gap rules need about `deployments` (those that first brought a work item). */
export async function readGapData(
  session: TraceSession,
  graph: TraceGraph,
  deployments: ReachedDeployment[],
  notAvailable: NotAvailable[],
): Promise<void> {
  const reached = deployments.filter((deployment) => deployment.reachedAt);
  const changeRuns = new Set(
    reached.flatMap((deployment) => {
      const runId = changeRunOf(graph, deployment);
      return runId !== undefined ? [runId] : [];
    }),
  );
  await Promise.all([
    readTimelines(session, graph, reached, notAvailable),
    ...[...changeRuns].map((runId) => readChanges(session, graph, runId, notAvailable)),
  ]);
}
