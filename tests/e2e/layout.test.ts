/**
 * Layout and a quiet console on the clean demo: every hub tab (and each of its views) fits 900 px
 * without page-level horizontal scroll, and no frame, tab, form group, widget or configuration
 * page logs a console error, a failed request included (the browser logs every 4xx/5xx itself).
 */
import type { Frame, Page } from "playwright-core";
import { WIDGET_TYPE } from "../../dev/harness/manifest";
import { resetWidgetSettings } from "./extensionData";
import {
  contentFrame,
  emulatorSources,
  screenshot,
  stackForThisFile,
  THEMES,
  waitForFrames,
} from "./support";

const e2e = stackForThisFile();

/** The hub's tabs and the views inside each (the tab strip names, as the user sees them). */
const HUB_VIEWS: Array<{ tab: string; views: string[] }> = [
  { tab: "repositories", views: [] },
  { tab: "compliance", views: [] },
  {
    tab: "gates",
    views: ["Waiting on", "Pipeline view", "Recent outcomes", "Environment protection"],
  },
  { tab: "traceability", views: ["Deployed where", "Work item lookup", "Work items"] },
  { tab: "delivery", views: [] },
];

/** The SDK logs this when the host asks for an id nobody registered; the real host probes too. */
const HOST_PROBE = /^No handler found on any channel for message: \{"id":\d+,"methodName":"",/;

interface Watched {
  page: Page;
  /** Every console error from any frame, and every response with an error status. */
  noise: string[];
}

/** Requests in flight per page (widgets refresh on a timer, so "network idle" may never come). */
const inFlight = new WeakMap<Page, { count: number; changed: number }>();

function countRequests(page: Page): void {
  const state = { count: 0, changed: Date.now() };
  inFlight.set(page, state);
  const done = () => {
    state.count -= 1;
    state.changed = Date.now();
  };
  page.on("request", () => {
    state.count += 1;
    state.changed = Date.now();
  });
  page.on("requestfinished", done);
  page.on("requestfailed", done);
}

/** Waits until no request has been in flight for `quietMs` (at most 20 s). */
async function quiet(page: Page, quietMs = 750): Promise<void> {
  const state = inFlight.get(page);
  const deadline = Date.now() + 20_000;
  while (state && Date.now() < deadline) {
    if (state.count <= 0 && Date.now() - state.changed >= quietMs) return;
    await page.waitForTimeout(100);
  }
}

/** Opens `path` with listeners attached before the first request. */
async function openWatched(path: string, width = 1440): Promise<Watched> {
  const page = await e2e.stack.browser.newPage({ viewport: { width, height: 900 } });
  const noise: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !HOST_PROBE.test(message.text()))
      noise.push(`console error: ${message.text()} (${message.location().url})`);
    if (message.type() === "warning") noise.push(`console warning: ${message.text()}`);
  });
  page.on("pageerror", (error) => noise.push(`uncaught: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) noise.push(`${response.status()} from ${response.url()}`);
  });
  page.on("requestfailed", (request) => noise.push(`failed: ${request.url()}`));
  countRequests(page);
  await page.goto(`${e2e.stack.harness.url}${path}`);
  opened.push(page);
  return { page, noise };
}

const opened: Page[] = [];

/** One dashboard frame per widget and supported size. */
function widgetSizes(): number {
  return e2e.stack.harness.manifest.contributions
    .filter((contribution) => contribution.type === WIDGET_TYPE)
    .reduce((total, widget) => total + widget.supportedSizes.length, 0);
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((page) => page.close()));
});

/** Waits for the view's network to settle: nothing in flight for half a second. */
async function settle(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => !document.querySelector('[role="progressbar"], .rt-progress'), {
    timeout: 60_000,
  });
  await quiet(frame.page());
}

/**
 * How wide the page scrolls against its width: the document and the hub's page (its scroll
 * container) both count, and the outermost elements that stick out are named.
 */
async function pageOverflow(
  frame: Frame,
): Promise<{ scroll: number; client: number; culprits: string[] }> {
  return frame.evaluate(() => {
    const client = document.documentElement.clientWidth;
    const page = document.querySelector(".rt-hub-page");
    const culprits: string[] = [];
    const sticksOut = (element: Element) => element.getBoundingClientRect().right > client + 1;
    // The innermost elements that stick out: the ones that push the page wide.
    const visit = (element: Element): void => {
      const style = getComputedStyle(element);
      // An element that scrolls sideways itself (a card's table) keeps what it holds in its box.
      const scrolls = element !== page && /auto|scroll/.test(style.overflowX);
      const wide = scrolls ? [] : [...element.children].filter(sticksOut);
      if (wide.length === 0 && sticksOut(element) && culprits.length < 6) {
        const classes = [...element.classList].slice(0, 3).join(".");
        const label = element.getAttribute("aria-label") ?? "";
        culprits.push(
          `${element.tagName.toLowerCase()}${classes ? `.${classes}` : ""}${label ? `[${label}]` : ""}`,
        );
      }
      wide.forEach(visit);
    };
    visit(document.body);
    const scroll = Math.max(document.documentElement.scrollWidth, page?.scrollWidth ?? 0);
    return { scroll, client, culprits };
  });
}

async function hubFrame(page: Page): Promise<Frame> {
  const [state] = await waitForFrames(page, 1);
  expect(state).toMatchObject({ role: "hub", status: "loaded" });
  return contentFrame(page, state.elementId);
}

describe.each(THEMES)("in the %s theme", (theme) => {
  test.each(HUB_VIEWS)("hub tab $tab: no page-level horizontal scroll at 900 px", async (entry) => {
    const { page, noise } = await openWatched(`/hub?theme=${theme}#${entry.tab}`, 900);
    const frame = await hubFrame(page);
    const views = entry.views.length > 0 ? entry.views : [""];
    for (const view of views) {
      if (view) await frame.getByRole("tab", { name: view, exact: true }).click();
      await settle(frame);
      const name = `layout-900-${entry.tab}${view ? `-${view.toLowerCase().replace(/ /g, "-")}` : ""}`;
      await screenshot(page, name, theme);
      const { scroll, client, culprits } = await pageOverflow(frame);
      expect(
        `${entry.tab}/${view}: ${scroll} px wide in ${client} px (${culprits.join(", ")})`,
      ).toBe(`${entry.tab}/${view}: ${client} px wide in ${client} px ()`);
    }
    expect(noise).toEqual([]);
  });
});

test("no console error or failed request anywhere on a clean demo run", async () => {
  await resetWidgetSettings(e2e.stack.harness.url, "gate-status-widget");
  await resetWidgetSettings(e2e.stack.harness.url, "compliance-score-widget");
  const [workItem] = await emulatorSources(e2e.stack).workItems.listWorkItemIds(
    e2e.stack.project.name,
  );
  const noise: string[] = [];
  for (const entry of HUB_VIEWS) {
    const watched = await openWatched(`/hub?theme=light#${entry.tab}`);
    const frame = await hubFrame(watched.page);
    for (const view of entry.views.length > 0 ? entry.views : [""]) {
      if (view) await frame.getByRole("tab", { name: view, exact: true }).click();
      await settle(frame);
    }
    noise.push(...watched.noise.map((line) => `hub ${entry.tab}: ${line}`));
  }
  const surfaces: Array<{ path: string; frames: number }> = [
    { path: `/work-item/${workItem}?theme=light`, frames: 1 },
    { path: "/dashboard?theme=light", frames: widgetSizes() },
    { path: "/dashboard/configure/gate-status-widget?size=3x2&theme=light", frames: 2 },
    { path: "/dashboard/configure/compliance-score-widget?size=2x2&theme=light", frames: 2 },
  ];
  for (const surface of surfaces) {
    const watched = await openWatched(surface.path);
    if (surface.frames > 0) await waitForFrames(watched.page, surface.frames);
    await quiet(watched.page);
    noise.push(...watched.noise.map((line) => `${surface.path}: ${line}`));
  }
  expect(noise).toEqual([]);
});

/**
 * Where a table's last column is what the user acts on (a link, a button), or a panel's text,
 * everything stays inside its box: the right edge of each named element against its box's.
 */
async function cutOff(frame: Frame, selector: string, box: string): Promise<string[]> {
  return frame.evaluate(
    ({ selector, box }) =>
      [...document.querySelectorAll(selector)].flatMap((element) => {
        const container = element.closest(box);
        if (!container) return [`${selector}: not inside ${box}`];
        const right = element.getBoundingClientRect().right;
        const edge = container.getBoundingClientRect().right;
        return right > edge + 1
          ? [
              `${element.textContent?.trim().slice(0, 40)}: ${Math.round(right - edge)} px past ${box}`,
            ]
          : [];
      }),
    { selector, box },
  );
}

test("at 900 px the last column of Waiting on, Recent outcomes and Work items stays in the card", async () => {
  const { page } = await openWatched("/hub?theme=light#gates", 900);
  const frame = await hubFrame(page);
  await frame.locator(".rt-gates-table").first().waitFor({ timeout: 30000 });
  await settle(frame);
  const waiting = await cutOff(frame, ".rt-gates-table thead th:last-child", ".bolt-card");
  await frame.getByRole("tab", { name: "Recent outcomes", exact: true }).click();
  await frame.getByRole("table", { name: "Recent gate outcomes" }).waitFor({ timeout: 30000 });
  const outcomes = await cutOff(frame, ".rt-gates-table thead th:last-child", ".bolt-card");
  await frame.getByRole("tab", { name: "Traceability", exact: true }).click();
  await frame.getByRole("tab", { name: "Work items", exact: true }).click();
  await frame
    .getByRole("button", { name: /^Trace work item \d+$/ })
    .first()
    .waitFor();
  const workItems = await cutOff(frame, ".rt-window-table thead th:last-child", ".bolt-card");
  expect({ waiting, outcomes, workItems }).toEqual({ waiting: [], outcomes: [], workItems: [] });
});

test("at 1440 px the compliance evidence panel keeps its text and table inside the panel", async () => {
  const { page } = await openWatched("/hub?theme=light#compliance", 1440);
  const frame = await hubFrame(page);
  await frame
    .getByRole("button", { name: /: Fail\. Show evidence$/ })
    .first()
    .click();
  const evidence = frame.getByLabel("Evidence", { exact: true });
  await evidence.waitFor({ timeout: 30000 });
  const inside = await cutOff(
    frame,
    '[aria-label="Evidence"] div, [aria-label="Evidence"] th',
    ".bolt-panel-callout-content",
  );
  expect(inside).toEqual([]);
});

test("at 1440 px the delivery tiles' figures sit on one line, a two-line name or not", async () => {
  const { page } = await openWatched("/hub?theme=light#delivery", 1440);
  const frame = await hubFrame(page);
  await frame.getByRole("list", { name: "Delivery metrics" }).waitFor({ timeout: 60000 });
  await settle(frame);
  const tops = await frame.evaluate(() =>
    [...document.querySelectorAll(".rt-metric-figure")].map((figure) =>
      Math.round(figure.getBoundingClientRect().top),
    ),
  );
  expect(tops).toHaveLength(5);
  expect(new Set(tops).size).toBe(1);
});
