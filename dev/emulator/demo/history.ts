/**
 * Delivery history for the metrics: about three months of older runs of the YAML pipelines that
 * deploy to production, before the rest of the demo. Production sees failed, partially succeeded
 * and canceled deployments, rollbacks (an older run's stage deployed again, attempt 2), hotfixes
 * from short-lived branches straight to production, and a project-wide two-week freeze.
 * Generated last from its own random stream, with run ids below the existing ones (ids grow with
 * time, as the service's do), so the newer part of the demo stays as it was.
 */
import type { GenContext } from "./generate";
import type {
  DemoBuild,
  DemoBuildDefinition,
  DemoCheckConfiguration,
  DemoCommit,
  DemoDeploymentRecord,
  DemoRepository,
  DemoStageRun,
  StageOutcome,
} from "./model";
import { COMMIT_MESSAGES, FEATURE_TOPICS } from "./names";
import { createCheckSuite } from "./pipelines";
import { Random, shaFrom, uuidFrom } from "./random";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back the history starts, in days before the demo's "now". */
export const HISTORY_DAYS = 112;

/** What happens to a run's first production deployment. */
export type ProdOutcome =
  | "succeeded"
  | "failed"
  | "partiallySucceeded"
  | "canceled"
  /** Succeeded, then an incident names its build; the previous run is deployed again. */
  | "incident"
  /** Succeeded, then an incident names it through the Found In field only. */
  | "incidentFoundIn"
  /** Succeeded, then an incident that names no build is filed soon after. */
  | "incidentUnnamed";

/** A scripted step: an outcome, or one followed by a hotfix run or a rollback. */
type ScriptStep = ProdOutcome | "failedThenHotfix" | "partialThenRollback";

/** Scripted production outcomes by the run's position in its pipeline's history (oldest = 0). */
const SCRIPTS: Record<string, Record<number, ScriptStep>> = {
  "web-app-ci-cd": {
    4: "failedThenHotfix",
    9: "partialThenRollback",
    14: "incident",
    19: "canceled",
    24: "failed",
  },
  "api-gateway-ci-cd": {
    3: "failed",
    8: "incidentFoundIn",
    13: "partialThenRollback",
    17: "canceled",
  },
  "payments-service": { 2: "failedThenHotfix", 6: "incidentUnnamed", 10: "partiallySucceeded" },
  "infra-terraform-deploy": { 3: "failed" },
};

/** Runs per working day, by pipeline (others in the large demo use the default). */
const RATES: Record<string, number> = {
  "web-app-ci-cd": 0.55,
  "api-gateway-ci-cd": 0.45,
  "payments-service": 0.35,
  "infra-terraform-deploy": 0.2,
};
const DEFAULT_RATE = 0.25;
/** The large demo also gives history to this many more pipelines that deploy to production. */
const LARGE_EXTRA_PIPELINES = 40;

export interface HistoryRun {
  build: DemoBuild;
  definition: DemoBuildDefinition;
  /** Its first production deployment, when it reached one. */
  prodRecord?: DemoDeploymentRecord;
  outcome: ProdOutcome;
  hotfix: boolean;
  rollback: boolean;
  /** Set on the run deployed again by a rollback: that second deployment. */
  redeployed?: DemoDeploymentRecord;
}

export interface DeliveryHistory {
  runs: HistoryRun[];
  /** History commits by repository id, newest first. */
  commits: Map<string, DemoCommit[]>;
}

interface Slot {
  definition: DemoBuildDefinition;
  repo: DemoRepository;
  queueTime: Date;
  outcome: ProdOutcome;
  hotfix: boolean;
  /** The previous run is deployed to production again after this one (a rollback). */
  rollback: boolean;
  /** The commits new in this run, newest first. */
  commits: DemoCommit[];
  /** Set for a hotfix run (its short-lived branch); main-branch runs use the default branch. */
  sourceBranch?: string;
}

/** Production as the product's default rule sees it: the first or last word is prod(uction). */
export function isProductionName(name: string): boolean {
  const folded = name.toLowerCase();
  if (folded.startsWith("pre") || folded.startsWith("non")) return false;
  const words = folded.split(/[-_.\s]+/).filter((word) => word !== "");
  const production = (word: string | undefined) => word === "prod" || word === "production";
  return production(words[0]) || production(words[words.length - 1]);
}

export function addDeliveryHistory(ctx: GenContext): DeliveryHistory {
  const rng = ctx.rng.fork("delivery-history");
  const history: DeliveryHistory = { runs: [], commits: new Map() };
  const slots: Slot[] = [];
  for (const { definition, repo } of historyPipelines(ctx)) {
    const planned = planSlots(ctx, rng, definition, repo);
    const commits = historyCommits(ctx, rng, repo, planned);
    history.commits.set(repo.id, commits);
    slots.push(...planned);
  }
  slots.sort(
    (a, b) => a.queueTime.getTime() - b.queueTime.getTime() || a.definition.id - b.definition.id,
  );
  const firstId = Math.min(...ctx.demo.builds.map((build) => build.id)) - slots.length;
  if (firstId < 1) throw new Error("The demo's run ids leave no room for its history.");
  const sim: Sim = { ctx, rng, tables: runTables(ctx) };
  const runs = slots.map((slot, index) => simulate(sim, slot, firstId + index));
  addRollbacks(sim, runs);
  const tables = sim.tables;
  history.runs = runs;
  ctx.demo.builds.unshift(...runs.map((run) => run.build));
  const records = [...tables.records, ...ctx.demo.deploymentRecords];
  records.sort((a, b) => a.queueTime.getTime() - b.queueTime.getTime() || a.owner.id - b.owner.id);
  records.forEach((record, index) => (record.id = index + 1));
  ctx.demo.deploymentRecords = records;
  return history;
}

/** The YAML pipelines with a production stage, on a repository of their own in the history. */
function historyPipelines(
  ctx: GenContext,
): { definition: DemoBuildDefinition; repo: DemoRepository }[] {
  const envById = new Map(
    ctx.demo.environments.map((environment) => [environment.id, environment]),
  );
  const deploysToProd = (definition: DemoBuildDefinition) =>
    definition.kind === "yaml" &&
    definition.stages.some((stage) =>
      isProductionName(envById.get(stage.environmentId ?? -1)?.name ?? ""),
    );
  const main = ctx.demo.buildDefinitions.filter(
    (definition) => definition.name in SCRIPTS && deploysToProd(definition),
  );
  const extra = ctx.large
    ? ctx.demo.buildDefinitions
        .filter((definition) => !(definition.name in SCRIPTS) && deploysToProd(definition))
        .slice(0, LARGE_EXTRA_PIPELINES)
    : [];
  const usedRepos = new Set<string>();
  const chosen: { definition: DemoBuildDefinition; repo: DemoRepository }[] = [];
  for (const definition of [...main, ...extra]) {
    const repo = ctx.repoById.get(definition.repositoryId);
    if (!repo || repo.commits.length === 0 || usedRepos.has(repo.id)) continue;
    usedRepos.add(repo.id);
    chosen.push({ definition, repo });
  }
  return chosen;
}

/** Monday 00:00 UTC of the ISO week holding `date`. */
function weekStart(date: Date): number {
  const day = (date.getUTCDay() + 6) % 7;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - day * DAY;
}

/** Two whole ISO weeks, seven to eight weeks before "now", in which nobody deploys. */
export function freezeWeeks(anchor: Date): { start: number; end: number } {
  const start = weekStart(new Date(anchor.getTime() - 56 * DAY));
  return { start, end: start + 14 * DAY };
}

/** One run at most per working day, between the history's start and the pipeline's first run. */
function planSlots(
  ctx: GenContext,
  rng: Random,
  definition: DemoBuildDefinition,
  repo: DemoRepository,
): Slot[] {
  const existing = ctx.demo.builds.filter((build) => build.definitionId === definition.id);
  const firstRun = Math.min(...existing.map((build) => build.queueTime.getTime()));
  const oldestCommit = repo.commits[repo.commits.length - 1].date.getTime();
  const end = Math.min(firstRun, oldestCommit) - DAY;
  const freeze = freezeWeeks(ctx.anchor);
  const script = SCRIPTS[definition.name] ?? {};
  const rate = RATES[definition.name] ?? DEFAULT_RATE;
  const slots: Slot[] = [];
  for (let day = weekStart(ctx.before(HISTORY_DAYS * 24)); day + DAY < end; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6 || (day >= freeze.start && day < freeze.end)) continue;
    if (day < ctx.before(HISTORY_DAYS * 24).getTime() || !rng.chance(rate)) continue;
    const queueTime = new Date(day + rng.int(7 * 60, 16 * 60) * MINUTE);
    const scripted = script[slots.filter((slot) => !slot.hotfix).length];
    const random = rng.next();
    const outcome: ProdOutcome =
      scripted === "failedThenHotfix"
        ? "failed"
        : scripted === "partialThenRollback"
          ? "partiallySucceeded"
          : (scripted ??
            (random < 0.05 ? "failed" : random < 0.08 ? "partiallySucceeded" : "succeeded"));
    const rollback = scripted === "partialThenRollback" || scripted === "incident";
    slots.push({ definition, repo, queueTime, outcome, hotfix: false, rollback, commits: [] });
    if (scripted === "failedThenHotfix") {
      // The fix goes from a short-lived branch straight to production a few hours later.
      const hotfixTime = new Date(queueTime.getTime() + rng.int(90, 180) * MINUTE);
      slots.push({
        definition,
        repo,
        queueTime: hotfixTime,
        outcome: "succeeded",
        hotfix: true,
        rollback: false,
        commits: [],
      });
    }
  }
  return slots;
}

/**
 * The repository's older commits, newest first, chained below its oldest commit; each main-branch
 * run gets the commits made since the run before it. A hotfix commit sits on a branch deleted
 * after it was merged back (the merge is the next main commit).
 */
function historyCommits(
  ctx: GenContext,
  rng: Random,
  repo: DemoRepository,
  slots: Slot[],
): DemoCommit[] {
  const made: DemoCommit[] = [];
  let previousTime = ctx.before(HISTORY_DAYS * 24 + 72).getTime();
  let head: DemoCommit | undefined;
  let pendingHotfix: DemoCommit | undefined;
  let pendingBranch = "";
  const commit = (key: string, time: number, comment: string, parents: string[]): DemoCommit => ({
    commitId: shaFrom(`history:${ctx.seed}:${repo.id}:${key}`),
    repositoryId: repo.id,
    author: rng.pick(ctx.people),
    date: new Date(time),
    comment,
    parents,
    changeCounts: { Add: rng.int(0, 4), Edit: rng.int(1, 9), Delete: rng.int(0, 2) },
    workItemIds: [],
    history: true,
  });
  slots.forEach((slot, index) => {
    const due = slot.queueTime.getTime() - rng.int(10, 50) * MINUTE;
    if (slot.hotfix) {
      const topic = rng.pick(FEATURE_TOPICS);
      const fix = commit(`hotfix:${index}`, due, `Hotfix: ${topic.replace(/-/g, " ")}`, [
        head?.commitId ?? "",
      ]);
      repo.branchCommits.push(fix);
      ctx.commitById.set(fix.commitId, fix);
      slot.commits = [fix];
      slot.sourceBranch = `refs/heads/hotfix/${topic}`;
      pendingHotfix = fix;
      pendingBranch = slot.sourceBranch.replace("refs/heads/", "");
      return;
    }
    const count = rng.int(1, 3);
    for (let step = 0; step < count; step++) {
      const time = previousTime + ((due - previousTime) * (step + 1)) / (count + 0.5);
      const parents = head ? [head.commitId] : [];
      let comment = head ? rng.pick(COMMIT_MESSAGES) : "Initial commit";
      if (pendingHotfix && step === 0) {
        parents.push(pendingHotfix.commitId);
        comment = `Merge ${pendingBranch} into ${(repo.defaultBranch ?? "").replace("refs/heads/", "")}`;
      }
      head = commit(`${index}:${step}`, Math.round(time), comment, parents);
      made.unshift(head);
      slot.commits.unshift(head);
    }
    // The merge brings the hotfix commit to main: this run lists it among its changes.
    if (pendingHotfix) slot.commits.push(pendingHotfix);
    pendingHotfix = undefined;
    previousTime = slot.queueTime.getTime();
  });
  const oldest = repo.commits[repo.commits.length - 1];
  if (head && oldest) {
    oldest.parents = [head.commitId];
    oldest.comment = rng.pick(COMMIT_MESSAGES);
  }
  repo.commits.push(...made);
  for (const item of made) ctx.commitById.set(item.commitId, item);
  return made;
}

type DeployOutcome = "succeeded" | "failed" | "partiallySucceeded" | "canceled";

function definitionName(ctx: GenContext, id: number): string {
  return ctx.demo.buildDefinitions.find((definition) => definition.id === id)?.name ?? "";
}

interface RunTables {
  envName: Map<number, string>;
  checksByEnv: Map<number, DemoCheckConfiguration[]>;
  records: DemoDeploymentRecord[];
  dailyCounters: Map<string, number>;
}

function runTables(ctx: GenContext): RunTables {
  const checksByEnv = new Map<number, DemoCheckConfiguration[]>();
  for (const config of ctx.demo.checkConfigurations) {
    if (config.resource.type !== "environment" || config.isDisabled) continue;
    const id = Number(config.resource.id);
    checksByEnv.set(id, [...(checksByEnv.get(id) ?? []), config]);
  }
  return {
    envName: new Map(
      ctx.demo.environments.map((environment) => [environment.id, environment.name]),
    ),
    checksByEnv,
    records: [],
    dailyCounters: new Map(),
  };
}

/** One generation pass: the context, the history's random stream and what it built so far. */
interface Sim {
  ctx: GenContext;
  rng: Random;
  tables: RunTables;
}

function newBuild({ ctx, rng, tables }: Sim, slot: Slot, id: number): DemoBuild {
  const day = slot.queueTime.toISOString().slice(0, 10).replace(/-/g, "");
  const key = `${slot.definition.id}:${day}`;
  const counter = (tables.dailyCounters.get(key) ?? 0) + 1;
  tables.dailyCounters.set(key, counter);
  const build: DemoBuild = {
    id,
    projectId: slot.definition.projectId,
    definitionId: slot.definition.id,
    buildNumber: `${day}.${counter}`,
    status: "completed",
    queueTime: slot.queueTime,
    sourceBranch: slot.sourceBranch ?? (slot.repo.defaultBranch as string),
    sourceVersion: slot.commits[0]?.commitId ?? slot.repo.commits[0].commitId,
    reason: slot.hotfix ? "manual" : rng.chance(0.9) ? "individualCI" : "manual",
    requestedFor: rng.pick(ctx.people),
    planId: uuidFrom(`plan:${ctx.seed}:${id}`),
    repositoryId: slot.repo.id,
    changes: slot.commits.map((commit) => commit.commitId),
    workItemIds: [],
    stageRuns: [],
  };
  return build;
}

/** A stage's deployment job: its outcome, record and (when the environment had checks) suite. */
function deployStage(
  { ctx, rng, tables }: Sim,
  build: DemoBuild,
  stageRun: DemoStageRun,
  outcome: DeployOutcome,
): DemoDeploymentRecord {
  const stage = stageRun.stage;
  const environmentId = stage.environmentId as number;
  let clock = (stageRun.start as Date).getTime();
  // Checks apply from the day they were added to the environment.
  const checks = (tables.checksByEnv.get(environmentId) ?? []).filter(
    (config) => config.createdOn.getTime() <= clock,
  );
  if (checks.length > 0) {
    const approvals = ctx.demo.approvals.length;
    const suite = createCheckSuite(ctx, rng, build, stageRun, checks, {
      approvalOutcome: "approved",
      taskChecksRunning: false,
      clock,
    });
    suite.history = true;
    for (const approval of ctx.demo.approvals.slice(approvals)) approval.history = true;
    clock = suite.completedDate?.getTime() ?? clock;
  }
  const queueTime = new Date(clock + 5 * 1000);
  const startTime = new Date(queueTime.getTime() + rng.int(5, 60) * 1000);
  const minutes = outcome === "canceled" ? rng.int(1, 3) : rng.int(2, 10);
  stageRun.outcome = outcome;
  stageRun.finish = new Date(startTime.getTime() + minutes * MINUTE);
  const attempt = stageRun.attempt ?? 1;
  const record: DemoDeploymentRecord = {
    id: 0,
    environmentId,
    projectId: build.projectId,
    planId: build.planId,
    stageName: stage.identifier,
    jobName: stage.jobName,
    requestIdentifier: uuidFrom(
      `job:${ctx.seed}:${build.id}:${stage.identifier}${attempt > 1 ? `:${attempt}` : ""}`,
    ),
    definition: { id: build.definitionId, name: definitionName(ctx, build.definitionId) },
    owner: { id: build.id, name: build.buildNumber },
    queueTime,
    startTime,
    finishTime: stageRun.finish,
    result: outcome === "partiallySucceeded" ? "succeededWithIssues" : outcome,
  };
  if (attempt > 1) record.stageAttempt = attempt;
  tables.records.push(record);
  return record;
}

function deployOutcome(outcome: ProdOutcome): DeployOutcome {
  if (outcome === "failed" || outcome === "partiallySucceeded" || outcome === "canceled") {
    return outcome;
  }
  return "succeeded";
}

function runResult(outcomes: StageOutcome[]): NonNullable<DemoBuild["result"]> {
  if (outcomes.includes("failed")) return "failed";
  if (outcomes.includes("canceled")) return "canceled";
  if (outcomes.includes("partiallySucceeded")) return "partiallySucceeded";
  return "succeeded";
}

function simulate(sim: Sim, slot: Slot, id: number): HistoryRun {
  const { rng, tables } = sim;
  const build = newBuild(sim, slot, id);
  const run: HistoryRun = {
    build,
    definition: slot.definition,
    outcome: slot.outcome,
    hotfix: slot.hotfix,
    rollback: slot.rollback,
  };
  const prodStage = slot.definition.stages.find((stage) =>
    isProductionName(tables.envName.get(stage.environmentId ?? -1) ?? ""),
  );
  let clock = slot.queueTime.getTime() + rng.int(5, 90) * 1000;
  build.startTime = new Date(clock);
  let halted = false;
  for (const stage of slot.definition.stages) {
    const stageRun: DemoStageRun = { stage, outcome: "skipped" };
    build.stageRuns.push(stageRun);
    // A hotfix goes straight to production: its other deployment stages are skipped.
    if (halted || (slot.hotfix && stage.environmentId !== undefined && stage !== prodStage)) {
      continue;
    }
    stageRun.start = new Date(clock);
    if (stage.environmentId === undefined) {
      // Only unscripted runs fail to build: a scripted run reaches its production stage.
      const failed = slot.outcome === "succeeded" && !slot.hotfix && rng.chance(0.04);
      stageRun.outcome = failed ? "failed" : "succeeded";
      clock += rng.int(2, 12) * MINUTE;
      stageRun.finish = new Date(clock);
      halted = failed;
    } else {
      const outcome = stage === prodStage ? deployOutcome(slot.outcome) : "succeeded";
      const record = deployStage(sim, build, stageRun, outcome);
      if (stage === prodStage) run.prodRecord = record;
      clock = (stageRun.finish as Date).getTime();
      halted = outcome === "failed" || outcome === "canceled";
    }
    clock += 10 * 1000;
  }
  build.finishTime = new Date(clock);
  build.result = runResult(build.stageRuns.map((stageRun) => stageRun.outcome));
  return run;
}

/**
 * A rollback: the production stage of the pipeline's previous run that deployed there
 * successfully is run again (attempt 2) before the next run, so production goes back to it.
 */
function addRollbacks(sim: Sim, runs: HistoryRun[]): void {
  runs.forEach((run, index) => {
    const record = run.prodRecord;
    if (!run.rollback || !record?.finishTime) return;
    const same = (other: HistoryRun) => other.definition.id === run.definition.id;
    const previous = runs
      .slice(0, index)
      .reverse()
      .find(
        (other) => same(other) && other.prodRecord?.result === "succeeded" && !other.redeployed,
      );
    const next = runs.slice(index + 1).find(same);
    const delay =
      (run.outcome === "incident" ? sim.rng.int(180, 300) : sim.rng.int(40, 90)) * MINUTE;
    const start = record.finishTime.getTime() + delay;
    if (!previous || (next && next.build.queueTime.getTime() < start + HOUR)) return;
    const stageRun = previous.build.stageRuns.find(
      (candidate) => candidate.stage.identifier === record.stageName,
    );
    if (!stageRun) return;
    stageRun.attempt = 2;
    stageRun.start = new Date(start);
    previous.redeployed = deployStage(sim, previous.build, stageRun, "succeeded");
    previous.build.finishTime = stageRun.finish;
  });
}
