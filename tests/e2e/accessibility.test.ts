/**
 * Accessibility of every page of the harness, in both themes: axe-core in the host page and in each
 * contribution frame (serious and critical violations fail), and the whole product from the keyboard,
 * on a frozen clock. (The Marketplace screenshots are taken by screenshots.test.ts.)
 */
import { join } from "node:path";
import type { AxeResults } from "axe-core";
import type { Frame, Page } from "playwright-core";
import { DEMO_SEED } from "../../dev/emulator/index";
import { anchorFor } from "../../dev/emulator/demo/generate";
import { WIDGET_TYPE } from "../../dev/harness/manifest";
import { loadWorkItemTimeline } from "../../src/core/trace/workItemTimeline";
import { TraceSession } from "../../src/core/trace";
import { chooseOption } from "./choose";
import {
  contentFrame,
  emulatorSources,
  expectClean,
  openHub,
  ROOT,
  screenshot,
  stackForThisFile,
  THEMES,
  waitForFrames,
  type Theme,
} from "./support";

const AXE_SCRIPT = join(ROOT, "node_modules", "axe-core", "axe.min.js");
const FAILING_IMPACTS = new Set(["serious", "critical"]);

const e2e = stackForThisFile({ anchor: anchorFor(DEMO_SEED) });
const open = e2e.open;

/** A work item whose form group has deployments to show. */
let tracedWorkItem: number;

beforeAll(async () => {
  const sources = emulatorSources(e2e.stack);
  const project = e2e.stack.project.name;
  const session = new TraceSession(sources, project);
  for (const id of await sources.workItems.listWorkItemIds(project)) {
    const timeline = await loadWorkItemTimeline(session, id);
    if (timeline.trace.deployments.length > 0 && timeline.pullRequests.length > 0) {
      tracedWorkItem = id;
      return;
    }
  }
  throw new Error("the demo has no work item that reached an environment");
});

interface Finding {
  where: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Where a frame sits, for the report: the host page or the iframe's id. */
async function frameName(frame: Frame): Promise<string> {
  if (!frame.parentFrame()) return "host page";
  const element = await frame.frameElement();
  return `frame #${(await element.getAttribute("id")) ?? "?"}`;
}

/**
 * axe-core in the host page and every frame (each on its own: frames are cross-origin), after a
 * screenshot of what it audits (test-results/screenshots/a11y-*), for a look at both themes.
 */
async function audit(page: Page, where: string, theme: Theme): Promise<Finding[]> {
  const slug = where
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  // The pointer rests off the content: a hover left over from a click is not the page's state.
  await page.mouse.move(0, 0);
  await screenshot(page, `a11y-${slug}`, theme);
  const findings: Finding[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached() || frame.url() === "about:blank") continue;
    const loaded = await frame.evaluate(() => "axe" in window);
    if (!loaded) {
      await frame.addScriptTag({ path: AXE_SCRIPT });
      // Colours are read at rest: a button fading back from its hover colour is not the page's
      // state (a primary button once measured mid-transition at 4.36:1).
      await frame.addStyleTag({
        content: "*, *::before, *::after { transition: none !important; }",
      });
    }
    const violations = await frame.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }
      ).axe;
      const results = await axe.run(document, { iframes: false, resultTypes: ["violations"] });
      return results.violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? "unknown",
        help: violation.help,
        targets: violation.nodes.map(
          (node) =>
            `${node.target.join(" ")}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, " ")})` : ""}`,
        ),
      }));
    });
    const name = await frameName(frame);
    for (const violation of violations) {
      if (FAILING_IMPACTS.has(violation.impact))
        findings.push({ where: `${where}, ${name}`, ...violation });
    }
  }
  return findings;
}

/** Readable failure output: one block per violation. */
function report(findings: Finding[]): string[] {
  return findings.map(
    (finding) =>
      `[${finding.impact}] ${finding.rule} in ${finding.where}: ${finding.help}\n    ${finding.targets.join("\n    ")}`,
  );
}

async function selectHubTab(frame: Frame, name: string): Promise<void> {
  await frame.getByRole("tab", { name, exact: true }).click();
}

async function noSpinner(frame: Frame): Promise<void> {
  await frame.getByRole("progressbar").first().waitFor({ state: "detached", timeout: 30000 });
}

describe.each(THEMES)("axe-core in the %s theme", (theme) => {
  test("the overview page", async () => {
    const watched = await open(`/?theme=${theme}`);
    await watched.page.getByRole("heading", { name: "Work items with artifact links" }).waitFor();
    expect(report(await audit(watched.page, "overview", theme))).toEqual([]);
    expectClean(watched);
  });

  test("the hub: each tab and the panels it opens", async () => {
    const findings: Finding[] = [];
    const { watched, frame } = await openHub(e2e, theme);

    await frame
      .getByText(/^\d+ repositor(y|ies)$/)
      .first()
      .waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Repositories", theme)));

    await selectHubTab(frame, "Compliance");
    await frame.getByLabel("Project score", { exact: true }).waitFor({ timeout: 30000 });
    await frame.getByText(/^Repositories \(\d+ of \d+\)$/).waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Compliance", theme)));
    await frame
      .getByRole("button", { name: /: Fail\. Show evidence$/ })
      .first()
      .click();
    await frame.getByLabel("Evidence", { exact: true }).waitFor({ timeout: 20000 });
    findings.push(...(await audit(watched.page, "Compliance evidence panel", theme)));
    await frame.getByRole("button", { name: "Close" }).first().click();

    await selectHubTab(frame, "Gates");
    await frame.getByText(/^Waiting on \(\d+\)$/).waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Gates, waiting on", theme)));
    await frame.getByRole("tab", { name: "Pipeline view" }).click();
    await chooseOption(frame, "Pipeline or release definition", "web-app-ci-cd");
    const chip = frame.getByRole("button", { name: /\. Show details$/ }).first();
    await chip.waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Gates, pipeline view", theme)));
    await chip.click();
    await frame.getByLabel("Stage details", { exact: true }).waitFor({ timeout: 20000 });
    findings.push(...(await audit(watched.page, "Gates, stage details", theme)));
    await frame.getByRole("tab", { name: "Recent outcomes" }).click();
    await frame.getByText(/^Rejected, timed out or failed \(\d+\)$/).waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Gates, recent outcomes", theme)));
    await frame.getByRole("tab", { name: "Environment protection" }).click();
    await frame.getByText(/^Environments \(\d+\)$/).waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Gates, environment protection", theme)));

    await selectHubTab(frame, "Traceability");
    await frame.getByLabel("Matrix size").waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Traceability, deployed where", theme)));
    await frame
      .getByRole("button", { name: /\. Show what it contains$/ })
      .first()
      .click();
    const contents = frame.getByLabel("Deployment contents", { exact: true });
    await contents.waitFor({ timeout: 30000 });
    await noSpinner(frame);
    findings.push(...(await audit(watched.page, "Traceability, deployment contents panel", theme)));
    await frame.getByRole("button", { name: "Close" }).first().click();
    await frame.getByRole("tab", { name: "Work item lookup" }).click();
    await frame.getByLabel("Work item id").fill(String(tracedWorkItem));
    await frame.getByRole("button", { name: "Trace", exact: true }).click();
    await frame.getByLabel("Work item path", { exact: true }).waitFor({ timeout: 30000 });
    findings.push(...(await audit(watched.page, "Traceability, work item lookup", theme)));

    await selectHubTab(frame, "Delivery");
    await frame.getByRole("list", { name: "Delivery metrics" }).waitFor({ timeout: 60000 });
    findings.push(...(await audit(watched.page, "Delivery", theme)));
    await frame
      .getByRole("button", { name: /^Change failure rate: .*\. Show the evidence$/ })
      .first()
      .click();
    await frame.getByLabel("Figure evidence", { exact: true }).waitFor({ timeout: 20000 });
    findings.push(...(await audit(watched.page, "Delivery, figure evidence panel", theme)));
    await frame.getByRole("button", { name: "Close" }).first().click();

    expect(report(findings)).toEqual([]);
    expectClean(watched);
  }, 240000);

  test("the work item page with the form group", async () => {
    const watched = await open(`/work-item/${tracedWorkItem}?theme=${theme}`);
    const [state] = await waitForFrames(watched.page, 1);
    const frame = await contentFrame(watched.page, state.elementId);
    await frame
      .getByRole("region", { name: "Environments", exact: true })
      .waitFor({ timeout: 30000 });
    expect(report(await audit(watched.page, "work item", theme))).toEqual([]);
    expectClean(watched);
  });

  test("the dashboard with every widget", async () => {
    const widgets = e2e.stack.harness.manifest.contributions.filter((c) => c.type === WIDGET_TYPE);
    const sizes = widgets.reduce((total, widget) => total + widget.supportedSizes.length, 0);
    const watched = await open(`/dashboard?theme=${theme}`);
    await waitForFrames(watched.page, sizes);
    expect(report(await audit(watched.page, "dashboard", theme))).toEqual([]);
    expectClean(watched);
  });

  test.each(["gate-status-widget", "compliance-score-widget", "delivery-metrics-widget"])(
    "the configuration page of %s",
    async (widget) => {
      const watched = await open(`/dashboard/configure/${widget}?theme=${theme}`);
      await waitForFrames(watched.page, 2);
      expect(report(await audit(watched.page, `configuration of ${widget}`, theme))).toEqual([]);
      expectClean(watched);
    },
  );
});

interface FocusedElement {
  /** "host page" or "frame #id". */
  where: string;
  tag: string;
  role: string;
  /** aria-label, else the text (shortened). */
  name: string;
  /** An outline or box-shadow on the element or its ::before/::after (a row: its cells' borders). */
  ring: boolean;
  checked: boolean;
  value: string;
  /** An input's type. */
  type: string;
}

/** The element that has the keyboard focus, in whichever frame holds it. */
async function focused(page: Page): Promise<FocusedElement | undefined> {
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const found = await frame.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!document.hasFocus() || !element || element === document.body) return null;
      if (element.tagName === "IFRAME") return null; // the focus is further down
      const drawn = (style: CSSStyleDeclaration) =>
        (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
        (style.boxShadow !== "" && style.boxShadow !== "none");
      // azure-devops-ui marks a focused table row by its cells' borders in the focus colour.
      const focusColour = (variable: string) => {
        const probe = document.createElement("span");
        probe.style.color = `var(${variable})`;
        document.body.appendChild(probe);
        const colour = getComputedStyle(probe).color;
        probe.remove();
        return colour;
      };
      const focusColours = new Set(
        ["--focus-border-color", "--component-grid-focus-border-color"].map(focusColour),
      );
      const cells = [...element.children];
      const cellBorders =
        element.getAttribute("role") === "row" &&
        cells.length > 0 &&
        cells.every((cell) => focusColours.has(getComputedStyle(cell).borderBottomColor));
      const input = element as HTMLInputElement;
      // azure-devops-ui draws a text field's ring (a Dropdown's button is one) on its frame.
      const field = element.tagName === "INPUT" ? element.closest(".bolt-textfield") : null;
      return {
        tag: element.tagName.toLowerCase(),
        role: element.getAttribute("role") ?? "",
        name: (element.getAttribute("aria-label") ?? element.textContent ?? "")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 80),
        ring:
          cellBorders ||
          (field !== null && drawn(getComputedStyle(field))) ||
          drawn(getComputedStyle(element)) ||
          drawn(getComputedStyle(element, "::before")) ||
          drawn(getComputedStyle(element, "::after")),
        checked: input.checked === true,
        value: typeof input.value === "string" ? input.value : "",
        type: element.getAttribute("type") ?? "",
      };
    });
    if (found) return { where: await frameName(frame), ...found };
  }
  return undefined;
}

/** Presses Tab (or Shift+Tab) until the focused element matches; fails with the path it took. */
async function tabTo(
  page: Page,
  wanted: (element: FocusedElement) => boolean,
  what: string,
  key: "Tab" | "Shift+Tab" = "Tab",
): Promise<FocusedElement> {
  const path: string[] = [];
  for (let press = 0; press < 60; press++) {
    await page.keyboard.press(key);
    const element = await focused(page);
    if (element && wanted(element)) return element;
    path.push(element ? `${element.where} ${element.tag}[${element.role}] "${element.name}"` : "-");
  }
  throw new Error(`${key} never reached ${what}; it went through:\n${path.join("\n")}`);
}

/** Presses a key and returns the element focused after it. */
async function press(page: Page, key: string): Promise<FocusedElement | undefined> {
  await page.keyboard.press(key);
  return focused(page);
}

/** Shift+Tab back to the hub's tab bar, then the arrow keys along it to the named tab. */
async function backToTab(page: Page, name: string): Promise<void> {
  let element = await tabTo(
    page,
    (candidate) => candidate.role === "tab",
    "the tab bar",
    "Shift+Tab",
  );
  const seen: string[] = [element.name];
  while (element.name !== name && seen.length <= 8) {
    element = (await press(page, "ArrowRight")) ?? element;
    seen.push(element.name);
  }
  expect(seen).toContain(name);
  expectRing(element);
}

function expectRing(element: FocusedElement | undefined): void {
  expect(element && `${element.tag} "${element.name}" ring: ${element.ring}`).toBe(
    element && `${element.tag} "${element.name}" ring: true`,
  );
}

describe("from the keyboard only", () => {
  test("hub tabs, a table's rows, a filter and a panel", async () => {
    const { watched, frame } = await openHub(e2e, "light");
    await frame
      .getByText(/^\d+ repositor(y|ies)$/)
      .first()
      .waitFor({ timeout: 30000 });
    const isTab = (name: string) => (element: FocusedElement) =>
      element.role === "tab" && element.name === name;

    // Into the frame, onto the selected tab; arrows move along the tab bar, Enter selects.
    expectRing(await tabTo(watched.page, isTab("Repositories"), "the Repositories tab"));
    // Down the repository table's rows.
    const row = await tabTo(watched.page, (element) => element.role === "row", "a table row");
    expectRing(row);
    const next = await press(watched.page, "ArrowDown");
    expect(next?.role).toBe("row");
    expect(next?.name).not.toBe(row.name);
    expectRing(next);
    expect((await press(watched.page, "ArrowUp"))?.name).toBe(row.name);

    await backToTab(watched.page, "Compliance");
    await watched.page.keyboard.press("Enter");
    await frame.getByRole("tabpanel", { name: "Compliance" }).waitFor();
    await frame.getByLabel("Project score", { exact: true }).waitFor({ timeout: 30000 });

    // A filter of the filter bar: opened with Enter, a value chosen with the arrow keys and Enter.
    const outcome = await tabTo(
      watched.page,
      (element) => element.tag === "button" && element.name === "Outcome",
      "the Outcome filter",
    );
    expectRing(outcome);
    const outcomeButton = frame.getByRole("button", { name: "Outcome", exact: true });
    const before = (await outcomeButton.textContent()) ?? "";
    await watched.page.keyboard.press("Enter");
    await frame.getByRole("listbox").getByRole("option").first().waitFor();
    await watched.page.keyboard.press("ArrowDown");
    await watched.page.keyboard.press("Enter");
    if (await frame.getByRole("listbox").count()) await watched.page.keyboard.press("Escape");
    await frame.getByRole("listbox").waitFor({ state: "detached" });
    expect((await outcomeButton.textContent()) ?? "").not.toBe(before);
    await frame.getByText(/^Repositories \(\d+ of \d+\)$/).waitFor();

    // The matrix is one grid with one Tab stop; arrow keys move to a result, whose evidence
    // opens with Enter and closes with Escape.
    await tabTo(watched.page, (element) => element.role === "gridcell", "the compliance grid");
    let cell = await press(watched.page, "ArrowRight");
    for (let step = 0; step < 12 && !(cell?.name ?? "").endsWith(". Show evidence"); step++) {
      cell = await press(watched.page, "ArrowRight");
    }
    if (!cell || !cell.name.endsWith(". Show evidence")) throw new Error("no result in the grid");
    expectRing(cell);
    await watched.page.keyboard.press("Enter");
    const evidence = frame.getByLabel("Evidence", { exact: true });
    await evidence.waitFor({ timeout: 20000 });
    await watched.page.keyboard.press("Escape");
    await evidence.waitFor({ state: "detached" });

    // On to Gates and Traceability by the tab bar.
    await backToTab(watched.page, "Gates");
    await watched.page.keyboard.press("Space");
    await frame.getByRole("tabpanel", { name: "Gates" }).waitFor();
    await frame.getByText(/^Waiting on \(\d+\)$/).waitFor({ timeout: 30000 });
    expect((await press(watched.page, "ArrowRight"))?.name).toBe("Traceability");
    await watched.page.keyboard.press("Enter");
    await frame.getByLabel("Matrix size").waitFor({ timeout: 30000 });
    // The deployed-where matrix is a grid too: one Tab stop, then arrows to a deployment.
    await tabTo(watched.page, (element) => element.role === "gridcell", "the deployed-where grid");
    let deployment = await press(watched.page, "ArrowRight");
    for (
      let step = 0;
      step < 12 && !(deployment?.name ?? "").endsWith(". Show what it contains");
      step++
    ) {
      deployment = await press(watched.page, "ArrowRight");
    }
    if (!deployment || !deployment.name.endsWith(". Show what it contains")) {
      throw new Error("no deployment in the grid");
    }
    expectRing(deployment);
    await watched.page.keyboard.press("Enter");
    const contents = frame.getByLabel("Deployment contents", { exact: true });
    await contents.waitFor({ timeout: 30000 });
    await watched.page.keyboard.press("Escape");
    await contents.waitFor({ state: "detached" });
    expectClean(watched);
  });

  test("the widget configuration page", async () => {
    const watched = await open("/dashboard/configure/gate-status-widget?size=3x2&theme=light");
    const states = await waitForFrames(watched.page, 2);
    const preview = await contentFrame(
      watched.page,
      states.find((state) => state.role === "widget-preview")?.elementId as string,
    );
    const config = await contentFrame(
      watched.page,
      states.find((state) => state.role === "widget-config")?.elementId as string,
    );
    // The Pipeline dropdown: opened with Enter, a pipeline chosen with the arrow keys and Enter.
    const pipeline = await tabTo(
      watched.page,
      (element) => element.tag === "input" && element.value.startsWith("All pipelines"),
      "the Pipeline dropdown",
    );
    expectRing(pipeline);
    await watched.page.keyboard.press("Enter");
    await config.getByRole("listbox").getByRole("option").first().waitFor();
    await watched.page.keyboard.press("ArrowDown");
    await watched.page.keyboard.press("ArrowDown");
    await watched.page.keyboard.press("Enter");
    // Chosen with Enter, the list may stay open (as in the hub's filters): Escape closes it.
    if (await config.getByRole("listbox").count()) await watched.page.keyboard.press("Escape");
    await config.getByRole("listbox").waitFor({ state: "detached" });
    // The choice is made and the focus is back on the dropdown, so Tab goes on from there.
    const chosen = await focused(watched.page);
    expect(chosen?.tag).toBe("input");
    expect(chosen?.value).not.toBe(pipeline.value);
    expectRing(chosen);
    const stage = await tabTo(
      watched.page,
      (element) => element.type === "checkbox",
      "a stage checkbox",
    );
    expect(stage.checked).toBe(false);
    expect((await press(watched.page, "Space"))?.checked).toBe(true);
    const refresh = await tabTo(
      watched.page,
      (element) => element.tag === "input" && element.value === "5",
      "Refresh every (minutes)",
    );
    expectRing(refresh);
    await watched.page.keyboard.press("Control+A");
    await watched.page.keyboard.type("2");
    const save = await tabTo(watched.page, (element) => element.name === "Save", "Save");
    expectRing(save);
    await watched.page.keyboard.press("Enter");
    await watched.page.getByText("Saved.").waitFor();
    await preview.getByText("Release gate status").first().waitFor();
    expectClean(watched);
  });
});
