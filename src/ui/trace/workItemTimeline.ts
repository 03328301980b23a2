/**
 * The work item form's "Deployments" timeline: the engine's trace of the work item (development,
 * builds, environments reached, gaps) plus the gate state of stages still pending in the runs and
 * releases that carry it. Reads shared across work items and refreshes come from the session.
 */
import { deriveReleaseEnvironment, deriveYamlStages } from "../../core/gates";
import type { GateState } from "../../core/gates/types";
import type {
  PipelineApproval,
  PullRequest,
  Release,
  Run,
  Timeline,
  WorkItem,
} from "../../core/model";
import type { Sources } from "../../core/sources";
import { attempt } from "../../core/sources";
import type { TraceSession } from "../../core/trace/session";
import type { NotAvailable, WorkItemTrace } from "../../core/trace/types";
import { traceWorkItem } from "../../core/trace/workItem";

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
  repository: string;
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
}

/** States in which a stage is on its way but not through: what the form calls pending. */
const PENDING_STATES: ReadonlySet<GateState> = new Set([
  "waiting-for-approval",
  "checks-running",
  "in-progress",
]);

function runOrder(left: Run, right: Run): number {
  const time = (run: Run) => run.queueTime?.getTime() ?? run.startTime?.getTime() ?? 0;
  return time(left) - time(right) || left.id - right.id;
}

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

/** Stages of unfinished runs that carry the work item, with their gate state. */
async function pendingYamlStages(
  sources: Sources,
  project: string,
  session: TraceSession,
  linkedRuns: Run[],
  known: ReadonlyMap<number, Timeline>,
  notes: NotAvailable[],
): Promise<{ stages: PendingStage[]; containing: Run[] }> {
  const containing = new Map<number, Run>();
  for (const linked of linkedRuns) {
    const family = await session.runsOf(linked.pipeline.id, linked.sourceBranch, notes);
    for (const run of [linked, ...family])
      if (run.pipeline.id === linked.pipeline.id && runOrder(run, linked) >= 0)
        containing.set(run.id, run);
  }
  const unfinished = [...containing.values()].filter((run) => run.status !== "completed");
  if (unfinished.length === 0) return { stages: [], containing: [...containing.values()] };
  const deployments = await session.environmentDeployments(notes);
  const environmentNames = new Map(
    deployments.environments.map((environment) => [environment.id, environment.name]),
  );
  const stages = await Promise.all(
    unfinished.map(async (run) => {
      const timeline =
        known.get(run.id) ??
        (await attempt(
          notes,
          `timeline of run ${run.id}`,
          () => sources.build.getTimeline(project, run.id),
          undefined,
        ));
      if (!timeline) return [];
      const openApprovals = timeline.records
        .filter((record) => record.type === "Checkpoint.Approval" && record.state !== "completed")
        .map((record) => record.id);
      const approvals =
        openApprovals.length === 0
          ? []
          : await attempt(
              notes,
              `approvals of run ${run.id}`,
              () => sources.checks.listApprovals(project, { approvalIds: openApprovals }),
              [] as PipelineApproval[],
            );
      // Which environment a stage deploys to, learned from this pipeline's deployment records.
      const stageEnvironments = new Map<string, string>();
      for (const record of deployments.records)
        if (record.pipeline.id === run.pipeline.id)
          stageEnvironments.set(
            record.stageName,
            environmentNames.get(record.environmentId) ?? String(record.environmentId),
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
        .map((stage): PendingStage => ({
          kind: "yaml",
          pipeline: run.pipeline.name,
          stage: stage.stage,
          environment: stage.environment ?? null,
          runId: run.id,
          name: run.number,
          state: stage.state,
          since: iso(stage.since),
          approvers: stage.waiting.flatMap((waiting) =>
            waiting.approvers.map((approver) => approver.displayName),
          ),
          holding: stage.waiting.flatMap((waiting) => waiting.holding),
        }));
    }),
  );
  return { stages: stages.flat(), containing: [...containing.values()] };
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
        .map((stage): PendingStage => ({
          kind: "classic",
          pipeline: release.definition.name,
          stage: stage.stage,
          environment: stage.environment ?? null,
          releaseId: release.id,
          name: release.name,
          state: stage.state,
          since: iso(stage.since),
          approvers: stage.waiting.flatMap((waiting) =>
            waiting.approvers.map((approver) => approver.displayName),
          ),
          holding: stage.waiting.flatMap((waiting) => waiting.holding),
        })),
    );
}

/** Everything the form group shows for one work item. */
export async function loadWorkItemTimeline(
  sources: Sources,
  project: string,
  session: TraceSession,
  workItemId: number,
): Promise<WorkItemTimeline> {
  // The session outlives one load (refreshes, other work items): take what this trace read.
  const mark = session.records.mark();
  const trace = await traceWorkItem(sources, project, workItemId, { session });
  const reads = session.records.readSince(mark);
  const workItem = reads.workItems.get(workItemId);
  if (!workItem) throw new Error(`Work item ${workItemId} was traced but not read.`);
  const notes: NotAvailable[] = [];
  const repositories = await session.repositories(notes);
  const repositoryName = (repositoryId: string) =>
    repositories.get(repositoryId.toLowerCase())?.name ?? repositoryId;

  const branches: WorkItemTimeline["branches"] = [];
  const pullRequests: WorkItemTimeline["pullRequests"] = [];
  const seen = new Set<string>();
  for (const relation of workItem.relations) {
    const link = relation.artifact;
    if (!link || seen.has(relation.url.toLowerCase())) continue;
    seen.add(relation.url.toLowerCase());
    if (link.kind === "branch" || link.kind === "tag")
      branches.push({
        key: relation.url,
        repository: repositoryName(link.repositoryId),
        projectId: link.projectId,
        name: link.kind === "branch" ? link.branch : link.tag,
        isTag: link.kind === "tag",
      });
    else if (
      link.kind === "pullRequest" &&
      !pullRequests.some((pr) => pr.id === link.pullRequestId)
    )
      pullRequests.push({
        key: relation.url,
        repository: repositoryName(link.repositoryId),
        projectId: link.projectId,
        id: link.pullRequestId,
        pr: reads.pullRequests.get(link.pullRequestId),
      });
  }

  const buildIds = new Set(trace.builds.map((build) => build.id));
  const linkedRuns = [...reads.runs.values()].filter((run) => buildIds.has(run.id));
  const yaml = await pendingYamlStages(
    sources,
    project,
    session,
    linkedRuns,
    reads.timelines,
    notes,
  );
  const releases = await session.releases(notes);
  const pending = [...yaml.stages, ...pendingReleaseStages(releases, yaml.containing, workItem)];
  return {
    trace,
    workItem,
    branches,
    pullRequests: pullRequests.sort((a, b) => a.id - b.id),
    pending,
    notAvailable: [
      ...trace.notAvailable,
      ...notes.filter(
        (note) =>
          !trace.notAvailable.some(
            (known) => known.what === note.what && known.reason === note.reason,
          ),
      ),
    ],
  };
}
