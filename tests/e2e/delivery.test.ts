/**
 * The Delivery tab, its drill-down and exports, and the delivery-metrics widget in every size and
 * its configuration, as built in dist/, against the demo organisation in both themes, on the
 * demo's frozen clock. Expectations come from running the metrics engine through the same
 * adapters against the same emulator, so the views must show what the engine computes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { DEMO_SEED } from "../../dev/emulator/index";
import { anchorFor } from "../../dev/emulator/demo/generate";
import {
  collectDeliverySnapshot,
  deriveDeliveryMetrics,
  type DeliveryMetricsReport,
} from "../../src/core/metrics";
import { toJson } from "../../src/cli/output";
import { metricsCsv } from "../../src/core/report/metrics";
import { DEFAULT_PRODUCTION, isProductionName } from "../../src/core/vocabulary/production";
import { metricsOptions, type DeliveryQuery } from "../../src/ui/hooks/useDeliveryMetrics";
import { headlineText, METRIC_VIEWS, WIDGET_METRICS } from "../../src/ui/metrics/figures";
import { chooseOption } from "./choose";
import { resetWidgetSettings } from "./extensionData";
import {
  contentFrame,
  emulatorSources,
  expectClean,
  expectThemeApplied,
  frameBackground,
  openHub,
  screenshot,
  SCREENSHOTS,
  stackForThisFile,
  THEMES,
  waitForFrames,
  type Theme,
  type WatchedPage,
} from "./support";

const anchor = anchorFor(DEMO_SEED);
const e2e = stackForThisFile({ anchor });
const WIDGET = "delivery-metrics-widget";

/** The engine's report for a query, through the same adapters, at the pages' frozen "now". */
async function engineReport(query: Partial<DeliveryQuery> = {}): Promise<DeliveryMetricsReport> {
  const options = metricsOptions(
    { windowDays: 30, production: DEFAULT_PRODUCTION, ...query },
    anchor,
  );
  const sources = emulatorSources(e2e.stack, () => undefined);
  const snapshot = await collectDeliverySnapshot(sources, e2e.stack.project.name, options);
  return deriveDeliveryMetrics(snapshot, options);
}

let all: DeliveryMetricsReport;

beforeAll(async () => {
  all = await engineReport();
  // The demo must make the tab worth looking at: failures, and more than one pipeline.
  expect(all.rows.length).toBeGreaterThan(1);
  expect(all.total.figures.changeFailureRate.failing).toBeGreaterThan(0);
}, 60000);

async function openDelivery(theme: Theme, width = 1440) {
  const opened = await openHub(e2e, theme, "delivery");
  await opened.watched.page.setViewportSize({ width, height: 900 });
  await opened.frame.getByRole("list", { name: "Delivery metrics" }).waitFor({ timeout: 60000 });
  return opened;
}

/** The headline of each tile, as a user reads it. */
async function tileHeadlines(frame: Frame): Promise<string[]> {
  return Promise.all(
    METRIC_VIEWS.map(async (view) =>
      (
        (await frame
          .getByRole("region", { name: view.name, exact: true })
          .locator(".rt-metric-figure")
          .textContent()) ?? ""
      ).trim(),
    ),
  );
}

const headlines = (report: DeliveryMetricsReport) =>
  METRIC_VIEWS.map((view) => headlineText(report.total.figures[view.key], view));

async function download(watched: WatchedPage, frame: Frame, name: string) {
  const [file] = await Promise.all([
    watched.page.waitForEvent("download", { timeout: 20000 }),
    frame.getByRole("button", { name, exact: true }).click(),
  ]);
  return {
    name: file.suggestedFilename(),
    text: readFileSync((await file.path()) as string, "utf8"),
  };
}

/** A screenshot of the hub with the viewport tall enough for the whole tab, at its width. */
async function hubShot(page: Page, name: string, theme: Theme): Promise<void> {
  const width = page.viewportSize()?.width ?? 1440;
  await page.setViewportSize({ width, height: 2400 });
  await page.mouse.move(0, 0);
  await screenshot(page, name, theme);
  await page.setViewportSize({ width, height: 900 });
}

describe.each(THEMES)("in the %s theme", (theme) => {
  test("the tab shows the engine's figures, bands, trends and rows, at 1440 and 900 px", async () => {
    const { watched, frame } = await openDelivery(theme);
    expect(await tileHeadlines(frame)).toEqual(headlines(all));
    const rows = frame
      .getByRole("table", { name: "By pipeline and environment" })
      .locator("tbody > tr");
    expect(
      await rows.evaluateAll((list) => list.map((row) => row.getAttribute("aria-label"))),
    ).toEqual(all.rows.map((row) => `${row.scope.pipeline.name} · ${row.scope.environment}`));
    // A chart per metric, each with its text alternative and a table of its weeks.
    const charts = frame.getByRole("group", { name: /per week: focus and use the arrow keys/ });
    expect(await charts.count()).toBe(METRIC_VIEWS.length);
    expect(
      await frame.getByRole("img", { name: /^Change failure rate per week, \d+ points; / }).count(),
    ).toBe(1);
    // Values from the keyboard: focus a chart, its newest week is read out.
    await charts.first().focus();
    const newest = all.total.trend[all.total.trend.length - 1].week;
    await frame
      .getByText(new RegExp(`^${newest} \\(`))
      .first()
      .waitFor();
    expectThemeApplied(await frameBackground(frame), theme);
    await hubShot(watched.page, "delivery-1440", theme);
    await watched.page.setViewportSize({ width: 900, height: 900 });
    await hubShot(watched.page, "delivery-900", theme);
    expectClean(watched);
  }, 120000);

  test("a figure opens its evidence: deployments, failures and why each is failing", async () => {
    const { watched, frame } = await openDelivery(theme);
    const figure = all.total.figures.changeFailureRate;
    await frame
      .getByRole("button", {
        name: `Change failure rate: ${headlines(all)[2]}. Show the evidence`,
        exact: true,
      })
      .click();
    const panel = frame.getByLabel("Figure evidence", { exact: true });
    await panel.waitFor({ timeout: 20000 });
    const deployments = panel.getByRole("table", { name: "Deployments" }).locator("tbody > tr");
    expect(await deployments.count()).toBe(figure.deployments.length);
    const failures = panel.getByRole("table", { name: "Failures and their recovery" });
    expect(await failures.locator("tbody > tr").count()).toBe(
      all.failures.filter((failure) => figure.deployments.includes(failure.deployment)).length,
    );
    expect(await panel.getByText(/^Failing: /).count()).toBe(figure.failing);
    await hubShot(watched.page, "delivery-evidence", theme);
    await frame.getByRole("button", { name: "Close" }).first().click();
    await panel.waitFor({ state: "detached" });

    // Lead time: its commits with the stage breakdown.
    await frame
      .getByRole("button", {
        name: `Lead time for changes: ${headlines(all)[1]}. Show the evidence`,
        exact: true,
      })
      .click();
    const commits = frame.getByRole("table", { name: "Commits" }).locator("tbody > tr");
    await commits.first().waitFor({ timeout: 20000 });
    expect(await commits.count()).toBe(all.total.figures.leadTime.commits.length);
    await hubShot(watched.page, "delivery-evidence-lead-time", theme);
    expectClean(watched);
  }, 120000);

  test("the filters narrow to a pipeline and an environment as the engine does; exports match the CLI", async () => {
    const { watched, frame } = await openDelivery(theme);
    const csv = await download(watched, frame, "Download the delivery metrics as CSV");
    expect(csv.text).toBe(metricsCsv(all));
    const json = await download(watched, frame, "Download the delivery metrics as JSON");
    expect(json.text).toBe(toJson(all));

    const pipeline = all.rows[0].scope.pipeline.name;
    await chooseOption(frame, "Pipeline", pipeline);
    const narrowed = await engineReport({ pipeline });
    await frame.getByRole("region", { name: METRIC_VIEWS[0].name, exact: true }).waitFor();
    await expectHeadlines(frame, headlines(narrowed));

    const environment = all.rows[0].scope.environment;
    await chooseOption(frame, "Pipeline", "Every pipeline and release definition");
    await chooseOption(frame, "Environment", environment);
    await expectHeadlines(frame, headlines(await engineReport({ environment })));
    expectClean(watched);
  }, 180000);
});

async function expectHeadlines(frame: Frame, expected: string[]): Promise<void> {
  await frame.waitForFunction(
    (want) =>
      JSON.stringify(
        [...document.querySelectorAll(".rt-metric-figure")].map((el) =>
          (el.textContent ?? "").trim(),
        ),
      ) === JSON.stringify(want),
    expected,
    { timeout: 60000 },
  );
}

test("a widget refresh reads production's deployment records only, not every environment's", async () => {
  await resetWidgetSettings(e2e.stack.harness.url, WIDGET);
  const environments = await emulatorSources(e2e.stack).environments.listEnvironments(
    e2e.stack.project.name,
  );
  const production = environments
    .filter((environment) => isProductionName(environment.name, DEFAULT_PRODUCTION))
    .map((environment) => environment.id)
    .sort((a, b) => a - b);
  expect(production.length).toBeGreaterThan(0);
  expect(production.length).toBeLessThan(environments.length);
  const page = await e2e.stack.browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The environments whose records each frame read (the emulator's counts cannot tell frames apart).
  const read = new Map<Frame, Set<number>>();
  page.on("request", (request) => {
    const match = /\/environments\/(\d+)\/environmentdeploymentrecords/i.exec(
      new URL(request.url()).pathname,
    );
    if (!match) return;
    const frame = request.frame();
    read.set(frame, (read.get(frame) ?? new Set()).add(Number(match[1])));
  });
  try {
    await page.goto(`${e2e.stack.harness.url}/dashboard`);
    const total = e2e.stack.harness.manifest.contributions.reduce(
      (sum, contribution) => sum + contribution.supportedSizes.length,
      0,
    );
    const states = (await waitForFrames(page, total)).filter(
      (state) => state.contributionId === WIDGET,
    );
    expect(states).toHaveLength(3);
    for (const state of states) {
      expect(state).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
      const frame = await contentFrame(page, state.elementId);
      expect([...(read.get(frame) ?? [])].sort((a, b) => a - b)).toEqual(production);
    }
  } finally {
    await page.close();
  }
}, 120000);

describe.each(THEMES)("the widget in the %s theme", (theme) => {
  test("every size shows the four keys with bands and sparklines, as the engine computes them", async () => {
    await resetWidgetSettings(e2e.stack.harness.url, WIDGET);
    const widgets = e2e.stack.harness.manifest.contributions.filter((c) => c.id === WIDGET);
    expect(widgets).toHaveLength(1);
    const total = e2e.stack.harness.manifest.contributions
      .filter((c) => c.supportedSizes.length > 0)
      .reduce((sum, c) => sum + c.supportedSizes.length, 0);
    const watched = await e2e.open(`/dashboard?theme=${theme}`);
    const states = (await waitForFrames(watched.page, total)).filter(
      (state) => state.contributionId === WIDGET,
    );
    expect(states).toHaveLength(3);
    const expected = WIDGET_METRICS.map(
      (view) => `${view.name}: ${headlineText(all.total.figures[view.key], view)}`,
    );
    for (const state of states) {
      expect(state).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
      const frame = await contentFrame(watched.page, state.elementId);
      const keys = frame.getByRole("list", { name: "Delivery metrics" }).getByRole("listitem");
      await keys.first().waitFor();
      expect(
        await keys.evaluateAll((items) => items.map((item) => item.getAttribute("aria-label"))),
      ).toEqual(expected);
      expect(await frame.getByRole("img", { name: /per week: / }).count()).toBe(4);
      // Everything fits: nothing is cut off at the frame's bottom.
      const overflow = await frame.evaluate(() => {
        const body = document.querySelector(".rt-widget") as HTMLElement;
        return body.scrollHeight - body.clientHeight;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      expectThemeApplied(await frameBackground(frame), theme);
    }
    await watched.page
      .locator(`section[data-widget="${WIDGET}"]`)
      .screenshot({ path: join(SCREENSHOTS, `delivery-dashboard-${theme}.png`) });
    expectClean(watched);
  }, 120000);

  test("the configuration narrows the live preview to a pipeline and saves", async () => {
    await resetWidgetSettings(e2e.stack.harness.url, WIDGET);
    const watched = await e2e.open(`/dashboard/configure/${WIDGET}?size=3x2&theme=${theme}`);
    const states = await waitForFrames(watched.page, 2);
    const preview = states.find((state) => state.role === "widget-preview");
    const configuration = states.find((state) => state.role === "widget-config");
    expect(preview).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
    const configFrame = await contentFrame(watched.page, configuration?.elementId as string);
    const previewFrame = await contentFrame(watched.page, preview?.elementId as string);
    await previewFrame.getByText("All pipelines · production · last 30 days").waitFor();
    const pipeline = all.rows[0].scope.pipeline.name;
    await chooseOption(configFrame, "Pipeline", pipeline);
    await chooseOption(configFrame, "Window", "Last 90 days");
    await previewFrame
      .getByText(`${pipeline} · production · last 90 days`)
      .waitFor({ timeout: 60000 });
    const narrowed = await engineReport({ pipeline, windowDays: 90 });
    const first = WIDGET_METRICS[0];
    await previewFrame
      .getByRole("listitem", {
        name: `${first.name}: ${headlineText(narrowed.total.figures[first.key], first)}`,
      })
      .waitFor({ timeout: 60000 });
    expectThemeApplied(await frameBackground(configFrame), theme);
    await screenshot(watched.page, "configure-delivery-metrics-widget", theme);
    await watched.page.click("#config-save");
    await watched.page.getByText("Saved.").waitFor();
    await resetWidgetSettings(e2e.stack.harness.url, WIDGET);
    expectClean(watched);
  }, 120000);
});
