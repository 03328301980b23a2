/**
 * The Gates tab and the gate-status widget, as built in dist/, against the demo organisation in
 * both themes. Expectations come from running the gates engine through the same adapters against
 * the same emulator, so every view must show what the engine computes.
 */
import type { Frame } from "playwright-core";
import {
  environmentProtection,
  pendingGates,
  pipelineGates,
  recentOutcomes,
  resolvePipeline,
  type PipelineTarget,
  type StageGate,
} from "../../src/core/gates";
import { gateStateLabels } from "../../src/ui/gates/labels";
import { runMatrix } from "../../src/ui/gates/matrix";
import { sortWaiting, waitingRows } from "../../src/ui/gates/waiting";
import { chooseOption } from "./choose";
import {
  contentFrame,
  emulatorSources,
  expectClean,
  expectThemeApplied,
  frameBackground,
  injectedElements,
  openHub,
  screenshot,
  stackForThisFile,
  THEMES,
  waitForFrames,
  type WatchedPage,
} from "./support";
import { resetWidgetSettings } from "./extensionData";
import { approvalPlace, loadPendingApprovals } from "../../src/ui/gates/pendingApprovals";

/** Demo pipelines (see the golden files): a YAML pipeline that waits on a sequential approval. */
const YAML_PIPELINE = "web-app-ci-cd";
const CLASSIC_DEFINITION = "data-pipeline-release";

const e2e = stackForThisFile();
const open = e2e.open;

function sources() {
  return emulatorSources(e2e.stack, () => undefined);
}

async function target(name: string): Promise<PipelineTarget> {
  const resolved = await resolvePipeline(sources(), e2e.stack.project.name, name);
  if (!resolved) throw new Error(`the demo has no pipeline ${name}`);
  return resolved;
}

function openGates(theme: string): Promise<{ watched: WatchedPage; frame: Frame }> {
  return openHub(e2e, theme, "gates");
}

async function showView(frame: Frame, name: string): Promise<void> {
  await frame.getByRole("tab", { name }).click();
}

/** Row labels of a table, in order, once its rows have rendered. */
async function rowLabels(frame: Frame, table: string): Promise<string[]> {
  const locator = frame.getByRole("table", { name: table });
  await locator.waitFor({ timeout: 30000 });
  return locator
    .locator("tbody > tr")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("aria-label") ?? ""));
}

function chipLabel(row: string, stage: StageGate): string {
  return `${row}, ${stage.stage}: ${gateStateLabels[stage.state]}. Show details`;
}

async function saveWidgetSettings(settings: unknown): Promise<void> {
  const response = await fetch(`${e2e.stack.harness.url}/_harness/api/widget-settings`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      widgetContributionId: "gate-status-widget",
      customSettings: { data: JSON.stringify(settings) },
    }),
  });
  expect(response.status).toBe(200);
}

describe.each(THEMES)("in the %s theme", (theme) => {
  test("Waiting on lists every pending item the engine finds, sortable, with inert instructions and deep links", async () => {
    const expected = await pendingGates(sources(), e2e.stack.project.name);
    const rows = waitingRows(expected);
    expect(rows.length).toBeGreaterThan(0);
    const { watched, frame } = await openGates(theme);
    await frame.getByText(`Waiting on (${rows.length})`).waitFor({ timeout: 30000 });
    const label = (row: (typeof rows)[number]) =>
      `${row.pipeline.name} ${row.runLabel}, ${row.stage}`;
    const table = "Pending approvals, checks and gates";
    // Default order: longest waiting first.
    expect(await rowLabels(frame, table)).toEqual(sortWaiting(rows, "age", "ascending").map(label));
    await frame.getByRole("button", { name: "Sort by timeout" }).click();
    expect(await rowLabels(frame, table)).toEqual(
      sortWaiting(rows, "timeout", "ascending").map(label),
    );
    await frame.getByRole("button", { name: "Sort by timeout" }).click();
    expect(await rowLabels(frame, table)).toEqual(
      sortWaiting(rows, "timeout", "descending").map(label),
    );

    // The sequential approval names only the approver whose turn it is.
    const sequential = rows.find((row) => row.sequential && row.approvers.length > 0);
    expect(sequential).toBeDefined();
    const sequentialRow = frame.getByRole("row", { name: label(sequential!) });
    expect(await sequentialRow.getByLabel("Approvers").textContent()).toBe(
      `Next: ${sequential!.approvers[0].displayName}`,
    );
    // Instructions with characters to escape stay text (markup is the hostile suite's).
    const escaped = rows.find((row) => row.instructions?.includes("&"));
    expect(escaped).toBeDefined();
    expect(
      await frame
        .getByRole("row", { name: label(escaped!) })
        .getByLabel("Instructions")
        .textContent(),
    ).toBe(escaped!.instructions);
    expect(await injectedElements(frame)).toBe(0);

    // Deep links where the user acts, built from ids.
    const project = encodeURIComponent(e2e.stack.project.name);
    const yamlRow = rows.find((row) => row.source === "yaml")!;
    expect(
      await frame
        .getByRole("row", { name: label(yamlRow) })
        .getByRole("link")
        .getAttribute("href"),
    ).toBe(`${e2e.stack.orgUrl}/${project}/_build/results?buildId=${yamlRow.runId}&view=results`);
    const classicRow = rows.find((row) => row.source === "classic")!;
    expect(
      await frame
        .getByRole("row", { name: label(classicRow) })
        .getByRole("link")
        .getAttribute("href"),
    ).toBe(
      `${e2e.stack.orgUrl}/${project}/_releaseProgress?_a=release-pipeline-progress&releaseId=${classicRow.releaseId}`,
    );
    // Read-only: nothing to approve with.
    expect(await frame.getByRole("button", { name: /approve|reject/i }).count()).toBe(0);
    expectThemeApplied(await frameBackground(frame), theme);
    await screenshot(watched.page, "gates-waiting", theme);
    expectClean(watched);
  });

  test("the pipeline view shows the newest runs as stage chips with details, YAML and Classic", async () => {
    const yaml = await target(YAML_PIPELINE);
    const expected = await pipelineGates(sources(), e2e.stack.project.name, yaml, 20);
    const matrix = runMatrix(expected.stages);
    expect(matrix.rows.length).toBeGreaterThan(1);
    const { watched, frame } = await openGates(theme);
    await showView(frame, "Pipeline view");
    await chooseOption(frame, "Pipeline or release definition", YAML_PIPELINE);
    await frame
      .getByText(`${YAML_PIPELINE}: ${matrix.rows.length} newest run`, { exact: false })
      .waitFor({ timeout: 30000 });
    const labels = await frame
      .getByRole("button", { name: /\. Show details$/ })
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label")));
    const expectedLabels = matrix.rows.flatMap((row) =>
      matrix.columns
        .map((column) => row.cells.get(column.key))
        .filter((stage): stage is StageGate => stage !== undefined)
        .map((stage) => chipLabel(row.label, stage)),
    );
    expect(labels).toEqual(expectedLabels);

    // Details of the stage that waits: its approver and its checks with their states.
    const waiting = expected.stages.find((stage) => stage.state === "waiting-for-approval");
    expect(waiting).toBeDefined();
    await frame.getByRole("button", { name: chipLabel(waiting!.runName ?? "", waiting!) }).click();
    const details = frame.getByLabel("Stage details", { exact: true });
    await details.waitFor();
    await details
      .getByText(`Next: ${waiting!.waiting[0].approvers[0].displayName}`, { exact: false })
      .waitFor();
    const checkRows = await details.getByRole("table", { name: "Checks" }).locator("tbody > tr");
    expect(await checkRows.count()).toBe(waiting!.checks.length);
    expect(await injectedElements(frame)).toBe(0);
    await screenshot(watched.page, "gates-pipeline", theme);

    // A Classic definition: releases as rows, gate samples in the details.
    const classic = await target(CLASSIC_DEFINITION);
    const classicExpected = await pipelineGates(sources(), e2e.stack.project.name, classic, 20);
    const classicMatrix = runMatrix(classicExpected.stages);
    await chooseOption(frame, "Pipeline or release definition", CLASSIC_DEFINITION);
    await frame
      .getByText(`${CLASSIC_DEFINITION}: ${classicMatrix.rows.length} newest release`, {
        exact: false,
      })
      .waitFor({ timeout: 30000 });
    const gated = classicExpected.stages.find((stage) =>
      stage.evidence.some((evidence) => evidence.kind === "gate-sample"),
    );
    expect(gated).toBeDefined();
    await frame.getByRole("button", { name: chipLabel(gated!.releaseName ?? "", gated!) }).click();
    const samples = gated!.evidence.filter((evidence) => evidence.kind === "gate-sample").length;
    await frame
      .getByLabel("Stage details", { exact: true })
      .getByText(`Gate evaluations (${samples})`)
      .waitFor();
    await screenshot(watched.page, "gates-pipeline-classic", theme);
    expectClean(watched);
  });

  test("recent outcomes and the environment protection audit match the engine", async () => {
    const now = new Date();
    const outcomes = await recentOutcomes(sources(), e2e.stack.project.name, {
      since: new Date(now.getTime() - 30 * 24 * 3_600_000),
      until: new Date(now.getTime() + 60_000),
    });
    expect(outcomes.stages.length).toBeGreaterThan(0);
    const { watched, frame } = await openGates(theme);
    await showView(frame, "Recent outcomes");
    await chooseOption(frame, "Window", "Last 30 days");
    await frame
      .getByText(`Rejected, timed out or failed (${outcomes.stages.length})`)
      .waitFor({ timeout: 30000 });
    const rejected = outcomes.stages.find((stage) => stage.decision?.by && stage.decision.comment);
    expect(rejected).toBeDefined();
    const table = frame.getByRole("table", { name: "Recent gate outcomes" });
    await table.getByText(rejected!.decision!.comment!, { exact: true }).first().waitFor();
    await table.getByText(rejected!.decision!.by!.displayName).first().waitFor();
    expect(await injectedElements(frame)).toBe(0);
    await screenshot(watched.page, "gates-outcomes", theme);

    const protection = await environmentProtection(sources(), e2e.stack.project.name);
    await showView(frame, "Environment protection");
    await frame
      .getByText(`Environments (${protection.environments.length})`)
      .waitFor({ timeout: 30000 });
    await frame.getByText(`Classic release stages (${protection.classicStages.length})`).waitFor();
    const production = await frame.locator("tr.rt-production").count();
    expect(production).toBe(
      protection.environments.filter((environment) => environment.production).length +
        protection.classicStages.filter((stage) => stage.production).length,
    );
    expect(production).toBeGreaterThan(0);
    const environments = await rowLabels(frame, "Environments and their checks");
    expect(environments).toEqual(
      protection.environments.map(
        (environment) => `${environment.name}${environment.production ? " (production)" : ""}`,
      ),
    );
    await screenshot(watched.page, "gates-protection", theme);
    expectClean(watched);
  });

  test("unconfigured, the widget lists what waits across all pipelines in at most 3 calls", async () => {
    await resetWidgetSettings(e2e.stack.harness.url, "gate-status-widget");
    const expected = await loadPendingApprovals(sources(), e2e.stack.project.name);
    expect(expected.total).toBeGreaterThan(0);
    const page = await e2e.stack.browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Every REST call, by the frame that made it (the emulator's counts cannot tell widgets apart).
    const calls = new Map<Frame, string[]>();
    page.on("request", (request) => {
      if (!request.url().startsWith(e2e.stack.orgUrl) || !request.url().includes("/_apis/")) return;
      const frame = request.frame();
      calls.set(frame, [...(calls.get(frame) ?? []), request.url()]);
    });
    await page.goto(`${e2e.stack.harness.url}/dashboard?theme=${theme}`);
    const widgets = e2e.stack.harness.manifest.contributions.filter(
      (contribution) => contribution.type === "ms.vss-dashboards-web.widget",
    );
    const total = widgets.reduce((sum, widget) => sum + widget.supportedSizes.length, 0);
    const states = (await waitForFrames(page, total)).filter(
      (state) => state.contributionId === "gate-status-widget",
    );
    expect(states.length).toBe(3);
    const oldest = approvalPlace(expected.approvals[0]);
    for (const state of states) {
      const frame = await contentFrame(page, state.elementId);
      const list = frame.getByRole("list", { name: "Waiting for approval" });
      await list.waitFor({ timeout: 20000 });
      expect(await frame.getByLabel("Pending approvals").textContent()).toBe(
        String(expected.total),
      );
      // Oldest first: the oldest is always shown; the rest are counted, never dropped silently.
      const labels = await list
        .getByRole("listitem")
        .evaluateAll((items) => items.map((item) => item.getAttribute("aria-label") ?? ""));
      expect(labels[0].startsWith(`${oldest}: `)).toBe(true);
      const hidden = expected.total - labels.length;
      if (hidden > 0)
        await frame.getByText(`and ${hidden} more approval${hidden === 1 ? "" : "s"}`).waitFor();
      const made = calls.get(frame) ?? [];
      expect(made.length).toBeGreaterThan(0);
      expect(made.length).toBeLessThanOrEqual(3);
      expect(made.every((url) => /\/approvals\b/i.test(new URL(url).pathname))).toBe(true);
      expectThemeApplied(await frameBackground(frame), theme);
    }
    await screenshot(page, "gates-widget-all-pipelines", theme);
    await page.close();
  });

  test("the widget shows the newest run's stages in 1×2, 2×2 and 2×3", async () => {
    const yaml = await target(YAML_PIPELINE);
    if (yaml.kind !== "yaml") throw new Error(`${YAML_PIPELINE} is not a YAML pipeline`);
    const newest = await pipelineGates(sources(), e2e.stack.project.name, yaml, 1);
    expect(newest.stages.length).toBeGreaterThan(0);
    await saveWidgetSettings({
      target: { kind: "yaml", id: yaml.pipeline.id, name: YAML_PIPELINE },
      refreshMinutes: 5,
    });
    const watched = await open(`/dashboard?theme=${theme}`);
    const widgets = e2e.stack.harness.manifest.contributions.filter(
      (contribution) => contribution.type === "ms.vss-dashboards-web.widget",
    );
    const total = widgets.reduce((sum, widget) => sum + widget.supportedSizes.length, 0);
    const states = (await waitForFrames(watched.page, total)).filter(
      (state) => state.contributionId === "gate-status-widget",
    );
    expect(states.length).toBe(3);
    const runName = newest.stages[0].runName ?? "";
    for (const state of states) {
      expect(state).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
      const frame = await contentFrame(watched.page, state.elementId);
      await frame.getByText(runName, { exact: false }).first().waitFor({ timeout: 20000 });
      const shown = await frame
        .getByLabel("Stages", { exact: true })
        .locator("[aria-label]")
        .evaluateAll((elements) =>
          elements
            .map((element) => element.getAttribute("aria-label") ?? "")
            .filter((text) => /: /.test(text) && !/\. Show details$/.test(text)),
        );
      const expectedLabels = newest.stages.map(
        (stage) => `${stage.stage}: ${gateStateLabels[stage.state]}`,
      );
      // Every stage shown is the engine's, in order; the rest are counted, never dropped silently.
      const visible = shown.filter((text) => expectedLabels.includes(text));
      expect(visible).toEqual(expectedLabels.filter((text) => visible.includes(text)));
      expect(visible.length).toBeGreaterThan(0);
      const hidden = expectedLabels.length - visible.length;
      if (hidden > 0) {
        await frame
          .getByText(`and ${hidden} more stage${hidden === 1 ? "" : "s"}`)
          .waitFor({ timeout: 5000 });
      }
      // The waiting stage is always among those shown, with its approver.
      const waiting = newest.stages.find((stage) => stage.waiting.length > 0);
      if (waiting) {
        expect(visible).toContain(`${waiting.stage}: ${gateStateLabels[waiting.state]}`);
        await frame
          .getByText(`Next: ${waiting.waiting[0].approvers[0].displayName}`, { exact: false })
          .first()
          .waitFor();
      }
      expectThemeApplied(await frameBackground(frame), theme);
    }
    await screenshot(watched.page, "gates-widget", theme);
    expectClean(watched);
  });

  test("the widget configuration validates, drives the live preview and saves", async () => {
    await resetWidgetSettings(e2e.stack.harness.url, "gate-status-widget");
    const watched = await open(`/dashboard/configure/gate-status-widget?size=3x2&theme=${theme}`);
    const states = await waitForFrames(watched.page, 2);
    const preview = states.find((state) => state.role === "widget-preview")!;
    const configuration = states.find((state) => state.role === "widget-config")!;
    expect(preview).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
    const configFrame = await contentFrame(watched.page, configuration.elementId);
    const previewFrame = await contentFrame(watched.page, preview.elementId);

    // Nothing chosen is the all-pipelines view: no error on opening, and it saves.
    await configFrame.getByLabel("Pipeline", { exact: true }).waitFor({ timeout: 20000 });
    expect(await configFrame.getByRole("alert").count()).toBe(0);
    await previewFrame
      .getByRole("list", { name: "Waiting for approval" })
      .waitFor({ timeout: 20000 });
    await watched.page.click("#config-save");
    await watched.page.locator("#config-save-status", { hasText: "Saved." }).waitFor();

    // Choosing a pipeline reloads the preview with its stages.
    await chooseOption(configFrame, "Pipeline", YAML_PIPELINE);
    const yaml = await target(YAML_PIPELINE);
    const newest = await pipelineGates(sources(), e2e.stack.project.name, yaml, 1);
    const first = newest.stages[0];
    const last = newest.stages[newest.stages.length - 1];
    await previewFrame
      .getByLabel(`${last.stage}: ${gateStateLabels[last.state]}`)
      .first()
      .waitFor({ timeout: 20000 });

    // Ticking one stage narrows the preview to it.
    await configFrame.getByLabel(last.stage, { exact: true }).check();
    await previewFrame
      .getByLabel(`${first.stage}: ${gateStateLabels[first.state]}`)
      .first()
      .waitFor({ state: "detached", timeout: 20000 });
    await previewFrame
      .getByLabel(`${last.stage}: ${gateStateLabels[last.state]}`)
      .first()
      .waitFor();

    // An interval under a minute is refused.
    await configFrame.getByLabel("Refresh every (minutes)").fill("0");
    await configFrame.getByRole("alert").waitFor();
    await watched.page.click("#config-save");
    await watched.page
      .locator("#config-save-status", { hasText: "Not saved: Refresh every 1 to" })
      .waitFor({ timeout: 10000 });
    await configFrame.getByLabel("Refresh every (minutes)").fill("2");
    expectThemeApplied(await frameBackground(configFrame), theme);
    await screenshot(watched.page, "gates-widget-config", theme);

    await watched.page.click("#config-save");
    await watched.page.locator("#config-save-status", { hasText: "Saved." }).waitFor();
    const saved = await watched.page.evaluate(async () => {
      const response = await fetch("/_harness/api/extension-data", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          op: "getDocument",
          collectionName: "harness-dashboard",
          id: "gate-status-widget",
        }),
      });
      return ((await response.json()) as { result: { customSettings: { data: string } } }).result;
    });
    expect(JSON.parse(saved.customSettings.data)).toEqual({
      target: {
        kind: "yaml",
        id: (yaml as { pipeline: { id: number } }).pipeline.id,
        name: YAML_PIPELINE,
      },
      stages: [last.stageIdentifier ?? last.stage],
      refreshMinutes: 2,
    });
    expectClean(watched);
  });
});
