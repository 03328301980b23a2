/**
 * Screenshots, on a frozen clock so they change only when the UI or the demo does:
 * - the matrix: every hub tab and view, the work item form group and the dashboard (each widget in
 *   each size), light and dark, 1440 and 900 px wide, whole content height, into
 *   test-results/screenshots/matrix/ (one widget per image: test-results/screenshots/widgets/);
 * - the Marketplace images, into test-results/marketplace/; UPDATE_MARKETPLACE=1 copies them to
 *   static/marketplace/ and records the sources each one shows (tests/packaging/marketplace-sources.json).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Locator, Page } from "playwright-core";
import { DEMO_SEED } from "../../dev/emulator/index";
import { anchorFor } from "../../dev/emulator/demo/generate";
import { WIDGET_TYPE } from "../../dev/harness/manifest";
import { TraceSession } from "../../src/core/trace";
import { loadWorkItemTimeline } from "../../src/core/trace/workItemTimeline";
import {
  MARKETPLACE_DIR,
  MARKETPLACE_IMAGES,
  pngSize,
  sourcesRecord,
  writeSourcesRecord,
  type MarketplaceImage,
} from "../packaging/marketplace";
import {
  contentFrame,
  emulatorSources,
  ROOT,
  SCREENSHOTS,
  stackForThisFile,
  THEMES,
  waitForFrames,
  type Theme,
} from "./support";

const MATRIX = join(SCREENSHOTS, "matrix");
const FRESH_MARKETPLACE = join(ROOT, "test-results", "marketplace");
/** UPDATE_MARKETPLACE=1 copies the fresh images over the committed ones and records their sources. */
const UPDATE_MARKETPLACE = process.env.UPDATE_MARKETPLACE === "1";
const WIDTHS = [1440, 900] as const;
/** The Marketplace's own screenshot size. */
const MARKETPLACE_VIEWPORT = { width: 1366, height: 768 };
/** A whole-content shot stops here (a 1,000-row table is virtualised anyway). */
const MAX_HEIGHT = 4000;

/** The hub's tabs and the views inside each, as the tab strips name them. */
const HUB_VIEWS: Array<{ tab: string; name: string; views: string[] }> = [
  { tab: "repositories", name: "Repositories", views: [] },
  { tab: "compliance", name: "Compliance", views: [] },
  {
    tab: "gates",
    name: "Gates",
    views: ["Waiting on", "Pipeline view", "Recent outcomes", "Environment protection"],
  },
  {
    tab: "traceability",
    name: "Traceability",
    views: ["Deployed where", "Work item lookup", "Work items"],
  },
  { tab: "delivery", name: "Delivery", views: [] },
];

interface PanelView {
  opener: RegExp;
  label: string;
  /** Details shown inside the view (a run's stage), which Escape does not close. */
  inline?: boolean;
}

/** A panel or details a view opens (the first of its openers), keyed by "<tab>[-<view>]". */
const PANELS: Record<string, PanelView> = {
  compliance: { opener: /: Fail\. Show evidence$/, label: "Evidence" },
  "gates-pipeline-view": { opener: /\. Show details$/, label: "Stage details", inline: true },
  "traceability-deployed-where": {
    opener: /\. Show what it contains$/,
    label: "Deployment contents",
  },
  delivery: { opener: /^Change failure rate: .*\. Show the evidence$/, label: "Figure evidence" },
};

// Shared settings in the emulator, as in the service and `npm start`: the demo's score history.
const e2e = stackForThisFile({ anchor: anchorFor(DEMO_SEED), serviceExtensionData: true });

/** A work item whose form group has deployments and pull requests to show. */
let tracedWorkItem: number;

beforeAll(async () => {
  mkdirSync(MATRIX, { recursive: true });
  mkdirSync(FRESH_MARKETPLACE, { recursive: true });
  const sources = emulatorSources(e2e.stack);
  const session = new TraceSession(sources, e2e.stack.project.name);
  for (const id of await sources.workItems.listWorkItemIds(e2e.stack.project.name)) {
    const timeline = await loadWorkItemTimeline(session, id);
    if (timeline.trace.deployments.length > 0 && timeline.pullRequests.length > 0) {
      tracedWorkItem = id;
      return;
    }
  }
  throw new Error("the demo has no work item that reached an environment");
});

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Requests in flight per page: a view still reading may show no progress indicator. */
const inFlight = new WeakMap<Page, { count: number; changed: number }>();

function trackRequests(page: Page): void {
  const state = { count: 0, changed: Date.now() };
  inFlight.set(page, state);
  const change = (by: number) => () => {
    // A request that started before the listeners did never counts below zero.
    state.count = Math.max(0, state.count + by);
    state.changed = Date.now();
  };
  page.on("request", change(1));
  page.on("requestfinished", change(-1));
  page.on("requestfailed", change(-1));
}

/** Waits until the page has had no request in flight for 500 ms (at most 30 s). */
async function networkQuiet(page: Page): Promise<void> {
  const state = inFlight.get(page);
  const deadline = Date.now() + 30_000;
  while (state && Date.now() < deadline) {
    if (state.count <= 0 && Date.now() - state.changed >= 500) return;
    await page.waitForTimeout(100);
  }
}

/**
 * Waits until the frame shows no progress indicator, the page reads nothing more and the frame's
 * DOM has not changed for 500 ms (data rendered, charts laid out); at most a minute or so.
 */
async function settle(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => !document.querySelector('[role="progressbar"], .rt-progress'), {
    timeout: 60_000,
  });
  await networkQuiet(frame.page());
  await domQuiet(frame);
}

async function domQuiet(frame: Frame): Promise<void> {
  await frame.evaluate(
    () =>
      new Promise<void>((done) => {
        let timer = setTimeout(finish, 500);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(finish, 500);
        });
        const deadline = setTimeout(finish, 10_000);
        function finish() {
          observer.disconnect();
          clearTimeout(deadline);
          done();
        }
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
  );
}

/**
 * How tall the page must be to show everything: the host page's main area scrolls (the work item
 * form, the dashboard), and so does the hub's own page inside its frame, which grows with the page.
 */
async function contentHeight(page: Page, frame?: Frame): Promise<number> {
  const hostHidden = await page.evaluate(() => {
    const main = document.querySelector("main") ?? document.documentElement;
    return main.scrollHeight - main.clientHeight;
  });
  let frameHidden = 0;
  if (frame) {
    const box = await (await frame.frameElement()).boundingBox();
    const inner = await frame.evaluate(() => {
      const scroller = document.querySelector(".rt-hub-page") ?? document.documentElement;
      return Math.max(scroller.scrollHeight, document.documentElement.scrollHeight);
    });
    frameHidden = inner - (box?.height ?? inner);
  }
  const viewport = page.viewportSize()?.height ?? 900;
  return Math.min(
    MAX_HEIGHT,
    viewport + Math.max(0, hostHidden) + Math.ceil(Math.max(0, frameHidden)),
  );
}

/** A whole-content shot of the page at its width, then back to the usual height. */
async function matrixShot(page: Page, name: string, frame?: Frame): Promise<void> {
  const width = page.viewportSize()?.width ?? 1440;
  await page.mouse.move(0, 0);
  await page.setViewportSize({ width, height: await contentHeight(page, frame) });
  if (frame) await settle(frame);
  await page.screenshot({ path: join(MATRIX, `${name}.png`), animations: "disabled" });
  await page.setViewportSize({ width, height: 900 });
}

/**
 * Opens a view's panel, shoots it at the window's height (it scrolls on its own) and closes it
 * with Escape.
 */
async function panelShot(frame: Frame, panel: PanelView, name: string): Promise<void> {
  // By the keyboard: at 900 px a matrix's first deployment may sit under its pinned columns.
  await frame.getByRole("button", { name: panel.opener }).first().focus();
  await frame.page().keyboard.press("Enter");
  const opened = frame.getByLabel(panel.label, { exact: true });
  await opened.waitFor({ timeout: 30000 });
  await settle(frame);
  // Details in the view are shot with all of it (at 900 px they may sit below the fold).
  if (panel.inline) return matrixShot(frame.page(), name, frame);
  await frame.page().mouse.move(0, 0);
  await frame.page().screenshot({ path: join(MATRIX, `${name}.png`), animations: "disabled" });
  await frame.page().keyboard.press("Escape");
  await opened.waitFor({ state: "detached", timeout: 5000 });
}

async function openHubAt(theme: Theme, width: number): Promise<{ page: Page; frame: Frame }> {
  const watched = await e2e.open(`/hub?theme=${theme}`);
  trackRequests(watched.page);
  await watched.page.setViewportSize({ width, height: 900 });
  const [state] = await waitForFrames(watched.page, 1);
  return { page: watched.page, frame: await contentFrame(watched.page, state.elementId) };
}

async function selectTab(frame: Frame, name: string): Promise<void> {
  await frame.getByRole("tab", { name, exact: true }).click();
  await frame.getByRole("tabpanel", { name }).waitFor();
}

/** Fills the work item lookup with a traced work item, so the view shows its path. */
async function lookUpTracedWorkItem(frame: Frame): Promise<void> {
  await frame.getByLabel("Work item id").fill(String(tracedWorkItem));
  await frame.getByRole("button", { name: "Trace", exact: true }).click();
  await frame.getByLabel("Work item path", { exact: true }).waitFor({ timeout: 30000 });
}

function widgetFrames(): number {
  return e2e.stack.harness.manifest.contributions
    .filter((contribution) => contribution.type === WIDGET_TYPE)
    .reduce((total, widget) => total + widget.supportedSizes.length, 0);
}

async function openWorkItem(theme: Theme, width: number): Promise<{ page: Page; frame: Frame }> {
  const watched = await e2e.open(`/work-item/${tracedWorkItem}?theme=${theme}`);
  trackRequests(watched.page);
  await watched.page.setViewportSize({ width, height: 900 });
  const [state] = await waitForFrames(watched.page, 1);
  const frame = await contentFrame(watched.page, state.elementId);
  await frame
    .getByRole("region", { name: "Environments", exact: true })
    .waitFor({ timeout: 30000 });
  await settle(frame);
  return { page: watched.page, frame };
}

async function openDashboard(theme: Theme, width: number): Promise<Page> {
  const watched = await e2e.open(`/dashboard?theme=${theme}`);
  trackRequests(watched.page);
  await watched.page.setViewportSize({ width, height: 900 });
  await waitForFrames(watched.page, widgetFrames());
  for (const frame of watched.page.frames().filter((candidate) => candidate.parentFrame())) {
    await settle(frame);
  }
  return watched.page;
}

describe.each(THEMES)("the screenshot matrix, %s theme", (theme) => {
  test.each(WIDTHS)(
    "every hub tab and view, and the panels they open, at %i px",
    async (width) => {
      const { page, frame } = await openHubAt(theme, width);
      for (const entry of HUB_VIEWS) {
        await selectTab(frame, entry.name);
        for (const view of entry.views.length > 0 ? entry.views : [""]) {
          if (view) await frame.getByRole("tab", { name: view, exact: true }).click();
          if (view === "Work item lookup") await lookUpTracedWorkItem(frame);
          await settle(frame);
          const key = [entry.tab, ...(view ? [slug(view)] : [])].join("-");
          await matrixShot(page, `hub-${key}-${width}-${theme}`, frame);
          if (PANELS[key])
            await panelShot(frame, PANELS[key], `hub-${key}-panel-${width}-${theme}`);
        }
      }
    },
    300_000,
  );

  test.each(WIDTHS)("the work item form group and the dashboard at %i px", async (width) => {
    const workItem = await openWorkItem(theme, width);
    await matrixShot(workItem.page, `work-item-form-${width}-${theme}`);
    const dashboard = await openDashboard(theme, width);
    await matrixShot(dashboard, `dashboard-${width}-${theme}`);
  });
});

/** A Marketplace image of one element, without the harness's own status texts. */
async function marketplaceShot(file: string, locator: Locator): Promise<void> {
  await locator.page().addStyleTag({
    content: ".harness-status,.widget-caption,.frame-status{display:none!important}",
  });
  await locator.page().mouse.move(0, 0);
  await locator.screenshot({ path: join(FRESH_MARKETPLACE, file), animations: "disabled" });
}

async function marketplaceHub(theme: Theme): Promise<{ page: Page; frame: Frame }> {
  const hub = await openHubAt(theme, MARKETPLACE_VIEWPORT.width);
  await hub.page.setViewportSize(MARKETPLACE_VIEWPORT);
  return hub;
}

/** Opens the first deployment's contents from the deployed-where matrix. */
async function openDeploymentContents(frame: Frame): Promise<void> {
  await frame
    .getByRole("button", { name: /\. Show what it contains$/ })
    .first()
    .click();
  await frame.getByLabel("Deployment contents", { exact: true }).waitFor({ timeout: 30000 });
  await settle(frame);
}

describe("the Marketplace images", () => {
  test("each hub tab, light", async () => {
    const { page, frame } = await marketplaceHub("light");
    const hub = page.locator("iframe.hub-frame");
    await frame
      .getByText(/^\d+ repositor(y|ies)$/)
      .first()
      .waitFor({ timeout: 30000 });
    await settle(frame);
    await marketplaceShot("repositories-light.png", hub);
    await selectTab(frame, "Compliance");
    await frame.getByLabel("Project score", { exact: true }).waitFor({ timeout: 30000 });
    await settle(frame);
    await marketplaceShot("compliance-light.png", hub);
    await selectTab(frame, "Gates");
    await frame.getByText(/^Waiting on \(\d+\)$/).waitFor({ timeout: 30000 });
    await settle(frame);
    await marketplaceShot("gates-light.png", hub);
    await selectTab(frame, "Traceability");
    await frame
      .getByRole("button", { name: /\. Show what it contains$/ })
      .first()
      .waitFor();
    await settle(frame);
    await marketplaceShot("traceability-light.png", hub);
    await selectTab(frame, "Delivery");
    await frame.getByRole("list", { name: "Delivery metrics" }).waitFor({ timeout: 60000 });
    await settle(frame);
    await marketplaceShot("delivery-light.png", hub);
  }, 180_000);

  test("the Compliance and Traceability tabs, dark", async () => {
    const { page, frame } = await marketplaceHub("dark");
    const hub = page.locator("iframe.hub-frame");
    await selectTab(frame, "Compliance");
    await frame.getByLabel("Project score", { exact: true }).waitFor({ timeout: 30000 });
    await settle(frame);
    await marketplaceShot("compliance-dark.png", hub);
    await selectTab(frame, "Traceability");
    await openDeploymentContents(frame);
    await marketplaceShot("traceability-dark.png", hub);
  });

  test("the work item form group and the dashboard, light", async () => {
    const { page } = await openWorkItem("light", MARKETPLACE_VIEWPORT.width);
    await marketplaceShot(
      "work-item-light.png",
      page.locator("section.wi-group").filter({ has: page.locator("iframe") }),
    );
    const dashboard = await openDashboard("light", 1280);
    // Tall enough for every widget's row: the image is of the whole dashboard.
    await dashboard.setViewportSize({ width: 1280, height: 1400 });
    await marketplaceShot("widgets-light.png", dashboard.locator(".dashboard"));
  });

  test("every image was taken; UPDATE_MARKETPLACE=1 commits them with their sources", () => {
    const problems = MARKETPLACE_IMAGES.flatMap((image) => imageProblems(image));
    if (UPDATE_MARKETPLACE && problems.length === 0) {
      writeSourcesRecord(sourcesRecord(MARKETPLACE_IMAGES));
    }
    expect(problems).toEqual([]);
  });
});

/** A fresh image's problems; copies it over the committed one under UPDATE_MARKETPLACE=1. */
function imageProblems(image: MarketplaceImage): string[] {
  const fresh = join(FRESH_MARKETPLACE, image.file);
  if (!existsSync(fresh)) return [`${image.file}: not taken in this run`];
  const committed = join(MARKETPLACE_DIR, image.file);
  if (UPDATE_MARKETPLACE) copyFileSync(fresh, committed);
  if (!existsSync(committed)) {
    return [`${image.file}: not in static/marketplace (run with UPDATE_MARKETPLACE=1)`];
  }
  const taken = pngSize(readFileSync(fresh));
  const kept = pngSize(readFileSync(committed));
  if (taken.width === kept.width && taken.height === kept.height) return [];
  return [
    `${image.file}: committed ${kept.width}×${kept.height}, fresh ${taken.width}×${taken.height} (run with UPDATE_MARKETPLACE=1)`,
  ];
}
