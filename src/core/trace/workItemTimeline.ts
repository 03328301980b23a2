/**
 * The work item form's "Deployments" timeline: the engine's trace of the work item (development,
 * builds, environments reached, gaps) plus the gate state of stages still pending in the runs and
 * releases that carry it. Reads shared across work items and refreshes come from the session.
 */
import { deriveReleaseEnvironment } from "../gates/classic";
import type { GateState, StageGate } from "../gates/types";
import { deriveYamlStages } from "../gates/yaml";
import type { PipelineApproval, PullRequest, Release, Run, Timeline, WorkItem } from "../model";
import { attempt, type NotAvailable } from "../sources";
import { TraceGraph } from "./graph";
import type { IndexUse, TraceSession } from "./session";
import type { WorkItemTrace } from "./types";
import { traceWorkItem } from "./workItem";

export interface PendingStage {
  kind: "yaml" | "classic";
  pipeline: string;
  stage: string;
  environment: string | null;
  runId?: number;
  releaseId?: number;
  /** Run number or release name. */
  name: string;
  state: GateState;
  since: string | null;
  /** Who can approve now, for a stage waiting for approval. */
  approvers: string[];
  /** The checks, gates or approvals that hold it. */
  holding: string[];
}

export interface DevelopmentLink {
  key: string;
  /** The repository's name, else its id (links work with either). */
  repository: string;
  /** Its name, when known (absent: its list could not be read, or it is another project's). */
  repositoryName?: string;
  projectId: string;
}

export interface WorkItemTimeline {
  trace: WorkItemTrace;
  workItem: WorkItem;
  branches: (DevelopmentLink & { name: string; isTag: boolean })[];
  /** Every pull request link of the work item, with the PR where it could be read. */
  pullRequests: (DevelopmentLink & { id: number; pr?: PullRequest })[];
  pending: PendingStage[];
  notAvailable: NotAvailable[];
  /**
   * How the project's deployment index was used: `verified` false while the environments are
   * its unconfirmed rows (the form labels them). Absent: every environment was listed.
   */
  index?: IndexUse;
}

/** States in which a stage is on its way but not through: what the form calls pending. */
const PENDING_STATES: ReadonlySet<GateState> = new Set([
  "waiting-for-approval",
  "checks-running",
  "in-progress",
]);

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

/** A stage's gate state as the form shows it. */
function pendingOf(
  stage: StageGate,
  subject: Pick<PendingStage, "kind" | "pipeline" | "runId" | "releaseId" | "name">,
): PendingStage {
  return {
    ...subject,
    stage: stage.stage,
    environment: stage.environment ?? null,
    state: stage.state,
    since: iso(stage.since),
    approvers: stage.waiting.flatMap((waiting) =>
      waiting.approvers.map((approver) => approver.displayName),
    ),
    holding: stage.waiting.flatMap((waiting) => waiting.holding),
  };
}

/** The runs carrying the linked runs' changes: each one and the later runs of its family. */
async function containingRuns(
  session: TraceSession,
  linkedRuns: Run[],
  notes: NotAvailable[],
): Promise<Run[]> {
  const graph = new TraceGraph();
  for (const linked of linkedRuns)
    for (const run of await session.runsOf(linked.pipeline.id, linked.sourceBranch, notes))
      graph.addRun(run);
  // The linked runs are this load's reads; a family listing may be an earlier load's.
  for (const linked of linkedRuns) graph.addRun(linked);
  const containing = new Map<number, Run>();
  for (const linked of linkedRuns)
    for (const run of graph.containingRuns(linked)) containing.set(run.id, run);
  return [...containing.values()];
}

/** Which environment each stage of a pipeline deploys to, learned from its deployment records. */
async function stageEnvironmentsOf(
  session: TraceSession,
  notes: NotAvailable[],
  provisional: boolean,
): Promise<(pipelineId: number) => Map<string, string>> {
  const deployments = await session.knownDeployments(notes, provisional);
  const names = new Map(deployments.environments.map((item) => [item.id, item.name]));
  return (pipelineId) => {
    const stages = new Map<string, string>();
    for (const record of deployments.records)
      if (record.pipeline.id === pipelineId)
        stages.set(
          record.stageName,
          names.get(record.environmentId) ?? String(record.environmentId),
        );
    return stages;
  };
}

/** The pending stages of one unfinished run, from its timeline and open approvals. */
async function pendingStagesOfRun(
  session: TraceSession,
  run: Run,
  known: ReadonlyMap<number, Timeline>,
  context: { notes: NotAvailable[]; provisional: boolean },
): Promise<PendingStage[]> {
  const { sources, project } = session;
  const { notes } = context;
  const timeline = known.get(run.id) ?? (await session.runTimeline(run.id, notes));
  if (!timeline) return [];
  // Where its unfinished stages deploy, named as a full read would (with the index: confirmed;
  // the labelled step's pending stages are not shown, so it reads nothing for them).
  const unfinished = timeline.records.flatMap((record) =>
    record.type === "Stage" && record.state !== "completed" && record.identifier
      ? [record.identifier]
      : [],
  );
  const openApprovals = timeline.records
    .filter((record) => record.type === "Checkpoint.Approval" && record.state !== "completed")
    .map((record) => record.id);
  const [approvals] = await Promise.all([
    openApprovals.length === 0
      ? []
      : session.inLoad(`approvals|${openApprovals.join(",")}`, notes, (own) =>
          attempt(
            own,
            `approvals of run ${run.id}`,
            () => sources.checks.listApprovals(project, { approvalIds: openApprovals }),
            [] as PipelineApproval[],
          ),
        ),
    context.provisional
      ? undefined
      : session.confirmStageEnvironments(run.pipeline.id, unfinished, notes),
  ]);
  const stageEnvironments = (await stageEnvironmentsOf(session, notes, context.provisional))(
    run.pipeline.id,
  );
  return deriveYamlStages({
    run: { id: run.id, name: run.number, pipeline: run.pipeline },
    timeline,
    approvals: new Map(approvals.map((approval) => [approval.id, approval])),
    suites: new Map(),
    configurations: new Map(),
    stageEnvironments,
  })
    .filter((stage) => PENDING_STATES.has(stage.state))
    .map((stage) =>
      pendingOf(stage, {
        kind: "yaml",
        pipeline: run.pipeline.name,
        runId: run.id,
        name: run.number,
      }),
    );
}

/** Stages of unfinished runs that carry the work item, with their gate state. */
async function pendingYamlStages(
  session: TraceSession,
  linkedRuns: Run[],
  known: ReadonlyMap<number, Timeline>,
  context: { notes: NotAvailable[]; provisional: boolean },
): Promise<{ stages: PendingStage[]; containing: Run[] }> {
  const { notes } = context;
  const containing = await containingRuns(session, linkedRuns, notes);
  const unfinished = containing.filter((run) => run.status !== "completed");
  if (unfinished.length === 0) return { stages: [], containing };
  const stages = await Promise.all(
    unfinished.map((run) => pendingStagesOfRun(session, run, known, context)),
  );
  return { stages: stages.flat(), containing };
}

/** Environments of Classic releases carrying the work item that are on their way. */
function pendingReleaseStages(
  releases: Release[],
  containing: Run[],
  item: WorkItem,
): PendingStage[] {
  const runIds = new Set(containing.map((run) => run.id));
  const linkedReleases = new Set(
    item.relations.flatMap((relation) =>
      relation.artifact?.kind === "releaseEnvironment" ? [relation.artifact.releaseId] : [],
    ),
  );
  return releases
    .filter(
      (release) =>
        linkedReleases.has(release.id) ||
        release.artifacts.some(
          (artifact) => artifact.buildId !== undefined && runIds.has(artifact.buildId),
        ),
    )
    .flatMap((release) =>
      release.environments
        .filter(
          (environment) => environment.status === "inProgress" || environment.status === "queued",
        )
        .map((environment) => deriveReleaseEnvironment(release, environment, undefined))
        .filter((stage) => PENDING_STATES.has(stage.state))
        .map((stage) =>
          pendingOf(stage, {
            kind: "classic",
            pipeline: release.definition.name,
            releaseId: release.id,
            name: release.name,
          }),
        ),
    );
}

/** The work item's branch, tag and pull request links, once each, with their repositories. */
function developmentLinks(
  workItem: WorkItem,
  repositoryName: (repositoryId: string) => string | undefined,
  readPullRequests: ReadonlyMap<number, PullRequest>,
): Pick<WorkItemTimeline, "branches" | "pullRequests"> {
  const branches: WorkItemTimeline["branches"] = [];
  const pullRequests: WorkItemTimeline["pullRequests"] = [];
  const seen = new Set<string>();
  for (const relation of workItem.relations) {
    const link = relation.artifact;
    if (!link || seen.has(relation.url.toLowerCase())) continue;
    seen.add(relation.url.toLowerCase());
    if (link.kind !== "branch" && link.kind !== "tag" && link.kind !== "pullRequest") continue;
    const name = repositoryName(link.repositoryId);
    const common = {
      key: relation.url,
      repository: name ?? link.repositoryId,
      ...(name !== undefined ? { repositoryName: name } : {}),
      projectId: link.projectId,
    };
    if (link.kind === "pullRequest") {
      if (!pullRequests.some((pr) => pr.id === link.pullRequestId))
        pullRequests.push({
          ...common,
          id: link.pullRequestId,
          pr: readPullRequests.get(link.pullRequestId),
        });
    } else
      branches.push({
        ...common,
        name: link.kind === "branch" ? link.branch : link.tag,
        isTag: link.kind === "tag",
      });
  }
  return { branches, pullRequests: pullRequests.sort((a, b) => a.id - b.id) };
}

/**
 * Everything the form group shows for one work item. `provisional`: with a session that uses the
 * deployment index, its rows as they are (to be shown labelled, then loaded again confirmed).
 */
export async function loadWorkItemTimeline(
  session: TraceSession,
  workItemId: number,
  options: { provisional?: boolean; continueLoad?: boolean } = {},
): Promise<WorkItemTimeline> {
  // The session outlives one load (refreshes, other work items): take what this trace read.
  const mark = session.records.mark();
  const provisional = options.provisional ?? false;
  if (!options.continueLoad) session.newLoad();
  let index: IndexUse | undefined;
  const notes: NotAvailable[] = [];
  // The pending stages' reads (timelines, approvals) start once the item's builds are known,
  // beside the reads of its gaps rather than after them.
  let pendingRead: ReturnType<typeof pendingYamlStages> | undefined;
  const startPending = (linkedRuns: Run[]) =>
    (pendingRead ??= pendingYamlStages(
      session,
      linkedRuns,
      session.records.readSince(mark).timelines,
      {
        notes,
        provisional,
      },
    ));
  let classic: Release[] | undefined;
  const trace = await traceWorkItem(session.sources, session.project, workItemId, {
    session,
    provisional,
    continueLoad: true,
    onIndex: (use) => (index = use),
    onReleases: (releases) => (classic = releases),
    onBuilds: (builds) => void startPending(builds).catch(() => undefined),
  });
  const reads = session.records.readSince(mark);
  const workItem = reads.workItems.get(workItemId);
  if (!workItem) throw new Error(`Work item ${workItemId} was traced but not read.`);
  const repositories = await session.repositories(notes);
  const links = developmentLinks(
    workItem,
    (repositoryId) => repositories.get(repositoryId.toLowerCase())?.name,
    reads.pullRequests,
  );
  const buildIds = new Set(trace.builds.map((build) => build.id));
  // The labelled first step shows no pending stages: their reads go on for the confirmed one.
  if (provisional && index?.verified === false)
    return { trace, workItem, ...links, pending: [], notAvailable: trace.notAvailable, index };
  const yaml = await startPending([...reads.runs.values()].filter((run) => buildIds.has(run.id)));
  const releases = classic ?? (await session.releases(notes));
  const pending = [...yaml.stages, ...pendingReleaseStages(releases, yaml.containing, workItem)];
  const isNew = (note: NotAvailable) =>
    !trace.notAvailable.some((known) => known.what === note.what && known.reason === note.reason);
  return {
    trace,
    workItem,
    ...links,
    pending,
    notAvailable: [...trace.notAvailable, ...notes.filter(isNew)],
    ...(index ? { index } : {}),
  };
}
