/**
 * Delivery metrics on the large demo organization with 50 ms latency: the project's metrics over
 * the last 30 and 90 days (collect the snapshot, then derive), against the naive reading in the
 * same run: every run of the deploying pipelines in reach read one by one (its timeline and its
 * changes), each commit by itself, each Classic release by itself.
 *
 * The naive answers double as cross-checks: the successful production deployments in the window
 * must be the engine's, and every commit the engine's lead time counts must be one the naive
 * reading found brought to production.
 */
import { startEmulator } from "../dev/emulator";
import { DEMO_SEED } from "../dev/emulator/index";
import { anchorFor } from "../dev/emulator/demo/generate";
import { createAdoSources, patAuth, type AdoSources } from "../src/adapters/ado";
import type { DeploymentRecord, Release, Run } from "../src/core/model";
import {
  collectDeliverySnapshot,
  deriveDeliveryMetrics,
  type DeliveryMetricsReport,
  type MetricsOptions,
} from "../src/core/metrics";
import { mdTable } from "../src/core/report/text";
import type { Sources } from "../src/core/sources";
import { isProductionName } from "../src/core/vocabulary";
import { mapWithConcurrency, measure, ratio, seconds, type BenchScenario } from "./lib";

const SIZE = "large";
const LATENCY_MS = 50;
const NAIVE_CONCURRENCY = 6;
const WINDOWS = [30, 90];
const DAY = 24 * 3600 * 1000;
const TOKEN = "bench-token";

/** What the naive reading found: successful production deployments and the commits they brought. */
interface NaiveAnswer {
  successful: string[];
  /** Commit id (lower case) → its repository, from the change's URL. */
  commits: Map<string, string>;
  runsRead: number;
}

/** The repository a change's REST URL names (`…/git/repositories/{id}/commits/{sha}`). */
function repositoryOf(location: string | undefined): string {
  return /\/repositories\/([^/]+)\/commits\//i.exec(location ?? "")?.[1] ?? "";
}

function addChanges(answer: NaiveAnswer, changes: { id: string; location?: string }[]): void {
  for (const change of changes)
    answer.commits.set(change.id.toLowerCase(), repositoryOf(change.location));
}

const time = (record: DeploymentRecord) => record.finishTime?.getTime() ?? 0;
const inWindow = (at: number, options: MetricsOptions) =>
  at >= options.since.getTime() && at < options.until.getTime();

/** YAML: every production record, then every run in reach with its timeline and changes. */
async function naiveYaml(
  s: Sources,
  project: string,
  options: MetricsOptions,
): Promise<NaiveAnswer> {
  const environments = (await s.environments.listEnvironments(project)).filter((environment) =>
    isProductionName(environment.name),
  );
  const records = (
    await mapWithConcurrency(environments, NAIVE_CONCURRENCY, (environment) =>
      s.environments.listDeploymentRecords(project, environment.id),
    )
  )
    .flat()
    .sort((a, b) => time(a) - time(b));
  const pipelineIds = [...new Set(records.map((record) => record.pipeline.id))];
  const runs = pipelineIds.length > 0 ? await s.build.listRuns(project, { pipelineIds }) : [];
  const runById = new Map(runs.map((run) => [run.id, run]));
  // Reach back to the run of each environment's last successful deployment before the window.
  const lastBefore = new Map<string, DeploymentRecord>();
  for (const record of records) {
    if (time(record) >= options.since.getTime() || record.result !== "succeeded") continue;
    lastBefore.set(`${record.pipeline.id}|${record.environmentId}`, record);
  }
  let from = options.since.getTime();
  for (const record of lastBefore.values()) {
    from = Math.min(from, runById.get(record.run.id)?.queueTime?.getTime() ?? from);
  }
  const reach = runs.filter((run) => {
    const queued = run.queueTime?.getTime() ?? 0;
    return queued >= from && queued < options.until.getTime();
  });
  const read = await mapWithConcurrency(reach, NAIVE_CONCURRENCY, async (run) => ({
    run,
    timeline: await s.build.getTimeline(project, run.id),
    changes: await s.build.getRunChanges(project, run.id),
  }));
  const byRun = new Map(read.map((entry) => [entry.run.id, entry]));
  const answer: NaiveAnswer = { successful: [], commits: new Map(), runsRead: reach.length };
  const previous = new Map<string, Run>();
  for (const record of records) {
    const entry = byRun.get(record.run.id);
    const stage = entry?.timeline.records.find(
      (candidate) => candidate.type === "Stage" && candidate.identifier === record.stageName,
    );
    if (!entry || record.result !== "succeeded" || stage?.result !== "succeeded") continue;
    const key = `${record.pipeline.id}|${record.environmentId}`;
    const before = previous.get(key);
    previous.set(key, entry.run);
    if (!inWindow(time(record), options)) continue;
    answer.successful.push(`yaml:${record.id}`);
    for (const brought of broughtRuns(read, entry.run, before)) addChanges(answer, brought.changes);
  }
  return answer;
}

/** The runs of the pipeline and branch after the previous deployment's run, up to this one. */
function broughtRuns<T extends { run: Run }>(read: T[], run: Run, before: Run | undefined): T[] {
  const queued = (candidate: Run) => candidate.queueTime?.getTime() ?? 0;
  return read.filter(
    ({ run: candidate }) =>
      candidate.pipeline.id === run.pipeline.id &&
      candidate.sourceBranch === run.sourceBranch &&
      queued(candidate) <= queued(run) &&
      (!before || queued(candidate) > queued(before)),
  );
}

interface ClassicStep {
  key: string;
  pipelineKey: string;
  buildId: number;
  finished: number;
}

/** Every successful production deploy step of the releases, oldest first. */
function classicSteps(releases: Release[]): ClassicStep[] {
  const steps: ClassicStep[] = [];
  for (const release of releases) {
    const build = release.artifacts.find((artifact) => artifact.isPrimary) ?? release.artifacts[0];
    for (const environment of release.environments) {
      if (!isProductionName(environment.name) || !build?.buildId) continue;
      for (const step of environment.deploySteps) {
        if (step.status !== "succeeded") continue;
        steps.push({
          key: `classic:${release.id}:${environment.id}:${step.attempt}`,
          pipelineKey: `${release.definition.id}|${environment.name.toLowerCase()}`,
          buildId: build.buildId,
          finished: step.lastModifiedOn?.getTime() ?? 0,
        });
      }
    }
  }
  return steps.sort((a, b) => a.finished - b.finished);
}

/**
 * Classic: the releases listed, then each one read again by itself; a deployment brought the
 * changes of its primary artifact's builds since the previous deployment's, each read by itself.
 */
async function naiveClassic(
  s: Sources,
  project: string,
  options: MetricsOptions,
): Promise<NaiveAnswer> {
  const listed = await s.release.listReleases(project);
  const releases: Release[] = await mapWithConcurrency(listed, NAIVE_CONCURRENCY, (release) =>
    s.release.getRelease(project, release.id),
  );
  const pipelineIds = [
    ...new Set(
      releases.flatMap((release) =>
        release.artifacts.flatMap((artifact) => artifact.buildDefinitionId ?? []),
      ),
    ),
  ];
  const runs = pipelineIds.length > 0 ? await s.build.listRuns(project, { pipelineIds }) : [];
  const runById = new Map(runs.map((run) => [run.id, { run }]));
  const answer: NaiveAnswer = { successful: [], commits: new Map(), runsRead: 0 };
  const previous = new Map<string, Run>();
  const read = new Set<number>();
  for (const step of classicSteps(releases)) {
    const run = runById.get(step.buildId)?.run;
    const before = previous.get(step.pipelineKey);
    if (run) previous.set(step.pipelineKey, run);
    if (!run || !inWindow(step.finished, options)) continue;
    answer.successful.push(step.key);
    for (const { run: brought } of broughtRuns([...runById.values()], run, before)) {
      if (read.has(brought.id)) continue;
      read.add(brought.id);
      answer.runsRead++;
      addChanges(answer, await s.build.getRunChanges(project, brought.id));
    }
  }
  return answer;
}

/** Each brought commit read by itself (its dates), as a script without batching would. */
async function naiveCommits(s: Sources, project: string, commits: Map<string, string>) {
  await mapWithConcurrency([...commits], NAIVE_CONCURRENCY, ([id, repositoryId]) =>
    s.git.getCommits(project, repositoryId, [id]),
  );
}

interface Side {
  calls: number;
  ms: number;
}

interface WindowResult {
  days: number;
  engine: Side;
  naive: Side;
  report: DeliveryMetricsReport;
  naiveAnswer: NaiveAnswer;
}

async function engineWindow(connect: () => AdoSources, project: string, options: MetricsOptions) {
  const engine = connect();
  return measure(`engine ${options.since.toISOString()}`, async () => {
    const snapshot = await collectDeliverySnapshot(engine.sources, project, options);
    return { calls: engine.calls().total, value: deriveDeliveryMetrics(snapshot, options) };
  });
}

async function naiveWindow(connect: () => AdoSources, project: string, options: MetricsOptions) {
  const naive = connect();
  return measure(`naive ${options.since.toISOString()}`, async () => {
    const s = naive.sources;
    await s.build.listPipelines(project);
    const [yaml, classic] = await Promise.all([
      naiveYaml(s, project, options),
      naiveClassic(s, project, options),
    ]);
    const answer: NaiveAnswer = {
      successful: [...yaml.successful, ...classic.successful].sort(),
      commits: new Map([...yaml.commits, ...classic.commits]),
      runsRead: yaml.runsRead + classic.runsRead,
    };
    await naiveCommits(s, project, answer.commits);
    return { calls: naive.calls().total, value: answer };
  });
}

/** The engine's answers against the naive reading's; each disagreement is a problem. */
function crossCheck(result: WindowResult): string[] {
  const { report, naiveAnswer, days } = result;
  const problems: string[] = [];
  const successful = report.deployments
    .filter((d) => d.production && d.inWindow && d.classification === "successful")
    .map((d) => d.key)
    .sort();
  if (successful.join(",") !== naiveAnswer.successful.join(",")) {
    problems.push(
      `${days} days: the engine counts ${successful.length} successful production deployments, the naive reading ${naiveAnswer.successful.length}`,
    );
  }
  const missing = report.commits.filter(
    (commit) => !naiveAnswer.commits.has(commit.id.toLowerCase()),
  );
  if (missing.length > 0) {
    problems.push(
      `${days} days: ${missing.length} commits the lead time counts were not brought by the naive reading (e.g. ${missing[0].id})`,
    );
  }
  return problems;
}

function percent(value: number | null): string {
  return value === null ? "–" : `${(value * 100).toFixed(1)}%`;
}

function hours(secondsValue: number | null): string {
  return secondsValue === null ? "–" : `${(secondsValue / 3600).toFixed(1)} h`;
}

/** The engine's project figures for a window, to see they are sane. */
function figuresRow(result: WindowResult): (string | number)[] {
  const { deploymentFrequency, leadTime, changeFailureRate, recoveryTime, reworkRate } =
    result.report.total.figures;
  return [
    `${result.days} days`,
    `${deploymentFrequency.successful ?? "–"} (${deploymentFrequency.value?.toFixed(2) ?? "–"}/day, ${deploymentFrequency.band ?? "–"})`,
    `${hours(leadTime.medianSeconds)} (p90 ${hours(leadTime.p90Seconds)}, ${leadTime.count ?? "–"} commits)`,
    `${percent(changeFailureRate.value)} (${changeFailureRate.failing ?? "–"} of ${changeFailureRate.total ?? "–"})`,
    `${hours(recoveryTime.medianSeconds)} (${recoveryTime.count ?? "–"} recovered, ${recoveryTime.open ?? "–"} open)`,
    `${percent(reworkRate.value)} (${reworkRate.rework ?? "–"} of ${reworkRate.successful ?? "–"})`,
  ];
}

function markdownOf(results: WindowResult[], project: string, runs: number): string {
  const comparison = mdTable(
    [
      "Window",
      "Engine calls",
      "Engine time",
      "Naive calls",
      "Naive time",
      "Calls saved",
      "Time saved",
    ],
    results.map((result) => [
      `Last ${result.days} days (${result.naiveAnswer.runsRead} runs in reach)`,
      result.engine.calls,
      seconds(result.engine.ms),
      result.naive.calls,
      seconds(result.naive.ms),
      ratio(result.naive.calls, result.engine.calls),
      ratio(result.naive.ms, result.engine.ms),
    ]),
  );
  const figures = mdTable(
    [
      "Window",
      "Successful deployments",
      "Lead time (median)",
      "Change failure rate",
      "Recovery (median)",
      "Rework rate",
    ],
    results.map(figuresRow),
  );
  return [
    "## Delivery metrics vs. the naive reading",
    "",
    `Setup: demo organization size \`${SIZE}\`, seed ${DEMO_SEED}, ${LATENCY_MS} ms latency injected on every API response; main project "${project}", ${runs} runs. The project's metrics (production environments and Classic stages, every pipeline) over the last 30 and 90 days before the demo's "now", engine (collect the snapshot, then derive) and naive reading one after the other against the same emulator.`,
    "",
    comparison,
    "",
    "- The naive reading lists the production environments' deployment records, the deploying pipelines' runs and the Classic releases, then reads every run in reach (from the run of each environment's last successful deployment before the window to the window's end) by itself: its timeline (the stage's result) and its changes; then each Classic release again by itself, with the changes of its primary artifact's builds since the previous deployment's, and each brought commit by itself. Incidents and rework are left out of the naive reading, so its figures are a floor.",
    "- Cross-checks: the successful production deployments in each window are the same both ways, and every commit the engine's lead time counts was brought to production in the naive reading" +
      (results.some((result) => crossCheck(result).length > 0) ? " (except where reported)." : "."),
    "",
    "What the engine found (project total, production):",
    "",
    figures,
    "",
  ].join("\n");
}

export const metricsScenario: BenchScenario = {
  name: "metrics",
  async run(log) {
    const emulator = await startEmulator({
      port: 0,
      seed: DEMO_SEED,
      size: SIZE,
      faults: { latencyMs: LATENCY_MS },
    });
    const connect = (): AdoSources =>
      createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(TOKEN) });
    try {
      const project = emulator.project.name;
      const until = anchorFor(DEMO_SEED);
      log(
        `metrics: ${SIZE} demo org (seed ${DEMO_SEED}), ${emulator.summary.runs} runs, ${LATENCY_MS} ms latency`,
      );
      const results: WindowResult[] = [];
      for (const days of WINDOWS) {
        const options: MetricsOptions = {
          since: new Date(until.getTime() - days * DAY),
          until,
          now: until,
        };
        const engine = await engineWindow(connect, project, options);
        const naive = await naiveWindow(connect, project, options);
        results.push({ days, engine, naive, report: engine.value, naiveAnswer: naive.value });
        log(
          `  ${days} days: engine ${engine.calls} calls / ${seconds(engine.ms)}; naive ${naive.calls} calls / ${seconds(naive.ms)} (${naive.value.runsRead} runs)`,
        );
      }
      const problems = results.flatMap(crossCheck);
      return { markdown: markdownOf(results, project, emulator.summary.runs), problems };
    } finally {
      await emulator.close();
    }
  },
};
