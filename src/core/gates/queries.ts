/*
 * Gate queries over the ports. Each says which calls it makes; the only fan-out left is what the
 * REST contract forces: there is no batch endpoint for run timelines (one per run) or for check
 * suites (one per Checkpoint record whose checks are wanted).
 */
import type {
  CheckConfiguration,
  CheckResource,
  CheckSuite,
  Pipeline,
  PipelineApproval,
  Release,
  ReleaseDefinition,
  Run,
  Timeline,
} from "../model";
import { attempt, type NotAvailable, type Sources } from "../sources";
import { deriveReleases } from "./classic";
import { checkIdJoins } from "./checkpointIds";
import { withGateSamples } from "./gateSamples";
import {
  markClassicSamplesUnread,
  markClassicUnknown,
  markYamlUnknown,
  type YamlReadFailures,
} from "./markUnknown";
import type { GatesResult, PendingGate, StageGate } from "./types";
import { deriveYamlStages } from "./yaml";

type RunRef = { id: number; name?: string; pipeline: { id: number; name: string } };

/** A run as users know it: by its run number, the id only when the number is not known. */
function runLabel(run: RunRef): string {
  return `run ${run.name ?? run.id}`;
}

/** The failed read of the release definitions (gate and approval timeouts), if it failed. */
function definitionsFailure(notAvailable: NotAvailable[]): NotAvailable | undefined {
  return notAvailable.find((entry) => entry.what === "release definitions");
}

/**
 * The Classic stages of listed releases, with the gate samples of those that need them read
 * through Get Release (one call per such release); failed reads go to `notAvailable`, in the
 * releases' order.
 */
async function classicStages(
  sources: Sources,
  project: string,
  listed: { releases: Release[]; definitions: ReleaseDefinition[] },
  context: { notAvailable: NotAvailable[]; since?: Date },
): Promise<StageGate[]> {
  const sampled = await withGateSamples(sources, project, listed.releases, context.since);
  const stages = markClassicUnknown(
    deriveReleases(sampled.releases, listed.definitions),
    definitionsFailure(context.notAvailable),
  );
  context.notAvailable.push(...sampled.unread.values());
  return markClassicSamplesUnread(stages, sampled.unread);
}

function runRef(run: Run): RunRef {
  return { id: run.id, name: run.number, pipeline: run.pipeline };
}

/** Adds the runs the approvals belong to, when they are not listed yet. */
function addApprovalRuns(runs: Map<number, RunRef>, approvals: PipelineApproval[]): void {
  for (const approval of approvals) {
    const owner = approval.pipeline;
    if (owner && !runs.has(owner.runId)) {
      runs.set(owner.runId, {
        id: owner.runId,
        name: owner.runName,
        pipeline: { id: owner.id, name: owner.name },
      });
    }
  }
}

async function readTimelines(
  sources: Sources,
  project: string,
  runs: RunRef[],
  notAvailable: NotAvailable[],
): Promise<Map<number, Timeline>> {
  const timelines = await Promise.all(
    runs.map((run) =>
      attempt(
        notAvailable,
        `stages of ${run.pipeline.name} ${runLabel(run)}`,
        () => sources.build.getTimeline(project, run.id),
        undefined,
      ),
    ),
  );
  return new Map(
    timelines
      .filter((timeline): timeline is Timeline => timeline !== undefined)
      .map((timeline) => [timeline.runId, timeline]),
  );
}

/** "checks of stage Prod in web run 20261202.1" for each Checkpoint record: no GUID for users. */
function checkpointLabels(runs: RunRef[], timelines: Map<number, Timeline>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const run of runs) {
    const records = timelines.get(run.id)?.records ?? [];
    const stages = new Map(records.map((record) => [record.id, record.name]));
    for (const record of records) {
      if (record.type !== "Checkpoint") continue;
      const stage = (record.parentId && stages.get(record.parentId)) || "a stage";
      labels.set(record.id, `checks of stage ${stage} in ${run.pipeline.name} ${runLabel(run)}`);
    }
  }
  return labels;
}

async function readSuites(
  sources: Sources,
  project: string,
  suiteIds: string[],
  failures: { notAvailable: NotAvailable[]; labels: Map<string, string>; failed: YamlReadFailures },
): Promise<Map<string, CheckSuite>> {
  const suites = await Promise.all(
    [...new Set(suiteIds)].map(async (id) => {
      const own: NotAvailable[] = [];
      const what = failures.labels.get(id) ?? "checks of a stage";
      const suite = await attempt(
        own,
        what,
        () => sources.checks.getCheckSuite(project, id),
        undefined,
      );
      if (own.length > 0) failures.failed.suites.set(id, own[0]);
      else failures.failed.suitesRead.add(id);
      failures.notAvailable.push(...own);
      return suite;
    }),
  );
  return new Map(
    suites
      .filter((suite): suite is CheckSuite => suite !== undefined)
      .map((suite) => [suite.id, suite]),
  );
}

/** The configurations of every resource the suites' check runs name, in one batch query. */
async function readConfigurations(
  sources: Sources,
  project: string,
  suites: Iterable<CheckSuite>,
  failures: { notAvailable: NotAvailable[]; failed: YamlReadFailures },
): Promise<Map<number, CheckConfiguration>> {
  const resources = new Map<string, CheckResource>();
  for (const suite of suites) {
    for (const run of suite.checkRuns) {
      if (run.resource)
        resources.set(`${run.resource.type}:${run.resource.id}`.toLowerCase(), run.resource);
    }
  }
  if (resources.size === 0) return new Map();
  const own: NotAvailable[] = [];
  const configurations = await attempt(
    own,
    "check configurations",
    () => sources.checks.queryCheckConfigurations(project, [...resources.values()]),
    [] as CheckConfiguration[],
  );
  failures.failed.configurations = own[0];
  failures.notAvailable.push(...own);
  return new Map(configurations.map((configuration) => [configuration.id, configuration]));
}

function recordIds(timeline: Timeline, type: string): string[] {
  return timeline.records.filter((record) => record.type === type).map((record) => record.id);
}

/** Checkpoint records still open (their checks have not decided). */
function openCheckpoints(timeline: Timeline): string[] {
  return timeline.records
    .filter((record) => record.type === "Checkpoint" && record.state !== "completed")
    .map((record) => record.id);
}

/** Pending items of stages, flattened into "waiting on" rows. */
export function pendingOf(stages: StageGate[]): PendingGate[] {
  return stages.flatMap((stage) =>
    stage.waiting.map((waiting): PendingGate => ({
      kind: waiting.kind,
      source: stage.source,
      id: waiting.id,
      pipeline: stage.pipeline,
      ...(stage.runId !== undefined ? { runId: stage.runId } : {}),
      ...(stage.runName !== undefined ? { runName: stage.runName } : {}),
      ...(stage.releaseId !== undefined ? { releaseId: stage.releaseId } : {}),
      ...(stage.releaseName !== undefined ? { releaseName: stage.releaseName } : {}),
      stage: stage.stage,
      ...(stage.environment ? { environment: stage.environment } : {}),
      ...(waiting.since ? { since: waiting.since } : {}),
      ...(waiting.timeoutAt ? { timeoutAt: waiting.timeoutAt } : {}),
      approvers: waiting.approvers,
      ...(waiting.instructions ? { instructions: waiting.instructions } : {}),
      holding: waiting.holding,
      ...(stage.unknown ? { unknown: stage.unknown } : {}),
    })),
  );
}

function sortPending(pending: PendingGate[]): PendingGate[] {
  const time = (date: Date | undefined) => date?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return [...pending].sort(
    (a, b) =>
      time(a.since) - time(b.since) ||
      a.pipeline.name.localeCompare(b.pipeline.name) ||
      a.id.localeCompare(b.id),
  );
}

/** YAML stage gates of `runs`, with the reads the derivation needs. */
async function yamlStages(
  sources: Sources,
  project: string,
  runs: RunRef[],
  options: {
    notAvailable: NotAvailable[];
    /** Approvals already read (the project's pending list). */
    knownApprovals?: PipelineApproval[];
    /** Read one suite per stage identifier to learn each stage's environment. */
    learnEnvironments: boolean;
  },
): Promise<StageGate[]> {
  const { notAvailable } = options;
  const timelines = await readTimelines(sources, project, runs, notAvailable);
  const approvals = new Map(
    (options.knownApprovals ?? []).map((approval) => [approval.id, approval]),
  );
  const missingApprovalIds = [...timelines.values()]
    .flatMap((timeline) => recordIds(timeline, "Checkpoint.Approval"))
    .filter((id) => !approvals.has(id));
  const suiteIds = [...timelines.values()].flatMap(openCheckpoints);
  if (options.learnEnvironments) suiteIds.push(...firstCheckpointPerStage(runs, timelines));
  const failed: YamlReadFailures = { suites: new Map(), suitesRead: new Set() };
  const labels = checkpointLabels(runs, timelines);
  const [moreApprovals, suites] = await Promise.all([
    readApprovalsById(sources, project, missingApprovalIds, { notAvailable, failed }),
    readSuites(sources, project, suiteIds, { notAvailable, labels, failed }),
  ]);
  for (const approval of moreApprovals) approvals.set(approval.id, approval);
  const read = { asked: new Set(missingApprovalIds), approvals, suites };
  const label = (id: string) => labels.get(id) ?? "checks of a stage";
  notAvailable.push(...checkIdJoins([...timelines.values()], read, failed, label));
  const configurations = await readConfigurations(sources, project, suites.values(), {
    notAvailable,
    failed,
  });
  const inputs = { approvals, suites, configurations };
  const stageEnvironments = options.learnEnvironments
    ? learnStageEnvironments(runs, timelines, inputs)
    : undefined;
  const stages = runs.flatMap((run) => {
    const timeline = timelines.get(run.id);
    return timeline ? deriveYamlStages({ run, timeline, ...inputs, stageEnvironments }) : [];
  });
  return markYamlUnknown(stages, failed);
}

/**
 * To name the environments of decided stages: the newest checkpoint of each stage identifier
 * (assumed stable across runs).
 */
function firstCheckpointPerStage(runs: RunRef[], timelines: Map<number, Timeline>): string[] {
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const run of runs) {
    const timeline = timelines.get(run.id);
    if (!timeline) continue;
    for (const stage of timeline.records.filter((record) => record.type === "Stage")) {
      const key = stage.identifier ?? stage.name;
      const checkpoint = timeline.records.find(
        (record) => record.type === "Checkpoint" && record.parentId === stage.id,
      );
      if (!checkpoint || seen.has(key)) continue;
      seen.add(key);
      ids.push(checkpoint.id);
    }
  }
  return ids;
}

async function readApprovalsById(
  sources: Sources,
  project: string,
  approvalIds: string[],
  failures: { notAvailable: NotAvailable[]; failed: YamlReadFailures },
): Promise<PipelineApproval[]> {
  if (approvalIds.length === 0) return [];
  const own: NotAvailable[] = [];
  const approvals = await attempt(
    own,
    "pipeline approvals",
    () => sources.checks.listApprovals(project, { approvalIds }),
    [] as PipelineApproval[],
  );
  failures.failed.approvals = own[0];
  failures.notAvailable.push(...own);
  return approvals;
}

function learnStageEnvironments(
  runs: RunRef[],
  timelines: Map<number, Timeline>,
  inputs: Omit<Parameters<typeof deriveYamlStages>[0], "run" | "timeline">,
): Map<string, string> {
  const stageEnvironments = new Map<string, string>();
  for (const run of runs) {
    const timeline = timelines.get(run.id);
    if (!timeline) continue;
    for (const stage of deriveYamlStages({ run, timeline, ...inputs })) {
      if (
        stage.stageIdentifier &&
        stage.environment &&
        !stageEnvironments.has(stage.stageIdentifier)
      ) {
        stageEnvironments.set(stage.stageIdentifier, stage.environment);
      }
    }
  }
  return stageEnvironments;
}
/**
 * Every pending approval, check and Classic gate of the project, and the stages of the runs and
 * releases that wait.
 *
 * Calls: one pending-approvals listing (pipelines/approvals?state=pending, unpaged by contract),
 * one paged listing of in-progress runs, one timeline per run that waits (forced), one check suite
 * per open Checkpoint (forced: only the suite names each check's resource and live state), one
 * batch query of the check configurations of the resources involved, one paged listing of releases
 * with an environment in progress ($expand environments and approvals), one Get Release per such
 * release whose gates are pending, running or failed (the list carries no gate samples) and one
 * listing of release definitions (gate timeouts and sampling).
 */
export async function pendingGates(sources: Sources, project: string): Promise<GatesResult> {
  const notAvailable: NotAvailable[] = [];
  const [approvals, inProgress, releases, definitions] = await Promise.all([
    attempt(
      notAvailable,
      "pending pipeline approvals",
      () => sources.checks.listApprovals(project, { state: "pending" }),
      [] as PipelineApproval[],
    ),
    attempt(
      notAvailable,
      "runs in progress",
      () => sources.build.listRuns(project, { status: "inProgress" }),
      [] as Run[],
    ),
    attempt(
      notAvailable,
      "releases in progress",
      () =>
        sources.release.listReleases(project, { environmentStatuses: ["inProgress", "queued"] }),
      [] as Release[],
    ),
    attempt(
      notAvailable,
      "release definitions",
      () => sources.release.listReleaseDefinitions(project),
      [] as ReleaseDefinition[],
    ),
  ]);
  const runs = new Map<number, RunRef>(inProgress.map((run) => [run.id, runRef(run)]));
  addApprovalRuns(runs, approvals);
  const yaml = await yamlStages(sources, project, [...runs.values()], {
    notAvailable,
    knownApprovals: approvals,
    learnEnvironments: false,
  });
  const classic = await classicStages(
    sources,
    project,
    { releases, definitions },
    { notAvailable },
  );
  // Only runs and releases that wait on something; a run that simply deploys is not pending.
  const waitingRuns = new Set(yaml.filter((stage) => stage.waiting.length > 0).map((s) => s.runId));
  const waitingReleases = new Set(
    classic.filter((stage) => stage.waiting.length > 0).map((stage) => stage.releaseId),
  );
  const stages = [
    ...yaml.filter((stage) => waitingRuns.has(stage.runId)),
    ...classic.filter((stage) => waitingReleases.has(stage.releaseId)),
  ];
  return { pending: sortPending(pendingOf(stages)), stages, notAvailable };
}

export type PipelineTarget =
  | { kind: "yaml"; pipeline: { id: number; name: string } }
  | { kind: "classic"; definition: ReleaseDefinition };

/**
 * A YAML pipeline or Classic release definition by name or id: one build-definition listing, and
 * one release-definition listing when no YAML pipeline has that name.
 */
export async function resolvePipeline(
  sources: Sources,
  project: string,
  nameOrId: string,
): Promise<PipelineTarget | undefined> {
  const wanted = nameOrId.trim().toLowerCase();
  const matches = (candidate: { id: number; name: string }) =>
    candidate.name.toLowerCase() === wanted || String(candidate.id) === wanted;
  const pipelines: Pipeline[] = await sources.build.listPipelines(project);
  const pipeline = pipelines.find((candidate) => candidate.kind === "yaml" && matches(candidate));
  if (pipeline) return { kind: "yaml", pipeline: { id: pipeline.id, name: pipeline.name } };
  const definitions = await sources.release.listReleaseDefinitions(project);
  const definition = definitions.find(matches);
  return definition ? { kind: "classic", definition } : undefined;
}

/**
 * The stages of a pipeline's newest runs (or a release definition's newest releases).
 *
 * YAML calls: one run listing, one timeline per run (forced), approvals by id in batches of 50,
 * one check suite per open Checkpoint plus one per stage identifier (to name its environment;
 * assumed stable across runs), one batch query of check configurations. Classic: one release
 * listing with environments and approvals expanded, and one Get Release per release whose gates
 * are pending, running or failed (for their samples).
 */
export async function pipelineGates(
  sources: Sources,
  project: string,
  target: PipelineTarget,
  runs = 20,
): Promise<GatesResult> {
  const notAvailable: NotAvailable[] = [];
  let stages: StageGate[];
  if (target.kind === "yaml") {
    const list = await attempt(
      notAvailable,
      `runs of ${target.pipeline.name}`,
      () => sources.build.listRuns(project, { pipelineIds: [target.pipeline.id], max: runs }),
      [] as Run[],
    );
    stages = await yamlStages(sources, project, list.map(runRef), {
      notAvailable,
      learnEnvironments: true,
    });
  } else {
    const releases = await attempt(
      notAvailable,
      `releases of ${target.definition.name}`,
      () =>
        sources.release.listReleases(project, { definitionId: target.definition.id, max: runs }),
      [] as Release[],
    );
    stages = await classicStages(
      sources,
      project,
      { releases, definitions: [target.definition] },
      { notAvailable },
    );
  }
  return { pending: sortPending(pendingOf(stages)), stages, notAvailable };
}

/**
 * The newest run's (or release's) stages, for the gate widget: at most three calls. YAML: the
 * newest run, its timeline, and its approvals by id when it has any. Classic: the newest release
 * (environments and approvals expanded), the definition's gate settings, and Get Release for its
 * gate samples when its gates are pending, running or failed.
 */
export async function latestStageStates(
  sources: Sources,
  project: string,
  target: { kind: "yaml"; pipelineId: number } | { kind: "classic"; definitionId: number },
): Promise<GatesResult> {
  const notAvailable: NotAvailable[] = [];
  if (target.kind === "classic") {
    const [releases, definitions] = await Promise.all([
      sources.release.listReleases(project, { definitionId: target.definitionId, max: 1 }),
      attempt(
        notAvailable,
        "release definitions",
        () => sources.release.listReleaseDefinitions(project),
        [] as ReleaseDefinition[],
      ),
    ]);
    const stages = await classicStages(
      sources,
      project,
      { releases, definitions },
      { notAvailable },
    );
    return { pending: pendingOf(stages), stages, notAvailable };
  }
  const [run] = await sources.build.listRuns(project, { pipelineIds: [target.pipelineId], max: 1 });
  if (!run) return { pending: [], stages: [], notAvailable };
  const timeline = await sources.build.getTimeline(project, run.id);
  const approvalIds = recordIds(timeline, "Checkpoint.Approval");
  const approvals =
    approvalIds.length === 0
      ? []
      : await attempt(
          notAvailable,
          "pipeline approvals",
          () => sources.checks.listApprovals(project, { approvalIds }),
          [] as PipelineApproval[],
        );
  const stages = deriveYamlStages({
    run: runRef(run),
    timeline,
    approvals: new Map(approvals.map((approval) => [approval.id, approval])),
    suites: new Map(),
    configurations: new Map(),
  });
  return { pending: pendingOf(stages), stages, notAvailable };
}

/** States that count as an outcome worth reviewing: something said no, or nobody said yes. */
const OUTCOME_STATES = new Set(["rejected", "timed-out", "failed"]);

/**
 * Rejected, timed-out and failed gates decided in [since, until).
 *
 * Calls: one listing of every pipeline approval (unpaged by contract), one paged listing of the
 * runs finished since `since`, one timeline per run with such an approval or a failed or canceled
 * result (forced), approvals by id for those timelines, one paged listing of the project's
 * releases (expanded), one Get Release per release with gates pending, running or failed in the
 * window (for their samples) and one listing of release definitions. Deployment failures are left out: only
 * approvals, checks and gates count.
 */
export async function recentOutcomes(
  sources: Sources,
  project: string,
  window: { since: Date; until: Date },
): Promise<GatesResult> {
  const notAvailable: NotAvailable[] = [];
  const inWindow = (date: Date | undefined) =>
    date !== undefined && date >= window.since && date < window.until;
  const [approvals, finished, releases, definitions] = await Promise.all([
    attempt(
      notAvailable,
      "pipeline approvals",
      () => sources.checks.listApprovals(project, { state: "all" }),
      [] as PipelineApproval[],
    ),
    attempt(
      notAvailable,
      "runs finished in the window",
      () =>
        sources.build.listRuns(project, {
          status: "completed",
          order: "finishTimeDescending",
          minTime: window.since,
        }),
      [] as Run[],
    ),
    attempt(notAvailable, "releases", () => sources.release.listReleases(project), [] as Release[]),
    attempt(
      notAvailable,
      "release definitions",
      () => sources.release.listReleaseDefinitions(project),
      [] as ReleaseDefinition[],
    ),
  ]);
  const decided = approvals.filter(
    (approval) =>
      ["rejected", "timedOut", "failed"].includes(approval.status) &&
      inWindow(approval.lastModifiedOn),
  );
  const runs = new Map<number, RunRef>();
  for (const run of finished) {
    if (run.result === "failed" || run.result === "canceled") runs.set(run.id, runRef(run));
  }
  addApprovalRuns(runs, decided);
  const yaml = await yamlStages(sources, project, [...runs.values()], {
    notAvailable,
    knownApprovals: decided,
    learnEnvironments: false,
  });
  const classic = await classicStages(
    sources,
    project,
    { releases, definitions },
    { notAvailable, since: window.since },
  );
  const stages = [...yaml, ...classic].filter(
    (stage) =>
      OUTCOME_STATES.has(stage.state) &&
      stage.decision !== undefined &&
      stage.decision.cause !== "deployment" &&
      inWindow(stage.decision.at ?? stage.since),
  );
  return { pending: [], stages, notAvailable };
}
