/**
 * The lead time rule (pure): for each commit a successful deployment brought, the time from its
 * committer date to the deployment's finish, and its four stages: coding (commit, or the first
 * commit of the pull request it completed, → PR created), review (PR created → completed), build
 * (completed, or committed, → the first successful build containing it finished) and deploy
 * (that build → the deployment). A stage is never negative.
 */
import type { PullRequest, Run } from "../model";
import type { NotAvailable } from "../sources/notAvailable";
import { buildState } from "../vocabulary/rawStates";
import { unreadEntry, type BroughtContents } from "./broughtContents";
import type { Classified, DeriveContext } from "./context";
import { secondsBetween } from "./stats";
import type { CommitEvidence, DeliverySnapshot } from "./types";

/** The first successful run, from the run that listed the commit on (oldest first). */
export function firstSuccessfulBuild(runs: readonly Run[], listedBy: Run): Run | undefined {
  const start = runs.findIndex((run) => run.id === listedBy.id);
  return runs
    .slice(Math.max(0, start))
    .find((run) => run.finishTime !== undefined && buildState(run) === "succeeded");
}

function pullRequestPart(
  pr: PullRequest | undefined,
  firstCommitAt: string | undefined,
  committedAt: Date,
): Pick<CommitEvidence, "pullRequest"> & { coding: number | null; review: number | null } {
  if (!pr) return { pullRequest: null, coding: null, review: null };
  const created = pr.creationDate;
  const codingStart = firstCommitAt ? new Date(firstCommitAt) : created;
  return {
    pullRequest: {
      id: pr.id,
      createdAt: created?.toISOString() ?? null,
      completedAt: pr.closedDate?.toISOString() ?? null,
      codingFrom: firstCommitAt ? "first-commit" : created ? "pull-request-created" : "commit",
    },
    coding: created ? secondsBetween(codingStart ?? committedAt, created) : null,
    review: created && pr.closedDate ? secondsBetween(created, pr.closedDate) : null,
  };
}

const deployStartsBySnapshot = new WeakMap<DeliverySnapshot, Map<number, number>>();

/** Per run, when its first YAML deployment job started (the run's build stages were done). */
function firstDeploymentStart(snapshot: DeliverySnapshot, runId: number): number | undefined {
  let starts = deployStartsBySnapshot.get(snapshot);
  if (!starts) {
    starts = new Map();
    for (const deployment of snapshot.deployments) {
      if (deployment.kind !== "yaml" || deployment.runId === undefined) continue;
      if (!deployment.startedAt) continue;
      const at = Date.parse(deployment.startedAt);
      const known = starts.get(deployment.runId);
      if (known === undefined || at < known) starts.set(deployment.runId, at);
    }
    deployStartsBySnapshot.set(snapshot, starts);
  }
  return starts.get(runId);
}

/**
 * When a build was done: its finish, or, for a multi-stage YAML run that also deploys, the start
 * of its first deployment job (its finish comes after its deployments, which would fold the
 * deploy stage into the build stage).
 */
export function buildDoneAt(snapshot: DeliverySnapshot, build: Run): Date | undefined {
  if (!build.finishTime) return undefined;
  const deployStart = firstDeploymentStart(snapshot, build.id);
  return deployStart !== undefined && deployStart < build.finishTime.getTime()
    ? new Date(deployStart)
    : build.finishTime;
}

/** One commit's lead time to one deployment. */
export function commitLeadTime(
  context: Pick<DeriveContext, "snapshot">,
  deployment: Classified,
  commit: { sha: string; committedAt: Date; runs: readonly Run[]; listedBy: Run },
  pr: PullRequest | undefined,
): CommitEvidence {
  const build = firstSuccessfulBuild(commit.runs, commit.listedBy);
  const firstCommitAt = pr ? context.snapshot.pullRequestFirstCommitAt[pr.id] : undefined;
  const part = pullRequestPart(pr, firstCommitAt, commit.committedAt);
  const buildFrom = pr?.closedDate ?? commit.committedAt;
  const deployedAt = new Date(deployment.at);
  const builtAt = build ? buildDoneAt(context.snapshot, build) : undefined;
  return {
    key: `${commit.sha}@${deployment.key}`,
    id: commit.sha,
    repository: context.snapshot.commits[commit.sha]?.repositoryId ?? null,
    committedAt: commit.committedAt.toISOString(),
    deployment: deployment.key,
    runId: commit.listedBy.id,
    leadSeconds: secondsBetween(commit.committedAt, deployedAt),
    stages: {
      coding: part.coding,
      review: part.review,
      build: builtAt ? secondsBetween(buildFrom, builtAt) : null,
      deploy: builtAt ? secondsBetween(builtAt, deployedAt) : null,
    },
    pullRequest: part.pullRequest,
    build: build && builtAt ? { runId: build.id, finishedAt: builtAt.toISOString() } : null,
  };
}

/** The lead time of every commit a deployment brought; commits without a date are not available. */
export function commitsOfDeployment(
  context: Pick<DeriveContext, "snapshot" | "unread">,
  deployment: Classified,
  contents: BroughtContents,
  mergedBy: ReadonlyMap<string, PullRequest>,
): { commits: CommitEvidence[]; notAvailable: NotAvailable[] } {
  const commits: CommitEvidence[] = [];
  const notAvailable: NotAvailable[] = [];
  for (const sha of contents.commits) {
    const committedAt = context.snapshot.commits[sha]?.committerDate;
    const listedBy = contents.listedBy.get(sha) as Run;
    if (!committedAt) {
      notAvailable.push(unreadEntry(context, `commits:${sha}`, `commit ${sha.slice(0, 8)}`));
      continue;
    }
    const commit = { sha, committedAt, runs: contents.runs, listedBy };
    commits.push(commitLeadTime(context, deployment, commit, mergedBy.get(sha)));
  }
  return { commits, notAvailable };
}
