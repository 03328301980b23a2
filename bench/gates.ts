/**
 * Gate views vs. a naive per-run and per-stage fan-out on the large demo organization.
 *
 * - Waiting on: pendingGates (one pending-approvals call, in-progress runs and their timelines,
 *   suites of open checkpoints only, one batch query of configurations, releases in progress
 *   expanded) vs. every in-progress run's timeline, then one check suite per stage checkpoint,
 *   one approval call per approval record, and every release read one by one.
 * - Widget refresh: latestStageStates for one YAML pipeline vs. newest run, timeline, and one
 *   call per checkpoint and per approval record.
 * - Pipeline view: pipelineGates over 20 runs vs. 20 timelines, one suite per stage checkpoint
 *   and one approval call per approval record.
 * - Classic pipeline view: pipelineGates over a release definition's 20 newest releases vs.
 *   every release read with Get Release.
 * - Classic gate samples: the release list carries none, so the engine reads Get Release for
 *   each listed release whose gates are pending, running or failed; the figures count those
 *   calls (emulator route counts) against the releases that needed them (at most one each).
 *
 * Both sides use the same adapters (calls counted by the transport) against the same emulator
 * with the same latency. The naive answers, derived with the same state machine, double as a
 * cross-check: every (run, stage) must end in the same state.
 */
import { startEmulator, type RunningEmulator } from "../dev/emulator";
import { createAdoSources, patAuth } from "../src/adapters/ado";
import {
  deriveReleases,
  deriveYamlStages,
  latestStageStates,
  pendingGates,
  pipelineGates,
  resolvePipeline,
  type StageGate,
} from "../src/core/gates";
import { needsGateSamples } from "../src/core/gates/gateSamples";
import type { CheckConfiguration, CheckSuite, PipelineApproval, Run } from "../src/core/model";
import type { ReleaseQuery, Sources } from "../src/core/sources";
import { mdTable } from "../src/core/report/text";
import { measure, ratio, seconds, type BenchScenario, type Measurement } from "./lib";

const SEED = 1;
const SIZE = "large";
const LATENCY_MS = 50;
const TOKEN = "bench-token";
const PIPELINE = "web-app-ci-cd";
const CLASSIC_DEFINITION = "data-pipeline-release";
const RUNS = 20;

/** Get Release calls one engine view made, and the listed releases that needed their samples. */
interface GateSampleFigure {
  view: string;
  getRelease: number;
  needing: number;
  listed: number;
}

/** Runs `read` and counts what it sends to Get Release (the emulator's route counts). */
async function countingGetRelease<T>(
  emulator: RunningEmulator,
  read: () => Promise<T>,
): Promise<{ value: T; getRelease: number }> {
  emulator.resetStats();
  const value = await read();
  return { value, getRelease: emulator.stats().byRoute["release.release"] ?? 0 };
}

/** The same listing a view makes (read apart, not measured): how many need gate samples. */
async function needingSamples(
  sources: Sources,
  project: string,
  query: ReleaseQuery,
): Promise<{ needing: number; listed: number }> {
  const releases = await sources.release.listReleases(project, query);
  return {
    needing: releases.filter((release) => needsGateSamples(release)).length,
    listed: releases.length,
  };
}

function gateSampleProblems(figures: GateSampleFigure[]): string[] {
  return figures
    .filter((figure) => figure.getRelease > figure.needing)
    .map(
      (figure) =>
        `${figure.view}: ${figure.getRelease} Get Release calls for ${figure.needing} releases with gates pending, running or failed (at most one each)`,
    );
}

/** Every stage of `runs`, read the naive way: per run, per checkpoint, per approval record. */
async function naiveStages(sources: Sources, project: string, runs: Run[]): Promise<StageGate[]> {
  return (
    await Promise.all(
      runs.map(async (run) => {
        const timeline = await sources.build.getTimeline(project, run.id);
        const checkpoints = timeline.records.filter((record) => record.type === "Checkpoint");
        const approvalIds = timeline.records
          .filter((record) => record.type === "Checkpoint.Approval")
          .map((record) => record.id);
        const [suites, approvals] = await Promise.all([
          Promise.all(
            checkpoints.map((record) => sources.checks.getCheckSuite(project, record.id)),
          ),
          Promise.all(
            approvalIds.map((id) => sources.checks.listApprovals(project, { approvalIds: [id] })),
          ),
        ]);
        // One configuration query per resource, as a per-environment reader would.
        const resources = new Map(
          suites
            .flatMap((suite: CheckSuite) => suite.checkRuns)
            .flatMap((checkRun) => (checkRun.resource ? [checkRun.resource] : []))
            .map((resource) => [`${resource.type}:${resource.id}`, resource]),
        );
        const configurations: CheckConfiguration[] = (
          await Promise.all(
            [...resources.values()].map((resource) =>
              sources.checks.queryCheckConfigurations(project, [resource]),
            ),
          )
        ).flat();
        return deriveYamlStages({
          run: { id: run.id, name: run.number, pipeline: run.pipeline },
          timeline,
          approvals: new Map(approvals.flat().map((item: PipelineApproval) => [item.id, item])),
          suites: new Map(suites.map((suite) => [suite.id, suite])),
          configurations: new Map(configurations.map((item) => [item.id, item])),
        });
      }),
    )
  ).flat();
}

/** (run or release, stage) → state, for the cross-check. */
function statesOf(stages: StageGate[]): Map<string, string> {
  return new Map(
    stages.map((stage) => [
      `${stage.runId ?? `release ${stage.releaseId}`}/${stage.stage}`,
      stage.state,
    ]),
  );
}

function compare(label: string, engine: StageGate[], naive: StageGate[]): string[] {
  const left = statesOf(engine);
  const right = statesOf(naive);
  const problems: string[] = [];
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    if (left.get(key) !== right.get(key)) {
      problems.push(
        `${label}: ${key} is ${left.get(key) ?? "missing"} (engine) vs. ${right.get(key) ?? "missing"} (naive)`,
      );
    }
  }
  return problems;
}

export const gatesScenario: BenchScenario = {
  name: "gates",
  async run(log) {
    const emulator = await startEmulator({
      port: 0,
      seed: SEED,
      size: SIZE,
      faults: { latencyMs: LATENCY_MS },
    });
    try {
      const project = emulator.project.name;
      const open = () => createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(TOKEN) });
      log(
        `gates: ${SIZE} demo org (seed ${SEED}), ${emulator.summary.runs} runs, ${emulator.summary.releases} releases, ${LATENCY_MS} ms latency`,
      );
      const problems: string[] = [];
      const rows: { view: string; engine: Measurement; naive: Measurement }[] = [];

      const samples: GateSampleFigure[] = [];
      // Waiting on.
      const engineAdo = open();
      const waitingListing = await needingSamples(open().sources, project, {
        environmentStatuses: ["inProgress", "queued"],
      });
      const waiting = await measure("Waiting on (engine)", async () => {
        const counted = await countingGetRelease(emulator, () =>
          pendingGates(engineAdo.sources, project),
        );
        samples.push({ view: "Waiting on", ...waitingListing, getRelease: counted.getRelease });
        return { calls: engineAdo.calls().total, value: counted.value };
      });
      const naiveAdo = open();
      const naiveWaiting = await measure("Waiting on (naive)", async () => {
        const runs = await naiveAdo.sources.build.listRuns(project, { status: "inProgress" });
        const yaml = await naiveStages(naiveAdo.sources, project, runs);
        const listed = await naiveAdo.sources.release.listReleases(project, {});
        const [releases, definitions] = await Promise.all([
          Promise.all(
            listed.map((release) => naiveAdo.sources.release.getRelease(project, release.id)),
          ),
          naiveAdo.sources.release.listReleaseDefinitions(project),
        ]);
        const classic = deriveReleases(releases, definitions);
        const waitingOnly = (stages: StageGate[], key: (stage: StageGate) => unknown) => {
          const holding = new Set(stages.filter((stage) => stage.waiting.length > 0).map(key));
          return stages.filter((stage) => holding.has(key(stage)));
        };
        return {
          calls: naiveAdo.calls().total,
          value: [
            ...waitingOnly(yaml, (stage) => stage.runId),
            ...waitingOnly(classic, (stage) => stage.releaseId),
          ],
        };
      });
      rows.push({ view: "Waiting on (whole project)", engine: waiting, naive: naiveWaiting });
      problems.push(...compare("waiting on", waiting.value.stages, naiveWaiting.value));
      problems.push(
        ...waiting.value.notAvailable.map((item) => `waiting on: ${item.what}: ${item.reason}`),
      );

      // Widget refresh.
      const target = await resolvePipeline(open().sources, project, PIPELINE);
      if (target?.kind !== "yaml")
        throw new Error(`${PIPELINE} is not a YAML pipeline in the demo`);
      const widgetAdo = open();
      const widget = await measure("Widget refresh (engine)", async () => {
        const value = await latestStageStates(widgetAdo.sources, project, {
          kind: "yaml",
          pipelineId: target.pipeline.id,
        });
        return { calls: widgetAdo.calls().total, value };
      });
      const naiveWidgetAdo = open();
      const naiveWidget = await measure("Widget refresh (naive)", async () => {
        const runs = await naiveWidgetAdo.sources.build.listRuns(project, {
          pipelineIds: [target.pipeline.id],
          max: 1,
        });
        const value = await naiveStages(naiveWidgetAdo.sources, project, runs);
        return { calls: naiveWidgetAdo.calls().total, value };
      });
      rows.push({
        view: `Widget refresh (${PIPELINE}, newest run)`,
        engine: widget,
        naive: naiveWidget,
      });
      problems.push(...compare("widget", widget.value.stages, naiveWidget.value));
      if (widget.calls > 3) problems.push(`widget refresh took ${widget.calls} calls (budget 3)`);

      // Pipeline view.
      const pipelineAdo = open();
      const view = await measure("Pipeline view (engine)", async () => {
        const value = await pipelineGates(pipelineAdo.sources, project, target, RUNS);
        return { calls: pipelineAdo.calls().total, value };
      });
      const naivePipelineAdo = open();
      const naiveView = await measure("Pipeline view (naive)", async () => {
        const runs = await naivePipelineAdo.sources.build.listRuns(project, {
          pipelineIds: [target.pipeline.id],
          max: RUNS,
        });
        const value = await naiveStages(naivePipelineAdo.sources, project, runs);
        return { calls: naivePipelineAdo.calls().total, value };
      });
      rows.push({
        view: `Pipeline view (${PIPELINE}, ${RUNS} runs)`,
        engine: view,
        naive: naiveView,
      });
      problems.push(...compare("pipeline view", view.value.stages, naiveView.value));

      // Classic pipeline view: gate samples through Get Release where needed.
      const classic = await resolvePipeline(open().sources, project, CLASSIC_DEFINITION);
      if (classic?.kind !== "classic")
        throw new Error(`${CLASSIC_DEFINITION} is not a Classic release definition in the demo`);
      const classicAdo = open();
      const classicListing = await needingSamples(open().sources, project, {
        definitionId: classic.definition.id,
        max: RUNS,
      });
      const classicView = await measure("Classic pipeline view (engine)", async () => {
        const counted = await countingGetRelease(emulator, () =>
          pipelineGates(classicAdo.sources, project, classic, RUNS),
        );
        samples.push({
          view: `Classic pipeline view (${RUNS} releases)`,
          ...classicListing,
          getRelease: counted.getRelease,
        });
        return { calls: classicAdo.calls().total, value: counted.value };
      });
      const naiveClassicAdo = open();
      const naiveClassic = await measure("Classic pipeline view (naive)", async () => {
        const listed = await naiveClassicAdo.sources.release.listReleases(project, {
          definitionId: classic.definition.id,
          max: RUNS,
        });
        const releases = await Promise.all(
          listed.map((release) => naiveClassicAdo.sources.release.getRelease(project, release.id)),
        );
        const value = deriveReleases(releases, [classic.definition]);
        return { calls: naiveClassicAdo.calls().total, value };
      });
      rows.push({
        view: `Classic pipeline view (${CLASSIC_DEFINITION}, ${RUNS} releases)`,
        engine: classicView,
        naive: naiveClassic,
      });
      problems.push(
        ...compare("classic pipeline view", classicView.value.stages, naiveClassic.value),
      );
      problems.push(...gateSampleProblems(samples));

      for (const row of rows) {
        log(
          `  ${row.view}: engine ${row.engine.calls} calls ${seconds(row.engine.ms)}; naive ${row.naive.calls} calls ${seconds(row.naive.ms)}`,
        );
      }
      for (const figure of samples) {
        log(
          `  ${figure.view}: ${figure.getRelease} Get Release calls for ${figure.needing} of ${figure.listed} releases with gates pending, running or failed`,
        );
      }
      log(
        problems.length === 0
          ? "  cross-check: same state for every stage"
          : `  cross-check: ${problems.length} problem(s)`,
      );

      const markdown = [
        "## Gate views vs. naive per-run and per-stage fan-out",
        "",
        `Setup: demo organization size \`${SIZE}\`, seed ${SEED}, ${LATENCY_MS} ms latency injected on every API response; main project "${project}". Each row runs the engine's query, then the naive reading, one after the other against the same emulator through the same adapters (6 requests in flight).`,
        "",
        mdTable(
          [
            "View",
            "Engine calls",
            "Engine time",
            "Naive calls",
            "Naive time",
            "Calls saved",
            "Time saved",
          ],
          rows.map((row) => [
            row.view,
            row.engine.calls,
            seconds(row.engine.ms),
            row.naive.calls,
            seconds(row.naive.ms),
            ratio(row.naive.calls, row.engine.calls),
            ratio(row.naive.ms, row.engine.ms),
          ]),
        ),
        "",
        `- Waiting on (engine): one \`pipelines/approvals?state=pending&$expand=steps\`, one paged in-progress run listing, one timeline per waiting run, one check suite per open checkpoint, one batch \`checks/queryconfigurations\`, one paged \`release/releases?environmentStatusFilter=inProgress|queued&$expand=environments,artifacts,approvals\`, one Get Release per listed release whose gates are pending, running or failed, one release-definition listing. Found ${waiting.value.pending.length} pending items (${["approval", "check", "gate"].map((kind) => `${waiting.value.pending.filter((item) => item.kind === kind).length} ${kind}`).join(", ")}).`,
        "- Waiting on (naive): in-progress runs, then per run its timeline, per stage checkpoint its check suite, per approval record one approvals call, per resource one configuration query; every release listed and then read one by one.",
        `- Widget refresh (engine): newest run, its timeline, its approvals by id: ${widget.calls} calls (budget 3). Naive: the same plus one call per checkpoint and per approval record.`,
        `- Pipeline view (engine): run listing, ${RUNS} timelines (no batch endpoint exists), approvals by id in batches of 50, one suite per open checkpoint and per stage identifier, one configuration query.`,
        `- Classic pipeline view (engine): one release listing (environments and approvals expanded) and one Get Release (\`$topGateRecords=10\`) per release whose gates are pending, running or failed. Naive: the listing, then every release read with Get Release.`,
        "",
        "Classic gate samples: a release list carries each gate step's status but no sampling evaluation (only Get Release has `$topGateRecords`), so the engine reads Get Release for the releases whose gates are pending, running or failed, at most one extra call per such release; a gate step that succeeded or was canceled says enough by its status.",
        "",
        mdTable(
          ["View", "Releases listed", "With gates pending, running or failed", "Get Release calls"],
          samples.map((figure) => [figure.view, figure.listed, figure.needing, figure.getRelease]),
        ),
        "",
        `- Cross-check: ${problems.length === 0 ? "the engine and the naive reading give every stage the same state in all four views, and Get Release is read at most once per release that needs its gate samples." : `${problems.length} problem(s):`}`,
        ...problems.map((problem) => `  - ${problem}`),
        "",
      ].join("\n");
      return { markdown, problems };
    } finally {
      await emulator.close();
    }
  },
};
