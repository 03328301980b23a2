/**
 * The first step of an evidence pack: everything it rests on, read through the ports for one run
 * or Classic release (raw data, nothing derived). `derivePack` then turns the snapshot into the
 * pack without reading anything.
 */
import type {
  BuildChange,
  CheckSuite,
  DeploymentRecord,
  Environment,
  PipelineApproval,
  PolicyConfiguration,
  PolicyEvaluation,
  PullRequest,
  Release,
  Repository,
  Run,
  Timeline,
  WorkItem,
} from "../model";
import { attempt, type NotAvailable } from "../sources";
import type { CommitNode } from "./graph";
import type { TraceSession } from "./session";
import { TraceInputError } from "./workItem";

/** Above this many repositories, linked PRs come from one project-wide listing instead. */
const PER_REPOSITORY_LISTING_LIMIT = 20;

/** What the branch policies in force are reconstructed from. */
export interface PolicyHistory {
  repository: Repository | undefined;
  repositoryId: string | undefined;
  branch: string | undefined;
  at: Date | undefined;
  /** The revisions of every configuration that could cover the repository (none when not read). */
  revisions: PolicyConfiguration[][];
}

/** The approvals and check suites a YAML run's timeline points to. */
export interface RunGateReads {
  approvals: PipelineApproval[];
  suites: CheckSuite[];
}

interface CommonSnapshot {
  workItemIds: number[];
  items: WorkItem[];
  commits: CommitNode[];
  repositories: Map<string, Repository>;
  /** Policy evaluations of the PRs merged here, by PR id (absent when not read). */
  evaluations: Map<number, PolicyEvaluation[]>;
  policies: PolicyHistory;
  notAvailable: NotAvailable[];
}

export interface RunEvidenceSnapshot extends CommonSnapshot {
  run: Run;
  timeline: Timeline | undefined;
  changes: BuildChange[];
  environments: Environment[];
  /** This run's deployment records. */
  records: DeploymentRecord[];
  /** Completed PRs into the run's branch whose merge commit the run brought. */
  merged: PullRequest[];
  /** PRs the work items link to, besides those. */
  linked: PullRequest[];
  gates: RunGateReads;
}

export interface ReleaseEvidenceSnapshot extends CommonSnapshot {
  release: Release;
  runs: Run[];
  primaryRun: Run | undefined;
  repositoryId: string | undefined;
  branch: string | undefined;
  linked: PullRequest[];
}

function repositoryOfChange(change: BuildChange, fallback: string | undefined): string | undefined {
  const match = /\/repositories\/([^/]+)\/commits\//i.exec(change.location ?? "");
  return match ? decodeURIComponent(match[1]).toLowerCase() : fallback?.toLowerCase();
}

/** The commits of some changes, with their work item ids (one getCommits batch per repository). */
export async function readCommits(
  session: TraceSession,
  changes: BuildChange[],
  fallbackRepository: string | undefined,
  notAvailable: NotAvailable[],
): Promise<CommitNode[]> {
  const { sources, project, recorder } = session;
  const byRepository = new Map<string, string[]>();
  for (const change of changes) {
    const repositoryId = repositoryOfChange(change, fallbackRepository);
    if (!repositoryId) continue;
    byRepository.set(repositoryId, [...(byRepository.get(repositoryId) ?? []), change.id]);
  }
  const lists = await Promise.all(
    [...byRepository].map(async ([repositoryId, ids]) => {
      const commits = await attempt(
        notAvailable,
        `work item links of ${ids.length} commits in ${session.repositoryText(repositoryId)}`,
        async () => recorder.keepCommits(await sources.git.getCommits(project, repositoryId, ids)),
        null,
      );
      // Unread commits keep workItemIds undefined, so they are never reported as unlinked.
      const byId = new Map((commits ?? []).map((commit) => [commit.id.toLowerCase(), commit]));
      return ids.map((id) => ({
        id,
        repositoryId,
        workItemIds: commits ? (byId.get(id.toLowerCase())?.workItemIds ?? []) : undefined,
      }));
    }),
  );
  return lists.flat();
}

/** The commits read with no work item of their own (lower case): only a PR may still link them. */
export function unlinkedCommits(commits: readonly CommitNode[]): Set<string> {
  return new Set(
    commits.flatMap((commit) =>
      commit.workItemIds?.length === 0 ? [commit.id.toLowerCase()] : [],
    ),
  );
}

/**
 * The merged PRs of unlinked commits, with their work items: a listing carries none, so each is
 * read (once per session); one that cannot be read keeps them unknown (its commit is not checked).
 */
export async function withMergedWorkItems(
  session: TraceSession,
  merged: PullRequest[],
  unlinked: ReadonlySet<string>,
  notes: NotAvailable[],
): Promise<PullRequest[]> {
  const wanted = merged.filter(
    (pr) =>
      pr.mergeCommitId !== undefined &&
      unlinked.has(pr.mergeCommitId.toLowerCase()) &&
      pr.workItemIds === undefined,
  );
  const read = await Promise.all(
    wanted.map(async (pr) => {
      // Read already with its work items (a work item's own PR link): not read again.
      const known = session.records.pullRequests.get(pr.id);
      if (known?.workItemIds !== undefined) return known;
      const [found] = await session.shared(`pull-request|${pr.id}`, notes, (own) =>
        attempt(
          own,
          `work items of pull request ${pr.id}`,
          async () =>
            session.recorder.keepPullRequests([
              await session.sources.git.getPullRequest(session.project, pr.repositoryId, pr.id),
            ]),
          [] as PullRequest[],
        ),
      );
      return found ?? pr;
    }),
  );
  const byId = new Map(read.map((pr) => [pr.id, pr]));
  return merged.map((pr) => byId.get(pr.id) ?? pr);
}

type PullRequestLink = { projectId: string; repositoryId: string };

/** One listing of pull requests, the links it answers for, and what it could not read. */
interface PullRequestListing {
  read: Promise<PullRequest[]>;
  covers: (link: PullRequestLink) => boolean;
  notes: NotAvailable[];
}

/** The listings that hold the wanted PRs: per repository, or one for the project when many. */
function pullRequestListings(
  session: TraceSession,
  wanted: Map<number, PullRequestLink>,
  projectId: string | undefined,
): PullRequestListing[] {
  const { sources, project } = session;
  const sameProject = (id: string) =>
    projectId !== undefined && id.toLowerCase() === projectId.toLowerCase();
  const listing = (
    what: string,
    covers: PullRequestListing["covers"],
    read: () => Promise<PullRequest[]>,
  ): PullRequestListing => {
    const notes: NotAvailable[] = [];
    return { read: attempt(notes, what, read, []), covers, notes };
  };
  const links = [...wanted.values()];
  const local = [
    ...new Set(
      links.filter((link) => sameProject(link.projectId)).map((l) => l.repositoryId.toLowerCase()),
    ),
  ];
  const listings =
    local.length > PER_REPOSITORY_LISTING_LIMIT
      ? [
          listing(
            "pull requests of the project",
            (link) => sameProject(link.projectId),
            () => sources.git.listPullRequests(project, { status: "all" }),
          ),
        ]
      : local.map((repositoryId) =>
          listing(
            `pull requests of ${session.repositoryText(repositoryId)}`,
            (link) =>
              sameProject(link.projectId) && link.repositoryId.toLowerCase() === repositoryId,
            () => sources.git.listPullRequests(project, { repositoryId, status: "all" }),
          ),
        );
  const foreign = new Map(
    links
      .filter((link) => !sameProject(link.projectId))
      .map((link) => [`${link.projectId}|${link.repositoryId}`.toLowerCase(), link]),
  );
  for (const [key, link] of foreign)
    listings.push(
      listing(
        "pull requests of a repository of another project",
        (other) => `${other.projectId}|${other.repositoryId}`.toLowerCase() === key,
        () =>
          sources.git.listPullRequests(link.projectId, {
            repositoryId: link.repositoryId,
            status: "all",
          }),
      ),
    );
  return listings;
}

/** The PRs a set of work items links to, except those already known. */
async function readLinkedPullRequests(
  session: TraceSession,
  items: WorkItem[],
  context: { projectId: string | undefined; known: Set<number> },
  notAvailable: NotAvailable[],
): Promise<PullRequest[]> {
  const wanted = new Map<number, PullRequestLink>();
  for (const item of items)
    for (const relation of item.relations)
      if (
        relation.artifact?.kind === "pullRequest" &&
        !context.known.has(relation.artifact.pullRequestId)
      )
        wanted.set(relation.artifact.pullRequestId, relation.artifact);
  if (wanted.size === 0) return [];
  const listings = pullRequestListings(session, wanted, context.projectId);
  const listed = session.recorder.keepPullRequests(
    (await Promise.all(listings.map((listing) => listing.read))).flat(),
  );
  for (const listing of listings) notAvailable.push(...listing.notes);
  const byId = new Map(listed.filter((pr) => wanted.has(pr.id)).map((pr) => [pr.id, pr]));
  // A PR missing from a listing that could not be read is unread, not "not found".
  const unread = (link: PullRequestLink) =>
    listings.some((listing) => listing.notes.length > 0 && listing.covers(link));
  for (const [id, link] of wanted)
    if (!byId.has(id) && !unread(link))
      notAvailable.push({
        what: `pull request ${id}`,
        kind: "not-found",
        reason: "linked from a work item but not found",
      });
  return [...byId.values()];
}

/** The revisions of every policy configuration that could cover the repository. */
async function readPolicyHistory(
  session: TraceSession,
  target: Omit<PolicyHistory, "revisions">,
  notAvailable: NotAvailable[],
): Promise<PolicyHistory> {
  const { sources, project } = session;
  const { repositoryId } = target;
  if (!repositoryId || !target.branch || !target.at) return { ...target, revisions: [] };
  const configurations = await attempt(
    notAvailable,
    "policy configurations",
    () => sources.policy.listPolicyConfigurations(project),
    [],
  );
  const candidates = configurations.filter((configuration) =>
    configuration.scopes.some(
      (scope) =>
        scope.repositoryId == null ||
        scope.repositoryId.toLowerCase() === repositoryId.toLowerCase(),
    ),
  );
  const revisions = await Promise.all(
    candidates.map((configuration) =>
      attempt(
        notAvailable,
        `revisions of policy configuration ${configuration.id}`,
        () => sources.policy.listPolicyRevisions(project, configuration.id),
        [] as PolicyConfiguration[],
      ),
    ),
  );
  return { ...target, revisions };
}

/** The policy evaluations of the PRs merged here (only those PRs are evaluated in the pack). */
async function readEvaluations(
  session: TraceSession,
  prs: PullRequest[],
  fallbackProjectId: string | undefined,
  notAvailable: NotAvailable[],
): Promise<Map<number, PolicyEvaluation[]>> {
  const read = await Promise.all(
    prs.map(async (pr) => {
      const projectId = pr.projectId ?? fallbackProjectId;
      if (!projectId) return [];
      const evaluations = await attempt(
        notAvailable,
        `policy evaluations of pull request ${pr.id}`,
        () =>
          session.sources.policy.listPullRequestPolicyEvaluations(projectId, {
            projectId,
            pullRequestId: pr.id,
          }),
        null,
      );
      return evaluations ? [[pr.id, evaluations] as const] : [];
    }),
  );
  return new Map(read.flat());
}

/** The stage a timeline record belongs to (its nearest Stage ancestor), by name. */
export function stageNameOf(timeline: Timeline): (recordId: string | undefined) => string {
  const byId = new Map(timeline.records.map((record) => [record.id, record]));
  return (recordId) => {
    let record = recordId ? byId.get(recordId) : undefined;
    while (record && record.type !== "Stage")
      record = record.parentId ? byId.get(record.parentId) : undefined;
    return record?.name ?? "";
  };
}

/** The approvals and check suites a YAML run's timeline points to. */
async function readRunGates(
  session: TraceSession,
  timeline: Timeline | undefined,
  notAvailable: NotAvailable[],
): Promise<RunGateReads> {
  if (!timeline) return { approvals: [], suites: [] };
  const { sources, project } = session;
  const stageOf = stageNameOf(timeline);
  const approvalIds = timeline.records
    .filter((record) => record.type === "Checkpoint.Approval")
    .map((record) => record.id);
  const checkpoints = timeline.records.filter((record) => record.type === "Checkpoint");
  const [approvals, suites] = await Promise.all([
    approvalIds.length === 0
      ? Promise.resolve([])
      : attempt(
          notAvailable,
          `approvals of run ${timeline.runId}`,
          () => sources.checks.listApprovals(project, { approvalIds }),
          [],
        ),
    Promise.all(
      checkpoints.map((checkpoint) =>
        attempt(
          notAvailable,
          `checks of stage ${stageOf(checkpoint.id)}`,
          async () => [await sources.checks.getCheckSuite(project, checkpoint.id)],
          [],
        ),
      ),
    ),
  ]);
  return { approvals, suites: suites.flat() };
}

async function readOrInputError<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error as { kind?: unknown }).kind === "not-found")
      throw new TraceInputError(`${what} does not exist or cannot be read.`);
    throw error;
  }
}

/** The first reads of a run: the run, then its timeline, work items, changes and context. */
async function readRunBasics(session: TraceSession, runId: number, notes: NotAvailable[]) {
  const { sources, project, recorder } = session;
  const [run] = recorder.keepRuns([
    await readOrInputError(`Run ${runId}`, () => sources.build.getRun(project, runId)),
  ]);
  const [timeline, workItemIds, changes, repositories, deployments, projectInfo] =
    await Promise.all([
      attempt(
        notes,
        `timeline of run ${runId}`,
        async () => recorder.keepTimeline(await sources.build.getTimeline(project, runId)),
        undefined,
      ),
      attempt(
        notes,
        `work items of run ${runId}`,
        () => sources.build.getRunWorkItemIds(project, runId),
        [],
      ),
      // Through the session: a work item's trace may have read them already.
      session.runChanges(runId, notes),
      session.repositories(notes),
      session.environmentDeployments(notes),
      attempt(notes, `project ${project}`, () => sources.core.getProject(project), undefined),
    ]);
  return { run, timeline, workItemIds, changes, repositories, deployments, projectInfo };
}

/** The work items, commits and completed PRs into the branch of a run. */
async function readRunContents(
  session: TraceSession,
  basics: Awaited<ReturnType<typeof readRunBasics>>,
  notes: NotAvailable[],
) {
  const { sources, project, recorder } = session;
  const { run, workItemIds, changes } = basics;
  const repositoryId = run.repositoryId?.toLowerCase();
  const [items, commits, completed] = await Promise.all([
    attempt(
      notes,
      `${workItemIds.length} work items`,
      async () =>
        recorder.keepWorkItems(await sources.workItems.getWorkItems(project, workItemIds)),
      [],
    ),
    readCommits(session, changes, repositoryId, notes),
    repositoryId
      ? attempt(
          notes,
          `completed pull requests into ${run.sourceBranch}`,
          async () =>
            recorder.keepPullRequests(
              await sources.git.listPullRequests(project, {
                repositoryId,
                status: "completed",
                targetRefName: run.sourceBranch,
              }),
            ),
          [],
        )
      : Promise.resolve([] as PullRequest[]),
  ]);
  const changed = new Set(changes.map((change) => change.id.toLowerCase()));
  const listed = completed.filter(
    (pr) => pr.mergeCommitId && changed.has(pr.mergeCommitId.toLowerCase()),
  );
  // A listing carries no PR's work items: those of unlinked commits' PRs are read (as a trace does).
  const merged = await withMergedWorkItems(session, listed, unlinkedCommits(commits), notes);
  return { items, commits, merged, repositoryId };
}

export async function collectRunEvidence(
  session: TraceSession,
  runId: number,
): Promise<RunEvidenceSnapshot> {
  const notes: NotAvailable[] = [];
  const basics = await readRunBasics(session, runId, notes);
  const { run, timeline, repositories, projectInfo } = basics;
  const { items, commits, merged, repositoryId } = await readRunContents(session, basics, notes);
  const linked = await readLinkedPullRequests(
    session,
    items,
    { projectId: projectInfo?.id, known: new Set(merged.map((pr) => pr.id)) },
    notes,
  );
  const [evaluations, gates, policies] = await Promise.all([
    readEvaluations(session, merged, projectInfo?.id, notes),
    readRunGates(session, timeline, notes),
    readPolicyHistory(
      session,
      {
        repository: repositoryId ? repositories.get(repositoryId) : undefined,
        repositoryId,
        branch: run.sourceBranch,
        at: run.queueTime,
      },
      notes,
    ),
  ]);
  return {
    ...{ run, timeline, workItemIds: basics.workItemIds, changes: basics.changes, repositories },
    environments: basics.deployments.environments,
    records: basics.deployments.records.filter((record) => record.run.id === run.id),
    ...{ items, commits, merged, linked, evaluations, gates, policies },
    notAvailable: notes,
  };
}

/** The completed PRs of a release's work items into its artifact's repository and branch. */
export function mergedInRelease(
  linked: PullRequest[],
  repositoryId: string | undefined,
  branch: string | undefined,
): PullRequest[] {
  return linked.filter(
    (pr) =>
      pr.status === "completed" &&
      (!repositoryId || pr.repositoryId.toLowerCase() === repositoryId) &&
      (!branch || pr.targetRefName.toLowerCase() === branch.toLowerCase()),
  );
}

/** The first reads of a release: the release, its work items, its builds and context. */
async function readReleaseBasics(session: TraceSession, releaseId: number, notes: NotAvailable[]) {
  const { sources, project, recorder } = session;
  const release = await readOrInputError(`Release ${releaseId}`, () =>
    sources.release.getRelease(project, releaseId),
  );
  const buildIds = release.artifacts.flatMap((artifact) =>
    artifact.buildId !== undefined ? [artifact.buildId] : [],
  );
  const [workItemIds, runs, repositories, projectInfo] = await Promise.all([
    attempt(
      notes,
      `work items of release ${releaseId}`,
      () => sources.release.getReleaseWorkItemIds(project, releaseId),
      [],
    ),
    buildIds.length === 0
      ? Promise.resolve([] as Run[])
      : attempt(
          notes,
          `builds ${buildIds.join(", ")}`,
          async () => recorder.keepRuns(await sources.build.listRuns(project, { ids: buildIds })),
          [],
        ),
    session.repositories(notes),
    attempt(notes, `project ${project}`, () => sources.core.getProject(project), undefined),
  ]);
  const primary = release.artifacts.find((artifact) => artifact.isPrimary) ?? release.artifacts[0];
  const primaryRun = runs.find((run) => run.id === primary?.buildId);
  return {
    ...{ release, workItemIds, runs, repositories, projectInfo, primaryRun },
    repositoryId: (primary?.repositoryId ?? primaryRun?.repositoryId)?.toLowerCase(),
    branch: primary?.branch ?? primaryRun?.sourceBranch,
  };
}

export async function collectReleaseEvidence(
  session: TraceSession,
  releaseId: number,
): Promise<ReleaseEvidenceSnapshot> {
  const { sources, project, recorder } = session;
  const notes: NotAvailable[] = [];
  const basics = await readReleaseBasics(session, releaseId, notes);
  const { primaryRun, repositoryId, branch, workItemIds, repositories } = basics;
  const changes = primaryRun
    ? await attempt(
        notes,
        `changes of build ${primaryRun.id}`,
        async () =>
          recorder.keepRunChanges(
            primaryRun.id,
            await sources.build.getRunChanges(project, primaryRun.id),
          ),
        [],
      )
    : [];
  const [items, commits] = await Promise.all([
    attempt(
      notes,
      `${workItemIds.length} work items`,
      async () =>
        recorder.keepWorkItems(await sources.workItems.getWorkItems(project, workItemIds)),
      [],
    ),
    readCommits(session, changes, repositoryId, notes),
  ]);
  const context = { projectId: basics.projectInfo?.id, known: new Set<number>() };
  const linked = await readLinkedPullRequests(session, items, context, notes);
  const merged = mergedInRelease(linked, repositoryId, branch);
  const at = primaryRun?.queueTime ?? basics.release.createdOn;
  const repository = repositoryId ? repositories.get(repositoryId) : undefined;
  const [evaluations, policies] = await Promise.all([
    readEvaluations(session, merged, context.projectId, notes),
    readPolicyHistory(session, { repository, repositoryId, branch, at }, notes),
  ]);
  return {
    ...{ release: basics.release, runs: basics.runs, primaryRun, repositoryId, branch },
    ...{ workItemIds, items, commits, repositories, linked, evaluations, policies },
    notAvailable: notes,
  };
}
