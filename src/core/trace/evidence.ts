/**
 * `evidencePack`: what one run or Classic release contains and how it got through: work items,
 * PRs with approvers, votes and policy evaluations, builds, approvals, checks and gates, and the
 * branch policies in force on the source branch at the time (from policy configuration revisions).
 */
import type {
  BuildChange,
  PolicyConfiguration,
  PullRequest,
  Release,
  Repository,
  Run,
  Timeline,
  WorkItem,
} from "../model";
import { policyApplies } from "../compliance/scope";
import type { Sources } from "../sources";
import {
  bypassGap,
  commitsWithoutWorkItemGaps,
  isProduction,
  openWorkItemGaps,
  prodWithoutApprovalGaps,
  prodWithoutPrGap,
  releaseEnvironmentTime,
  releaseWithoutApprovalGaps,
  TraceGraph,
  type CommitNode,
} from "./graph";
import { countsAsDeployed } from "./deploymentState";
import type { TraceRecords } from "./records";
import { attempt } from "../sources";
import { TraceSession } from "./session";
import type {
  EvidenceApproval,
  EvidenceCheck,
  EvidencePack,
  EvidencePolicy,
  EvidencePullRequest,
  NotAvailable,
  TraceGap,
} from "./types";
import { traceBuild, tracePullRequest, TraceInputError } from "./workItem";

export type EvidenceSubject = { runId: number } | { releaseId: number };

/** Above this many repositories, linked PRs come from one project-wide listing instead. */
const PER_REPOSITORY_LISTING_LIMIT = 20;

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

function repositoryOfChange(change: BuildChange, fallback: string | undefined): string | undefined {
  const match = /\/repositories\/([^/]+)\/commits\//i.exec(change.location ?? "");
  return match ? decodeURIComponent(match[1]).toLowerCase() : fallback?.toLowerCase();
}

/** The commits of some changes, with their work item ids (one getCommits batch per repository). */
async function readCommits(
  sources: Sources,
  project: string,
  changes: BuildChange[],
  fallbackRepository: string | undefined,
  notAvailable: NotAvailable[],
  recorder: TraceRecords,
): Promise<CommitNode[]> {
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
        `work item links of ${ids.length} commits in repository ${repositoryId}`,
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

/** The PRs a set of work items links to: per repository, or one project-wide listing when many. */
async function readLinkedPullRequests(
  sources: Sources,
  project: string,
  projectId: string | undefined,
  items: WorkItem[],
  known: Map<number, PullRequest>,
  notAvailable: NotAvailable[],
  recorder: TraceRecords,
): Promise<PullRequest[]> {
  const wanted = new Map<number, { projectId: string; repositoryId: string }>();
  for (const item of items)
    for (const relation of item.relations)
      if (relation.artifact?.kind === "pullRequest" && !known.has(relation.artifact.pullRequestId))
        wanted.set(relation.artifact.pullRequestId, relation.artifact);
  if (wanted.size === 0) return [];
  const sameProject = (id: string) =>
    projectId !== undefined && id.toLowerCase() === projectId.toLowerCase();
  const local = [...wanted.values()].filter((link) => sameProject(link.projectId));
  const foreign = [...wanted.values()].filter((link) => !sameProject(link.projectId));
  const listings: Promise<PullRequest[]>[] = [];
  const localRepositories = [...new Set(local.map((link) => link.repositoryId.toLowerCase()))];
  if (localRepositories.length > PER_REPOSITORY_LISTING_LIMIT) {
    listings.push(
      attempt(
        notAvailable,
        "pull requests of the project",
        () => sources.git.listPullRequests(project, { status: "all" }),
        [],
      ),
    );
  } else {
    for (const repositoryId of localRepositories)
      listings.push(
        attempt(
          notAvailable,
          `pull requests of repository ${repositoryId}`,
          () => sources.git.listPullRequests(project, { repositoryId, status: "all" }),
          [],
        ),
      );
  }
  const foreignRepositories = new Map(
    foreign.map((link) => [`${link.projectId}|${link.repositoryId}`.toLowerCase(), link]),
  );
  for (const link of foreignRepositories.values())
    listings.push(
      attempt(
        notAvailable,
        `pull requests of repository ${link.repositoryId} (project ${link.projectId})`,
        () =>
          sources.git.listPullRequests(link.projectId, {
            repositoryId: link.repositoryId,
            status: "all",
          }),
        [],
      ),
    );
  const listed = recorder.keepPullRequests((await Promise.all(listings)).flat());
  const found = listed.filter((pr) => wanted.has(pr.id));
  const byId = new Map(found.map((pr) => [pr.id, pr]));
  for (const [id, link] of wanted)
    if (!byId.has(id) && !notAvailable.some((note) => note.what.includes(link.repositoryId)))
      notAvailable.push({
        what: `pull request ${id}`,
        kind: "not-found",
        reason: "linked from a work item but not found",
      });
  return [...byId.values()];
}

/**
 * The branch policies in force on `branch` of `repository` at `at`: for every configuration that
 * could cover the repository, the newest revision made before `at`, if it applied to the branch.
 */
async function policiesAt(
  sources: Sources,
  project: string,
  repository: Repository | undefined,
  repositoryId: string | undefined,
  branch: string | undefined,
  at: Date | undefined,
  notAvailable: NotAvailable[],
): Promise<EvidencePack["branchPolicies"]> {
  const note =
    "Reconstructed from policy configuration revisions: for each configuration, the newest revision made before the run. Configurations deleted since cannot be listed and are missing.";
  const empty = {
    repository: repository?.name ?? repositoryId ?? null,
    branch: branch ?? null,
    at: iso(at),
    policies: [],
    note,
  };
  if (!repositoryId || !branch || !at)
    return { ...empty, note: `${note} No repository, branch or time to check.` };
  const configurations = await attempt(
    notAvailable,
    "policy configurations",
    () => sources.policy.listPolicyConfigurations(project),
    [],
  );
  const target = { id: repositoryId, defaultBranch: repository?.defaultBranch };
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
  const policies: EvidencePolicy[] = [];
  for (const list of revisions) {
    const inForce = list
      .filter(
        (revision) =>
          revision.createdDate !== undefined && revision.createdDate.getTime() <= at.getTime(),
      )
      .sort((a, b) => b.revision - a.revision)[0];
    if (!inForce || !inForce.isEnabled || !policyApplies(inForce, target, branch)) continue;
    policies.push({
      configurationId: inForce.id,
      revision: inForce.revision,
      type: inForce.typeDisplayName ?? inForce.typeId,
      isEnabled: inForce.isEnabled,
      isBlocking: inForce.isBlocking,
      since: iso(inForce.createdDate),
      settings: inForce.settings,
    });
  }
  policies.sort((a, b) => a.configurationId - b.configurationId);
  return { ...empty, policies };
}

async function evidencePullRequests(
  sources: Sources,
  prs: PullRequest[],
  mergedIn: Set<number>,
  repositories: Map<string, Repository>,
  fallbackProjectId: string | undefined,
  notAvailable: NotAvailable[],
): Promise<EvidencePullRequest[]> {
  const sorted = [...prs].sort((a, b) => a.id - b.id);
  return Promise.all(
    sorted.map(async (pr) => {
      const inThis = mergedIn.has(pr.id);
      const projectId = pr.projectId ?? fallbackProjectId;
      const evaluations =
        inThis && projectId
          ? await attempt(
              notAvailable,
              `policy evaluations of pull request ${pr.id}`,
              () =>
                sources.policy.listPullRequestPolicyEvaluations(projectId, {
                  projectId,
                  pullRequestId: pr.id,
                }),
              null,
            )
          : null;
      return {
        ...tracePullRequest(pr, repositories),
        title: pr.title,
        targetBranch: pr.targetRefName,
        closedDate: iso(pr.closedDate),
        createdBy: pr.createdBy?.displayName ?? null,
        mergedInThis: inThis,
        policyEvaluations:
          evaluations?.map((evaluation) => ({
            configurationId: evaluation.configuration.id,
            revision: evaluation.configuration.revision,
            type: evaluation.configuration.typeDisplayName ?? evaluation.configuration.typeId,
            isBlocking: evaluation.configuration.isBlocking,
            status: evaluation.status,
            completedDate: iso(evaluation.completedDate),
          })) ?? null,
      };
    }),
  );
}

function workItemRows(items: WorkItem[]): EvidencePack["workItems"] {
  return [...items]
    .sort((a, b) => a.id - b.id)
    .map((item) => ({ id: item.id, title: item.title, type: item.type, state: item.state }));
}

/** Approvals and checks of a YAML run, from its timeline, the approvals and the check suites. */
async function runGates(
  sources: Sources,
  project: string,
  timeline: Timeline,
  notAvailable: NotAvailable[],
): Promise<{ approvals: EvidenceApproval[]; checks: EvidenceCheck[] }> {
  const byId = new Map(timeline.records.map((record) => [record.id, record]));
  const stageOf = (recordId: string | undefined): string => {
    let record = recordId ? byId.get(recordId) : undefined;
    while (record && record.type !== "Stage")
      record = record.parentId ? byId.get(record.parentId) : undefined;
    return record?.name ?? "";
  };
  const approvalRecords = timeline.records.filter(
    (record) => record.type === "Checkpoint.Approval",
  );
  const checkpoints = timeline.records.filter((record) => record.type === "Checkpoint");
  const [approvalList, suites] = await Promise.all([
    approvalRecords.length === 0
      ? Promise.resolve([])
      : attempt(
          notAvailable,
          `approvals of run ${timeline.runId}`,
          () =>
            sources.checks.listApprovals(project, {
              approvalIds: approvalRecords.map((record) => record.id),
            }),
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
  const approvals: EvidenceApproval[] = [];
  for (const approval of approvalList) {
    const stage = stageOf(approval.id);
    const decided = approval.steps.filter(
      (step) => step.actualApprover || step.status !== "pending",
    );
    if (decided.length === 0) {
      approvals.push({ stage, status: approval.status, approver: null, time: null, comment: null });
    }
    for (const step of decided)
      approvals.push({
        stage,
        status: step.status,
        approver: (step.actualApprover ?? step.assignedApprover).displayName,
        time: iso(step.lastModifiedOn),
        comment: step.comment ?? null,
      });
  }
  const checks: EvidenceCheck[] = suites.flat().flatMap((suite) =>
    suite.checkRuns.map((run) => ({
      stage: stageOf(suite.id),
      name: byId.get(run.id)?.name ?? run.typeName ?? run.resource?.name ?? run.id,
      status: run.status,
      message: run.resultMessage || null,
      completedAt: iso(run.completedDate),
    })),
  );
  return { approvals, checks };
}

function releaseGates(release: Release): {
  approvals: EvidenceApproval[];
  checks: EvidenceCheck[];
} {
  const approvals: EvidenceApproval[] = [];
  const checks: EvidenceCheck[] = [];
  for (const environment of release.environments) {
    for (const approval of [...environment.preApprovals, ...environment.postApprovals]) {
      approvals.push({
        stage: `${environment.name} (${approval.approvalType})`,
        status: approval.isAutomated ? `${approval.status} (automated)` : approval.status,
        approver: (approval.approvedBy ?? approval.approver)?.displayName ?? null,
        time: iso(approval.modifiedOn),
        comment: approval.comments || null,
      });
    }
    const step = [...environment.deploySteps].sort((a, b) => b.attempt - a.attempt)[0];
    for (const [label, gates] of [
      ["pre-deployment gates", step?.preGates],
      ["post-deployment gates", step?.postGates],
    ] as const) {
      if (!gates || gates.status === "none") continue;
      const sample = gates.samples[gates.samples.length - 1];
      for (const result of sample?.results ?? [])
        checks.push({
          stage: `${environment.name} (${label})`,
          name: result.name,
          status: gates.ignoredGates.includes(result.name)
            ? `${result.status} (ignored)`
            : result.status,
          message: result.message ?? null,
          completedAt: iso(sample?.finishTime),
        });
    }
  }
  return { approvals, checks };
}

export async function evidencePack(
  sources: Sources,
  project: string,
  subject: EvidenceSubject,
  options: { session?: TraceSession } = {},
): Promise<EvidencePack> {
  const session = options.session ?? new TraceSession(sources, project);
  return "runId" in subject
    ? runPack(sources, project, subject.runId, session)
    : releasePack(sources, project, subject.releaseId, session);
}

async function readOrInputError<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const kind = (error as { kind?: unknown }).kind;
    if (kind === "not-found")
      throw new TraceInputError(`${what} does not exist or cannot be read.`);
    throw error;
  }
}

async function runPack(
  sources: Sources,
  project: string,
  runId: number,
  session: TraceSession,
): Promise<EvidencePack> {
  const notAvailable: NotAvailable[] = [];
  const { recorder } = session;
  const [run] = recorder.keepRuns([
    await readOrInputError(`Run ${runId}`, () => sources.build.getRun(project, runId)),
  ]);
  const [timeline, workItemIds, changes, repositories, deployments, projectInfo] =
    await Promise.all([
      attempt(
        notAvailable,
        `timeline of run ${runId}`,
        async () => recorder.keepTimeline(await sources.build.getTimeline(project, runId)),
        undefined,
      ),
      attempt(
        notAvailable,
        `work items of run ${runId}`,
        () => sources.build.getRunWorkItemIds(project, runId),
        [],
      ),
      attempt(
        notAvailable,
        `changes of run ${runId}`,
        async () =>
          recorder.keepRunChanges(runId, await sources.build.getRunChanges(project, runId)),
        [],
      ),
      session.repositories(notAvailable),
      session.environmentDeployments(notAvailable),
      attempt(
        notAvailable,
        `project ${project}`,
        () => sources.core.getProject(project),
        undefined,
      ),
    ]);
  const repositoryId = run.repositoryId?.toLowerCase();
  const [items, commits, completed] = await Promise.all([
    attempt(
      notAvailable,
      `${workItemIds.length} work items`,
      async () =>
        session.recorder.keepWorkItems(await sources.workItems.getWorkItems(project, workItemIds)),
      [],
    ),
    readCommits(sources, project, changes, repositoryId, notAvailable, session.recorder),
    repositoryId
      ? attempt(
          notAvailable,
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

  const graph = new TraceGraph();
  graph.addRun(run);
  if (timeline) graph.addTimeline(timeline);
  graph.addRunWorkItems(run.id, workItemIds);
  graph.addRunChanges(run.id, commits);
  for (const item of items) graph.addWorkItem(item);
  for (const environment of deployments.environments)
    graph.addEnvironment(environment.id, environment.name);
  const ownRecords = deployments.records.filter((record) => record.run.id === run.id);
  for (const record of ownRecords) graph.addDeployment(record);

  const changed = new Set(changes.map((change) => change.id.toLowerCase()));
  const merged = completed.filter(
    (pr) => pr.mergeCommitId && changed.has(pr.mergeCommitId.toLowerCase()),
  );
  const known = new Map(merged.map((pr) => [pr.id, pr]));
  const linked = await readLinkedPullRequests(
    sources,
    project,
    projectInfo?.id,
    items,
    known,
    notAvailable,
    session.recorder,
  );
  for (const pr of [...merged, ...linked]) graph.addPullRequest(pr);

  const [pullRequests, gates, branchPolicies] = await Promise.all([
    evidencePullRequests(
      sources,
      [...merged, ...linked],
      new Set(merged.map((pr) => pr.id)),
      repositories,
      projectInfo?.id,
      notAvailable,
    ),
    timeline
      ? runGates(sources, project, timeline, notAvailable)
      : Promise.resolve({ approvals: [], checks: [] }),
    policiesAt(
      sources,
      project,
      repositoryId ? repositories.get(repositoryId) : undefined,
      repositoryId,
      run.sourceBranch,
      run.queueTime,
      notAvailable,
    ),
  ]);

  const successful = ownRecords.filter((record) => countsAsDeployed(record.result));
  const deployedTo = [
    ...new Set(
      successful.map(
        (record) => graph.environments.get(record.environmentId) ?? String(record.environmentId),
      ),
    ),
  ];
  const gaps: TraceGap[] = [];
  if (deployedTo.some((name) => isProduction(name, session.rules))) {
    for (const item of items) {
      const reached = deployedTo.map((environment) => ({
        kind: "yaml" as const,
        pipeline: run.pipeline,
        environment,
        stage: "",
        runId: run.id,
        status: "succeeded",
        state: "succeeded" as const,
        reachedAt: run.finishTime ?? run.startTime ?? new Date(0),
        evidence: "link" as const,
      }));
      const gap = prodWithoutPrGap(graph, item.id, reached, session.rules);
      if (gap) gaps.push(gap);
    }
  }
  for (const pr of merged) {
    const gap = bypassGap(pr);
    if (gap) gaps.push(gap);
  }
  if (deployedTo.length > 0) gaps.push(...commitsWithoutWorkItemGaps(graph, run.id));
  gaps.push(...prodWithoutApprovalGaps(graph, run.id, session.rules));
  gaps.push(...openWorkItemGaps(items, deployedTo, { runId: run.id }, session.rules));

  const stages = (timeline?.records ?? [])
    .filter((record) => record.type === "Stage")
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((stage) => {
      const record = ownRecords.find(
        (item) => item.stageName.toLowerCase() === stage.identifier?.toLowerCase(),
      );
      return {
        name: stage.name,
        environment: record ? (graph.environments.get(record.environmentId) ?? null) : null,
        result: stage.result ?? stage.state,
        finishTime: iso(stage.finishTime),
      };
    });

  return {
    schemaVersion: 1,
    subject: {
      kind: "run",
      id: run.id,
      name: run.number,
      pipeline: run.pipeline.name,
      branch: run.sourceBranch,
      at: iso(run.queueTime),
    },
    workItems: workItemRows(items),
    pullRequests,
    builds: [
      { ...traceBuild(run), sourceVersion: run.sourceVersion, finishTime: iso(run.finishTime) },
    ],
    stages,
    approvals: gates.approvals,
    checks: gates.checks,
    branchPolicies,
    gaps,
    notAvailable,
  };
}

async function releasePack(
  sources: Sources,
  project: string,
  releaseId: number,
  session: TraceSession,
): Promise<EvidencePack> {
  const notAvailable: NotAvailable[] = [];
  const release = await readOrInputError(`Release ${releaseId}`, () =>
    sources.release.getRelease(project, releaseId),
  );
  const buildIds = release.artifacts.flatMap((artifact) =>
    artifact.buildId !== undefined ? [artifact.buildId] : [],
  );
  const [workItemIds, runs, repositories, projectInfo] = await Promise.all([
    attempt(
      notAvailable,
      `work items of release ${releaseId}`,
      () => sources.release.getReleaseWorkItemIds(project, releaseId),
      [],
    ),
    buildIds.length === 0
      ? Promise.resolve([] as Run[])
      : attempt(
          notAvailable,
          `builds ${buildIds.join(", ")}`,
          async () =>
            session.recorder.keepRuns(await sources.build.listRuns(project, { ids: buildIds })),
          [],
        ),
    session.repositories(notAvailable),
    attempt(notAvailable, `project ${project}`, () => sources.core.getProject(project), undefined),
  ]);
  const primary = release.artifacts.find((artifact) => artifact.isPrimary) ?? release.artifacts[0];
  const primaryRun = runs.find((run) => run.id === primary?.buildId);
  const repositoryId = (primary?.repositoryId ?? primaryRun?.repositoryId)?.toLowerCase();
  const branch = primary?.branch ?? primaryRun?.sourceBranch;
  const changes = primaryRun
    ? await attempt(
        notAvailable,
        `changes of build ${primaryRun.id}`,
        async () =>
          session.recorder.keepRunChanges(
            primaryRun.id,
            await sources.build.getRunChanges(project, primaryRun.id),
          ),
        [],
      )
    : [];
  const [items, commits] = await Promise.all([
    attempt(
      notAvailable,
      `${workItemIds.length} work items`,
      async () =>
        session.recorder.keepWorkItems(await sources.workItems.getWorkItems(project, workItemIds)),
      [],
    ),
    readCommits(sources, project, changes, repositoryId, notAvailable, session.recorder),
  ]);
  const graph = new TraceGraph();
  graph.addRelease(release);
  graph.addReleaseWorkItems(release.id, workItemIds);
  for (const item of items) graph.addWorkItem(item);
  if (primaryRun) {
    graph.addRun(primaryRun);
    graph.addRunChanges(primaryRun.id, commits);
  }
  const linked = await readLinkedPullRequests(
    sources,
    project,
    projectInfo?.id,
    items,
    new Map(),
    notAvailable,
    session.recorder,
  );
  for (const pr of linked) graph.addPullRequest(pr);
  // Merged in this release: completed PRs of its work items into the artifact's repository and branch.
  const mergedIn = new Set(
    linked
      .filter(
        (pr) =>
          pr.status === "completed" &&
          (!repositoryId || pr.repositoryId.toLowerCase() === repositoryId) &&
          (!branch || pr.targetRefName.toLowerCase() === branch.toLowerCase()),
      )
      .map((pr) => pr.id),
  );
  const at = primaryRun?.queueTime ?? release.createdOn;
  const [pullRequests, branchPolicies] = await Promise.all([
    evidencePullRequests(sources, linked, mergedIn, repositories, projectInfo?.id, notAvailable),
    policiesAt(
      sources,
      project,
      repositoryId ? repositories.get(repositoryId) : undefined,
      repositoryId,
      branch,
      at,
      notAvailable,
    ),
  ]);
  const gates = releaseGates(release);
  const deployedTo = release.environments
    .filter((environment) => countsAsDeployed(environment.status))
    .map((environment) => environment.name);
  const gaps: TraceGap[] = [];
  const prodEnvironment = release.environments.find(
    (environment) =>
      deployedTo.includes(environment.name) && isProduction(environment.name, session.rules),
  );
  if (prodEnvironment) {
    for (const item of items) {
      const gap = prodWithoutPrGap(
        graph,
        item.id,
        [
          {
            kind: "classic",
            pipeline: release.definition,
            environment: prodEnvironment.name,
            stage: prodEnvironment.name,
            releaseId: release.id,
            status: prodEnvironment.status,
            state: "succeeded",
            reachedAt: releaseEnvironmentTime(prodEnvironment) ?? new Date(0),
            evidence: "classic-link",
          },
        ],
        session.rules,
      );
      if (gap) gaps.push(gap);
    }
  }
  for (const pr of linked.filter((candidate) => mergedIn.has(candidate.id))) {
    const gap = bypassGap(pr);
    if (gap) gaps.push(gap);
  }
  if (primaryRun && deployedTo.length > 0)
    gaps.push(...commitsWithoutWorkItemGaps(graph, primaryRun.id));
  gaps.push(...releaseWithoutApprovalGaps(release, session.rules));
  gaps.push(...openWorkItemGaps(items, deployedTo, { releaseId: release.id }, session.rules));

  return {
    schemaVersion: 1,
    subject: {
      kind: "release",
      id: release.id,
      name: release.name,
      pipeline: release.definition.name,
      branch: branch ?? null,
      at: iso(release.createdOn),
    },
    workItems: workItemRows(items),
    pullRequests,
    builds: runs
      .sort((a, b) => a.id - b.id)
      .map((run) => ({
        ...traceBuild(run),
        sourceVersion: run.sourceVersion,
        finishTime: iso(run.finishTime),
      })),
    stages: [...release.environments]
      .sort((a, b) => a.rank - b.rank)
      .map((environment) => ({
        name: environment.name,
        environment: environment.name,
        result: environment.status,
        finishTime: iso(releaseEnvironmentTime(environment)),
      })),
    approvals: gates.approvals,
    checks: gates.checks,
    branchPolicies,
    gaps,
    notAvailable,
  };
}
