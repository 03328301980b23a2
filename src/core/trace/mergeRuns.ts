/**
 * `mergeRuns`: the runs that brought a work item's pull requests' merge commits. A work item is
 * often linked to its PR only, never to a build; the run that carried it is then the first run
 * (by the run-order rule) of a pipeline building the PR's repository and target branch whose
 * changes contain the merge commit (likewise for a commit linked directly, on its repository's
 * default branch). Each guess is verified against the run's changes, and only a
 * few runs queued around the PR's completion are read, so the cost stays bounded.
 */
import type { Pipeline, PullRequest, Run, WorkItem } from "../model";
import { attempt, type NotAvailable } from "../sources";
import { compareRunOrder } from "./graph";
import { deliveringBuildId } from "../vocabulary/names";
import type { TraceSession } from "./session";

/** How many runs after a PR's completion are read before giving up on a pipeline. */
export const MERGE_CANDIDATES = 3;
/** A run queued a little before the completion time (clock skew) may still hold the merge. */
const SKEW_MS = 5 * 60_000;

/** A run found to carry a merge commit, and the commit. */
export interface MergeRun {
  run: Run;
  commitId: string;
  repositoryId: string;
}

function runTime(run: Run): number | undefined {
  return (run.queueTime ?? run.startTime)?.getTime();
}

/** The runs worth reading for a PR completed at `closedAt`: the first few queued after it. */
export function mergeCandidates(runs: readonly Run[], closedAt: Date): Run[] {
  const from = closedAt.getTime() - SKEW_MS;
  return runs
    .filter((run) => (runTime(run) ?? -Infinity) >= from)
    .sort(compareRunOrder)
    .slice(0, MERGE_CANDIDATES);
}

/** Pipelines that build a repository (the pipeline's own repository is what it builds). */
function pipelinesOf(pipelines: readonly Pipeline[], repositoryId: string): Pipeline[] {
  const id = repositoryId.toLowerCase();
  return pipelines.filter((pipeline) => pipeline.repositoryId?.toLowerCase() === id);
}

/** The first candidate run whose changes contain the commit (read in run order, one at a time). */
async function firstContaining(
  session: TraceSession,
  candidates: Run[],
  commitId: string,
  notAvailable: NotAvailable[],
): Promise<Run | undefined> {
  const sha = commitId.toLowerCase();
  for (const run of candidates) {
    const changes = await session.runChanges(run.id, notAvailable);
    if (changes.some((change) => change.id.toLowerCase() === sha)) return run;
  }
  return undefined;
}

/** A commit that landed on a branch, and about when. */
export interface Landing {
  repositoryId: string;
  branch: string;
  commitId: string;
  at: Date;
}

/** Completed PRs land their merge commit on the target branch when they close. */
export function pullRequestLandings(pullRequests: readonly PullRequest[]): Landing[] {
  return pullRequests.flatMap((pr) =>
    pr.status === "completed" && pr.mergeCommitId && pr.closedDate
      ? [
          {
            repositoryId: pr.repositoryId,
            branch: pr.targetRefName,
            commitId: pr.mergeCommitId,
            at: pr.closedDate,
          },
        ]
      : [],
  );
}

/**
 * A work item's directly linked commits, looked for on their repository's default branch from
 * their author date on (one commit read per repository).
 */
export async function commitLandings(
  session: TraceSession,
  item: WorkItem,
  known: readonly Landing[],
  notAvailable: NotAvailable[],
): Promise<Landing[]> {
  // A PR's merge commit is often linked too: it is looked for already, and needs no read.
  const landed = new Set(known.map((landing) => landing.commitId.toLowerCase()));
  const byRepository = new Map<string, string[]>();
  for (const relation of item.relations)
    if (
      relation.artifact?.kind === "commit" &&
      !landed.has(relation.artifact.commitId.toLowerCase())
    ) {
      const { repositoryId, commitId } = relation.artifact;
      byRepository.set(repositoryId, [...(byRepository.get(repositoryId) ?? []), commitId]);
    }
  if (byRepository.size === 0) return [];
  const listingNotes: NotAvailable[] = [];
  const repositories = await session.repositories(listingNotes);
  notAvailable.push(...listingNotes);
  const listingUnread = listingNotes.find((note) => note.what === "repositories");
  const lists = await Promise.all(
    [...byRepository].map(async ([repositoryId, ids]) => {
      const branch = repositories.get(repositoryId.toLowerCase())?.defaultBranch;
      // Without the list, the branch to look on is unknown: these commits were not looked for.
      if (!branch && listingUnread && !repositories.has(repositoryId.toLowerCase()))
        notAvailable.push({ ...listingUnread, what: `commits ${ids.join(", ")}` });
      if (!branch) return [];
      const commits = await attempt(
        notAvailable,
        `commits ${ids.join(", ")}`,
        async () =>
          session.recorder.keepCommits(
            await session.sources.git.getCommits(session.project, repositoryId, ids),
          ),
        [],
      );
      return commits.flatMap((commit) =>
        commit.authorDate
          ? [{ repositoryId, branch, commitId: commit.id, at: commit.authorDate }]
          : [],
      );
    }),
  );
  return lists.flat();
}

/** For each landed commit, per pipeline building its repository, the run that brought it. */
export async function mergeRuns(
  session: TraceSession,
  landings: readonly Landing[],
  notAvailable: NotAvailable[],
): Promise<MergeRun[]> {
  if (landings.length === 0) return [];
  const pipelines = await session.pipelines(notAvailable);
  const found = await Promise.all(
    landings.flatMap((landing) =>
      pipelinesOf(pipelines, landing.repositoryId).map(async (pipeline) => {
        const runs = await session.runsOf(pipeline.id, landing.branch, notAvailable);
        const candidates = mergeCandidates(runs, landing.at);
        const run = await firstContaining(session, candidates, landing.commitId, notAvailable);
        return run ? [{ run, commitId: landing.commitId, repositoryId: landing.repositoryId }] : [];
      }),
    ),
  );
  return found.flat();
}

/** The runs that brought a work item's PRs' merge commits and its directly linked commits. */
export async function landingRuns(
  session: TraceSession,
  item: WorkItem,
  pullRequests: readonly PullRequest[],
  notAvailable: NotAvailable[],
): Promise<MergeRun[]> {
  const merges = pullRequestLandings(pullRequests);
  // An "Integrated in build" link already names the run that carried the item's commits; their
  // search (one commit read per repository, then the changes of a few runs) is only a fallback.
  const linked = item.relations.some((relation) => deliveringBuildId(relation) !== undefined);
  const commits = linked ? [] : await commitLandings(session, item, merges, notAvailable);
  return mergeRuns(session, [...merges, ...commits], notAvailable);
}
