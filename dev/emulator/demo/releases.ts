/** Classic release definitions and releases whose artifacts point at real builds. */
import type { GenContext } from "./generate";
import type {
  DemoApprovalDef,
  DemoBuild,
  DemoDeployStep,
  DemoGateSample,
  DemoGatesDef,
  DemoRelease,
  DemoReleaseApproval,
  DemoReleaseDefinition,
  DemoReleaseDefinitionEnvironment,
  DemoReleaseEnvironment,
  DemoReleaseGates,
  Person,
  ReleaseApprovalStatusName,
} from "./model";
import type { Random } from "./random";

const MINUTE = 60 * 1000;

export const GATE_TASKS = {
  queryWorkItems: {
    taskId: "f1e4b0e6-017e-4819-8a48-ef19ae96e289",
    name: "Query Work Items",
    version: "0.*",
  },
  invokeRest: {
    taskId: "9c3e8943-130d-4c78-ac63-8af81df62dfb",
    name: "Invoke REST API: GET",
    version: "1.*",
  },
  azureMonitor: {
    taskId: "99a72e7f-25e4-4576-bf38-22a42b995ed8",
    name: "Query Azure Monitor alerts",
    version: "1.*",
  },
  azureFunction: {
    taskId: "537fdb7a-a601-4537-aa70-92645a2b5ce4",
    name: "Invoke Azure Function",
    version: "1.*",
  },
} as const;

type GateName = keyof typeof GATE_TASKS;

interface EnvSpec {
  name: string;
  pre: "none" | "person" | "group" | "two";
  post: "none" | "person";
  preGates?: GateName[];
  postGates?: GateName[];
  type: DemoReleaseDefinitionEnvironment["boardsEnvironmentType"];
}

interface DefinitionSpec {
  name: string;
  path: string;
  buildDefinition: string;
  environments: EnvSpec[];
}

const MAIN_DEFINITIONS: DefinitionSpec[] = [
  {
    name: "web-app-release",
    path: "\\Web",
    buildDefinition: "web-app-classic-ci",
    environments: [
      { name: "Dev", pre: "none", post: "none", type: "development" },
      { name: "QA", pre: "none", post: "person", type: "testing" },
      {
        name: "Production",
        pre: "group",
        post: "none",
        preGates: ["queryWorkItems", "azureMonitor"],
        type: "production",
      },
    ],
  },
  {
    name: "data-pipeline-release",
    path: "\\Data",
    buildDefinition: "data-pipeline-ci",
    environments: [
      { name: "Staging", pre: "none", post: "none", preGates: ["invokeRest"], type: "staging" },
      {
        name: "Production",
        pre: "two",
        post: "none",
        preGates: ["azureFunction", "queryWorkItems"],
        postGates: ["azureMonitor"],
        type: "production",
      },
    ],
  },
  {
    name: "payments-release",
    path: "\\Payments",
    buildDefinition: "payments-service",
    environments: [
      { name: "UAT", pre: "none", post: "none", type: "testing" },
      { name: "Production", pre: "person", post: "none", type: "production" },
    ],
  },
];

interface Counters {
  definitionEnvironment: number;
  definitionApproval: number;
  gates: number;
  releaseEnvironment: number;
  approval: number;
  deployStep: number;
  gateRun: number;
}

export function generateReleases(ctx: GenContext): void {
  const rng = ctx.rng.fork("releases");
  const counters: Counters = {
    definitionEnvironment: 1,
    definitionApproval: 1,
    gates: 1,
    releaseEnvironment: 1,
    approval: 1,
    deployStep: 1,
    gateRun: 1,
  };
  const specs = [...MAIN_DEFINITIONS];
  if (ctx.large) {
    const classic = ctx.demo.buildDefinitions.filter(
      (definition) => !specs.some((spec) => spec.buildDefinition === definition.name),
    );
    for (
      let index = 0;
      specs.length < ctx.profile.releaseDefinitions && index < classic.length;
      index++
    ) {
      const build = classic[index];
      specs.push({
        name: `${build.name.replace(/-(ci-cd|classic)$/, "")}-release`,
        path: build.path,
        buildDefinition: build.name,
        environments: [
          { name: "Test", pre: "none", post: "none", type: "testing" },
          {
            name: "Production",
            pre: rng.pick(["person", "group"] as const),
            post: "none",
            preGates: ["azureMonitor"],
            type: "production",
          },
        ],
      });
    }
  }
  const buildsByDefinition = new Map<number, DemoBuild[]>();
  for (const build of ctx.demo.builds) {
    const list = buildsByDefinition.get(build.definitionId) ?? [];
    list.push(build);
    buildsByDefinition.set(build.definitionId, list);
  }
  let nextReleaseId = 1;
  const drafts: { definition: DemoReleaseDefinition; build: DemoBuild; recency: number }[] = [];
  specs.forEach((spec, index) => {
    const buildDefinition = ctx.demo.buildDefinitions.find(
      (definition) => definition.name === spec.buildDefinition,
    );
    if (!buildDefinition) return;
    const createdOn = ctx.before(24 * rng.int(120, 200));
    const definition: DemoReleaseDefinition = {
      id: index + 1,
      projectId: ctx.demo.mainProjectId,
      name: spec.name,
      path: spec.path,
      revision: rng.int(3, 30),
      createdBy: rng.pick(ctx.people),
      createdOn,
      modifiedOn: ctx.before(24 * rng.int(5, 60)),
      artifact: { alias: `_${buildDefinition.name}`, buildDefinitionId: buildDefinition.id },
      environments: spec.environments.map((environment, rank) =>
        definitionEnvironment(ctx, rng, counters, environment, rank + 1),
      ),
    };
    ctx.demo.releaseDefinitions.push(definition);
    const candidates = (buildsByDefinition.get(buildDefinition.id) ?? [])
      .filter((build) => build.result === "succeeded" && build.reason !== "pullRequest")
      .slice(-ctx.profile.releasesPerDefinition);
    candidates.forEach((build, position) =>
      drafts.push({ definition, build, recency: candidates.length - 1 - position }),
    );
  });
  drafts.sort(
    (a, b) => (a.build.finishTime as Date).getTime() - (b.build.finishTime as Date).getTime(),
  );
  for (const draft of drafts) {
    ctx.demo.releases.push(makeRelease(ctx, rng, counters, nextReleaseId++, draft));
  }
  addUnapprovedDefinition(ctx, counters);
}

/**
 * A definition nobody has released yet whose Production stage deploys without approval (what
 * compliance checks of Classic stages must catch). Added last, with its own random stream, so
 * nothing generated before it changes.
 */
function addUnapprovedDefinition(ctx: GenContext, counters: Counters): void {
  const rng = ctx.rng.fork("releases:unapproved");
  const buildDefinition = ctx.demo.buildDefinitions.find(
    (definition) => definition.name === "identity-service-ci",
  );
  if (!buildDefinition) return;
  const createdOn = ctx.before(24 * rng.int(20, 60));
  const environments: EnvSpec[] = [
    { name: "Test", pre: "none", post: "none", type: "testing" },
    { name: "Production", pre: "none", post: "none", type: "production" },
  ];
  ctx.demo.releaseDefinitions.push({
    id: Math.max(0, ...ctx.demo.releaseDefinitions.map((definition) => definition.id)) + 1,
    projectId: ctx.demo.mainProjectId,
    name: "identity-service-release",
    path: "\\Platform",
    revision: rng.int(1, 5),
    createdBy: rng.pick(ctx.people),
    createdOn,
    modifiedOn: createdOn,
    artifact: { alias: `_${buildDefinition.name}`, buildDefinitionId: buildDefinition.id },
    environments: environments.map((environment, rank) =>
      definitionEnvironment(ctx, rng, counters, environment, rank + 1),
    ),
  });
}

function approvalDef(
  ctx: GenContext,
  rng: Random,
  counters: Counters,
  kind: EnvSpec["pre"],
): DemoApprovalDef {
  const approvers: Person[] =
    kind === "person"
      ? [rng.pick(ctx.people)]
      : kind === "group"
        ? [ctx.groups[0]]
        : kind === "two"
          ? rng.sample(ctx.people, 2)
          : [];
  return {
    approvers,
    requiredApproverCount: kind === "two" ? 0 : approvers.length > 0 ? 1 : 0,
    timeoutInMinutes: approvers.length > 0 ? 4320 : 0,
    releaseCreatorCanBeApprover: false,
    stepIds: (approvers.length > 0 ? approvers : [undefined]).map(
      () => counters.definitionApproval++,
    ),
  };
}

function gatesDef(counters: Counters, names: GateName[] | undefined): DemoGatesDef | undefined {
  if (!names) return undefined;
  return {
    id: counters.gates++,
    isEnabled: true,
    timeout: 1440,
    samplingInterval: 15,
    stabilizationTime: 5,
    minimumSuccessDuration: 0,
    tasks: names.map((name) => ({
      ...GATE_TASKS[name],
      inputs: (name === "queryWorkItems"
        ? { queryId: "d2b6c5a1-3f7e-4c1a-9b9e-1f2e3d4c5b6a", maxThreshold: "0", minThreshold: "0" }
        : name === "azureMonitor"
          ? {
              ResourceGroupName: "rg-prod",
              filterType: "none",
              severity: "Sev0,Sev1",
              timeRange: "1h",
            }
          : name === "invokeRest"
            ? { method: "GET", urlSuffix: "/health", successCriteria: "eq(root['status'], 'ok')" }
            : {
                function: "https://fabrikam-gates.azurewebsites.net/api/budget",
                method: "POST",
              }) as Record<string, string>,
    })),
  };
}

function definitionEnvironment(
  ctx: GenContext,
  rng: Random,
  counters: Counters,
  spec: EnvSpec,
  rank: number,
): DemoReleaseDefinitionEnvironment {
  return {
    id: counters.definitionEnvironment++,
    name: spec.name,
    rank,
    pre: approvalDef(ctx, rng, counters, spec.pre),
    post: approvalDef(ctx, rng, counters, spec.post),
    deployStepId: counters.definitionApproval++,
    preGates: gatesDef(counters, spec.preGates),
    postGates: gatesDef(counters, spec.postGates),
    boardsEnvironmentType: spec.type,
  };
}

type EnvPlan =
  "succeeded" | "pendingApproval" | "rejected" | "evaluatingGates" | "gateFailed" | "notStarted";

function planFor(
  definition: DemoReleaseDefinition,
  recency: number,
  rank: number,
  rng: Random,
): EnvPlan {
  const last = rank === definition.environments.length;
  if (!last) return "succeeded";
  if (definition.id === 1 && recency === 0) return "pendingApproval";
  if (definition.id === 1 && recency === 1) return "rejected";
  if (definition.id === 2 && recency === 0) return "evaluatingGates";
  if (definition.id === 2 && recency === 1) return "gateFailed";
  if (definition.id === 3 && recency === 0) return "notStarted";
  if (recency === 0 && rng.chance(0.3))
    return rng.pick(["pendingApproval", "evaluatingGates"] as const);
  return "succeeded";
}

function makeRelease(
  ctx: GenContext,
  rng: Random,
  counters: Counters,
  id: number,
  draft: { definition: DemoReleaseDefinition; build: DemoBuild; recency: number },
): DemoRelease {
  const { definition, build, recency } = draft;
  let clock = (build.finishTime as Date).getTime() + rng.int(2, 20) * MINUTE;
  const createdOn = new Date(clock);
  const creator = build.requestedFor;
  const environments: DemoReleaseEnvironment[] = [];
  let blocked = false;
  for (const envDef of definition.environments) {
    const plan: EnvPlan = blocked ? "notStarted" : planFor(definition, recency, envDef.rank, rng);
    const environment: DemoReleaseEnvironment = {
      id: counters.releaseEnvironment++,
      definitionEnvironmentId: envDef.id,
      name: envDef.name,
      rank: envDef.rank,
      status: "notStarted",
      preApprovals: [],
      postApprovals: [],
      deploySteps: [],
      createdOn,
      modifiedOn: createdOn,
    };
    environments.push(environment);
    if (plan === "notStarted") {
      blocked = true;
      continue;
    }
    const queuedOn = new Date(clock);
    const step: DemoDeployStep = {
      id: counters.deployStep++,
      attempt: 1,
      status: "inProgress",
      operationStatus: "queued",
      reason: "automated",
      queuedOn,
      lastModifiedOn: queuedOn,
      requestedFor: creator,
    };
    environment.deploySteps.push(step);
    // Pre-deployment gates run before the approvals in this demo ("afterSuccessfulGates").
    if (envDef.preGates) {
      const outcome =
        plan === "evaluatingGates" ? "inProgress" : plan === "gateFailed" ? "failed" : "succeeded";
      step.preGates = gateRun(rng, counters, envDef.preGates, clock, outcome);
      clock = step.preGates.lastModifiedOn.getTime() + MINUTE;
      if (outcome !== "succeeded") {
        environment.status = outcome === "failed" ? "rejected" : "inProgress";
        step.status = outcome === "failed" ? "notDeployed" : "inProgress";
        step.operationStatus = outcome === "failed" ? "gateFailed" : "evaluatingGates";
        step.lastModifiedOn = step.preGates.lastModifiedOn;
        environment.modifiedOn = step.lastModifiedOn;
        blocked = true;
        continue;
      }
    }
    const preStatus: ReleaseApprovalStatusName =
      plan === "pendingApproval" ? "pending" : plan === "rejected" ? "rejected" : "approved";
    environment.preApprovals = approvals(
      ctx,
      rng,
      counters,
      envDef.pre,
      "preDeploy",
      preStatus,
      clock,
    );
    clock = Math.max(
      clock,
      ...environment.preApprovals.map((approval) => approval.modifiedOn.getTime()),
    );
    if (preStatus !== "approved") {
      environment.status = preStatus === "pending" ? "inProgress" : "rejected";
      step.status = preStatus === "pending" ? "inProgress" : "notDeployed";
      step.operationStatus = preStatus === "pending" ? "pending" : "rejected";
      step.lastModifiedOn = new Date(clock);
      environment.modifiedOn = step.lastModifiedOn;
      blocked = true;
      continue;
    }
    clock += rng.int(3, 15) * MINUTE;
    if (envDef.postGates)
      step.postGates = gateRun(rng, counters, envDef.postGates, clock, "succeeded");
    if (step.postGates) clock = step.postGates.lastModifiedOn.getTime();
    environment.postApprovals = approvals(
      ctx,
      rng,
      counters,
      envDef.post,
      "postDeploy",
      "approved",
      clock,
    );
    clock = Math.max(
      clock,
      ...environment.postApprovals.map((approval) => approval.modifiedOn.getTime()),
    );
    environment.status = "succeeded";
    step.status = "succeeded";
    step.operationStatus = "phaseSucceeded";
    step.lastModifiedOn = new Date(clock);
    environment.modifiedOn = step.lastModifiedOn;
    clock += rng.int(1, 5) * MINUTE;
  }
  return {
    id,
    projectId: definition.projectId,
    name: `Release-${id}`,
    status: definition.id === 3 && recency === 3 ? "abandoned" : "active",
    definitionId: definition.id,
    createdBy: creator,
    createdOn,
    modifiedOn: new Date(
      Math.max(...environments.map((environment) => environment.modifiedOn.getTime())),
    ),
    reason: recency % 4 === 2 ? "manual" : "continuousIntegration",
    buildId: build.id,
    environments,
  };
}

function approvals(
  ctx: GenContext,
  rng: Random,
  counters: Counters,
  def: DemoApprovalDef,
  approvalType: "preDeploy" | "postDeploy",
  status: ReleaseApprovalStatusName,
  clock: number,
): DemoReleaseApproval[] {
  const createdOn = new Date(clock);
  if (def.approvers.length === 0) {
    return [
      {
        id: counters.approval++,
        approvalType,
        status: "approved",
        comments: "",
        isAutomated: true,
        createdOn,
        modifiedOn: createdOn,
        rank: 1,
      },
    ];
  }
  return def.approvers.map((approver, index) => {
    const modifiedOn =
      status === "pending" ? createdOn : new Date(clock + rng.int(5, 300) * MINUTE);
    const actor = approver.isContainer ? rng.pick(ctx.people) : approver;
    return {
      id: counters.approval++,
      approvalType,
      status,
      approver,
      approvedBy: status === "pending" ? undefined : actor,
      comments:
        status === "rejected"
          ? "Not today: change freeze until the sale ends & the on-call rota is back"
          : status === "approved"
            ? rng.pick(["Good to go!", "Approved after change review", ""])
            : "",
      isAutomated: false,
      createdOn,
      modifiedOn,
      rank: index + 1,
    };
  });
}

function gateRun(
  rng: Random,
  counters: Counters,
  def: DemoGatesDef,
  clock: number,
  outcome: "succeeded" | "failed" | "inProgress",
): DemoReleaseGates {
  const startedOn = new Date(clock);
  const stabilization = clock + def.stabilizationTime * MINUTE;
  const failingSamples =
    outcome === "succeeded" ? rng.int(0, 2) : outcome === "failed" ? 4 : rng.int(1, 3);
  const samples: DemoGateSample[] = [];
  let time = stabilization;
  for (let index = 0; index <= failingSamples; index++) {
    const isLast = index === failingSamples;
    const failing = !isLast || outcome === "failed";
    const start = new Date(time);
    const finish = new Date(time + rng.int(5, 60) * 1000);
    samples.push({
      jobId: counters.gateRun++,
      status: isLast && outcome === "inProgress" ? "failed" : failing ? "failed" : "succeeded",
      start,
      finish,
      results: def.tasks.map((task, taskIndex) => {
        // The first gate is the one that keeps failing; the others pass.
        const fails = failing && taskIndex === 0;
        return {
          name: task.name,
          taskId: task.taskId,
          status: fails ? "failed" : "succeeded",
          message: fails
            ? task.taskId === GATE_TASKS.queryWorkItems.taskId
              ? `Query returned ${rng.int(1, 6)} work items, which is above the upper threshold 0`
              : "Evaluation returned a failing result"
            : undefined,
        };
      }),
    });
    time += def.samplingInterval * MINUTE;
  }
  const last = samples[samples.length - 1];
  return {
    id: counters.gates++,
    status: outcome === "succeeded" ? "succeeded" : outcome === "failed" ? "failed" : "inProgress",
    startedOn,
    lastModifiedOn: last.finish ?? last.start,
    stabilizationCompletedOn: new Date(stabilization),
    succeedingSince: outcome === "succeeded" ? last.start : undefined,
    samples,
  };
}
