/**
 * Empty is earned: with every read failing (the emulator answers every API request with a 5xx),
 * no view of the extension may show an empty state ("Nothing is waiting", "Nothing has been
 * deployed", "No gaps found"…). Each one names what it could not read in a plain sentence, and the
 * technical detail (status, request URL, TF code) sits behind a "Details" toggle, closed at first.
 * Hub tabs and the panels they open, the work item form group, both widgets and both widget
 * configuration pages; screenshots in light and dark.
 */
import type { Frame, Page } from "playwright-core";
import { DEFAULT_FAULTS } from "../../dev/emulator/index";
import { WIDGET_TYPE } from "../../dev/harness/manifest";
import { resetWidgetSettings } from "./extensionData";
import {
  contentFrame,
  emulatorSources,
  openHub,
  screenshot,
  stackForThisFile,
  THEMES,
  waitForFrames,
  type Theme,
} from "./support";

const ANCHOR = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const e2e = stackForThisFile({ anchor: ANCHOR });

/** Every API request fails (500 or 503); the transport retries each, then gives up. */
const EVERY_READ_FAILS = { ...DEFAULT_FAULTS, serverErrorRate: 1 };

/** How long a view may take to give up on its reads (retries with backoff) and settle. */
const SETTLE_MS = 90_000;

jest.setTimeout(600_000);

/** Texts that would claim an all-clear: none may appear while reads fail. */
const EMPTY_STATES: RegExp[] = [
  /Nothing is waiting/i,
  /Nothing has been deployed/i,
  /No gaps found/i,
  /No failing rule/i,
  /No repositories\b/,
  /has no (Git repositories|YAML pipelines|pipeline environments|Classic release definitions)/,
  /has no (runs|releases) yet/,
  /No (runs|releases) of .* yet/,
  /No approval, check or gate was rejected/,
  /No checks configured/,
  /No (work items|pull requests|commits|approvals|checks or gates|stages read)\./,
  /No (pull request|commit) linked/,
  /Not integrated in any build yet/,
  /Not deployed anywhere yet/,
  /No branches, commits, pull requests, builds or deployments/,
  /No work item matches/,
  /Waiting on \(0\)/,
  /\b0 approvals waiting\b/,
];

/** Technical detail that belongs behind "Details": REST URLs, GUIDs, TF codes. */
const TECHNICAL: RegExp[] = [
  /https?:\/\//,
  /\b_apis\b/,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
  /\bTF\d{5,6}\b/,
];

/**
 * A plain sentence naming what could not be read: "Azure DevOps did not answer for the release
 * definitions (server error)." (the kind in brackets where the engine records it).
 */
const PLAIN = /Azure DevOps did not answer\b[^.]*\./;

/** The visible text under `root` (innerText skips hidden elements and closed panels). */
function visibleText(frame: Frame, root: string): Promise<string> {
  return frame.evaluate((selector) => {
    const element = document.querySelector(selector) as HTMLElement | null;
    return (element?.innerText ?? "").replace(/\s+/g, " ").trim();
  }, root);
}

/** Waits until `root` shows a notice and no spinner or progress bar (visible ones only). */
async function settled(frame: Frame, root: string, view: string): Promise<void> {
  try {
    await frame.waitForFunction(
      (selector) => {
        const element = document.querySelector(selector);
        if (!element) return false;
        // Hidden views (other tabs) keep their elements: only what is visible counts.
        const visible = (query: string) =>
          [...element.querySelectorAll(query)].some((found) =>
            (found as HTMLElement).checkVisibility(),
          );
        return !visible('.bolt-spinner, [role="progressbar"]') && visible('[role="alert"]');
      },
      root,
      { timeout: SETTLE_MS, polling: 500 },
    );
  } catch (error) {
    const showing = (await visibleText(frame, root).catch(() => "(gone)")).slice(0, 300);
    const why = error instanceof Error ? error.message.split("\n")[0] : "";
    throw new Error(
      `${view} did not settle on a notice: it shows ${JSON.stringify(showing)} (${why})`,
    );
  }
}

/**
 * The checks every view must pass: a plain sentence, no empty state, nothing technical in view,
 * and a Details toggle that is closed at first and opens on click onto the technical detail.
 */
async function expectEarned(frame: Frame, root: string, view: string): Promise<void> {
  await settled(frame, root, view);
  const text = await visibleText(frame, root);
  expect({ view, plain: PLAIN.test(text) }).toEqual({ view, plain: true });
  expect({ view, empty: EMPTY_STATES.filter((pattern) => pattern.test(text)).map(String) }).toEqual(
    { view, empty: [] },
  );
  expect({
    view,
    technical: TECHNICAL.filter((pattern) => pattern.test(text)).map(String),
  }).toEqual({ view, technical: [] });
  const toggle = frame.locator(root).getByRole("button", { name: "Details" }).first();
  expect({ view, expanded: await toggle.getAttribute("aria-expanded") }).toEqual({
    view,
    expanded: "false",
  });
  await toggle.click();
  expect({ view, expanded: await toggle.getAttribute("aria-expanded") }).toEqual({
    view,
    expanded: "true",
  });
  const opened = await visibleText(frame, root);
  // Behind the toggle: the status and the source's own message.
  expect({ view, detail: /HTTP 50\d|\b50\d\b|server|network/i.test(opened) }).toEqual({
    view,
    detail: true,
  });
  await toggle.click();
}

const hubPanel = (name: string) => `[role="tabpanel"][aria-label="${name}"]`;
const gatesRegion = (name: string) => `${hubPanel("Gates")} [role="region"][aria-label="${name}"]`;

async function openTab(frame: Frame, tab: string, inner?: string): Promise<void> {
  await frame.getByRole("tab", { name: tab, exact: true }).click();
  if (inner) await frame.getByRole("tab", { name: inner, exact: true }).click();
}

/** A work item of the demo, for the lookup and the form group. */
let workItemId: number;

interface WorkItemJson {
  id: number;
  relations?: { rel: string; url: string }[];
}

beforeAll(async () => {
  e2e.stack.emulator.setFaults(DEFAULT_FAULTS);
  const sources = emulatorSources(e2e.stack);
  const ids = await sources.workItems.listWorkItemIds(e2e.stack.project.name);
  // One with artifact links (commits, PRs, builds): its form group has something to read.
  const batch = await e2e.stack.rest<{ value: WorkItemJson[] }>(
    `${encodeURIComponent(e2e.stack.project.name)}/_apis/wit/workitems?ids=${ids
      .slice(0, 200)
      .join(",")}&$expand=relations&api-version=7.1`,
  );
  const linked = batch.value.find((item) =>
    (item.relations ?? []).some((relation) => relation.rel === "ArtifactLink"),
  );
  expect(linked).toBeDefined();
  workItemId = (linked as WorkItemJson).id;
  await resetWidgetSettings(e2e.stack.harness.url, "gate-status-widget");
  await resetWidgetSettings(e2e.stack.harness.url, "compliance-score-widget");
});

afterEach(() => e2e.stack.emulator.setFaults(DEFAULT_FAULTS));

async function shoot(page: Page, name: string, theme: Theme): Promise<void> {
  await screenshot(page, `all-reads-fail-${name}`, theme);
}

describe.each(THEMES)("with every read failing (%s)", (theme) => {
  test("the hub's five tabs name what they could not read and show no empty state", async () => {
    e2e.stack.emulator.setFaults(EVERY_READ_FAILS);
    const { watched, frame } = await openHub(e2e, theme, "repositories");
    await expectEarned(frame, hubPanel("Repositories"), "Repositories");
    await shoot(watched.page, "repositories", theme);

    await openTab(frame, "Compliance");
    await expectEarned(frame, hubPanel("Compliance"), "Compliance");
    await shoot(watched.page, "compliance", theme);

    for (const view of [
      "Waiting on",
      "Pipeline view",
      "Recent outcomes",
      "Environment protection",
    ]) {
      await openTab(frame, "Gates", view);
      await expectEarned(frame, gatesRegion(view), `Gates: ${view}`);
      await shoot(watched.page, `gates-${view.toLowerCase().replace(/ /g, "-")}`, theme);
    }

    await openTab(frame, "Traceability", "Deployed where");
    await expectEarned(frame, hubPanel("Traceability"), "Traceability: Deployed where");
    await shoot(watched.page, "deployed-where", theme);

    await openTab(frame, "Traceability", "Work items");
    await expectEarned(frame, hubPanel("Traceability"), "Traceability: Work items");
    await shoot(watched.page, "work-items", theme);

    await openTab(frame, "Traceability", "Work item lookup");
    await frame.getByLabel("Work item id").fill(String(workItemId));
    await frame.getByRole("button", { name: "Trace", exact: true }).click();
    await expectEarned(frame, hubPanel("Traceability"), "Traceability: Work item lookup");
    await shoot(watched.page, "work-item-lookup", theme);

    await openTab(frame, "Delivery");
    await expectEarned(frame, hubPanel("Delivery"), "Delivery");
    await shoot(watched.page, "delivery", theme);
  });

  test("the contents panel a deployed cell opens says what it could not read", async () => {
    // The matrix is read while the service answers; the panel's own reads then all fail.
    const { watched, frame } = await openHub(e2e, theme, "traceability");
    const cell = frame.locator('[aria-label$=". Show what it contains"]').first();
    await cell.waitFor({ timeout: SETTLE_MS });
    e2e.stack.emulator.setFaults(EVERY_READ_FAILS);
    await cell.click();
    await expectEarned(frame, ".bolt-panel", "Contents panel");
    await shoot(watched.page, "contents-panel", theme);
  });

  test("the work item form group names what it could not read", async () => {
    // The harness draws the form from the service itself (server side), so here the browser
    // alone fails every request the extension sends to the organisation.
    const page = await e2e.stack.browser.newPage({
      viewport: { width: 1280, height: 900 },
      timezoneId: "UTC",
      locale: "en-US",
    });
    try {
      await page.clock.setFixedTime(ANCHOR);
      await page.route(
        (url) => url.href.startsWith(e2e.stack.orgUrl),
        (route) =>
          route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({ message: "TF400898: The service is unavailable." }),
          }),
      );
      await page.goto(`${e2e.stack.harness.url}/work-item/${workItemId}?theme=${theme}`);
      const [state] = await waitForFrames(page, 1);
      const frame = await contentFrame(page, state.elementId);
      await expectEarned(frame, "body", "Work item form group");
      await shoot(page, "work-item-form", theme);
    } finally {
      await page.close();
    }
  });

  test("every widget, in every size, name what they could not read", async () => {
    e2e.stack.emulator.setFaults(EVERY_READ_FAILS);
    const widgets = e2e.stack.harness.manifest.contributions.filter(
      (contribution) => contribution.type === WIDGET_TYPE,
    );
    const sizes = widgets.reduce((total, widget) => total + widget.supportedSizes.length, 0);
    const watched = await e2e.open(`/dashboard?theme=${theme}`);
    const states = await waitForFrames(watched.page, sizes);
    expect(new Set(states.map((state) => state.contributionId)).size).toBe(widgets.length);
    for (const state of states) {
      const frame = await contentFrame(watched.page, state.elementId);
      await expectEarned(frame, "body", `${state.contributionId} ${state.elementId}`);
    }
    await shoot(watched.page, "dashboard", theme);
  });

  test.each(["gate-status-widget", "compliance-score-widget", "delivery-metrics-widget"])(
    "the configuration page of %s names what it could not read",
    async (widget) => {
      e2e.stack.emulator.setFaults(EVERY_READ_FAILS);
      const watched = await e2e.open(`/dashboard/configure/${widget}?size=2x2&theme=${theme}`);
      const states = await waitForFrames(watched.page, 2);
      for (const state of states) {
        const frame = await contentFrame(watched.page, state.elementId);
        await expectEarned(frame, "body", `${widget} ${state.role}`);
      }
      await shoot(watched.page, `configure-${widget}`, theme);
    },
  );
});
