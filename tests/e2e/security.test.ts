/**
 * Script-looking content is inert everywhere: the hub's five tabs, the work item form group, the
 * widgets and their configuration pages, on the hostile demo organisation (script-, link- and
 * formula-looking text in titles, branch names, comments, pipeline, environment and release names,
 * and a baseline file kept in a repository). In every frame of every page:
 *   - no payload ran (window.__pwned stays undefined, no dialog opened);
 *   - the payload shows as text (textContent holds it literally);
 *   - no element carries an on* attribute and no script came from data;
 *   - every href (and src, action) is http(s) or relative, never javascript: or data:.
 */
import type { Frame, Page } from "playwright-core";
import {
  HOSTILE_BASELINE_NAME,
  HOSTILE_BROKEN_BASELINE_PATH,
  HOSTILE_PAYLOADS,
  HOSTILE_REF_PAYLOADS,
} from "../../dev/emulator/demo/hostile";
import { chooseOption, optionsOf } from "./choose";
import {
  contentFrame,
  expectClean,
  openHub,
  screenshot,
  stackForThisFile,
  waitForFrames,
  type WatchedPage,
} from "./support";
import { WIDGET_TYPE } from "../../dev/harness/manifest";
import { setExtensionSetting } from "./extensionData";

const e2e = stackForThisFile({ hostile: true });
const THEME = "light";
const BASELINE_REPOSITORY = "infra-terraform";

interface FrameAudit {
  url: string;
  pwned: unknown;
  handlers: string[];
  scripts: string[];
  urls: string[];
  text: string;
}

/** What each frame of the page holds that a payload could have produced. */
async function auditFrames(page: Page): Promise<FrameAudit[]> {
  // Let any injected element load (an <img src=x> fails at once); nothing is timed here.
  await page.waitForTimeout(300);
  return Promise.all(
    page.frames().map((frame) =>
      frame.evaluate(() => {
        const allowed = new Set(["http:", "https:"]);
        const elements = [...document.querySelectorAll("*")];
        const handlers = elements.flatMap((element) =>
          [...element.attributes]
            .filter((attribute) => /^on/i.test(attribute.name))
            .map((attribute) => `<${element.tagName.toLowerCase()} ${attribute.name}>`),
        );
        // Scripts load from files, or are JSON data with "<" escaped; none carries a payload.
        const scripts = [...document.querySelectorAll("script")]
          .filter((script) =>
            script.type === "application/json"
              ? /<\/?script/i.test(script.textContent ?? "")
              : !script.src || (script.textContent ?? "").includes("__pwned"),
          )
          .map((script) => script.outerHTML.slice(0, 120));
        const urls: string[] = [];
        for (const element of elements) {
          for (const name of ["href", "src", "action", "xlink:href", "formaction"]) {
            const value = element.getAttribute(name);
            if (value === null) continue;
            let protocol: string;
            try {
              protocol = new URL(value, document.baseURI).protocol;
            } catch {
              protocol = "unparseable";
            }
            if (!allowed.has(protocol)) {
              urls.push(`<${element.tagName.toLowerCase()} ${name}="${value.slice(0, 80)}">`);
            }
          }
        }
        return {
          url: location.href,
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          handlers,
          scripts,
          urls,
          text: document.body?.textContent ?? "",
        };
      }),
    ),
  );
}

/** Every frame inert; returns the text of all frames for the "shown as text" checks. */
async function expectInert(watched: WatchedPage): Promise<string> {
  const audits = await auditFrames(watched.page);
  expect(audits.length).toBeGreaterThan(1);
  for (const audit of audits) {
    expect({ url: audit.url, pwned: audit.pwned }).toEqual({ url: audit.url, pwned: undefined });
    expect({ url: audit.url, handlers: audit.handlers }).toEqual({ url: audit.url, handlers: [] });
    expect({ url: audit.url, scripts: audit.scripts }).toEqual({ url: audit.url, scripts: [] });
    expect({ url: audit.url, urls: audit.urls }).toEqual({ url: audit.url, urls: [] });
  }
  expectClean(watched);
  return audits.map((audit) => audit.text).join("\n");
}

/** Waits until the frame's text holds every payload, then returns the text. */
async function waitForText(frame: Frame, texts: string[]): Promise<void> {
  await frame.waitForFunction(
    (expected) => expected.every((text) => (document.body?.textContent ?? "").includes(text)),
    texts,
    { timeout: 30000 },
  );
}

function expectAsText(text: string, payloads: string[]): void {
  for (const payload of payloads) expect(text).toContain(payload);
}

const PROSE_PAYLOADS = [
  HOSTILE_PAYLOADS.img,
  HOSTILE_PAYLOADS.script,
  HOSTILE_PAYLOADS.svg,
  HOSTILE_PAYLOADS.jsUrl,
  HOSTILE_PAYLOADS.mdLink,
  HOSTILE_PAYLOADS.formula,
];

test("Repositories tab: a script-looking default branch is text", async () => {
  const { watched, frame } = await openHub(e2e, THEME, "repositories");
  await waitForText(frame, [HOSTILE_REF_PAYLOADS.svg]);
  expectAsText(await expectInert(watched), [HOSTILE_REF_PAYLOADS.svg]);
  await screenshot(watched.page, "security-repositories", THEME);
});

test("Compliance tab: a hostile baseline file, its exception and a refused baseline are text", async () => {
  await setExtensionSetting(e2e.stack.harness.url, `compliance-baseline-${e2e.stack.project.id}`, {
    kind: "built-in",
  });
  const { watched, frame } = await openHub(e2e, THEME, "compliance");
  await frame.getByLabel("Project score", { exact: true }).first().waitFor({ timeout: 30000 });
  await chooseOption(frame, "Baseline", "A file in a repository of the project");
  await chooseOption(frame, "Repository", BASELINE_REPOSITORY);
  await waitForText(frame, [`Using ${HOSTILE_BASELINE_NAME}`]);
  await frame.getByRole("progressbar").waitFor({ state: "detached", timeout: 30000 });
  // The exemption's justification shows in the evidence of the exempt cell.
  await frame
    .getByRole("button", { name: /^docs-site, Pull requests must pass a build: Exempt/ })
    .first()
    .click();
  const evidence = frame.getByLabel("Evidence", { exact: true });
  await evidence.waitFor({ timeout: 20000 });
  const justification = `Static site ${HOSTILE_PAYLOADS.script} ${HOSTILE_PAYLOADS.mdLink}`;
  await waitForText(frame, [justification]);
  expectAsText(await expectInert(watched), [HOSTILE_BASELINE_NAME, justification]);
  await screenshot(watched.page, "security-compliance-baseline", THEME);
  await frame.getByRole("button", { name: "Close" }).first().click();

  // A baseline the engine refuses: its problems quote the script-looking rule name as text.
  const path = frame.getByLabel("Path (.yml, .yaml or .json)", { exact: true });
  await path.fill(HOSTILE_BROKEN_BASELINE_PATH);
  await path.press("Enter");
  await waitForText(frame, ["cannot be used", HOSTILE_PAYLOADS.img]);
  expectAsText(await expectInert(watched), [HOSTILE_PAYLOADS.img]);
  await screenshot(watched.page, "security-compliance-refused-baseline", THEME);
  await setExtensionSetting(e2e.stack.harness.url, `compliance-baseline-${e2e.stack.project.id}`, {
    kind: "built-in",
  });
});

test("Gates tab: approval instructions and comments, pipeline and stage names are text", async () => {
  const { watched, frame } = await openHub(e2e, THEME, "gates");
  await waitForText(frame, PROSE_PAYLOADS);
  expectAsText(await expectInert(watched), PROSE_PAYLOADS);
  await screenshot(watched.page, "security-gates", THEME);
});

test("Traceability tab: the matrix and a hostile work item's path are text", async () => {
  const { watched, frame } = await openHub(e2e, THEME, "traceability");
  await frame.getByLabel("Matrix size").waitFor({ timeout: 30000 });
  await waitForText(frame, [HOSTILE_PAYLOADS.img, HOSTILE_PAYLOADS.jsUrl]);
  expectAsText(await expectInert(watched), [HOSTILE_PAYLOADS.img, HOSTILE_PAYLOADS.jsUrl]);
  await screenshot(watched.page, "security-traceability", THEME);

  const workItem = await hostileWorkItem();
  await frame.getByRole("tab", { name: "Work item lookup" }).click();
  await frame.getByLabel("Work item id").fill(String(workItem.id));
  await frame.getByRole("button", { name: "Trace", exact: true }).click();
  await frame.getByLabel("Work item path", { exact: true }).waitFor({ timeout: 30000 });
  await waitForText(frame, [workItem.title]);
  expectAsText(await expectInert(watched), [workItem.title]);
  await screenshot(watched.page, "security-trace-lookup", THEME);
});

test("Delivery tab: pipeline and environment names in the table and the evidence are text", async () => {
  const { watched, frame } = await openHub(e2e, THEME, "delivery");
  await frame
    .getByRole("table", { name: "By pipeline and environment" })
    .waitFor({ timeout: 60000 });
  await waitForText(frame, [HOSTILE_PAYLOADS.img]);
  await frame
    .getByRole("button", { name: /^Deployment frequency: .*\. Show the evidence$/ })
    .click();
  await frame.getByLabel("Figure evidence", { exact: true }).waitFor({ timeout: 20000 });
  expectAsText(await expectInert(watched), [HOSTILE_PAYLOADS.img]);
  await screenshot(watched.page, "security-delivery", THEME);
});

/** A work item of the main project whose title starts with a markup payload and that deployed. */
async function hostileWorkItem(): Promise<{ id: number; title: string }> {
  const project = encodeURIComponent(e2e.stack.project.name);
  // The demo's richest trace (several environments, a PR): see tests/cli/trace.test.ts.
  const id = 281;
  const item = await e2e.stack.rest<{ id: number; fields: Record<string, unknown> }>(
    `${project}/_apis/wit/workitems/${id}?api-version=7.1`,
  );
  const title = String(item.fields["System.Title"]);
  expect(title.startsWith(HOSTILE_PAYLOADS.img)).toBe(true);
  return { id: item.id, title };
}

test("work item form group: a hostile work item's title, PRs, branches and stages are text", async () => {
  const workItem = await hostileWorkItem();
  const watched = await e2e.open(`/work-item/${workItem.id}?theme=${THEME}`);
  const [state] = await waitForFrames(watched.page, 1);
  expect(state).toMatchObject({ role: "form-group", status: "loaded" });
  const frame = await contentFrame(watched.page, state.elementId);
  await waitForText(frame, [HOSTILE_REF_PAYLOADS.img, HOSTILE_PAYLOADS.jsUrl]);
  const text = await expectInert(watched);
  // The host draws the title; the group draws PR branches and stage names.
  expectAsText(text, [workItem.title, HOSTILE_REF_PAYLOADS.img, HOSTILE_PAYLOADS.jsUrl]);
  await screenshot(watched.page, "security-work-item", THEME);
});

test("widget configurations and previews: hostile pipeline, stage and baseline names are text", async () => {
  const gate = await e2e.open(`/dashboard/configure/gate-status-widget?size=3x2&theme=${THEME}`);
  const gateStates = await waitForFrames(gate.page, 2);
  const gateConfig = await contentFrame(
    gate.page,
    gateStates.find((state) => state.role === "widget-config")?.elementId as string,
  );
  const gatePreview = await contentFrame(
    gate.page,
    gateStates.find((state) => state.role === "widget-preview")?.elementId as string,
  );
  await gateConfig.getByLabel("Pipeline", { exact: true }).waitFor();
  const options = await optionsOf(gateConfig, "Pipeline");
  const hostilePipeline = options.find((text) => text.includes(HOSTILE_PAYLOADS.img));
  expect(hostilePipeline).toBeDefined();
  await chooseOption(gateConfig, "Pipeline", hostilePipeline as string);
  await waitForText(gatePreview, [hostilePipeline as string]);
  // Audited with the list open: every hostile name is then an option in the page, as text.
  await gateConfig.getByLabel("Pipeline", { exact: true }).click();
  await waitForText(gateConfig, [HOSTILE_PAYLOADS.script]);
  expectAsText(await expectInert(gate), [hostilePipeline as string, HOSTILE_PAYLOADS.script]);
  await gate.page.keyboard.press("Escape");
  await gateConfig.getByRole("listbox").waitFor({ state: "detached" });
  await screenshot(gate.page, "security-configure-gate-widget", THEME);
  await gate.page.click("#config-save");
  await gate.page.locator("#config-save-status").getByText("Saved.").waitFor();

  const compliance = await e2e.open(
    `/dashboard/configure/compliance-score-widget?size=2x2&theme=${THEME}`,
  );
  const complianceStates = await waitForFrames(compliance.page, 2);
  const complianceConfig = await contentFrame(
    compliance.page,
    complianceStates.find((state) => state.role === "widget-config")?.elementId as string,
  );
  const compliancePreview = await contentFrame(
    compliance.page,
    complianceStates.find((state) => state.role === "widget-preview")?.elementId as string,
  );
  await chooseOption(complianceConfig, "Baseline", "A file in a repository of the project");
  await chooseOption(complianceConfig, "Repository", BASELINE_REPOSITORY);
  await waitForText(compliancePreview, [HOSTILE_BASELINE_NAME]);
  expectAsText(await expectInert(compliance), [HOSTILE_BASELINE_NAME]);
  await screenshot(compliance.page, "security-configure-compliance-widget", THEME);
  await compliance.page.click("#config-save");
  await compliance.page.locator("#config-save-status").getByText("Saved.").waitFor();
});

test("dashboard: both widgets, configured with hostile choices, show them as text", async () => {
  // Runs after the configuration test saved a hostile pipeline and the hostile baseline.
  const watched = await e2e.open(`/dashboard?theme=${THEME}`);
  const sizes = e2e.stack.harness.manifest.contributions
    .filter((contribution) => contribution.type === WIDGET_TYPE)
    .reduce((total, widget) => total + widget.supportedSizes.length, 0);
  const states = await waitForFrames(watched.page, sizes);
  for (const state of states) expect(state.error ?? "no error").toBe("no error");
  // Every size of each widget shows its configured choice (the smallest ones may abbreviate it).
  const framesOf = (contributionId: string) =>
    Promise.all(
      states
        .filter((state) => state.contributionId === contributionId)
        .map((state) => contentFrame(watched.page, state.elementId)),
    );
  const gates = await framesOf("gate-status-widget");
  const compliances = await framesOf("compliance-score-widget");
  expect(gates.length).toBeGreaterThan(0);
  expect(compliances.length).toBeGreaterThan(0);
  await waitForText(gates[gates.length - 1], [HOSTILE_PAYLOADS.img]);
  await waitForText(compliances[compliances.length - 1], [HOSTILE_BASELINE_NAME]);
  expectAsText(await expectInert(watched), [HOSTILE_PAYLOADS.img, HOSTILE_BASELINE_NAME]);
  await screenshot(watched.page, "security-dashboard", THEME);
});

test("the audit itself catches markup parsed from data (so the checks above can fail)", async () => {
  const watched = await e2e.open(`/?theme=${THEME}`);
  await watched.page.evaluate((payloads) => {
    // What a component using innerHTML on a title would do.
    const sink = document.createElement("div");
    sink.innerHTML = `${payloads.img}<a href="${payloads.jsUrl}">x</a>`;
    document.body.append(sink);
  }, HOSTILE_PAYLOADS);
  await watched.page.waitForFunction(
    () => (window as unknown as { __pwned?: unknown }).__pwned === 1,
  );
  const [host] = await auditFrames(watched.page);
  expect(host.pwned).toBe(1);
  expect(host.handlers).toEqual(["<img onerror>"]);
  expect(host.urls).toEqual([`<a href="${HOSTILE_PAYLOADS.jsUrl}">`]);
});
