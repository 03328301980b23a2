/** Classic release (served on the same host as the collection): definitions, releases, approvals. */
import { en, parseEnumParam, parseFlagsParam } from "../format";
import type {
  DemoApprovalDef,
  DemoBuild,
  DemoDeployStep,
  DemoGatesDef,
  DemoProject,
  DemoRelease,
  DemoReleaseApproval,
  DemoReleaseDefinition,
  DemoReleaseDefinitionEnvironment,
  DemoReleaseEnvironment,
  DemoReleaseGates,
  DemoRepository,
} from "../demo/model";
import { uuidFrom } from "../demo/random";
import {
  badRequest,
  genericNotFound,
  headerPaged,
  idPaged,
  type RequestContext,
  type Route,
} from "../http";
import { identity } from "../views";

function base(ctx: RequestContext, projectId: string): string {
  return `${ctx.urls.orgUrl}/${projectId}/_apis/Release`;
}

function workflowTask(task: DemoGatesDef["tasks"][number]): Record<string, unknown> {
  return {
    environment: {},
    taskId: task.taskId,
    version: task.version,
    name: task.name,
    refName: "",
    enabled: true,
    alwaysRun: false,
    continueOnError: false,
    timeoutInMinutes: 0,
    retryCountOnTaskFailure: 0,
    definitionType: "task",
    overrideInputs: {},
    condition: "succeeded()",
    inputs: task.inputs,
  };
}

function gatesStep(gates: DemoGatesDef | undefined): Record<string, unknown> {
  if (!gates) return { id: 0, gates: [] };
  return {
    id: gates.id,
    gatesOptions: {
      isEnabled: gates.isEnabled,
      timeout: gates.timeout,
      samplingInterval: gates.samplingInterval,
      stabilizationTime: gates.stabilizationTime,
      minimumSuccessDuration: gates.minimumSuccessDuration,
    },
    gates: [{ tasks: gates.tasks.map(workflowTask) }],
  };
}

function approvalsStep(
  ctx: RequestContext,
  def: DemoApprovalDef,
  hasGates: boolean,
): Record<string, unknown> {
  const approvals =
    def.approvers.length === 0
      ? [{ rank: 1, isAutomated: true, isNotificationOn: false, id: def.stepIds[0] }]
      : def.approvers.map((approver, index) => ({
          rank: index + 1,
          isAutomated: false,
          isNotificationOn: true,
          approver: identity(ctx.urls, approver),
          id: def.stepIds[index],
        }));
  return {
    approvals,
    approvalOptions: {
      requiredApproverCount: def.requiredApproverCount,
      releaseCreatorCanBeApprover: def.releaseCreatorCanBeApprover,
      autoTriggeredAndPreviousEnvironmentApprovedCanBeSkipped: false,
      enforceIdentityRevalidation: false,
      timeoutInMinutes: def.timeoutInMinutes,
      executionOrder: en(
        "ApprovalExecutionOrder",
        hasGates ? "afterSuccessfulGates" : "beforeGates",
      ),
    },
  };
}

function boardsProperties(environment: DemoReleaseDefinitionEnvironment): Record<string, unknown> {
  return {
    LinkBoardsWorkItems: { $type: "System.String", $value: "True" },
    BoardsEnvironmentType: { $type: "System.String", $value: environment.boardsEnvironmentType },
  };
}

function definitionEnvironmentView(
  ctx: RequestContext,
  definition: DemoReleaseDefinition,
  environment: DemoReleaseDefinitionEnvironment,
): Record<string, unknown> {
  const previous = definition.environments.find((item) => item.rank === environment.rank - 1);
  return {
    id: environment.id,
    name: environment.name,
    rank: environment.rank,
    owner: identity(ctx.urls, definition.createdBy),
    variables: {},
    variableGroups: [],
    preDeployApprovals: approvalsStep(ctx, environment.pre, environment.preGates !== undefined),
    deployStep: { id: environment.deployStepId },
    postDeployApprovals: approvalsStep(ctx, environment.post, environment.postGates !== undefined),
    deployPhases: [
      {
        deploymentInput: {
          parallelExecution: { parallelExecutionType: "none" },
          queueId: 20,
          demands: [],
        },
        rank: 1,
        phaseType: en("DeployPhaseTypes", "agentBasedDeployment"),
        name: "Agent job",
        refName: null,
        workflowTasks: [],
      },
    ],
    environmentOptions: {
      emailNotificationType: "OnlyOnFailure",
      emailRecipients: "release.environment.owner;release.creator",
      skipArtifactsDownload: false,
      timeoutInMinutes: 0,
      enableAccessToken: false,
      publishDeploymentStatus: true,
      badgeEnabled: false,
      autoLinkWorkItems: true,
      pullRequestDeploymentEnabled: false,
    },
    demands: [],
    conditions: previous
      ? [
          {
            name: previous.name,
            conditionType: en("ConditionType", "environmentState"),
            value: "4",
          },
        ]
      : [{ name: "ReleaseStarted", conditionType: en("ConditionType", "event"), value: "" }],
    executionPolicy: { concurrencyCount: 1, queueDepthCount: 0 },
    schedules: [],
    retentionPolicy: { daysToKeep: 30, releasesToKeep: 3, retainBuild: true },
    processParameters: {},
    properties: boardsProperties(environment),
    preDeploymentGates: gatesStep(environment.preGates),
    postDeploymentGates: gatesStep(environment.postGates),
    environmentTriggers: [],
  };
}

function artifactSource(
  ctx: RequestContext,
  definition: DemoReleaseDefinition,
): Record<string, unknown> {
  const buildDefinition = ctx.store.definitionById.get(definition.artifact.buildDefinitionId);
  const project = ctx.store.demo.projects.find(
    (item) => item.id === definition.projectId,
  ) as DemoProject;
  return {
    sourceId: `${project.id}:${definition.artifact.buildDefinitionId}`,
    type: "Build",
    alias: definition.artifact.alias,
    definitionReference: {
      definition: {
        id: String(definition.artifact.buildDefinitionId),
        name: buildDefinition?.name ?? "",
      },
      project: { id: project.id, name: project.name },
      defaultVersionType: { id: "latestType", name: "Latest" },
    },
    isPrimary: true,
    isRetained: false,
  };
}

function expandFlags(ctx: RequestContext): number {
  const raw = ctx.query.get("$expand");
  if (!raw) return 0;
  const flags = parseFlagsParam("ReleaseExpands", raw);
  if (flags === undefined) throw badRequest(`The value '${raw}' is not valid for $expand.`);
  return flags;
}

/** `$expand` as names (`environments,artifacts`) or the flags integer the clients send (`6`). */
function definitionExpands(ctx: RequestContext): { environments: boolean; artifacts: boolean } {
  const raw = ctx.query.get("$expand");
  const flags = raw ? parseFlagsParam("ReleaseDefinitionExpands", raw) : 0;
  if (flags === undefined) throw badRequest(`The value '${raw}' is not valid for $expand.`);
  return { environments: (flags & 2) !== 0, artifacts: (flags & 4) !== 0 };
}

function definitionView(
  ctx: RequestContext,
  definition: DemoReleaseDefinition,
  expand: { environments: boolean; artifacts: boolean },
): Record<string, unknown> {
  const url = `${base(ctx, definition.projectId)}/definitions/${definition.id}`;
  const view: Record<string, unknown> = {
    source: en("ReleaseDefinitionSource", "userInterface"),
    revision: definition.revision,
    description: null,
    createdBy: identity(ctx.urls, definition.createdBy),
    createdOn: definition.createdOn,
    modifiedBy: identity(ctx.urls, definition.createdBy),
    modifiedOn: definition.modifiedOn,
    isDeleted: false,
    variables: {},
    variableGroups: [],
  };
  if (expand.environments) {
    view.environments = definition.environments.map((environment) =>
      definitionEnvironmentView(ctx, definition, environment),
    );
  }
  if (expand.artifacts) view.artifacts = [artifactSource(ctx, definition)];
  Object.assign(view, {
    triggers: [
      {
        artifactAlias: definition.artifact.alias,
        triggerConditions: [],
        triggerType: en("ReleaseTriggerType", "artifactSource"),
      },
    ],
    releaseNameFormat: "Release-$(rev:r)",
    tags: [],
    properties: { IntegrateBoardsWorkItems: { $type: "System.String", $value: "True" } },
    id: definition.id,
    name: definition.name,
    path: definition.path,
    url,
    _links: {
      self: { href: url },
      web: {
        href: `${ctx.urls.orgUrl}/${definition.projectId}/_release?definitionId=${definition.id}`,
      },
    },
  });
  if (view.description === null) delete view.description;
  return view;
}

function releaseRef(ctx: RequestContext, release: DemoRelease): Record<string, unknown> {
  const url = `${base(ctx, release.projectId)}/releases/${release.id}`;
  return {
    id: release.id,
    name: release.name,
    url,
    _links: {
      web: { href: `${ctx.urls.orgUrl}/${release.projectId}/_release?releaseId=${release.id}` },
    },
  };
}

function definitionRef(
  ctx: RequestContext,
  definition: DemoReleaseDefinition,
): Record<string, unknown> {
  const url = `${base(ctx, definition.projectId)}/definitions/${definition.id}`;
  return { id: definition.id, name: definition.name, path: definition.path, url, _links: {} };
}

function approvalView(
  ctx: RequestContext,
  release: DemoRelease,
  environment: DemoReleaseEnvironment,
  approval: DemoReleaseApproval,
): Record<string, unknown> {
  const definition = ctx.store.releaseDefinitionById.get(
    release.definitionId,
  ) as DemoReleaseDefinition;
  const view: Record<string, unknown> = {
    id: approval.id,
    revision: 1,
  };
  if (approval.approver) view.approver = identity(ctx.urls, approval.approver);
  if (approval.approvedBy) view.approvedBy = identity(ctx.urls, approval.approvedBy);
  Object.assign(view, {
    approvalType: en("ApprovalType", approval.approvalType),
    createdOn: approval.createdOn,
    modifiedOn: approval.modifiedOn,
    status: en("ReleaseApprovalStatus", approval.status),
    comments: approval.comments,
    isAutomated: approval.isAutomated,
    isNotificationOn: !approval.isAutomated,
    trialNumber: 1,
    attempt: approval.attempt ?? 1,
    rank: approval.rank,
    release: releaseRef(ctx, release),
    releaseDefinition: definitionRef(ctx, definition),
    releaseEnvironment: {
      id: environment.id,
      name: environment.name,
      url: `${base(ctx, release.projectId)}/releases/${release.id}/environments/${environment.id}`,
      _links: {},
    },
    url: `${base(ctx, release.projectId)}/approvals/${approval.id}`,
    history: [],
  });
  return view;
}

/**
 * A gate step. Its sampling evaluations (deploymentJobs) come only with Get Release, the newest
 * `$topGateRecords` of them (default 5, as the spec says); a release list carries none
 * (`topGateRecords` 0): no recorded or documented list answer shows gate jobs.
 */
function gatesView(
  gates: DemoReleaseGates | undefined,
  topGateRecords: number,
): Record<string, unknown> {
  if (!gates) return { id: 0, status: en("GateStatus", "none") };
  const samples = topGateRecords > 0 ? gates.samples.slice(-topGateRecords) : [];
  const view: Record<string, unknown> = {
    id: gates.id,
    status: en("GateStatus", gates.status),
    runPlanId: uuidFrom(`gate-plan:${gates.id}`),
    startedOn: gates.startedOn,
    lastModifiedOn: gates.lastModifiedOn,
    ignoredGates: [],
    deploymentJobs: samples.map((sample, index) => ({
      job: {
        id: sample.jobId,
        timelineRecordId: uuidFrom(`gate-job:${gates.id}:${sample.jobId}`),
        name: `Gates evaluation ${index + 1}`,
        rank: index + 1,
        status: en("ReleaseTaskStatus", sample.status),
        startTime: sample.start,
        ...(sample.finish ? { finishTime: sample.finish } : {}),
        issues: [],
      },
      tasks: sample.results.map((result, rank) => ({
        id: rank + 2,
        timelineRecordId: uuidFrom(`gate-task:${gates.id}:${sample.jobId}:${rank}`),
        name: result.name,
        startTime: sample.start,
        ...(sample.finish ? { finishTime: sample.finish } : {}),
        status: en("ReleaseTaskStatus", result.status),
        rank: rank + 1,
        issues: result.message ? [{ issueType: "Error", message: result.message, data: {} }] : [],
        task: { id: result.taskId, name: result.name.replace(/[^A-Za-z]/g, ""), version: "1.0.0" },
      })),
    })),
  };
  if (gates.stabilizationCompletedOn)
    view.stabilizationCompletedOn = gates.stabilizationCompletedOn;
  if (gates.succeedingSince) view.succeedingSince = gates.succeedingSince;
  return view;
}

function deployStepView(
  ctx: RequestContext,
  step: DemoDeployStep,
  topGateRecords: number,
): Record<string, unknown> {
  // A deployment that ran (succeeded or not) has its phase; one stopped before it has none.
  const ran =
    step.status === "succeeded" || step.status === "partiallySucceeded" || step.status === "failed";
  return {
    id: step.id,
    deploymentId: step.id,
    attempt: step.attempt,
    reason: en("DeploymentReason", step.reason),
    status: en("DeploymentStatus", step.status),
    operationStatus: en("DeploymentOperationStatus", step.operationStatus),
    releaseDeployPhases: ran
      ? [
          {
            id: step.id * 10,
            phaseId: "1",
            name: "Agent job",
            rank: 1,
            phaseType: en("DeployPhaseTypes", "agentBasedDeployment"),
            status: en(
              "DeployPhaseStatus",
              step.status === "failed"
                ? "failed"
                : step.status === "partiallySucceeded"
                  ? "partiallySucceeded"
                  : "succeeded",
            ),
            runPlanId: uuidFrom(`release-plan:${step.id}`),
            deploymentJobs: [],
            manualInterventions: [],
            startedOn: step.queuedOn,
          },
        ]
      : [],
    requestedBy: identity(ctx.urls, step.requestedFor),
    requestedFor: identity(ctx.urls, step.requestedFor),
    queuedOn: step.queuedOn,
    lastModifiedBy: identity(ctx.urls, step.requestedFor),
    lastModifiedOn: step.lastModifiedOn,
    hasStarted: true,
    tasks: [],
    issues: [],
    preDeploymentGates: gatesView(step.preGates, topGateRecords),
    postDeploymentGates: gatesView(step.postGates, topGateRecords),
  };
}

function environmentView(
  ctx: RequestContext,
  release: DemoRelease,
  environment: DemoReleaseEnvironment,
  topGateRecords: number,
): Record<string, unknown> {
  const definition = ctx.store.releaseDefinitionById.get(
    release.definitionId,
  ) as DemoReleaseDefinition;
  const definitionEnvironment = definition.environments.find(
    (item) => item.id === environment.definitionEnvironmentId,
  ) as DemoReleaseDefinitionEnvironment;
  return {
    id: environment.id,
    releaseId: release.id,
    name: environment.name,
    status: en("EnvironmentStatus", environment.status),
    variables: {},
    variableGroups: [],
    preDeployApprovals: environment.preApprovals.map((approval) =>
      approvalView(ctx, release, environment, approval),
    ),
    postDeployApprovals: environment.postApprovals.map((approval) =>
      approvalView(ctx, release, environment, approval),
    ),
    preApprovalsSnapshot: approvalsStep(
      ctx,
      definitionEnvironment.pre,
      definitionEnvironment.preGates !== undefined,
    ),
    postApprovalsSnapshot: approvalsStep(
      ctx,
      definitionEnvironment.post,
      definitionEnvironment.postGates !== undefined,
    ),
    deploySteps: environment.deploySteps.map((step) => deployStepView(ctx, step, topGateRecords)),
    rank: environment.rank,
    definitionEnvironmentId: environment.definitionEnvironmentId,
    environmentOptions: {
      publishDeploymentStatus: true,
      autoLinkWorkItems: true,
      timeoutInMinutes: 0,
    },
    demands: [],
    conditions: [],
    createdOn: environment.createdOn,
    modifiedOn: environment.modifiedOn,
    workflowTasks: [],
    deployPhasesSnapshot: [],
    owner: identity(ctx.urls, definition.createdBy),
    schedules: [],
    release: releaseRef(ctx, release),
    releaseDefinition: definitionRef(ctx, definition),
    releaseCreatedBy: identity(ctx.urls, release.createdBy),
    triggerReason:
      environment.rank === 1
        ? "After release"
        : "After successful deployment of the previous stage",
    preDeploymentGatesSnapshot: gatesStep(definitionEnvironment.preGates),
    postDeploymentGatesSnapshot: gatesStep(definitionEnvironment.postGates),
    properties: boardsProperties(definitionEnvironment),
  };
}

function artifactView(ctx: RequestContext, release: DemoRelease): Record<string, unknown> {
  const definition = ctx.store.releaseDefinitionById.get(
    release.definitionId,
  ) as DemoReleaseDefinition;
  const build = ctx.store.buildById.get(release.buildId) as DemoBuild;
  const buildDefinition = ctx.store.definitionById.get(build.definitionId);
  const project = ctx.store.demo.projects.find(
    (item) => item.id === release.projectId,
  ) as DemoProject;
  const repo = ctx.store.repoById.get(build.repositoryId) as DemoRepository;
  const permalink = `${ctx.urls.orgUrl}/_permalink/_build/index?collectionId=${uuidFrom("collection")}&projectId=${project.id}`;
  return {
    sourceId: `${project.id}:${build.definitionId}`,
    type: "Build",
    alias: definition.artifact.alias,
    definitionReference: {
      artifactSourceDefinitionUrl: {
        id: `${permalink}&definitionId=${build.definitionId}`,
        name: "",
      },
      branch: { id: build.sourceBranch, name: build.sourceBranch },
      buildUri: { id: `vstfs:///Build/Build/${build.id}`, name: "" },
      definition: { id: String(build.definitionId), name: buildDefinition?.name ?? "" },
      project: { id: project.id, name: project.name },
      repository: { id: repo.id, name: repo.name },
      repository_provider: { id: "TfsGit", name: "" },
      requestedFor: { id: build.requestedFor.id, name: build.requestedFor.displayName },
      sourceVersion: { id: build.sourceVersion, name: "" },
      version: { id: String(build.id), name: build.buildNumber },
      artifactSourceVersionUrl: { id: `${permalink}&buildId=${build.id}`, name: "" },
    },
    isPrimary: true,
    isRetained: false,
  };
}

function releaseView(
  ctx: RequestContext,
  release: DemoRelease,
  expand: { environments: boolean; artifacts: boolean; topGateRecords: number },
): Record<string, unknown> {
  const definition = ctx.store.releaseDefinitionById.get(
    release.definitionId,
  ) as DemoReleaseDefinition;
  const project = ctx.store.demo.projects.find(
    (item) => item.id === release.projectId,
  ) as DemoProject;
  const url = `${base(ctx, release.projectId)}/releases/${release.id}`;
  const view: Record<string, unknown> = {
    id: release.id,
    name: release.name,
    status: en("ReleaseStatus", release.status),
    createdOn: release.createdOn,
    modifiedOn: release.modifiedOn,
    modifiedBy: identity(ctx.urls, release.createdBy),
    createdBy: identity(ctx.urls, release.createdBy),
    createdFor: identity(ctx.urls, release.createdBy),
  };
  if (expand.environments) {
    view.environments = release.environments.map((environment) =>
      environmentView(ctx, release, environment, expand.topGateRecords),
    );
  }
  view.variables = {};
  view.variableGroups = [];
  if (expand.artifacts) view.artifacts = [artifactView(ctx, release)];
  Object.assign(view, {
    releaseDefinition: definitionRef(ctx, definition),
    releaseDefinitionRevision: definition.revision,
    description: "",
    reason: en("ReleaseReason", release.reason),
    releaseNameFormat: "Release-$(rev:r)",
    keepForever: false,
    definitionSnapshotRevision: 1,
    logsContainerUrl: `${url}/logs`,
    url,
    _links: {
      self: { href: url },
      web: { href: `${ctx.urls.orgUrl}/${project.id}/_release?releaseId=${release.id}` },
    },
    tags: [],
    triggeringArtifactAlias: definition.artifact.alias,
    projectReference: { id: project.id, name: project.name },
    properties: {},
  });
  return view;
}

/** Get Release's `$topGateRecords` when the request names none (release.json 7.1). */
const DEFAULT_TOP_GATE_RECORDS = 5;

function releasesOf(ctx: RequestContext): DemoRelease[] {
  const project = ctx.project as DemoProject;
  return ctx.store.demo.releases.filter((release) => release.projectId === project.id);
}

export const releaseRoutes: Route[] = [
  {
    method: "GET",
    pattern: "release/definitions",
    project: "required",
    name: "release.definitions",
    handler: (ctx) => {
      const project = ctx.project as DemoProject;
      const expands = definitionExpands(ctx);
      const search = ctx.query.get("searchText")?.toLowerCase();
      const exact = ctx.query.bool("isExactNameMatch");
      const ids = new Set(ctx.query.list("definitionIdFilter").map(Number));
      const artifactSourceId = ctx.query.get("artifactSourceId")?.toLowerCase();
      const definitions = ctx.store.demo.releaseDefinitions.filter(
        (definition) =>
          definition.projectId === project.id &&
          (!search ||
            (exact
              ? definition.name.toLowerCase() === search
              : definition.name.toLowerCase().includes(search))) &&
          (ids.size === 0 || ids.has(definition.id)) &&
          (!artifactSourceId ||
            `${definition.projectId}:${definition.artifact.buildDefinitionId}` ===
              artifactSourceId),
      );
      return headerPaged(ctx, definitions, {
        view: (definition) => definitionView(ctx, definition, expands),
      });
    },
  },
  {
    method: "GET",
    pattern: "release/definitions/{definitionId}",
    project: "required",
    name: "release.definition",
    handler: (ctx) => {
      const definition = ctx.store.releaseDefinitionById.get(Number(ctx.params.definitionId));
      if (!definition || definition.projectId !== (ctx.project as DemoProject).id) {
        throw genericNotFound(
          `VS402881: No release pipeline found with id ${ctx.params.definitionId}. Release pipeline`,
        );
      }
      return { body: definitionView(ctx, definition, { environments: true, artifacts: true }) };
    },
  },
  {
    method: "GET",
    pattern: "release/releases",
    project: "required",
    name: "release.releases",
    handler: (ctx) => {
      const flags = expandFlags(ctx);
      const definitionId = ctx.query.int("definitionId");
      const definitionEnvironmentId = ctx.query.int("definitionEnvironmentId");
      const artifactTypeId = ctx.query.get("artifactTypeId")?.toLowerCase();
      const sourceId = ctx.query.get("sourceId")?.toLowerCase();
      const artifactVersionId = ctx.query.get("artifactVersionId");
      const statusRaw = ctx.query.get("statusFilter");
      const status = statusRaw ? parseEnumParam("ReleaseStatus", statusRaw) : undefined;
      if (statusRaw && status === undefined)
        throw badRequest(`The value '${statusRaw}' is not valid for statusFilter.`);
      const ascending =
        (ctx.query.get("queryOrder") ?? "").toLowerCase() === "ascending" ||
        ctx.query.get("queryOrder") === "1";
      const releaseIds = new Set(ctx.query.list("releaseIdFilter").map(Number));
      const search = ctx.query.get("searchText")?.toLowerCase();
      const environmentStatusRaw = ctx.query.get("environmentStatusFilter");
      const environmentStatus = environmentStatusRaw
        ? parseFlagsParam("EnvironmentStatus", environmentStatusRaw)
        : undefined;
      if (environmentStatusRaw && environmentStatus === undefined)
        throw badRequest(
          `The value '${environmentStatusRaw}' is not valid for environmentStatusFilter.`,
        );
      const releases = releasesOf(ctx)
        .filter((release) => {
          if (definitionId !== undefined && release.definitionId !== definitionId) return false;
          if (
            definitionEnvironmentId !== undefined &&
            !release.environments.some(
              (environment) => environment.definitionEnvironmentId === definitionEnvironmentId,
            )
          ) {
            return false;
          }
          if (
            status !== undefined &&
            status !== 0 &&
            en("ReleaseStatus", release.status).number !== status
          )
            return false;
          if (releaseIds.size > 0 && !releaseIds.has(release.id)) return false;
          if (search && !release.name.toLowerCase().includes(search)) return false;
          // Flags: a release matches when one of its environments has one of the statuses.
          if (
            environmentStatus &&
            !release.environments.some(
              (environment) =>
                (en("EnvironmentStatus", environment.status).number & environmentStatus) !== 0,
            )
          )
            return false;
          if (artifactTypeId && artifactTypeId !== "build") return false;
          const build = ctx.store.buildById.get(release.buildId) as DemoBuild;
          if (sourceId && `${release.projectId}:${build.definitionId}` !== sourceId) return false;
          if (artifactVersionId && String(build.id) !== artifactVersionId) return false;
          return true;
        })
        .sort((a, b) => (ascending ? a.id - b.id : b.id - a.id));
      return idPaged(ctx, releases, (release) => release.id, {
        top: ctx.query.int("$top") ?? 50,
        descending: !ascending,
        view: (release) =>
          releaseView(ctx, release, {
            environments: (flags & 2) !== 0,
            artifacts: (flags & 4) !== 0,
            topGateRecords: 0,
          }),
      });
    },
  },
  {
    method: "GET",
    pattern: "release/releases/{releaseId}",
    project: "required",
    name: "release.release",
    handler: (ctx) => {
      const release = ctx.store.releaseById.get(Number(ctx.params.releaseId));
      if (!release || release.projectId !== (ctx.project as DemoProject).id) {
        throw genericNotFound(`VS402877: Release with id ${ctx.params.releaseId}`);
      }
      return {
        body: releaseView(ctx, release, {
          environments: true,
          artifacts: true,
          topGateRecords: ctx.query.int("$topGateRecords") ?? DEFAULT_TOP_GATE_RECORDS,
        }),
      };
    },
  },
  {
    method: "GET",
    pattern: "release/approvals",
    project: "required",
    name: "release.approvals",
    handler: (ctx) => {
      const statusRaw = ctx.query.get("statusFilter") ?? "pending";
      const status =
        statusRaw.toLowerCase() === "all" ? -1 : parseEnumParam("ReleaseApprovalStatus", statusRaw);
      if (status === undefined)
        throw badRequest(`The value '${statusRaw}' is not valid for statusFilter.`);
      const typeRaw = ctx.query.get("typeFilter");
      const type = typeRaw ? parseEnumParam("ApprovalType", typeRaw) : undefined;
      const releaseIds = new Set(ctx.query.list("releaseIdsFilter").map(Number));
      const assignedTo = ctx.query.get("assignedToFilter")?.toLowerCase();
      const ascending =
        (ctx.query.get("queryOrder") ?? "").toLowerCase() === "ascending" ||
        ctx.query.get("queryOrder") === "1";
      const rows: {
        release: DemoRelease;
        environment: DemoReleaseEnvironment;
        approval: DemoReleaseApproval;
      }[] = [];
      for (const release of releasesOf(ctx)) {
        if (releaseIds.size > 0 && !releaseIds.has(release.id)) continue;
        for (const environment of release.environments) {
          for (const approval of [...environment.preApprovals, ...environment.postApprovals]) {
            if (approval.isAutomated) continue;
            if (
              status !== -1 &&
              status !== 0 &&
              en("ReleaseApprovalStatus", approval.status).number !== status
            )
              continue;
            if (
              type !== undefined &&
              type !== 3 &&
              en("ApprovalType", approval.approvalType).number !== type
            )
              continue;
            if (
              assignedTo &&
              approval.approver?.id !== assignedTo &&
              approval.approver?.uniqueName.toLowerCase() !== assignedTo
            ) {
              continue;
            }
            rows.push({ release, environment, approval });
          }
        }
      }
      rows.sort((a, b) =>
        ascending ? a.approval.id - b.approval.id : b.approval.id - a.approval.id,
      );
      return idPaged(ctx, rows, (row) => row.approval.id, {
        top: ctx.query.int("top", "$top") ?? 50,
        descending: !ascending,
        view: (row) => approvalView(ctx, row.release, row.environment, row.approval),
      });
    },
  },
];
