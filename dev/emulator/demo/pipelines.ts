/**
 * Build definitions (YAML and Classic), runs, environments, check configurations, check suites,
 * pipeline approvals and environment deployment records, all tied to the repositories' commits.
 */
import type { GenContext } from "./generate";
import type {
  ApprovalStatusName,
  DemoApproval,
  DemoApprovalStep,
  DemoBuild,
  DemoBuildDefinition,
  DemoCheckConfiguration,
  DemoCheckRun,
  DemoCheckSuite,
  DemoDeploymentRecord,
  DemoEnvironment,
  DemoRepository,
  DemoStageDef,
  DemoStageRun,
  Person,
  StageOutcome,
} from "./model";
import { DOMAINS, ENVIRONMENT_NAMES, EXTRA_ENVIRONMENT_NAMES } from "./names";
import { Random, shaFrom, uuidFrom } from "./random";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

export const CHECK_TYPES = {
  approval: { id: "8c6f20a7-a545-4486-9777-f762fafe0d4d", name: "Approval" },
  task: { id: "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7", name: "Task Check" },
  extends: { id: "4020e66e-b0f3-47e1-bc88-48f3cc59b5f3", name: "ExtendsCheck" },
  exclusiveLock: { id: "2ef31ad6-baa0-403a-8b45-2cbc9b4e5563", name: "ExclusiveLock" },
} as const;

type CheckKindName =
  | "approvalAny"
  | "approvalSequence"
  | "approvalGroup"
  | "businessHours"
  | "branchControl"
  | "invokeRest"
  | "azureFunction"
  | "azureMonitor"
  | "requiredTemplate"
  | "exclusiveLock";

export function stageRecordId(seed: number, buildId: number, identifier: string): string {
  return uuidFrom(`stage:${seed}:${buildId}:${identifier}`);
}

export function generatePipelines(ctx: GenContext): void {
  const environments = generateEnvironments(ctx);
  generateCheckConfigurations(ctx, environments);
  const definitions = generateDefinitions(ctx, environments);
  generateRuns(ctx, definitions);
}

function generateEnvironments(ctx: GenContext): DemoEnvironment[] {
  const rng = ctx.rng.fork("environments");
  const names = [...ENVIRONMENT_NAMES];
  for (const extra of EXTRA_ENVIRONMENT_NAMES) {
    if (names.length >= ctx.profile.environments) break;
    names.push(extra);
  }
  for (let index = 0; names.length < ctx.profile.environments; index++) {
    names.push(`${DOMAINS[index % DOMAINS.length]}-${index % 2 === 0 ? "staging" : "prod"}`);
  }
  const environments = names.map((name, index): DemoEnvironment => {
    const createdOn = ctx.before(24 * (90 - index));
    const isProd = name.startsWith("prod");
    return {
      id: index + 1,
      projectId: ctx.demo.mainProjectId,
      name,
      description: isProd ? `Production (${name})` : "",
      createdBy: rng.pick(ctx.people),
      createdOn,
      lastModifiedOn: new Date(createdOn.getTime() + rng.int(1, 500) * HOUR),
      resources: isProd
        ? [{ id: index * 10 + 1, name: `aks-${name}`, type: "kubernetes" }]
        : rng.chance(0.3)
          ? [{ id: index * 10 + 1, name: `vm-${name}-01`, type: "virtualMachine" }]
          : [],
    };
  });
  ctx.demo.environments = environments;
  return environments;
}

function checkSettings(
  ctx: GenContext,
  rng: Random,
  kind: CheckKindName,
): { type: { id: string; name: string }; settings: Record<string, unknown>; timeout: number } {
  const approvers = (count: number) =>
    rng
      .sample(ctx.people, count)
      .map((person) => ({ id: person.id, displayName: person.displayName }));
  switch (kind) {
    case "approvalAny":
      return {
        type: CHECK_TYPES.approval,
        settings: {
          approvers: approvers(2),
          executionOrder: "anyOrder",
          minRequiredApprovers: 1,
          instructions: "Check the staging smoke tests before approving.",
          blockedApprovers: [],
          requesterCannotBeApprover: true,
        },
        timeout: 43200,
      };
    case "approvalSequence":
      return {
        type: CHECK_TYPES.approval,
        settings: {
          approvers: approvers(2),
          executionOrder: "inSequence",
          minRequiredApprovers: 0,
          instructions:
            "Release manager first, then security & compliance (see the change ticket).",
          blockedApprovers: [],
          requesterCannotBeApprover: false,
        },
        timeout: 4320,
      };
    case "approvalGroup":
      return {
        type: CHECK_TYPES.approval,
        settings: {
          approvers: [{ id: ctx.groups[0].id, displayName: ctx.groups[0].displayName }],
          executionOrder: "anyOrder",
          minRequiredApprovers: 1,
          instructions: "Any release manager.",
          blockedApprovers: [],
        },
        timeout: 1440,
      };
    case "businessHours":
      return {
        type: CHECK_TYPES.task,
        settings: {
          displayName: "Business Hours",
          definitionRef: {
            id: "445fde2f-6c39-441c-807f-8a59ff2e075f",
            name: "evaluateBusinessHours",
            version: "0.0.1",
          },
          inputs: {
            businessDays: "Monday,Tuesday,Wednesday,Thursday,Friday",
            timeZone: "UTC",
            startTime: "04:00",
            endTime: "11:00",
          },
          retryInterval: 5,
        },
        timeout: 1440,
      };
    case "branchControl":
      return {
        type: CHECK_TYPES.task,
        settings: {
          displayName: "Branch control",
          definitionRef: {
            id: "86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b",
            name: "evaluatebranchProtection",
            version: "0.0.1",
          },
          inputs: {
            allowedBranches: "refs/heads/main,refs/heads/release/*",
            ensureProtectionOfBranch: "true",
            allowUnknownStatusBranch: "false",
          },
          retryInterval: 5,
        },
        timeout: 1440,
      };
    case "invokeRest":
      return {
        type: CHECK_TYPES.task,
        settings: {
          displayName: "Change ticket approved",
          definitionRef: {
            id: "9c3e8943-130d-4c78-ac63-8af81df62dfb",
            name: "InvokeRESTAPI",
            version: "1.220.0",
          },
          inputs: {
            connectedServiceNameSelector: "connectedServiceName",
            connectedServiceName: uuidFrom(`endpoint:${ctx.seed}:servicenow`),
            method: "GET",
            headers: '{"Content-Type":"application/json"}',
            urlSuffix: "/api/change/$(Build.BuildNumber)",
            waitForCompletion: "false",
            successCriteria: "eq(root['status'], 'approved')",
          },
          retryInterval: 10,
        },
        timeout: 720,
      };
    case "azureFunction":
      return {
        type: CHECK_TYPES.task,
        settings: {
          displayName: "Error budget",
          definitionRef: {
            id: "537fdb7a-a601-4537-aa70-92645a2b5ce4",
            name: "AzureFunction",
            version: "1.*",
          },
          inputs: {
            function: "https://fabrikam-gates.azurewebsites.net/api/errorbudget",
            key: "$(gateKey)",
            method: "POST",
            headers: '{"Content-Type":"application/json"}',
            body: '{"service":"api-gateway"}',
            waitForCompletion: "false",
            successCriteria: "eq(root['healthy'], true)",
          },
          retryInterval: 5,
        },
        timeout: 720,
      };
    case "azureMonitor":
      return {
        type: CHECK_TYPES.task,
        settings: {
          displayName: "Query Azure Monitor alerts",
          definitionRef: {
            id: "99a72e7f-25e4-4576-bf38-22a42b995ed8",
            name: "AzureMonitor",
            version: "1.*",
          },
          inputs: {
            connectedServiceNameARM: uuidFrom(`endpoint:${ctx.seed}:arm`),
            ResourceGroupName: "rg-prod-eu",
            filterType: "none",
            severity: "Sev0,Sev1",
            timeRange: "1h",
            alertState: "Acknowledged,New",
            monitorCondition: "Fired",
          },
          retryInterval: 5,
        },
        timeout: 120,
      };
    case "requiredTemplate":
      return {
        type: CHECK_TYPES.extends,
        settings: {
          extendsChecks: [
            {
              repositoryType: "git",
              repositoryName: "Fabrikam/shared-libs",
              repositoryRef: "refs/tags/v7",
              templatePath: "templates/deploy-stage.yml",
            },
          ],
        },
        timeout: 1440,
      };
    case "exclusiveLock":
      return { type: CHECK_TYPES.exclusiveLock, settings: {}, timeout: 43200 };
  }
}

/** Which checks protect which environment, by name. */
const ENVIRONMENT_CHECKS: Record<string, CheckKindName[]> = {
  staging: ["approvalAny", "businessHours"],
  prod: ["approvalSequence", "businessHours", "invokeRest", "requiredTemplate", "exclusiveLock"],
  "prod-eu": ["branchControl", "azureMonitor", "approvalGroup"],
  "prod-us": ["approvalAny", "azureFunction"],
};

function generateCheckConfigurations(ctx: GenContext, environments: DemoEnvironment[]): void {
  const rng = ctx.rng.fork("checks");
  let nextId = 1;
  const add = (resource: { type: string; id: string; name: string }, kind: CheckKindName) => {
    const { type, settings, timeout } = checkSettings(ctx, rng, kind);
    const createdOn = ctx.before(rng.int(24 * 20, 24 * 80));
    const config: DemoCheckConfiguration = {
      id: nextId++,
      projectId: ctx.demo.mainProjectId,
      typeId: type.id,
      typeName: type.name,
      resource,
      settings,
      timeout,
      isDisabled: false,
      createdBy: rng.pick(ctx.people),
      createdOn,
      modifiedOn: new Date(createdOn.getTime() + rng.int(0, 200) * HOUR),
    };
    ctx.demo.checkConfigurations.push(config);
    return config;
  };
  const extraKinds: CheckKindName[] = [
    "approvalAny",
    "businessHours",
    "branchControl",
    "azureMonitor",
  ];
  for (const environment of environments) {
    const resource = { type: "environment", id: String(environment.id), name: environment.name };
    const kinds =
      ENVIRONMENT_CHECKS[environment.name] ??
      (environment.id > ENVIRONMENT_NAMES.length && rng.chance(0.6)
        ? rng.sample(extraKinds, 2)
        : []);
    for (const kind of kinds) add(resource, kind);
  }
  // A disabled check that must not take part in evaluation.
  const disabled = add({ type: "environment", id: "6", name: "prod-us" }, "invokeRest");
  disabled.isDisabled = true;
  // Checks on other resource types.
  add({ type: "queue", id: "12", name: "Production agents" }, "approvalGroup");
  add(
    { type: "endpoint", id: uuidFrom(`endpoint:${ctx.seed}:arm`), name: "azure-prod-subscription" },
    "branchControl",
  );
  // prod-dr: branch control that lets any branch through, and an approval someone switched off.
  const dr = environments.find((environment) => environment.name === "prod-dr");
  if (dr) {
    const resource = { type: "environment", id: String(dr.id), name: dr.name };
    const open = add(resource, "branchControl");
    (open.settings.inputs as Record<string, string>).allowedBranches = "*";
    add(resource, "approvalAny").isDisabled = true;
  }
}

interface DefinitionSpec {
  name: string;
  repo: string;
  kind: "yaml" | "classic";
  path: string;
  stages: [string, string, string | undefined][];
  runs: number;
}

const MAIN_DEFINITIONS: DefinitionSpec[] = [
  {
    name: "web-app-ci-cd",
    repo: "web-app",
    kind: "yaml",
    path: "\\Web",
    stages: [
      ["Build", "Build", undefined],
      ["DeployDev", "Deploy to Dev", "dev"],
      ["DeployStaging", "Deploy to Staging", "staging"],
      ["DeployProd", "Deploy to Prod", "prod"],
    ],
    runs: 30,
  },
  {
    name: "api-gateway-ci-cd",
    repo: "api-gateway",
    kind: "yaml",
    path: "\\Platform",
    stages: [
      ["Build", "Build", undefined],
      ["DeployTest", "Deploy to Test", "test"],
      ["DeployProdEU", "Deploy to Prod EU", "prod-eu"],
      ["DeployProdUS", "Deploy to Prod US", "prod-us"],
    ],
    runs: 25,
  },
  {
    name: "payments-service",
    repo: "payments-service",
    kind: "yaml",
    path: "\\Payments",
    stages: [
      ["Build", "Build and test", undefined],
      ["Staging", "Staging", "staging"],
      ["Production", "Production", "prod"],
    ],
    runs: 20,
  },
  {
    name: "identity-service-ci",
    repo: "identity-service",
    kind: "yaml",
    path: "\\Platform",
    stages: [
      ["Build", "Build", undefined],
      ["Test", "Deploy to Test", "test"],
    ],
    runs: 15,
  },
  {
    name: "mobile-client-ci",
    repo: "mobile-client",
    kind: "yaml",
    path: "\\",
    stages: [["Build", "Build", undefined]],
    runs: 15,
  },
  {
    name: "infra-terraform-deploy",
    repo: "infra-terraform",
    kind: "yaml",
    path: "\\Platform",
    stages: [
      ["Plan", "Terraform plan", undefined],
      ["ApplyProd", "Apply to Prod", "prod"],
    ],
    runs: 15,
  },
  {
    name: "web-app-classic-ci",
    repo: "web-app",
    kind: "classic",
    path: "\\Web",
    stages: [],
    runs: 15,
  },
  {
    name: "data-pipeline-ci",
    repo: "data-pipeline",
    kind: "classic",
    path: "\\Data",
    stages: [],
    runs: 15,
  },
];

function generateDefinitions(
  ctx: GenContext,
  environments: DemoEnvironment[],
): DefinitionWithRuns[] {
  const rng = ctx.rng.fork("definitions");
  const byName = new Map(ctx.demo.repositories.map((repo) => [repo.name, repo]));
  const envByName = new Map(environments.map((environment) => [environment.name, environment]));
  const specs: DefinitionSpec[] = MAIN_DEFINITIONS.map((spec) => ({ ...spec }));
  if (ctx.large) {
    const candidates = ctx.demo.repositories.filter(
      (repo) =>
        repo.projectId === ctx.demo.mainProjectId &&
        repo.commits.length > 0 &&
        !repo.isDisabled &&
        !MAIN_DEFINITIONS.some((spec) => spec.repo === repo.name),
    );
    const extra = ctx.profile.pipelines - specs.length;
    const runsLeft = ctx.profile.runs - specs.reduce((sum, spec) => sum + spec.runs, 0);
    for (let index = 0; index < extra; index++) {
      const repo = candidates[index % candidates.length];
      const yaml = rng.chance(0.75);
      const stages: DefinitionSpec["stages"] = [["Build", "Build", undefined]];
      if (yaml) {
        for (const environment of rng.sample(environments, rng.int(0, 3))) {
          const id = `Deploy_${environment.name.replace(/[^A-Za-z0-9]/g, "_")}`;
          stages.push([id, `Deploy to ${environment.name}`, environment.name]);
        }
      }
      const runs = Math.floor(runsLeft / extra) + (index < runsLeft % extra ? 1 : 0);
      specs.push({
        name: `${repo.name}-${yaml ? "ci-cd" : "classic"}`,
        repo: repo.name,
        kind: yaml ? "yaml" : "classic",
        path: `\\${repo.name.split("-")[0]}`,
        stages: yaml ? stages : [],
        runs,
      });
    }
  }
  const result: DefinitionWithRuns[] = [];
  specs.forEach((spec, index) => {
    const repo = byName.get(spec.repo) as DemoRepository;
    const stages: DemoStageDef[] = spec.stages.map(([identifier, name, environmentName]) => ({
      identifier,
      name,
      environmentId: environmentName ? envByName.get(environmentName)?.id : undefined,
      jobName: environmentName ? `Deploy_${spec.repo.replace(/-/g, "_")}` : `${identifier}_job`,
    }));
    const definition: DemoBuildDefinition = {
      id: 10 + index,
      projectId: repo.projectId,
      name: spec.name,
      path: spec.path,
      kind: spec.kind,
      repositoryId: repo.id,
      revision: rng.int(1, 40),
      createdDate: ctx.before(24 * rng.int(100, 300)),
      queueStatus: "enabled",
      stages,
    };
    ctx.demo.buildDefinitions.push(definition);
    result.push({ definition, repo, runs: spec.runs });
  });
  return result;
}

interface DefinitionWithRuns {
  definition: DemoBuildDefinition;
  repo: DemoRepository;
  runs: number;
}

interface RunDraft {
  definition: DemoBuildDefinition;
  repo: DemoRepository;
  /** 0 = newest run of its definition. */
  recency: number;
  queueTime: Date;
  sourceBranch: string;
  sourceVersion: string;
  commitIndex?: number;
  pullRequestId?: number;
  reason: DemoBuild["reason"];
}

function generateRuns(ctx: GenContext, definitions: DefinitionWithRuns[]): void {
  const rng = ctx.rng.fork("runs");
  const prsByRepo = new Map<string, typeof ctx.demo.pullRequests>();
  for (const pr of ctx.demo.pullRequests) {
    const list = prsByRepo.get(pr.repositoryId) ?? [];
    list.push(pr);
    prsByRepo.set(pr.repositoryId, list);
  }
  const drafts: RunDraft[] = [];
  for (const { definition, repo, runs } of definitions) {
    const chain = repo.commits;
    const prs = prsByRepo.get(repo.id) ?? [];
    for (let recency = 0; recency < runs; recency++) {
      const commitIndex = Math.min(chain.length - 1, Math.floor((recency * chain.length) / runs));
      const commit = chain[commitIndex];
      const asPr = recency > 1 && prs.length > 0 && rng.chance(0.12);
      if (asPr) {
        const pr = rng.pick(prs);
        const queueTime = new Date(
          Math.min(
            pr.creationDate.getTime() + rng.int(5, 600) * MINUTE,
            ctx.anchor.getTime() - HOUR,
          ),
        );
        drafts.push({
          definition,
          repo,
          recency,
          queueTime,
          sourceBranch: `refs/pull/${pr.id}/merge`,
          sourceVersion:
            pr.status === "active" && pr.lastMergeCommit
              ? pr.lastMergeCommit
              : shaFrom(`pr-build:${ctx.seed}:${pr.id}:${recency}`),
          pullRequestId: pr.id,
          reason: "pullRequest",
        });
        continue;
      }
      const queueTime = new Date(
        Math.min(
          commit.date.getTime() + rng.int(2, 45) * MINUTE + recency * 7 * MINUTE,
          ctx.anchor.getTime() - (recency + 1) * 11 * MINUTE,
        ),
      );
      drafts.push({
        definition,
        repo,
        recency,
        queueTime,
        sourceBranch: repo.defaultBranch as string,
        sourceVersion: commit.commitId,
        commitIndex,
        reason: rng.chance(0.85)
          ? "individualCI"
          : rng.pick(["manual", "schedule", "batchedCI"] as const),
      });
    }
  }
  drafts.sort(
    (a, b) => a.queueTime.getTime() - b.queueTime.getTime() || a.definition.id - b.definition.id,
  );

  const dailyCounters = new Map<string, number>();
  const lastCommitIndex = new Map<number, number>();
  const records: DemoDeploymentRecord[] = [];
  const envById = new Map(
    ctx.demo.environments.map((environment) => [environment.id, environment]),
  );
  const checksByEnv = new Map<string, DemoCheckConfiguration[]>();
  for (const config of ctx.demo.checkConfigurations) {
    if (config.resource.type !== "environment" || config.isDisabled) continue;
    const list = checksByEnv.get(config.resource.id) ?? [];
    list.push(config);
    checksByEnv.set(config.resource.id, list);
  }
  const prById = new Map(ctx.demo.pullRequests.map((pr) => [pr.id, pr]));
  const timedOutDefinitions = new Set<number>();

  drafts.forEach((draft, index) => {
    const id = 1000 + index;
    const day = draft.queueTime.toISOString().slice(0, 10).replace(/-/g, "");
    const counterKey = `${draft.definition.id}:${day}`;
    const counter = (dailyCounters.get(counterKey) ?? 0) + 1;
    dailyCounters.set(counterKey, counter);

    // Changes: the commits since the previous CI build of this definition.
    let changes: string[] = [];
    let workItemIds: number[] = [];
    if (draft.commitIndex !== undefined) {
      const previous = lastCommitIndex.get(draft.definition.id);
      const end =
        previous === undefined
          ? Math.min(draft.commitIndex + 3, draft.repo.commits.length)
          : previous;
      const commits = draft.repo.commits.slice(draft.commitIndex, Math.max(end, draft.commitIndex));
      changes = commits.map((commit) => commit.commitId);
      workItemIds = [...new Set(commits.flatMap((commit) => commit.workItemIds))];
      lastCommitIndex.set(draft.definition.id, draft.commitIndex);
    } else if (draft.pullRequestId !== undefined) {
      workItemIds = [...(prById.get(draft.pullRequestId)?.workItemIds ?? [])];
    }
    const build: DemoBuild = {
      id,
      projectId: draft.definition.projectId,
      definitionId: draft.definition.id,
      buildNumber: `${day}.${counter}`,
      status: "completed",
      queueTime: draft.queueTime,
      sourceBranch: draft.sourceBranch,
      sourceVersion: draft.sourceVersion,
      reason: draft.reason,
      requestedFor: rng.pick(ctx.people),
      planId: uuidFrom(`plan:${ctx.seed}:${id}`),
      repositoryId: draft.repo.id,
      pullRequestId: draft.pullRequestId,
      changes,
      workItemIds,
      stageRuns: [],
    };
    const before = {
      suites: ctx.demo.checkSuites.length,
      approvals: ctx.demo.approvals.length,
      records: records.length,
    };
    simulateRun(ctx, rng, build, draft, {
      envById,
      checksByEnv,
      records,
      timedOutDefinitions,
    });
    keepBeforeAnchor(ctx, build, {
      suites: ctx.demo.checkSuites.slice(before.suites),
      approvals: ctx.demo.approvals.slice(before.approvals),
      records: records.slice(before.records),
    });
    ctx.demo.builds.push(build);
  });

  records.sort((a, b) => a.queueTime.getTime() - b.queueTime.getTime() || a.owner.id - b.owner.id);
  records.forEach((record, index) => (record.id = index + 1));
  ctx.demo.deploymentRecords = records;
}

/**
 * The anchor is the demo's "now": a run whose stages and approvals would go on past it is moved
 * back as a whole, so nothing in the demo happens after "now" and ages are never negative.
 */
function keepBeforeAnchor(
  ctx: GenContext,
  build: DemoBuild,
  created: { suites: DemoCheckSuite[]; approvals: DemoApproval[]; records: DemoDeploymentRecord[] },
): void {
  const dates: (Date | undefined)[] = [
    build.queueTime,
    build.startTime,
    build.finishTime,
    ...build.stageRuns.flatMap((stageRun) => [stageRun.start, stageRun.finish]),
    ...created.suites.flatMap((suite) => [
      suite.completedDate,
      ...suite.checkRuns.flatMap((run) => [run.createdDate, run.completedDate]),
    ]),
    ...created.approvals.flatMap((approval) => [
      approval.createdOn,
      approval.lastModifiedOn,
      ...approval.steps.flatMap((step) => [step.initiatedOn, step.lastModifiedOn]),
    ]),
    ...created.records.flatMap((record) => [record.queueTime, record.startTime, record.finishTime]),
  ];
  const latest = Math.max(...dates.map((date) => date?.getTime() ?? 0));
  const overflow = latest - ctx.anchor.getTime();
  if (overflow <= 0) return;
  const shift = overflow + MINUTE;
  // Dates are shared objects in places (a stage start is a record's queue time): move each once.
  const moved = new Set<Date>();
  for (const date of dates) {
    if (!date || moved.has(date)) continue;
    moved.add(date);
    date.setTime(date.getTime() - shift);
  }
}

type Scenario =
  | "normal"
  | "waitingApproval"
  | "waitingChecks"
  | "queued"
  | "rejected"
  | "timedOut"
  | "canceled"
  | "checkFailed";

/** The longest approval timeout (minutes) any demo check uses; a run must be older to time out. */
const LONGEST_APPROVAL_TIMEOUT = 43200;

function scenarioFor(ctx: GenContext, rng: Random, draft: RunDraft, tables: RunTables): Scenario {
  const name = draft.definition.name;
  if (draft.reason === "pullRequest") return "normal";
  if (draft.recency === 0) {
    if (name === "web-app-ci-cd") return "waitingApproval";
    if (name === "api-gateway-ci-cd") return "waitingChecks";
    if (name === "payments-service") return "queued";
    if (ctx.large && draft.definition.stages.length > 1 && rng.chance(0.3))
      return "waitingApproval";
  }
  if (draft.recency === 1 && name === "web-app-ci-cd") return "rejected";
  if (draft.recency === 1 && name === "api-gateway-ci-cd") return "canceled";
  if (draft.recency === 1 && name === "infra-terraform-deploy") return "checkFailed";
  // A timed-out approval needs its timeout to have run out before the demo's "now" (the anchor):
  // the newest payments run old enough for every approval timeout.
  if (
    name === "payments-service" &&
    draft.recency >= 1 &&
    !tables.timedOutDefinitions.has(draft.definition.id) &&
    draft.queueTime.getTime() + (LONGEST_APPROVAL_TIMEOUT + 24 * 60) * MINUTE < ctx.anchor.getTime()
  ) {
    tables.timedOutDefinitions.add(draft.definition.id);
    return "timedOut";
  }
  return "normal";
}

interface RunTables {
  envById: Map<number, DemoEnvironment>;
  checksByEnv: Map<string, DemoCheckConfiguration[]>;
  records: DemoDeploymentRecord[];
  /** Definitions that already have their timed-out example. */
  timedOutDefinitions: Set<number>;
}

function simulateRun(
  ctx: GenContext,
  rng: Random,
  build: DemoBuild,
  draft: RunDraft,
  tables: RunTables,
): void {
  const scenario = scenarioFor(ctx, rng, draft, tables);
  const definition = draft.definition;
  if (scenario === "queued") {
    build.status = "notStarted";
    build.stageRuns = definition.stages.map((stage) => ({ stage, outcome: "notStarted" }));
    return;
  }
  let clock = build.queueTime.getTime() + rng.int(5, 90) * 1000;
  build.startTime = new Date(clock);

  if (definition.kind === "classic") {
    const roll = rng.next();
    build.result =
      roll < 0.8
        ? "succeeded"
        : roll < 0.88
          ? "failed"
          : roll < 0.94
            ? "partiallySucceeded"
            : "canceled";
    build.finishTime = new Date(clock + rng.int(3, 25) * MINUTE);
    return;
  }

  // In the in-progress scenarios the run waits at its last stage guarded by an approval check;
  // the rejected/timed-out scenarios decide at that same stage.
  const lastApprovalStage = lastIndexWhere(
    definition.stages,
    (stage) =>
      stage.environmentId !== undefined &&
      (tables.checksByEnv.get(String(stage.environmentId)) ?? []).some(
        (config) => config.typeId === CHECK_TYPES.approval.id,
      ),
  );
  const waitingIndex =
    scenario === "waitingApproval" || scenario === "waitingChecks" ? lastApprovalStage : -1;
  const decisiveIndex =
    scenario === "rejected" ||
    scenario === "timedOut" ||
    scenario === "canceled" ||
    scenario === "checkFailed"
      ? lastApprovalStage
      : -1;

  // Scripted runs reach the stage their scenario is about: nothing random stops them earlier.
  const scripted = scenario !== "normal";
  let halted = false;
  let stalled = false;
  const outcomes: StageOutcome[] = [];
  definition.stages.forEach((stage, index) => {
    const stageRun: DemoStageRun = { stage, outcome: "skipped" };
    build.stageRuns.push(stageRun);
    if (halted || (draft.reason === "pullRequest" && stage.environmentId !== undefined)) {
      stageRun.outcome = stalled ? "notStarted" : "skipped";
      outcomes.push(stageRun.outcome);
      return;
    }
    stageRun.start = new Date(clock);
    if (stage.environmentId === undefined) {
      const roll = rng.next();
      stageRun.outcome = roll < 0.06 ? "failed" : roll < 0.11 ? "partiallySucceeded" : "succeeded";
      if (scripted && stageRun.outcome === "failed") stageRun.outcome = "succeeded";
      clock += rng.int(2, 12) * MINUTE;
      stageRun.finish = new Date(clock);
      halted = stageRun.outcome === "failed";
      outcomes.push(stageRun.outcome);
      clock += 10 * 1000;
      return;
    }
    const checks = tables.checksByEnv.get(String(stage.environmentId)) ?? [];
    let approvalOutcome: ApprovalStatusName = "approved";
    if (index === waitingIndex)
      approvalOutcome = scenario === "waitingApproval" ? "pending" : "approved";
    else if (index === decisiveIndex)
      approvalOutcome =
        scenario === "rejected"
          ? "rejected"
          : scenario === "canceled"
            ? "canceled"
            : scenario === "checkFailed"
              ? "approved"
              : "timedOut";
    else if (!scripted && rng.chance(0.05)) approvalOutcome = "rejected";
    else if (!scripted && rng.chance(0.03)) approvalOutcome = "timedOut";
    const taskChecksRunning = index === waitingIndex && scenario === "waitingChecks";
    const taskCheckFails = index === decisiveIndex && scenario === "checkFailed";

    let checksPassed = true;
    if (checks.length > 0) {
      const suite = createCheckSuite(ctx, rng, build, stageRun, checks, {
        approvalOutcome,
        taskChecksRunning,
        taskCheckFails,
        clock,
      });
      clock = suite.completedDate ? suite.completedDate.getTime() : clock;
      if (suite.status === "running") {
        stageRun.outcome = "waiting";
        halted = true;
        stalled = true;
        outcomes.push("waiting");
        return;
      }
      if (suite.status === "rejected") {
        stageRun.outcome = "failed";
        checksPassed = false;
      } else if (suite.status === "timedOut" || suite.status === "canceled") {
        stageRun.outcome = "canceled";
        checksPassed = false;
      }
    }
    if (!checksPassed) {
      stageRun.finish = new Date(clock);
      halted = true;
      outcomes.push(stageRun.outcome);
      return;
    }
    const environment = tables.envById.get(stage.environmentId) as DemoEnvironment;
    const jobQueued = new Date(clock + 5 * 1000);
    const jobStart = new Date(jobQueued.getTime() + rng.int(5, 60) * 1000);
    const failed = rng.chance(0.04) && !scripted;
    clock = jobStart.getTime() + rng.int(2, 10) * MINUTE;
    stageRun.outcome = failed ? "failed" : "succeeded";
    stageRun.finish = new Date(clock);
    tables.records.push({
      id: 0,
      environmentId: environment.id,
      projectId: build.projectId,
      planId: build.planId,
      stageName: stage.identifier,
      jobName: stage.jobName,
      requestIdentifier: uuidFrom(`job:${ctx.seed}:${build.id}:${stage.identifier}`),
      definition: { id: definition.id, name: definition.name },
      owner: { id: build.id, name: build.buildNumber },
      queueTime: jobQueued,
      startTime: jobStart,
      finishTime: stageRun.finish,
      result: failed ? "failed" : "succeeded",
    });
    halted = failed;
    outcomes.push(stageRun.outcome);
    clock += 10 * 1000;
  });

  if (outcomes.includes("waiting")) {
    build.status = "inProgress";
    return;
  }
  build.finishTime = new Date(clock);
  build.result = outcomes.includes("failed")
    ? "failed"
    : outcomes.includes("canceled")
      ? "canceled"
      : outcomes.includes("partiallySucceeded")
        ? "partiallySucceeded"
        : "succeeded";
}

export function createCheckSuite(
  ctx: GenContext,
  rng: Random,
  build: DemoBuild,
  stageRun: DemoStageRun,
  checks: DemoCheckConfiguration[],
  plan: {
    approvalOutcome: ApprovalStatusName;
    taskChecksRunning: boolean;
    /** The first task check rejects (e.g. the change ticket is not approved). */
    taskCheckFails?: boolean;
    clock: number;
  },
): DemoCheckSuite {
  // A stage run again gets a new check suite (and new approvals) for its new attempt.
  const attempt = stageRun.attempt && stageRun.attempt > 1 ? `:${stageRun.attempt}` : "";
  const suiteId = uuidFrom(
    `checkpoint:${ctx.seed}:${build.id}:${stageRun.stage.identifier}${attempt}`,
  );
  stageRun.checkSuiteId = suiteId;
  const created = new Date(plan.clock);
  let decided = plan.clock + rng.int(1, 30) * 1000;
  const runs: DemoCheckRun[] = [];
  for (const config of checks) {
    if (config.typeId === CHECK_TYPES.approval.id) {
      const approval = createApproval(
        ctx,
        rng,
        build,
        suiteId,
        config,
        plan.approvalOutcome,
        plan.clock,
      );
      decided = Math.max(decided, approval.lastModifiedOn.getTime());
      runs.push({
        id: approval.id,
        configurationId: config.id,
        status: approval.status === "pending" ? "running" : approval.status,
        resultMessage:
          approval.status === "timedOut"
            ? "Approval timed out"
            : approval.status === "rejected"
              ? "Rejected"
              : approval.status === "canceled"
                ? "Check aborted. This could be because the run was canceled or another check on the stage failed."
                : "",
        createdDate: created,
        completedDate: approval.status === "pending" ? undefined : approval.lastModifiedOn,
      });
      continue;
    }
    const running = plan.taskChecksRunning && config.typeId === CHECK_TYPES.task.id;
    const fails =
      plan.taskCheckFails === true &&
      config.typeId === CHECK_TYPES.task.id &&
      !runs.some((run) => run.status === "rejected");
    const completedAt = new Date(plan.clock + rng.int(2, 60) * 1000);
    runs.push({
      id: uuidFrom(
        `checkrun:${ctx.seed}:${build.id}:${stageRun.stage.identifier}:${config.id}${attempt}`,
      ),
      configurationId: config.id,
      status: running ? "running" : fails ? "rejected" : "approved",
      resultMessage: running
        ? "Waiting for the next evaluation (retry in 5 minutes)"
        : fails
          ? `${String(config.settings.displayName ?? "Check")}: the evaluation returned a failing result`
          : "",
      createdDate: created,
      completedDate: running ? undefined : completedAt,
    });
  }
  const statuses = runs.map((run) => run.status);
  const status = statuses.includes("rejected")
    ? "rejected"
    : statuses.includes("timedOut")
      ? "timedOut"
      : statuses.includes("canceled")
        ? "canceled"
        : statuses.includes("running")
          ? "running"
          : "approved";
  // Once one check decides the stage (or the run is canceled), the others stop.
  if (status === "rejected" || status === "timedOut" || status === "canceled") {
    for (const run of runs) {
      if (run.status === "running") {
        run.status = "canceled";
        run.resultMessage =
          "Check aborted. This could be because the run was canceled or another check on the stage failed.";
        run.completedDate = new Date(decided);
      }
    }
  }
  const suite: DemoCheckSuite = {
    id: suiteId,
    projectId: build.projectId,
    buildId: build.id,
    stageIdentifier: stageRun.stage.identifier,
    stageRecordId: stageRecordId(ctx.seed, build.id, stageRun.stage.identifier),
    status,
    message: "",
    completedDate: status === "running" ? undefined : new Date(decided),
    checkRuns: runs,
  };
  ctx.demo.checkSuites.push(suite);
  return suite;
}

function createApproval(
  ctx: GenContext,
  rng: Random,
  build: DemoBuild,
  suiteId: string,
  config: DemoCheckConfiguration,
  outcome: ApprovalStatusName,
  clock: number,
): DemoApproval {
  const settings = config.settings as {
    approvers: { id: string }[];
    executionOrder: "anyOrder" | "inSequence";
    minRequiredApprovers: number;
    instructions: string;
  };
  const everyone = [...ctx.people, ...ctx.groups];
  const approvers = settings.approvers.map(
    (ref) => everyone.find((person) => person.id === ref.id) as Person,
  );
  const createdOn = new Date(clock);
  // An approval cannot time out before its timeout has run out by the demo's "now": a random
  // timeout drawn for a run too recent for that becomes an approval instead.
  if (outcome === "timedOut" && clock + config.timeout * MINUTE > ctx.anchor.getTime()) {
    outcome = "approved";
  }
  const decidedOn = new Date(
    clock + (outcome === "timedOut" ? config.timeout * MINUTE : rng.int(3, 240) * MINUTE),
  );
  const inSequence = settings.executionOrder === "inSequence";
  const needed =
    settings.minRequiredApprovers === 0 ? approvers.length : settings.minRequiredApprovers;
  const steps: DemoApprovalStep[] = approvers.map((approver, index) => ({
    assignedApprover: approver,
    status: "pending",
    order: inSequence ? index + 1 : 1,
    initiatedOn: !inSequence || index === 0 ? createdOn : undefined,
  }));
  const actor = (approver: Person): Person =>
    approver.isContainer ? rng.pick(ctx.people) : approver;
  if (outcome === "approved") {
    steps.forEach((step, index) => {
      if (index < needed) {
        step.status = "approved";
        step.actualApprover = actor(step.assignedApprover);
        step.comment = rng.pick(["Looks good, smoke tests passed on staging", "Approved", ""]);
        step.initiatedOn = step.initiatedOn ?? createdOn;
        step.lastModifiedOn = new Date(decidedOn.getTime() - (needed - 1 - index) * 7 * MINUTE);
      } else {
        step.status = "skipped";
        step.lastModifiedOn = decidedOn;
      }
    });
  } else if (outcome === "rejected") {
    steps.forEach((step, index) => {
      if (index === 0) {
        step.status = "rejected";
        step.actualApprover = actor(step.assignedApprover);
        step.comment = "Blocked: the release notes don't say how to roll back";
        step.lastModifiedOn = decidedOn;
      } else {
        step.status = "skipped";
        step.lastModifiedOn = decidedOn;
      }
    });
  } else if (outcome === "timedOut") {
    for (const step of steps) {
      step.status = "timedOut";
      step.lastModifiedOn = decidedOn;
    }
  } else if (outcome === "canceled") {
    // The run was canceled while it waited: nobody decided.
    for (const step of steps) {
      step.status = "canceled";
      step.lastModifiedOn = decidedOn;
    }
  } else if (inSequence && steps.length > 1) {
    // Pending in sequence: the first approver has approved, the next one is asked.
    const [first, second] = steps;
    first.status = "approved";
    first.actualApprover = actor(first.assignedApprover);
    first.comment = "Release manager sign-off done";
    first.lastModifiedOn = new Date(clock + rng.int(3, 30) * MINUTE);
    second.initiatedOn = first.lastModifiedOn;
  }
  const approval: DemoApproval = {
    id: uuidFrom(`approval:${ctx.seed}:${build.id}:${suiteId}:${config.id}`),
    projectId: build.projectId,
    status: outcome,
    createdOn,
    lastModifiedOn:
      outcome === "pending"
        ? (steps.find((step) => step.status === "approved")?.lastModifiedOn ?? createdOn)
        : decidedOn,
    executionOrder: settings.executionOrder,
    minRequiredApprovers: settings.minRequiredApprovers,
    instructions: settings.instructions,
    steps,
    buildId: build.id,
    definitionId: build.definitionId,
    checkSuiteId: suiteId,
  };
  ctx.demo.approvals.push(approval);
  return approval;
}

function lastIndexWhere<T>(items: T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index])) return index;
  return -1;
}
