/**
 * Traceability on the large demo organization with 50 ms latency, each query against the naive
 * way (per-item calls, no batching, no session cache) in the same run:
 *
 * - the work item form: traceWorkItem over 50 work items with one session (cold first item, then
 *   the median) vs. per item: its links, each PR and run by itself, every environment's records,
 *   then each candidate deployment's run one by one;
 * - the deployed-where matrix vs. the same listings plus one run request per cell;
 * - the evidence pack of the bulk run (2,000 work items) vs. one request per work item, per PR,
 *   per commit and per approval.
 *
 * The naive answers double as cross-checks: the YAML environments reached per work item, the
 * cells' runs and the pack's work items and PRs must be the same.
 */
import { startEmulator } from "../dev/emulator";
import { BULK_RUN_WORK_ITEMS } from "../dev/emulator/demo/bulkRun";
import { createAdoSources, patAuth, type AdoSources } from "../src/adapters/ado";
import type { Run, WorkItem } from "../src/core/model";
import { mdTable } from "../src/core/report/text";
import type { Sources } from "../src/core/sources";
import {
  deployedMatrix,
  evidencePack,
  traceWorkItem,
  TraceSession,
  type WorkItemTrace,
} from "../src/core/trace";
import { mapWithConcurrency, measure, ratio, seconds, type BenchScenario } from "./lib";

const SEED = 1;
const SIZE = "large";
const LATENCY_MS = 50;
const NAIVE_CONCURRENCY = 6;
const FORM_ITEMS = 50;
const TOKEN = "bench-token";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** YAML environments a work item reached, by the naive way: every record's run read one by one. */
async function naiveWorkItem(sources: Sources, project: string, id: number): Promise<string[]> {
  const [item] = await sources.workItems.getWorkItems(project, [id]);
  const links =
    item?.relations.flatMap((relation) => (relation.artifact ? [relation.artifact] : [])) ?? [];
  const linkedRuns: Run[] = [];
  await mapWithConcurrency(links, NAIVE_CONCURRENCY, async (link) => {
    if (link.kind === "pullRequest")
      await sources.git
        .getPullRequest(link.projectId, link.repositoryId, link.pullRequestId)
        .catch(() => undefined);
    if (link.kind === "build") {
      const run = await sources.build.getRun(project, link.buildId).catch(() => undefined);
      if (run) linkedRuns.push(run);
    }
  });
  const environments = await sources.environments.listEnvironments(project);
  const records = (
    await mapWithConcurrency(environments, NAIVE_CONCURRENCY, (environment) =>
      sources.environments.listDeploymentRecords(project, environment.id),
    )
  ).flat();
  const names = new Map(environments.map((environment) => [environment.id, environment.name]));
  const pipelines = new Set(linkedRuns.map((run) => run.pipeline.id));
  const candidates = records.filter(
    (record) => pipelines.has(record.pipeline.id) && record.result === "succeeded",
  );
  const runs = await mapWithConcurrency(candidates, NAIVE_CONCURRENCY, (record) =>
    sources.build.getRun(project, record.run.id),
  );
  const reached = new Set<string>();
  candidates.forEach((record, index) => {
    const run = runs[index];
    const contains = linkedRuns.some(
      (linked) =>
        linked.pipeline.id === run.pipeline.id &&
        linked.sourceBranch.toLowerCase() === run.sourceBranch.toLowerCase() &&
        ((run.queueTime?.getTime() ?? 0) > (linked.queueTime?.getTime() ?? 0) ||
          ((run.queueTime?.getTime() ?? 0) === (linked.queueTime?.getTime() ?? 0) &&
            run.id >= linked.id)),
    );
    if (contains) reached.add(`${run.pipeline.name}|${names.get(record.environmentId)}`);
  });
  return [...reached].sort();
}

function engineReached(trace: WorkItemTrace): string[] {
  return trace.deployments
    .filter((deployment) => deployment.kind === "yaml" && deployment.reachedAt)
    .map((deployment) => `${deployment.pipeline}|${deployment.environment}`)
    .sort();
}

/** Work items with at least one build link, spread over the project. */
function formItems(items: WorkItem[]): number[] {
  const linked = items.filter((item) =>
    item.relations.some((relation) => relation.artifact?.kind === "build"),
  );
  const stride = Math.max(1, Math.floor(linked.length / FORM_ITEMS));
  return linked
    .filter((_, index) => index % stride === 0)
    .slice(0, FORM_ITEMS)
    .map((item) => item.id);
}

async function findBulkRun(sources: Sources, project: string): Promise<number> {
  const pipelines = await sources.build.listPipelines(project);
  const pipeline = pipelines.find((candidate) => candidate.name === "web-app-ci-cd");
  if (!pipeline) throw new Error("the large demo has no web-app-ci-cd pipeline");
  const runs = await sources.build.listRuns(project, {
    pipelineIds: [pipeline.id],
    status: "completed",
  });
  for (const run of runs) {
    const ids = await sources.build.getRunWorkItemIds(project, run.id);
    if (ids.length >= BULK_RUN_WORK_ITEMS) return run.id;
  }
  throw new Error(`no run of web-app-ci-cd has ${BULK_RUN_WORK_ITEMS} work items`);
}

export const traceScenario: BenchScenario = {
  name: "trace",
  async run(log) {
    const emulator = await startEmulator({
      port: 0,
      seed: SEED,
      size: SIZE,
      faults: { latencyMs: LATENCY_MS },
    });
    const problems: string[] = [];
    const connect = (): AdoSources =>
      createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(TOKEN) });
    try {
      const project = emulator.project.name;
      const setup = connect();
      log(
        `trace: ${SIZE} demo org (seed ${SEED}), ${emulator.summary.runs} runs, ${emulator.summary.environments} environments, ${LATENCY_MS} ms latency`,
      );
      const allIds = await setup.sources.workItems.listWorkItemIds(project);
      const sample = formItems(
        await setup.sources.workItems.getWorkItems(project, allIds.slice(0, 3000)),
      );
      const bulkRunId = await findBulkRun(setup.sources, project);

      // 1. The work item form.
      const engine = connect();
      const session = new TraceSession(engine.sources, project);
      const formEngine: { calls: number; ms: number; reached: string[] }[] = [];
      for (const id of sample) {
        engine.resetCalls();
        const result = await measure(`trace ${id}`, async () => {
          const trace = await traceWorkItem(engine.sources, project, id, { session });
          return { calls: engine.calls().total, value: trace };
        });
        formEngine.push({
          calls: result.calls,
          ms: result.ms,
          reached: engineReached(result.value),
        });
      }
      const naive = connect();
      const formNaive: { calls: number; ms: number; reached: string[] }[] = [];
      for (const id of sample) {
        naive.resetCalls();
        const result = await measure(`naive ${id}`, async () => {
          const reached = await naiveWorkItem(naive.sources, project, id);
          return { calls: naive.calls().total, value: reached };
        });
        formNaive.push({ calls: result.calls, ms: result.ms, reached: result.value });
      }
      sample.forEach((id, index) => {
        if (formEngine[index].reached.join(";") !== formNaive[index].reached.join(";"))
          problems.push(
            `work item ${id}: engine reached ${formEngine[index].reached.join(", ")} but naive ${formNaive[index].reached.join(", ")}`,
          );
      });
      const warm = formEngine.slice(1);
      log(
        `  form: first ${formEngine[0].calls} calls, median ${median(warm.map((m) => m.calls))} calls / ${seconds(median(warm.map((m) => m.ms)))}; naive median ${median(formNaive.map((m) => m.calls))} calls / ${seconds(median(formNaive.map((m) => m.ms)))}`,
      );

      // 2. The deployed-where matrix.
      const matrixEngine = connect();
      const matrix = await measure("Deployed matrix (engine)", async () => {
        const value = await deployedMatrix(matrixEngine.sources, project);
        return { calls: matrixEngine.calls().total, value };
      });
      const matrixNaiveSources = connect();
      const matrixNaive = await measure("Deployed matrix (naive)", async () => {
        const s = matrixNaiveSources.sources;
        await s.build.listPipelines(project);
        const environments = await s.environments.listEnvironments(project);
        const records = (
          await mapWithConcurrency(environments, NAIVE_CONCURRENCY, (e) =>
            s.environments.listDeploymentRecords(project, e.id),
          )
        ).flat();
        // What runs there now (the newest deployment that succeeded) and any newer attempt.
        const time = (r: (typeof records)[number]) =>
          (r.finishTime ?? r.startTime ?? r.queueTime)?.getTime() ?? 0;
        const newer = (a: (typeof records)[number], b: (typeof records)[number] | undefined) =>
          !b || time(a) > time(b) || (time(a) === time(b) && a.id > b.id);
        const deployed = new Set(["succeeded", "succeededwithissues"]);
        const current = new Map<string, (typeof records)[number]>();
        const latest = new Map<string, (typeof records)[number]>();
        for (const record of records) {
          const key = `${record.pipeline.id}|${record.environmentId}`;
          if (newer(record, latest.get(key))) latest.set(key, record);
          if (deployed.has((record.result ?? "").toLowerCase()) && newer(record, current.get(key)))
            current.set(key, record);
        }
        const runIds = [
          ...new Set([...current.values(), ...latest.values()].map((record) => record.run.id)),
        ];
        const runs = await mapWithConcurrency(runIds, NAIVE_CONCURRENCY, (id) =>
          s.build.getRun(project, id),
        );
        await s.release.listReleases(project);
        return {
          calls: matrixNaiveSources.calls().total,
          value: runs.map((run) => run.id).sort((a, b) => a - b),
        };
      });
      const engineRuns = [
        ...new Set(
          matrix.value.cells.flatMap((cell) =>
            [cell.runId, cell.latestAttempt?.runId].filter((id): id is number => id !== undefined),
          ),
        ),
      ].sort((a, b) => a - b);
      if (engineRuns.join(",") !== matrixNaive.value.join(","))
        problems.push("deployed matrix: the engine's cells name other runs than the naive way");
      log(
        `  matrix: ${matrix.calls} calls / ${seconds(matrix.ms)}; naive ${matrixNaive.calls} calls / ${seconds(matrixNaive.ms)}`,
      );

      // 3. The evidence pack of the bulk run.
      const packEngine = connect();
      const pack = await measure("Evidence pack (engine)", async () => {
        const value = await evidencePack(packEngine.sources, project, { runId: bulkRunId });
        return { calls: packEngine.calls().total, value };
      });
      const packNaiveSources = connect();
      const packNaive = await measure("Evidence pack (naive)", async () => {
        const s = packNaiveSources.sources;
        const [run, timeline, ids, changes] = await Promise.all([
          s.build.getRun(project, bulkRunId),
          s.build.getTimeline(project, bulkRunId),
          s.build.getRunWorkItemIds(project, bulkRunId),
          s.build.getRunChanges(project, bulkRunId),
        ]);
        const items = (
          await mapWithConcurrency(ids, NAIVE_CONCURRENCY, (id) =>
            s.workItems.getWorkItems(project, [id]),
          )
        ).flat();
        const prLinks = new Map<number, { projectId: string; repositoryId: string }>();
        for (const item of items)
          for (const relation of item.relations)
            if (relation.artifact?.kind === "pullRequest")
              prLinks.set(relation.artifact.pullRequestId, relation.artifact);
        const prs = (
          await mapWithConcurrency([...prLinks], NAIVE_CONCURRENCY, ([id, link]) =>
            s.git.getPullRequest(link.projectId, link.repositoryId, id).catch(() => undefined),
          )
        ).flatMap((pr) => (pr ? [pr] : []));
        const repositoryId = run.repositoryId ?? "";
        await mapWithConcurrency(changes, NAIVE_CONCURRENCY, (change) =>
          s.git.getCommits(project, repositoryId, [change.id]),
        );
        const completed = await s.git.listPullRequests(project, {
          repositoryId,
          status: "completed",
          targetRefName: run.sourceBranch,
        });
        const changed = new Set(changes.map((change) => change.id));
        const merged = completed.filter((pr) => pr.mergeCommitId && changed.has(pr.mergeCommitId));
        await mapWithConcurrency(merged, NAIVE_CONCURRENCY, (pr) =>
          s.policy.listPullRequestPolicyEvaluations(project, {
            projectId: pr.projectId ?? emulator.project.id,
            pullRequestId: pr.id,
          }),
        );
        const approvalIds = timeline.records
          .filter((record) => record.type === "Checkpoint.Approval")
          .map((record) => record.id);
        await mapWithConcurrency(approvalIds, NAIVE_CONCURRENCY, (id) =>
          s.checks.listApprovals(project, { approvalIds: [id] }),
        );
        const checkpoints = timeline.records.filter((record) => record.type === "Checkpoint");
        await mapWithConcurrency(checkpoints, NAIVE_CONCURRENCY, (record) =>
          s.checks.getCheckSuite(project, record.id),
        );
        const policies = await s.policy.listPolicyConfigurations(project);
        const candidates = policies.filter((policy) =>
          policy.scopes.some(
            (scope) => scope.repositoryId == null || scope.repositoryId === repositoryId,
          ),
        );
        await mapWithConcurrency(candidates, NAIVE_CONCURRENCY, (policy) =>
          s.policy.listPolicyRevisions(project, policy.id),
        );
        return {
          calls: packNaiveSources.calls().total,
          value: {
            items: items.map((item) => item.id).sort((a, b) => a - b),
            prs: [...new Set([...prs, ...merged].map((pr) => pr.id))].sort((a, b) => a - b),
          },
        };
      });
      const packItems = pack.value.workItems.map((item) => item.id);
      if (packItems.join(",") !== packNaive.value.items.join(","))
        problems.push("evidence pack: work items differ from the naive way");
      const packPrs = pack.value.pullRequests.map((pr) => pr.id).sort((a, b) => a - b);
      if (packPrs.join(",") !== packNaive.value.prs.join(","))
        problems.push(
          `evidence pack: ${packPrs.length} PRs vs. ${packNaive.value.prs.length} the naive way`,
        );
      log(
        `  pack: ${pack.calls} calls / ${seconds(pack.ms)}; naive ${packNaive.calls} calls / ${seconds(packNaive.ms)}`,
      );

      const formEngineCalls = median(warm.map((m) => m.calls));
      const formEngineMs = median(warm.map((m) => m.ms));
      const formNaiveCalls = median(formNaive.map((m) => m.calls));
      const formNaiveMs = median(formNaive.map((m) => m.ms));
      const table = mdTable(
        [
          "Query",
          "Engine calls",
          "Engine time",
          "Naive calls",
          "Naive time",
          "Calls saved",
          "Time saved",
        ],
        [
          [
            `Work item form, median of ${warm.length} (session warm)`,
            formEngineCalls,
            seconds(formEngineMs),
            formNaiveCalls,
            seconds(formNaiveMs),
            ratio(formNaiveCalls, formEngineCalls),
            ratio(formNaiveMs, formEngineMs),
          ],
          [
            "Work item form, first item (session cold)",
            formEngine[0].calls,
            seconds(formEngine[0].ms),
            formNaive[0].calls,
            seconds(formNaive[0].ms),
            ratio(formNaive[0].calls, formEngine[0].calls),
            ratio(formNaive[0].ms, formEngine[0].ms),
          ],
          [
            `Deployed matrix (${matrix.value.cells.length} cells)`,
            matrix.calls,
            seconds(matrix.ms),
            matrixNaive.calls,
            seconds(matrixNaive.ms),
            ratio(matrixNaive.calls, matrix.calls),
            ratio(matrixNaive.ms, matrix.ms),
          ],
          [
            `Evidence pack, run ${bulkRunId} (${pack.value.workItems.length} work items, ${pack.value.pullRequests.length} PRs)`,
            pack.calls,
            seconds(pack.ms),
            packNaive.calls,
            seconds(packNaive.ms),
            ratio(packNaive.calls, pack.calls),
            ratio(packNaive.ms, pack.ms),
          ],
        ],
      );
      const markdown = [
        "## Traceability vs. naive per-item calls",
        "",
        `Setup: demo organization size \`${SIZE}\`, seed ${SEED}, ${LATENCY_MS} ms latency injected on every API response; main project "${project}", ${emulator.summary.runs} runs, ${emulator.summary.environments} environments. Engine and naive way run in the same process against the same emulator, one after the other.`,
        "",
        table,
        "",
        `- Work item form: ${sample.length} work items with an "Integrated in build" link, spread over the project. The engine keeps one session (repositories, environments with their deployment records, Classic releases, runs per pipeline and branch are read once); the first item pays for those reads. The naive way reads the item, each PR and run by itself, every environment's deployment records, then the run of every candidate deployment one by one. Worst warm item: ${Math.max(...warm.map((m) => m.calls))} calls.`,
        "- Deployed matrix: the engine reads pipelines, environments with their records and the releases, then the runs of what runs in each cell and of any newer attempt in batches of 100 ids; the naive way reads the same listings and those runs one by one.",
        `- Evidence pack: the run of web-app-ci-cd whose newest change links ${BULK_RUN_WORK_ITEMS} work items. The engine reads work items in batches of 200, commits in batches of 100, linked PRs by repository (or one project-wide listing past 20 repositories) and approvals in batches of 50; the naive way reads each work item, PR, commit and approval by itself.`,
        `- Cross-checks: YAML environments reached for all ${sample.length} work items, the ${engineRuns.length} runs the matrix's YAML cells name, and the pack's work items and PRs agree with the naive answers${problems.length === 0 ? "" : " except where reported"}.`,
        "",
      ].join("\n");
      return { markdown, problems };
    } finally {
      await emulator.close();
    }
  },
};
