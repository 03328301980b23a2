/**
 * Every dashboard widget at every size it declares, in both themes: a screenshot of each into
 * test-results/screenshots/widgets/, and no text cut off or drawn outside the widget's box. An
 * ellipsis counts as intended only when a title gives the full text.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { WIDGET_TYPE } from "../../dev/harness/manifest";
import { defaultBaseline } from "../../src/core/compliance/baseline/default";
import { historyKey } from "../../src/core/compliance/scoreHistory";
import { resetWidgetSettings, setExtensionSetting } from "./extensionData";
import {
  contentFrame,
  expectClean,
  SCREENSHOTS,
  stackForThisFile,
  THEMES,
  waitForFrames,
  type HarnessFrameState,
} from "./support";

const e2e = stackForThisFile();
const WIDGETS = join(SCREENSHOTS, "widgets");
const WIDGET_IDS = ["gate-status-widget", "compliance-score-widget", "delivery-metrics-widget"];

interface ListBody<T> {
  value: T[];
}

/** Saves a widget's settings as its configuration dialog would. */
async function saveWidgetSettings(widgetId: string, data: unknown): Promise<void> {
  const response = await fetch(`${e2e.stack.harness.url}/_harness/api/extension-data`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      op: "setDocument",
      collectionName: "harness-dashboard",
      doc: { id: widgetId, __etag: -1, customSettings: { data: JSON.stringify(data) } },
    }),
  });
  expect(response.status).toBe(200);
}

/**
 * What the user cannot read in the widget: text cut at an edge (sideways or below) by the widget
 * or by any box that hides its overflow, and anything drawn outside the widget. Runs in the frame.
 */
function unreadable(): string[] {
  const found: string[] = [];
  const box = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  const name = (element: Element, text: string) =>
    `${element.tagName.toLowerCase()}.${[...element.classList].slice(0, 2).join(".")} "${text.slice(0, 40)}"`;
  const outside = (
    rect: DOMRect,
    clip: { left: number; top: number; right: number; bottom: number },
  ) =>
    rect.left < clip.left - 1 ||
    rect.top < clip.top - 1 ||
    rect.right > clip.right + 1 ||
    rect.bottom > clip.bottom + 1;
  // An ellipsis (or a clamp to a few lines) is intended when the full text is one hover away.
  const explained = (element: Element) =>
    (getComputedStyle(element).textOverflow === "ellipsis" ||
      getComputedStyle(element).webkitLineClamp !== "none") &&
    (element.closest("[title]")?.getAttribute("title") ?? "").trim() !== "";
  // "cut off" when a box that hides its overflow cuts the text, "hidden" when that is intended.
  const clipProblem = (from: Element, rect: DOMRect): "cut off" | "hidden" | undefined => {
    for (
      let clip: Element | null = from;
      clip && clip !== document.body;
      clip = clip.parentElement
    ) {
      const style = getComputedStyle(clip);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const clipRect = clip.getBoundingClientRect();
      // A 1 px box that hides its overflow is text for screen readers only.
      if (clipRect.width <= 1 || clipRect.height <= 1) return "hidden";
      if (outside(rect, clipRect)) return explained(clip) ? "hidden" : "cut off";
    }
    return undefined;
  };
  if (document.documentElement.scrollHeight > innerHeight + 1)
    found.push(`the page scrolls: ${document.documentElement.scrollHeight} px in ${innerHeight}`);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? "").trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest("svg title, [hidden], .bolt-tooltip")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    if (getComputedStyle(parent).visibility === "hidden") continue;
    const problem = clipProblem(parent, rect);
    if (problem !== "hidden" && problem) found.push(`${problem}: ${name(parent, text)}`);
    else if (!problem && outside(rect, box))
      found.push(`outside the widget: ${name(parent, text)}`);
  }
  for (const graphic of document.querySelectorAll("svg, img, canvas")) {
    const rect = graphic.getBoundingClientRect();
    if (rect.width > 0 && outside(rect, box))
      found.push(`outside the widget: ${name(graphic, "")}`);
  }
  return [...new Set(found)];
}

/** The frame's state with its size, read from the dashboard's frame titles ("Name 2×1"). */
async function sizeOf(page: Page, state: HarnessFrameState): Promise<string> {
  const title = (await page.locator(`#${state.elementId}`).getAttribute("title")) ?? "";
  const size = /(\d+)×(\d+)$/.exec(title);
  if (!size) throw new Error(`no size in the frame title "${title}"`);
  return `${size[1]}x${size[2]}`;
}

/** Waits until nothing in the frame is still loading, and for its fonts. */
async function settled(frame: Frame): Promise<void> {
  await frame.waitForFunction(
    () => !document.querySelector('[role="progressbar"], .rt-progress, .bolt-spinner'),
    undefined,
    { timeout: 60_000 },
  );
  await frame.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Screenshots every widget frame of the dashboard and returns what is unreadable in each. */
async function checkDashboard(
  theme: string,
  only?: { id: string; variant: string },
): Promise<string[]> {
  const manifest = e2e.stack.harness.manifest;
  const sizes = manifest.contributions
    .filter((contribution) => contribution.type === WIDGET_TYPE)
    .reduce((total, widget) => total + widget.supportedSizes.length, 0);
  const watched = await e2e.open(`/dashboard?theme=${theme}`);
  const states = await waitForFrames(watched.page, sizes);
  mkdirSync(WIDGETS, { recursive: true });
  const problems: string[] = [];
  for (const state of states.filter((entry) => !only || entry.contributionId === only.id)) {
    const frame = await contentFrame(watched.page, state.elementId);
    await settled(frame);
    const size = await sizeOf(watched.page, state);
    const name = `${state.contributionId}${only?.variant ?? ""}-${size}-${theme}`;
    await watched.page
      .locator(`#${state.elementId}`)
      .screenshot({ path: join(WIDGETS, `${name}.png`) });
    problems.push(...(await frame.evaluate(unreadable)).map((problem) => `${name}: ${problem}`));
  }
  // Each widget's sizes side by side, as the dashboard shows them: one picture to compare.
  for (const id of WIDGET_IDS.filter((widget) => !only || widget === only.id)) {
    await watched.page
      .locator(`section[data-widget="${id}"] .widget-grid`)
      .screenshot({ path: join(WIDGETS, `${id}${only?.variant ?? ""}-all-${theme}.png`) });
  }
  expectClean(watched);
  return problems;
}

/** Each widget's configuration page at each size: its live preview, the same checks. */
async function checkPreviews(theme: string): Promise<string[]> {
  const widgets = e2e.stack.harness.manifest.contributions.filter(
    (contribution) => contribution.type === WIDGET_TYPE,
  );
  const problems: string[] = [];
  for (const widget of widgets) {
    for (const { columnSpan, rowSpan } of widget.supportedSizes) {
      const size = `${columnSpan}x${rowSpan}`;
      const watched = await e2e.open(
        `/dashboard/configure/${widget.id}?size=${size}&theme=${theme}`,
      );
      const states = await waitForFrames(watched.page, 2);
      const preview = states.find((state) => state.role === "widget-preview");
      if (!preview) throw new Error(`${widget.id} ${size}: no preview frame`);
      const frame = await contentFrame(watched.page, preview.elementId);
      await settled(frame);
      const name = `configure-${widget.id}-${size}-${theme}`;
      await watched.page.screenshot({ path: join(WIDGETS, `${name}.png`) });
      problems.push(...(await frame.evaluate(unreadable)).map((problem) => `${name}: ${problem}`));
      expectClean(watched);
    }
  }
  return problems;
}

describe.each(THEMES)("in the %s theme", (theme) => {
  test("every widget at every size it declares: all text readable, nothing outside its box", async () => {
    for (const id of WIDGET_IDS) await resetWidgetSettings(e2e.stack.harness.url, id);
    expect(await checkDashboard(theme)).toEqual([]);
  });

  test("the gate widget on one pipeline and on one release definition: the same", async () => {
    const project = encodeURIComponent(e2e.stack.project.name);
    const pipelines = await e2e.stack.rest<ListBody<{ id: number; name: string }>>(
      `${project}/_apis/build/definitions?api-version=7.1`,
    );
    const definitions = await e2e.stack.rest<ListBody<{ id: number; name: string }>>(
      `${project}/_apis/release/definitions?api-version=7.1`,
    );
    expect(pipelines.value.length).toBeGreaterThan(0);
    expect(definitions.value.length).toBeGreaterThan(0);
    const [pipeline] = pipelines.value;
    const [definition] = definitions.value;
    const targets = [
      { variant: "-pipeline", target: { kind: "yaml", id: pipeline.id, name: pipeline.name } },
      {
        variant: "-release",
        target: { kind: "classic", id: definition.id, name: definition.name },
      },
    ];
    const problems: string[] = [];
    for (const { variant, target } of targets) {
      await saveWidgetSettings("gate-status-widget", { target });
      problems.push(...(await checkDashboard(theme, { id: "gate-status-widget", variant })));
    }
    await resetWidgetSettings(e2e.stack.harness.url, "gate-status-widget");
    expect(problems).toEqual([]);
  });

  test("the compliance widget with a month of score history: the same", async () => {
    const baseline = defaultBaseline().name;
    const now = Date.now();
    // A slow climb from 41 % with a dip: small changes a reader should still see.
    const history = Array.from({ length: 30 }, (_, index) => ({
      date: new Date(now - (30 - index) * 86_400_000).toISOString().slice(0, 10),
      score: Math.round((41 + index * 0.3 - (index % 7 === 3 ? 2 : 0)) * 10) / 10,
      counts: { pass: 30 + index, fail: 40 - index },
      baseline,
      origin: "scan",
    }));
    await setExtensionSetting(e2e.stack.harness.url, historyKey(e2e.stack.project.id), history);
    await resetWidgetSettings(e2e.stack.harness.url, "compliance-score-widget");
    const variant = { id: "compliance-score-widget", variant: "-history" };
    const problems = await checkDashboard(theme, variant);
    await setExtensionSetting(e2e.stack.harness.url, historyKey(e2e.stack.project.id), []);
    expect(problems).toEqual([]);
  });

  test("each configuration page's live preview at each size: the same", async () => {
    for (const id of WIDGET_IDS) await resetWidgetSettings(e2e.stack.harness.url, id);
    expect(await checkPreviews(theme)).toEqual([]);
  });
});
