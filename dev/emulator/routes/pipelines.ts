/** distributedtask environments + deployment records; pipelines checks and approvals. */
import { en } from "../format";
import type {
  DemoApproval,
  DemoCheckConfiguration,
  DemoCheckSuite,
  DemoDeploymentRecord,
  DemoEnvironment,
  DemoProject,
} from "../demo/model";
import {
  badRequest,
  genericNotFound,
  headerPaged,
  list,
  type RequestContext,
  type Route,
} from "../http";
import { identity } from "../views";

function environmentView(
  ctx: RequestContext,
  environment: DemoEnvironment,
  withResources: boolean,
): Record<string, unknown> {
  const project = ctx.project as DemoProject;
  const view: Record<string, unknown> = {
    id: environment.id,
    name: environment.name,
    description: environment.description,
    createdBy: identity(ctx.urls, environment.createdBy),
    createdOn: environment.createdOn,
    lastModifiedBy: identity(ctx.urls, environment.createdBy),
    lastModifiedOn: environment.lastModifiedOn,
    project: { id: project.id, name: project.name },
  };
  if (withResources) {
    view.resources = environment.resources.map((resource) => ({
      id: resource.id,
      name: resource.name,
      type: en("EnvironmentResourceType", resource.type),
      tags: [],
    }));
  }
  return view;
}

function recordView(ctx: RequestContext, record: DemoDeploymentRecord): Record<string, unknown> {
  const base = `${ctx.urls.orgUrl}/${record.projectId}`;
  const view: Record<string, unknown> = {
    id: record.id,
    requestIdentifier: record.requestIdentifier,
    environmentId: record.environmentId,
    serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
    scopeId: record.projectId,
    resourceId: 0,
    planType: "Build",
    planId: record.planId,
    stageName: record.stageName,
    jobName: record.jobName,
    stageAttempt: record.stageAttempt ?? 1,
    jobAttempt: 1,
    definition: {
      id: record.definition.id,
      name: record.definition.name,
      _links: {
        web: { href: `${base}/_build/definition?definitionId=${record.definition.id}` },
        self: { href: `${base}/_apis/build/Definitions/${record.definition.id}` },
      },
    },
    owner: {
      id: record.owner.id,
      name: record.owner.name,
      _links: {
        web: { href: `${base}/_build/results?buildId=${record.owner.id}` },
        self: { href: `${base}/_apis/build/Builds/${record.owner.id}` },
      },
    },
    queueTime: record.queueTime,
  };
  if (record.startTime) view.startTime = record.startTime;
  if (record.finishTime) view.finishTime = record.finishTime;
  if (record.result) view.result = en("TaskResult", record.result);
  return view;
}

function findEnvironment(ctx: RequestContext): DemoEnvironment {
  const environment = ctx.store.environmentById.get(Number(ctx.params.environmentId));
  if (!environment || environment.projectId !== (ctx.project as DemoProject).id) {
    throw genericNotFound(`Environment ${ctx.params.environmentId}`);
  }
  ctx.assertEnvironmentReadable(environment.id, environment.name);
  return environment;
}

/** 403 when a check configuration guards an environment the forbidden-environments fault lists. */
function assertConfigurationsReadable(
  ctx: RequestContext,
  configs: readonly DemoCheckConfiguration[],
): void {
  for (const config of configs) {
    if (config.resource.type.toLowerCase() !== "environment") continue;
    const environment = ctx.store.environmentById.get(Number(config.resource.id));
    if (environment) ctx.assertEnvironmentReadable(environment.id, environment.name);
  }
}

/** The check configurations a suite evaluated (its environment, for approvals and checks). */
function configurationsOfSuite(
  ctx: RequestContext,
  suite: DemoCheckSuite | undefined,
): DemoCheckConfiguration[] {
  if (!suite) return [];
  const ids = new Set(suite.checkRuns.map((run) => run.configurationId));
  return ctx.store.demo.checkConfigurations.filter((config) => ids.has(config.id));
}

function checkView(
  ctx: RequestContext,
  config: DemoCheckConfiguration,
  withSettings: boolean,
): Record<string, unknown> {
  const url = `${ctx.urls.orgUrl}/${config.projectId}/_apis/pipelines/checks/configurations/${config.id}`;
  const view: Record<string, unknown> = {};
  if (withSettings) view.settings = config.settings;
  Object.assign(view, {
    createdBy: identity(ctx.urls, config.createdBy),
    createdOn: config.createdOn,
    modifiedBy: identity(ctx.urls, config.createdBy),
    modifiedOn: config.modifiedOn,
    timeout: config.timeout,
    isDisabled: config.isDisabled,
    _links: { self: { href: url } },
    id: config.id,
    version: 1,
    type: { id: config.typeId, name: config.typeName },
    url,
    resource: config.resource,
  });
  return view;
}

function expands(ctx: RequestContext, name: string): boolean {
  return (ctx.query.get("$expand") ?? "")
    .split(",")
    .some((part) => part.trim().toLowerCase() === name.toLowerCase());
}

function checksOf(ctx: RequestContext): DemoCheckConfiguration[] {
  const project = ctx.project as DemoProject;
  return ctx.store.demo.checkConfigurations.filter((config) => config.projectId === project.id);
}

function suiteView(ctx: RequestContext, suite: DemoCheckSuite): Record<string, unknown> {
  const base = `${ctx.urls.orgUrl}/${suite.projectId}`;
  const build = ctx.store.buildById.get(suite.buildId);
  const configs = new Map(ctx.store.demo.checkConfigurations.map((config) => [config.id, config]));
  const view: Record<string, unknown> = {
    status: suite.status,
    message: suite.message,
    checkRuns: suite.checkRuns.map((run) => {
      const config = configs.get(run.configurationId) as DemoCheckConfiguration;
      const item: Record<string, unknown> = {
        id: run.id,
        createdDate: run.createdDate,
        status: run.status,
        resultMessage: run.resultMessage,
        checkConfigurationRef: {
          id: config.id,
          version: 1,
          type: { id: config.typeId, name: config.typeName },
          url: `${base}/_apis/pipelines/checks/configurations/${config.id}`,
          resource: config.resource,
        },
      };
      if (run.completedDate) item.completedDate = run.completedDate;
      return item;
    }),
    _links: { self: { href: `${base}/_apis/pipelines/checks/runs` } },
    id: suite.id,
    context: {
      Id: suite.id,
      PlanId: build?.planId,
      HubName: "Build",
      Project: { Id: suite.projectId },
      Pipeline: { Id: String(build?.definitionId), Owner: { Id: suite.buildId } },
      Branch: build?.sourceBranch,
      GraphNode: { Id: suite.stageRecordId, Name: suite.stageIdentifier, Attempt: 1 },
    },
  };
  if (suite.completedDate) view.completedDate = suite.completedDate;
  if (expands(ctx, "resources")) {
    const seen = new Map<string, unknown>();
    for (const run of suite.checkRuns) {
      const config = configs.get(run.configurationId) as DemoCheckConfiguration;
      seen.set(`${config.resource.type}:${config.resource.id}`, config.resource);
    }
    view.resources = [...seen.values()];
  }
  return view;
}

function approvalView(
  ctx: RequestContext,
  approval: DemoApproval,
  withSteps: boolean,
): Record<string, unknown> {
  const base = `${ctx.urls.orgUrl}/${approval.projectId}`;
  const build = ctx.store.buildById.get(approval.buildId);
  const definition = ctx.store.definitionById.get(approval.definitionId);
  const view: Record<string, unknown> = { id: approval.id };
  if (withSteps) {
    view.steps = approval.steps.map((step) => {
      const item: Record<string, unknown> = {
        assignedApprover: identity(ctx.urls, step.assignedApprover),
        status: step.status,
        comment: step.comment ?? null,
        order: step.order,
        history: [],
      };
      if (step.actualApprover) {
        item.actualApprover = identity(ctx.urls, step.actualApprover);
        item.lastModifiedBy = identity(ctx.urls, step.actualApprover);
      }
      if (step.initiatedOn) item.initiatedOn = step.initiatedOn;
      if (step.lastModifiedOn) item.lastModifiedOn = step.lastModifiedOn;
      if (item.comment === null) delete item.comment;
      return item;
    });
  }
  Object.assign(view, {
    status: approval.status,
    createdOn: approval.createdOn,
    lastModifiedOn: approval.lastModifiedOn,
    executionOrder: approval.executionOrder,
    minRequiredApprovers: approval.minRequiredApprovers,
    blockedApprovers: [],
    instructions: approval.instructions,
    _links: { self: { href: `${base}/_apis/pipelines/approvals/${approval.id}` } },
    pipeline: {
      owner: {
        _links: {
          web: { href: `${base}/_build/results?buildId=${approval.buildId}` },
          self: { href: `${base}/_apis/build/Builds/${approval.buildId}` },
        },
        id: approval.buildId,
        name: build?.buildNumber,
      },
      id: String(approval.definitionId),
      name: definition?.name,
    },
  });
  return view;
}

const APPROVAL_STATES = [
  "undefined",
  "uninitiated",
  "pending",
  "approved",
  "rejected",
  "skipped",
  "canceled",
  "timedout",
  "failed",
  "completed",
  "all",
];

export const pipelineRoutes: Route[] = [
  {
    method: "GET",
    pattern: "distributedtask/environments",
    project: "required",
    name: "distributedtask.environments",
    handler: (ctx) => {
      const project = ctx.project as DemoProject;
      const name = ctx.query.get("name")?.toLowerCase();
      const environments = ctx.store.demo.environments.filter(
        (environment) =>
          environment.projectId === project.id &&
          (!name ||
            (name.endsWith("*")
              ? environment.name.toLowerCase().startsWith(name.slice(0, -1))
              : environment.name.toLowerCase() === name)),
      );
      return headerPaged(ctx, environments, {
        view: (environment) => environmentView(ctx, environment, false),
      });
    },
  },
  {
    method: "GET",
    pattern: "distributedtask/environments/{environmentId}",
    project: "required",
    name: "distributedtask.environment",
    handler: (ctx) => {
      const environment = findEnvironment(ctx);
      const withResources = (ctx.query.get("expands") ?? "")
        .toLowerCase()
        .includes("resourcereferences");
      return { body: environmentView(ctx, environment, withResources) };
    },
  },
  {
    method: "GET",
    pattern: "distributedtask/environments/{environmentId}/environmentdeploymentrecords",
    project: "required",
    name: "distributedtask.deploymentrecords",
    handler: (ctx) => {
      const environment = findEnvironment(ctx);
      const records = [...(ctx.store.recordsByEnvironment.get(environment.id) ?? [])].sort(
        (a, b) => b.id - a.id,
      );
      return headerPaged(ctx, records, {
        topParam: ["top"],
        view: (record) => recordView(ctx, record),
      });
    },
  },
  {
    method: "GET",
    pattern: "pipelines/checks/configurations",
    project: "required",
    name: "pipelines.checks.configurations",
    handler: (ctx) => {
      const type = ctx.query.get("resourceType")?.toLowerCase();
      const id = ctx.query.get("resourceId")?.toLowerCase();
      const configs = checksOf(ctx).filter(
        (config) =>
          (!type || config.resource.type.toLowerCase() === type) &&
          (!id || config.resource.id.toLowerCase() === id),
      );
      assertConfigurationsReadable(ctx, configs);
      return list(configs.map((config) => checkView(ctx, config, expands(ctx, "settings"))));
    },
  },
  {
    method: "GET",
    pattern: "pipelines/checks/configurations/{id}",
    project: "required",
    name: "pipelines.checks.configuration",
    handler: (ctx) => {
      const config = checksOf(ctx).find((item) => item.id === Number(ctx.params.id));
      if (!config) throw genericNotFound(`Check configuration ${ctx.params.id}`);
      assertConfigurationsReadable(ctx, [config]);
      return { body: checkView(ctx, config, true) };
    },
  },
  {
    method: "POST",
    pattern: "pipelines/checks/queryconfigurations",
    project: "required",
    name: "pipelines.checks.queryconfigurations",
    handler: (ctx) => {
      if (!Array.isArray(ctx.body))
        throw badRequest("The request body must be a list of resources.");
      const wanted = (ctx.body as { type?: string; id?: string }[]).map(
        (resource) =>
          `${(resource.type ?? "").toLowerCase()}:${String(resource.id ?? "").toLowerCase()}`,
      );
      const configs = checksOf(ctx).filter((config) =>
        wanted.includes(
          `${config.resource.type.toLowerCase()}:${config.resource.id.toLowerCase()}`,
        ),
      );
      assertConfigurationsReadable(ctx, configs);
      return list(configs.map((config) => checkView(ctx, config, expands(ctx, "settings"))));
    },
  },
  {
    method: "GET",
    pattern: "pipelines/checks/runs/{checkSuiteId}",
    project: "required",
    name: "pipelines.checks.run",
    handler: (ctx) => {
      const suite = ctx.store.checkSuiteById.get(ctx.params.checkSuiteId.toLowerCase());
      if (!suite || suite.projectId !== (ctx.project as DemoProject).id) {
        throw genericNotFound(`Check suite ${ctx.params.checkSuiteId}`);
      }
      assertConfigurationsReadable(ctx, configurationsOfSuite(ctx, suite));
      return { body: suiteView(ctx, suite) };
    },
  },
  {
    method: "GET",
    pattern: "pipelines/approvals",
    project: "required",
    name: "pipelines.approvals",
    handler: (ctx) => {
      const project = ctx.project as DemoProject;
      const ids = ctx.query.list("approvalIds").map((id) => id.toLowerCase());
      const state = ctx.query.get("state")?.toLowerCase();
      if (state && !APPROVAL_STATES.includes(state))
        throw badRequest(`The value '${state}' is not valid for state.`);
      const userIds = ctx.query.list("userIds").map((id) => id.toLowerCase());
      const top = ctx.query.int("top", "$top");
      let approvals: DemoApproval[];
      if (ids.length > 0) {
        approvals = ids
          .map((id) => ctx.store.approvalById.get(id))
          .filter(
            (approval): approval is DemoApproval =>
              approval !== undefined && approval.projectId === project.id,
          );
      } else {
        approvals = ctx.store.demo.approvals
          .filter((approval) => approval.projectId === project.id)
          .sort((a, b) => b.createdOn.getTime() - a.createdOn.getTime());
      }
      approvals = approvals.filter(
        (approval) =>
          (!state || state === "all" || approval.status.toLowerCase() === state) &&
          (userIds.length === 0 ||
            approval.steps.some(
              (step) =>
                userIds.includes(step.assignedApprover.id) ||
                userIds.includes(step.assignedApprover.descriptor.toLowerCase()),
            )),
      );
      if (top !== undefined) approvals = approvals.slice(0, top);
      for (const approval of approvals) {
        const suite = ctx.store.checkSuiteById.get(approval.checkSuiteId.toLowerCase());
        assertConfigurationsReadable(ctx, configurationsOfSuite(ctx, suite));
      }
      return list(approvals.map((approval) => approvalView(ctx, approval, expands(ctx, "steps"))));
    },
  },
  {
    method: "GET",
    pattern: "pipelines/approvals/{approvalId}",
    project: "required",
    name: "pipelines.approval",
    handler: (ctx) => {
      const approval = ctx.store.approvalById.get(ctx.params.approvalId.toLowerCase());
      if (!approval || approval.projectId !== (ctx.project as DemoProject).id) {
        throw genericNotFound(`Approval ${ctx.params.approvalId}`);
      }
      const suite = ctx.store.checkSuiteById.get(approval.checkSuiteId.toLowerCase());
      assertConfigurationsReadable(ctx, configurationsOfSuite(ctx, suite));
      return { body: approvalView(ctx, approval, expands(ctx, "steps")) };
    },
  },
];
