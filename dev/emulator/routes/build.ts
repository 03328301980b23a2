/** build: definitions, builds, timeline, work items and changes. */
import { en } from "../format";
import type {
  DemoBuild,
  DemoBuildDefinition,
  DemoCheckSuite,
  DemoProject,
  DemoRepository,
  DemoStageRun,
  StageOutcome,
} from "../demo/model";
import { CHECK_TYPES, stageRecordId } from "../demo/pipelines";
import { uuidFrom } from "../demo/random";
import { genericNotFound, headerPaged, list, type RequestContext, type Route } from "../http";
import { identity, projectRef, resourceRefs } from "../views";

const SERVICE_IDENTITY = {
  id: "00000002-0000-8888-8000-000000000000",
  displayName: "Microsoft.VisualStudio.Services.TFS",
  uniqueName: "00000002-0000-8888-8000-000000000000@2c895908-04e0-4952-89fd-54b0046d6288",
  descriptor: "s2s.MDAwMDAwMDItMDAwMC04ODg4LTgwMDAtMDAwMDAwMDAwMDAw",
};

function projectById(ctx: RequestContext, id: string): DemoProject {
  return ctx.store.demo.projects.find((project) => project.id === id) as DemoProject;
}

export function definitionRef(
  ctx: RequestContext,
  definition: DemoBuildDefinition,
  full: boolean,
): Record<string, unknown> {
  const project = projectById(ctx, definition.projectId);
  const base = `${ctx.urls.orgUrl}/${project.id}`;
  const view: Record<string, unknown> = {
    _links: {
      self: {
        href: `${base}/_apis/build/Definitions/${definition.id}?revision=${definition.revision}`,
      },
      web: { href: `${base}/_build/definition?definitionId=${definition.id}` },
    },
    quality: en("DefinitionQuality", "definition"),
    drafts: [],
    queue: {
      id: 20,
      name: "Azure Pipelines",
      pool: { id: 9, name: "Azure Pipelines", isHosted: true },
    },
    id: definition.id,
    name: definition.name,
    url: `${base}/_apis/build/Definitions/${definition.id}?revision=${definition.revision}`,
    uri: `vstfs:///Build/Definition/${definition.id}`,
    path: definition.path,
    type: en("DefinitionType", "build"),
    queueStatus: en("DefinitionQueueStatus", definition.queueStatus),
    revision: definition.revision,
    createdDate: definition.createdDate,
    project: projectRef(ctx.urls, project),
  };
  if (full) {
    const repo = ctx.store.repoById.get(definition.repositoryId) as DemoRepository;
    view.process =
      definition.kind === "yaml"
        ? { yamlFilename: "/azure-pipelines.yml", type: 2 }
        : { phases: [{ name: "Agent job 1", refName: "Job_1", steps: [] }], type: 1 };
    view.repository = {
      id: repo.id,
      type: "TfsGit",
      name: repo.name,
      url: `${ctx.urls.orgUrl}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`,
      defaultBranch: repo.defaultBranch,
      clean: null,
      checkoutSubmodules: false,
    };
  }
  return view;
}

export function buildView(ctx: RequestContext, build: DemoBuild): Record<string, unknown> {
  const project = projectById(ctx, build.projectId);
  const definition = ctx.store.definitionById.get(build.definitionId) as DemoBuildDefinition;
  const repo = ctx.store.repoById.get(build.repositoryId) as DemoRepository;
  const base = `${ctx.urls.orgUrl}/${project.id}`;
  const pr = build.pullRequestId ? ctx.store.pullRequestById.get(build.pullRequestId) : undefined;
  const triggerInfo: Record<string, string> = pr
    ? {
        "pr.number": String(pr.id),
        "pr.isFork": "False",
        "pr.sourceBranch": pr.sourceRefName,
        "pr.sourceSha": pr.lastMergeSourceCommit,
        "pr.triggerRepository": repo.id,
        "pr.triggerRepository.Type": "TfsGit",
      }
    : build.reason === "individualCI" || build.reason === "batchedCI"
      ? {
          "ci.sourceBranch": build.sourceBranch,
          "ci.sourceSha": build.sourceVersion,
          "ci.message":
            repo.commits.find((commit) => commit.commitId === build.sourceVersion)?.comment ?? "",
          "ci.triggerRepository": repo.id,
        }
      : {};
  const view: Record<string, unknown> = {
    _links: {
      self: { href: `${base}/_apis/build/Builds/${build.id}` },
      web: { href: `${base}/_build/results?buildId=${build.id}` },
      sourceVersionDisplayUri: { href: `${base}/_apis/build/builds/${build.id}/sources` },
      timeline: { href: `${base}/_apis/build/builds/${build.id}/Timeline` },
      badge: { href: `${base}/_apis/build/status/${definition.id}` },
    },
    properties: {},
    tags: [],
    validationResults: [],
    plans: [{ planId: build.planId }],
    triggerInfo,
    id: build.id,
    buildNumber: build.buildNumber,
    status: en("BuildStatus", build.status),
  };
  if (build.result) view.result = en("BuildResult", build.result);
  view.queueTime = build.queueTime;
  if (build.startTime) view.startTime = build.startTime;
  if (build.finishTime) view.finishTime = build.finishTime;
  Object.assign(view, {
    url: `${base}/_apis/build/Builds/${build.id}`,
    definition: definitionRef(ctx, definition, false),
    buildNumberRevision: 1,
    project: projectRef(ctx.urls, project),
    uri: `vstfs:///Build/Build/${build.id}`,
    sourceBranch: build.sourceBranch,
    sourceVersion: build.sourceVersion,
    queue: {
      id: 20,
      name: "Azure Pipelines",
      pool: { id: 9, name: "Azure Pipelines", isHosted: true },
    },
    priority: en("QueuePriority", "normal"),
    reason: en("BuildReason", build.reason),
    requestedFor: identity(ctx.urls, build.requestedFor),
    requestedBy: identity(
      ctx.urls,
      build.reason === "manual" ? build.requestedFor : SERVICE_IDENTITY,
    ),
    lastChangedDate: build.finishTime ?? build.startTime ?? build.queueTime,
    lastChangedBy: identity(ctx.urls, SERVICE_IDENTITY),
    orchestrationPlan: { planId: build.planId },
    logs: { id: 0, type: "Container", url: `${base}/_apis/build/builds/${build.id}/logs` },
    repository: {
      id: repo.id,
      type: "TfsGit",
      name: repo.name,
      url: `${ctx.urls.orgUrl}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`,
      clean: null,
      checkoutSubmodules: false,
    },
    retainedByRelease: false,
    triggeredByBuild: null,
    appendCommitMessageToRunName: true,
  });
  return view;
}

const ORDERS: Record<number, (a: DemoBuild, b: DemoBuild) => number> = {
  2: (a, b) =>
    (a.finishTime?.getTime() ?? Infinity) - (b.finishTime?.getTime() ?? Infinity) || a.id - b.id,
  3: (a, b) =>
    (b.finishTime?.getTime() ?? -Infinity) - (a.finishTime?.getTime() ?? -Infinity) || b.id - a.id,
  4: (a, b) => b.queueTime.getTime() - a.queueTime.getTime() || b.id - a.id,
  5: (a, b) => a.queueTime.getTime() - b.queueTime.getTime() || a.id - b.id,
  6: (a, b) =>
    (b.startTime?.getTime() ?? -Infinity) - (a.startTime?.getTime() ?? -Infinity) || b.id - a.id,
  7: (a, b) =>
    (a.startTime?.getTime() ?? Infinity) - (b.startTime?.getTime() ?? Infinity) || a.id - b.id,
};

function findBuild(ctx: RequestContext): DemoBuild {
  const build = ctx.store.buildById.get(Number(ctx.params.buildId));
  if (!build || build.projectId !== (ctx.project as DemoProject).id) {
    throw genericNotFound(`The requested build ${ctx.params.buildId} could not be found. Build`);
  }
  return build;
}

function timeOf(build: DemoBuild, order: number): number | undefined {
  if (order === 2 || order === 3) return build.finishTime?.getTime();
  if (order === 6 || order === 7) return build.startTime?.getTime();
  return build.queueTime.getTime();
}

function listBuilds(ctx: RequestContext) {
  const project = ctx.project as DemoProject;
  const definitions = new Set(ctx.query.list("definitions").map(Number));
  const buildIds = new Set(ctx.query.list("buildIds").map(Number));
  const branch = ctx.query.get("branchName")?.toLowerCase();
  const status = ctx.query.enumValue("BuildStatus", "statusFilter");
  const result = ctx.query.enumValue("BuildResult", "resultFilter");
  const reason = ctx.query.enumValue("BuildReason", "reasonFilter");
  const order = ctx.query.enumValue("BuildQueryOrder", "queryOrder") ?? 4;
  const repositoryId = ctx.query.get("repositoryId")?.toLowerCase();
  const buildNumber = ctx.query.get("buildNumber");
  const requestedFor = ctx.query.get("requestedFor")?.toLowerCase();
  const minTime = Date.parse(ctx.query.get("minTime") ?? "");
  const maxTime = Date.parse(ctx.query.get("maxTime") ?? "");
  const perDefinition = ctx.query.int("maxBuildsPerDefinition");
  const statusBit = (build: DemoBuild) => en("BuildStatus", build.status).number;
  let builds = ctx.store.demo.builds.filter(
    (build) =>
      build.projectId === project.id &&
      (definitions.size === 0 || definitions.has(build.definitionId)) &&
      (buildIds.size === 0 || buildIds.has(build.id)) &&
      (!branch || build.sourceBranch.toLowerCase() === branch) &&
      (status === undefined || (statusBit(build) & status) !== 0) &&
      (result === undefined ||
        (build.result !== undefined && (en("BuildResult", build.result).number & result) !== 0)) &&
      (reason === undefined || (en("BuildReason", build.reason).number & reason) !== 0) &&
      (!repositoryId || build.repositoryId === repositoryId) &&
      (!requestedFor ||
        build.requestedFor.id === requestedFor ||
        build.requestedFor.uniqueName.toLowerCase() === requestedFor) &&
      (!buildNumber ||
        (buildNumber.endsWith("*")
          ? build.buildNumber.startsWith(buildNumber.slice(0, -1))
          : build.buildNumber === buildNumber)),
  );
  if (!Number.isNaN(minTime) || !Number.isNaN(maxTime)) {
    builds = builds.filter((build) => {
      const time = timeOf(build, order);
      if (time === undefined) return false;
      return (
        (Number.isNaN(minTime) || time >= minTime) && (Number.isNaN(maxTime) || time <= maxTime)
      );
    });
  }
  builds.sort(ORDERS[order] ?? ORDERS[4]);
  if (perDefinition !== undefined) {
    const seen = new Map<number, number>();
    builds = builds.filter((build) => {
      const count = (seen.get(build.definitionId) ?? 0) + 1;
      seen.set(build.definitionId, count);
      return count <= perDefinition;
    });
  }
  // The service pages long build lists even without $top.
  return headerPaged(ctx, builds, { defaultTop: 1000, view: (build) => buildView(ctx, build) });
}

type RecordState = "pending" | "inProgress" | "completed";
type RecordResult = "succeeded" | "succeededWithIssues" | "failed" | "canceled" | "skipped";

function stageState(outcome: StageOutcome): { state: RecordState; result?: RecordResult } {
  switch (outcome) {
    case "succeeded":
      return { state: "completed", result: "succeeded" };
    case "partiallySucceeded":
      return { state: "completed", result: "succeededWithIssues" };
    case "failed":
      return { state: "completed", result: "failed" };
    case "canceled":
      return { state: "completed", result: "canceled" };
    case "skipped":
      return { state: "completed", result: "skipped" };
    case "running":
      return { state: "inProgress" };
    case "waiting":
    case "notStarted":
      return { state: "pending" };
  }
}

interface TimelineRecordDraft {
  id: string;
  parentId: string | null;
  type: string;
  name: string;
  identifier?: string;
  order: number;
  state: RecordState;
  result?: RecordResult;
  start?: Date;
  finish?: Date;
  task?: { id: string; name: string; version: string };
  /** 2 and up for a stage run again: its records then point at the earlier attempts. */
  attempt?: number;
}

/** The earlier attempts of a record run again, each in a timeline of its own. */
function previousAttempts(build: DemoBuild, draft: TimelineRecordDraft): object[] {
  const attempts: object[] = [];
  for (let attempt = 1; attempt < (draft.attempt ?? 1); attempt++) {
    attempts.push({
      attempt,
      timelineId: uuidFrom(`timeline:${build.planId}:${draft.id}:${attempt}`),
      recordId: uuidFrom(`attempt:${build.planId}:${draft.id}:${attempt}`),
    });
  }
  return attempts;
}

function recordView(build: DemoBuild, draft: TimelineRecordDraft): Record<string, unknown> {
  const view: Record<string, unknown> = {
    previousAttempts: previousAttempts(build, draft),
    id: draft.id,
    parentId: draft.parentId,
    type: draft.type,
    name: draft.name,
    startTime: draft.start ?? null,
    finishTime: draft.finish ?? null,
    currentOperation: null,
    percentComplete: draft.state === "completed" ? 100 : null,
    state: en("TimelineRecordState", draft.state),
    result: draft.result ? en("TaskResult", draft.result) : null,
    resultCode: null,
    changeId: draft.order + 1,
    lastModified: draft.finish ?? draft.start ?? build.queueTime,
    workerName: draft.type === "Job" && draft.start ? "Hosted Agent" : null,
    order: draft.order,
    details: null,
    errorCount: draft.result === "failed" ? 1 : 0,
    warningCount: draft.result === "succeededWithIssues" ? 1 : 0,
    url: null,
    log: null,
    task: draft.task ?? null,
    attempt: draft.attempt ?? 1,
    identifier: draft.identifier ?? null,
    issues:
      draft.result === "failed" && (draft.type === "Task" || draft.type === "Job")
        ? [
            {
              type: en("IssueType", "error"),
              category: "General",
              message: "Process completed with exit code 1.",
              data: {},
            },
          ]
        : [],
  };
  // Nulls mirror the service; drop them where the schema types would reject null.
  for (const key of Object.keys(view)) if (view[key] === null) delete view[key];
  return view;
}

function jobRecords(
  seed: number,
  build: DemoBuild,
  parentId: string | null,
  prefix: string,
  jobName: string,
  outcome: StageOutcome,
  start: Date | undefined,
  finish: Date | undefined,
): TimelineRecordDraft[] {
  const phaseId = uuidFrom(`phase:${seed}:${build.id}:${prefix}`);
  const jobId = uuidFrom(`job:${seed}:${build.id}:${prefix}`);
  const { state, result } = stageState(outcome);
  const records: TimelineRecordDraft[] = [
    {
      id: phaseId,
      parentId,
      type: "Phase",
      name: jobName,
      identifier: prefix ? `${prefix}.${jobName}` : jobName,
      order: 1,
      state,
      result,
      start,
      finish,
    },
    {
      id: jobId,
      parentId: phaseId,
      type: "Job",
      name: jobName,
      identifier: prefix ? `${prefix}.${jobName}.__default` : `${jobName}.__default`,
      order: 1,
      state,
      result,
      start,
      finish,
    },
  ];
  const tasks = ["Checkout", "Run script", "Publish artifacts"];
  tasks.forEach((name, index) => {
    const last = index === tasks.length - 1;
    records.push({
      id: uuidFrom(`task:${seed}:${build.id}:${prefix}:${index}`),
      parentId: jobId,
      type: "Task",
      name,
      order: index + 1,
      state,
      result: result === "failed" && !last ? "succeeded" : result === "failed" ? "failed" : result,
      start,
      finish,
      task: { id: uuidFrom(`taskdef:${name}`), name: name.replace(/ /g, ""), version: "1.0.0" },
    });
  });
  return records;
}

function checkpointRecords(
  ctx: RequestContext,
  stageRun: DemoStageRun,
  stageId: string,
  suite: DemoCheckSuite,
): TimelineRecordDraft[] {
  const suiteState: { state: RecordState; result?: RecordResult } =
    suite.status === "running"
      ? { state: "inProgress" }
      : suite.status === "approved"
        ? { state: "completed", result: "succeeded" }
        : suite.status === "timedOut" || suite.status === "canceled"
          ? { state: "completed", result: "canceled" }
          : { state: "completed", result: "failed" };
  const records: TimelineRecordDraft[] = [
    {
      id: suite.id,
      parentId: stageId,
      type: "Checkpoint",
      name: "Checkpoint",
      identifier: "Checkpoint",
      order: 1,
      ...suiteState,
      start: stageRun.start,
      finish: suite.completedDate,
    },
  ];
  suite.checkRuns.forEach((run, index) => {
    const config = ctx.store.demo.checkConfigurations.find(
      (item) => item.id === run.configurationId,
    );
    if (!config) return;
    const runState: { state: RecordState; result?: RecordResult } =
      run.status === "running" || run.status === "queued"
        ? { state: "inProgress" }
        : run.status === "approved"
          ? { state: "completed", result: "succeeded" }
          : run.status === "timedOut" || run.status === "canceled"
            ? { state: "completed", result: "canceled" }
            : { state: "completed", result: "failed" };
    let type: string;
    let name: string;
    if (config.typeId === CHECK_TYPES.approval.id) {
      type = "Checkpoint.Approval";
      name = "Checkpoint.Approval";
    } else if (config.typeId === CHECK_TYPES.task.id) {
      type = "Checkpoint.TaskCheck";
      name = String(config.settings.displayName ?? config.typeName);
    } else if (config.typeId === CHECK_TYPES.extends.id) {
      type = "Checkpoint.ExtendsCheck";
      name = "Checkpoint.ExtendsCheck";
    } else {
      // The record type of the Exclusive lock check is not publicly documented: not emitted.
      return;
    }
    records.push({
      id: run.id,
      parentId: suite.id,
      type,
      name,
      order: index + 1,
      ...runState,
      start: run.createdDate,
      finish: run.completedDate,
    });
  });
  return records;
}

function timelineView(ctx: RequestContext, build: DemoBuild): Record<string, unknown> {
  const seed = ctx.store.demo.seed;
  const definition = ctx.store.definitionById.get(build.definitionId) as DemoBuildDefinition;
  const drafts: TimelineRecordDraft[] = [];
  if (definition.kind === "classic" || build.stageRuns.length === 0) {
    const outcome: StageOutcome =
      build.status === "notStarted"
        ? "notStarted"
        : build.status === "inProgress"
          ? "running"
          : build.result === "partiallySucceeded"
            ? "partiallySucceeded"
            : (build.result ?? "succeeded");
    drafts.push(
      ...jobRecords(
        seed,
        build,
        null,
        "",
        "Agent job 1",
        outcome,
        build.startTime,
        build.finishTime,
      ),
    );
  } else {
    build.stageRuns.forEach((stageRun, index) => {
      const stageId = stageRecordId(seed, build.id, stageRun.stage.identifier);
      const { state, result } = stageState(stageRun.outcome);
      drafts.push({
        id: stageId,
        parentId: null,
        type: "Stage",
        name: stageRun.stage.name,
        identifier: stageRun.stage.identifier,
        order: index + 1,
        state,
        result,
        start: stageRun.start,
        finish: stageRun.finish,
        attempt: stageRun.attempt,
      });
      const suite = stageRun.checkSuiteId
        ? ctx.store.checkSuiteById.get(stageRun.checkSuiteId)
        : undefined;
      if (suite) drafts.push(...checkpointRecords(ctx, stageRun, stageId, suite));
      // A stage stopped by its checks never ran its jobs.
      const jobOutcome: StageOutcome =
        suite && suite.status !== "approved"
          ? suite.status === "running"
            ? "notStarted"
            : "skipped"
          : stageRun.outcome;
      const jobs = jobRecords(
        seed,
        build,
        stageId,
        stageRun.stage.identifier,
        stageRun.stage.jobName,
        jobOutcome,
        jobOutcome === "skipped" || jobOutcome === "notStarted" ? undefined : stageRun.start,
        jobOutcome === "skipped" || jobOutcome === "notStarted" ? undefined : stageRun.finish,
      );
      // A stage run again ran its jobs again too.
      drafts.push(...jobs.map((job) => ({ ...job, attempt: stageRun.attempt })));
    });
  }
  const project = ctx.store.demo.projects.find(
    (item) => item.id === build.projectId,
  ) as DemoProject;
  return {
    records: drafts.map((draft) => recordView(build, draft)),
    lastChangedBy: SERVICE_IDENTITY.id,
    lastChangedOn: build.finishTime ?? build.startTime ?? build.queueTime,
    id: build.planId,
    changeId: drafts.length + 1,
    url: `${ctx.urls.orgUrl}/${project.id}/_apis/build/builds/${build.id}/Timeline/${build.planId}`,
  };
}

export function changeView(
  ctx: RequestContext,
  build: DemoBuild,
  commitId: string,
): Record<string, unknown> {
  const repo = ctx.store.repoById.get(build.repositoryId) as DemoRepository;
  const project = projectById(ctx, repo.projectId);
  const commit = repo.commits.find((item) => item.commitId === commitId);
  return {
    id: commitId,
    message: commit?.comment ?? "",
    type: "TfsGit",
    author: commit ? identity(ctx.urls, commit.author) : undefined,
    timestamp: commit?.date,
    location: `${ctx.urls.orgUrl}/${project.id}/_apis/git/repositories/${repo.id}/commits/${commitId}`,
    displayUri: `${ctx.urls.orgUrl}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}/commit/${commitId}`,
    pusher: commit?.author.uniqueName,
    messageTruncated: false,
  };
}

export const buildRoutes: Route[] = [
  {
    method: "GET",
    pattern: "build/definitions",
    project: "required",
    name: "build.definitions",
    handler: (ctx) => {
      const project = ctx.project as DemoProject;
      const name = ctx.query.get("name")?.toLowerCase();
      const repositoryId = ctx.query.get("repositoryId")?.toLowerCase();
      const ids = new Set(ctx.query.list("definitionIds").map(Number));
      const path = ctx.query.get("path")?.toLowerCase();
      const full = ctx.query.bool("includeAllProperties");
      const definitions = ctx.store.demo.buildDefinitions.filter(
        (definition) =>
          definition.projectId === project.id &&
          (!name || definition.name.toLowerCase() === name) &&
          (!repositoryId || definition.repositoryId === repositoryId) &&
          (ids.size === 0 || ids.has(definition.id)) &&
          (!path || definition.path.toLowerCase() === path),
      );
      return headerPaged(ctx, definitions, {
        view: (definition) => definitionRef(ctx, definition, full),
      });
    },
  },
  {
    method: "GET",
    pattern: "build/definitions/{definitionId}",
    project: "required",
    name: "build.definition",
    handler: (ctx) => {
      const definition = ctx.store.definitionById.get(Number(ctx.params.definitionId));
      if (!definition || definition.projectId !== (ctx.project as DemoProject).id) {
        throw genericNotFound(`Build pipeline ${ctx.params.definitionId}`);
      }
      return { body: definitionRef(ctx, definition, true) };
    },
  },
  {
    method: "GET",
    pattern: "build/builds",
    project: "required",
    name: "build.builds",
    handler: listBuilds,
  },
  {
    method: "GET",
    pattern: "build/builds/{buildId}",
    project: "required",
    name: "build.build",
    handler: (ctx) => ({ body: buildView(ctx, findBuild(ctx)) }),
  },
  {
    method: "GET",
    pattern: "build/builds/{buildId}/timeline/{*timelineId}",
    project: "required",
    name: "build.timeline",
    handler: (ctx) => {
      const build = findBuild(ctx);
      const timelineId = ctx.params.timelineId;
      if (timelineId && timelineId.toLowerCase() !== build.planId) {
        throw genericNotFound(`Timeline ${timelineId}`);
      }
      return { body: timelineView(ctx, build) };
    },
  },
  {
    method: "GET",
    pattern: "build/builds/{buildId}/workitems",
    project: "required",
    name: "build.workitems",
    handler: (ctx) => {
      const build = findBuild(ctx);
      const project = ctx.project as DemoProject;
      const ids = build.workItemIds.filter(
        (id) => ctx.store.workItemById.get(id)?.projectId === project.id,
      );
      const top = ctx.query.int("$top") ?? 50;
      return list(resourceRefs(ctx.urls, ids.slice(0, top)));
    },
  },
  {
    method: "GET",
    pattern: "build/builds/{buildId}/changes",
    project: "required",
    name: "build.changes",
    handler: (ctx) => {
      const build = findBuild(ctx);
      return headerPaged(ctx, build.changes, {
        view: (commitId) => changeView(ctx, build, commitId),
      });
    },
  },
];
