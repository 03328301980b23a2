/**
 * Every contribution of the manifest, as built in dist/, running cross-origin in the host harness
 * against the demo organisation, in both themes. The expectations are read from the emulator over
 * REST, so a view that renders the wrong numbers fails.
 */
import type { Frame, Locator, Page } from "playwright-core";
import { WIDGET_TYPE } from "../../dev/harness/manifest";
import {
  contentFrame,
  expectClean,
  expectThemeApplied,
  frameBackground,
  injectedElements,
  openHub,
  screenshot,
  stackForThisFile,
  THEMES,
  waitForFrames,
} from "./support";
import { choiceOf, chooseOption, optionsOf } from "./choose";
import { resetWidgetSettings } from "./extensionData";

/** The demo's PR title that needs escaping (quotes, ampersand, apostrophe); markup is --hostile's. */
const TRICKY_TITLE = `Escape product names like "Fish & Chips" O'Brien`;

interface ListBody<T> {
  count: number;
  value: T[];
}
interface RepositoryJson {
  id: string;
  name: string;
}
interface PullRequestJson {
  pullRequestId: number;
  title: string;
  repository: { id: string };
}
interface WorkItemJson {
  id: number;
  fields: Record<string, unknown>;
  relations?: Array<{ rel: string; url: string }>;
}

const e2e = stackForThisFile();
const open = e2e.open;

const projectPath = () => encodeURIComponent(e2e.stack.project.name);

async function repositories(): Promise<RepositoryJson[]> {
  const body = await e2e.stack.rest<ListBody<RepositoryJson>>(
    `${projectPath()}/_apis/git/repositories?api-version=7.1`,
  );
  return body.value;
}

/** Expect the text somewhere in the frame, visible. */
async function expectVisibleText(frame: Frame, text: string): Promise<void> {
  await frame
    .getByText(text, { exact: false })
    .first()
    .waitFor({ state: "visible", timeout: 20000 });
}

/** Waits (bounded) for the locator's text to equal `expected`, then asserts it. */
async function expectText(locator: Locator, expected: string): Promise<void> {
  await locator.first().waitFor({ timeout: 20000 });
  const deadline = Date.now() + 20000;
  let actual = (await locator.first().textContent())?.trim();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    actual = (await locator.first().textContent())?.trim();
  }
  expect(actual).toBe(expected);
}

describe.each(THEMES)("in the %s theme", (theme) => {
  test("the hub lists every repository of the project with the total", async () => {
    const expected = await repositories();
    expect(expected.length).toBeGreaterThan(0);
    const { watched, frame } = await openHub(e2e, theme);
    await expectVisibleText(
      frame,
      `${expected.length} ${expected.length === 1 ? "repository" : "repositories"}`,
    );
    for (const repository of expected) await expectVisibleText(frame, repository.name);
    expectThemeApplied(await frameBackground(frame), theme);
    await screenshot(watched.page, "hub", theme);
    expectClean(watched);
  });

  test("the work item form group shows the linked pull request with a title that needs escaping", async () => {
    const pullRequests = await e2e.stack.rest<ListBody<PullRequestJson>>(
      `${projectPath()}/_apis/git/pullrequests?searchCriteria.status=all&$top=1000&api-version=7.1`,
    );
    const tricky = pullRequests.value.find((pr) => pr.title === TRICKY_TITLE);
    expect(tricky).toBeDefined();
    const linked = await e2e.stack.rest<ListBody<{ id: string }>>(
      `${projectPath()}/_apis/git/repositories/${tricky?.repository.id}/pullRequests/${tricky?.pullRequestId}/workitems?api-version=7.1`,
    );
    expect(linked.value.length).toBeGreaterThan(0);
    const workItemId = Number(linked.value[0].id);
    const workItem = await e2e.stack.rest<WorkItemJson>(
      `${projectPath()}/_apis/wit/workitems/${workItemId}?$expand=relations&api-version=7.1`,
    );
    const pullRequestLinks = new Set(
      (workItem.relations ?? [])
        .filter((relation) => /^vstfs:\/\/\/Git\/PullRequestId\//i.test(relation.url))
        .map((relation) => relation.url.toLowerCase()),
    ).size;
    expect(pullRequestLinks).toBeGreaterThan(0);

    const watched = await open(`/work-item/${workItemId}?theme=${theme}`);
    // The host draws the title from the emulator, as text.
    await expectText(watched.page.locator("#wi-title"), String(workItem.fields["System.Title"]));
    const [state] = await waitForFrames(watched.page, 1);
    expect(state).toMatchObject({ role: "form-group", status: "loaded" });
    const frame = await contentFrame(watched.page, state.elementId);
    await expectVisibleText(frame, `Pull requests (${pullRequestLinks})`);
    await expectVisibleText(frame, `!${tricky?.pullRequestId} ${tricky?.title}`);
    expect(await injectedElements(frame)).toBe(0);
    expectThemeApplied(await frameBackground(frame), theme);

    // Refresh and Save reach the group's registered listener.
    await watched.page.click("#wi-refresh");
    await watched.page.click("#wi-save");
    await watched.page.waitForFunction(() => {
      const log = (window as unknown as { __harness: { log: Array<{ method: string }> } }).__harness
        .log;
      return log.some((entry) => entry.method === "onSaved");
    });
    const after = await waitForFrames(watched.page, 1);
    expect(after[0].error).toBeUndefined();
    await screenshot(watched.page, "work-item", theme);
    expectClean(watched);
  });

  test("the host renders a work item title with quotes and an ampersand as text", async () => {
    const query = await e2e.stack.rest<{ workItems: Array<{ id: number }> }>(
      `${projectPath()}/_apis/wit/wiql?api-version=7.1`,
      {
        query:
          "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Title] CONTAINS 'Fish & Chips'",
      },
    );
    expect(query.workItems.length).toBeGreaterThan(0);
    const id = query.workItems[0].id;
    const item = await e2e.stack.rest<WorkItemJson>(
      `${projectPath()}/_apis/wit/workitems/${id}?api-version=7.1`,
    );
    const title = String(item.fields["System.Title"]);
    expect(title).toContain(`"Fish & Chips" O'Brien`);
    const watched = await open(`/work-item/${id}?theme=${theme}`);
    await expectText(watched.page.locator("#wi-title"), title);
    await waitForFrames(watched.page, 1);
    expect(await watched.page.locator("main script").count()).toBe(0);
    expectClean(watched);
  });

  test("both widgets load demo data in every supported size", async () => {
    const widgets = e2e.stack.harness.manifest.contributions.filter((c) => c.type === WIDGET_TYPE);
    const sizes = widgets.reduce((total, widget) => total + widget.supportedSizes.length, 0);
    expect(sizes).toBeGreaterThanOrEqual(5);
    const repositoryCount = (await repositories()).length;
    const pendingYaml = await e2e.stack.rest<ListBody<{ status: string }>>(
      `${projectPath()}/_apis/pipelines/approvals?state=pending&api-version=7.1-preview.1`,
    );
    const pendingClassic = await e2e.stack.rest<ListBody<{ status: string; isAutomated: boolean }>>(
      `${projectPath()}/_apis/release/approvals?statusFilter=pending&top=500&api-version=7.1`,
    );
    const pending =
      pendingYaml.value.filter((approval) => approval.status === "pending").length +
      pendingClassic.value.filter((approval) => !approval.isAutomated).length;

    await resetWidgetSettings(e2e.stack.harness.url, "gate-status-widget");
    await resetWidgetSettings(e2e.stack.harness.url, "compliance-score-widget");
    await resetWidgetSettings(e2e.stack.harness.url, "delivery-metrics-widget");
    const watched = await open(`/dashboard?theme=${theme}`);
    const states = await waitForFrames(watched.page, sizes);
    for (const state of states) {
      expect(`${state.contributionId} ${state.elementId}: ${state.error ?? "no error"}`).toBe(
        `${state.contributionId} ${state.elementId}: no error`,
      );
      expect(state).toMatchObject({
        role: "widget",
        status: "loaded",
        lastResult: { statusType: 0 },
      });
      const frame = await contentFrame(watched.page, state.elementId);
      if (state.contributionId === "gate-status-widget") {
        await expectText(frame.getByLabel("Pending approvals"), String(pending));
      } else if (state.contributionId === "compliance-score-widget") {
        await expectVisibleText(frame, `${repositoryCount} repositories in total`);
      } else {
        // tests/e2e/delivery.test.ts checks its figures against the engine.
        expect(state.contributionId).toBe("delivery-metrics-widget");
        await frame.getByRole("list", { name: "Delivery metrics" }).waitFor();
      }
      expectThemeApplied(await frameBackground(frame), theme);
    }
    await screenshot(watched.page, "dashboard", theme);
    expectClean(watched);
  });

  test("the gate widget configuration drives the live preview and saves", async () => {
    // The dropdown lists the YAML pipelines, i.e. build definitions (release definitions apart).
    const definitions = await e2e.stack.rest<ListBody<{ id: number; name: string }>>(
      `${projectPath()}/_apis/build/definitions?api-version=7.1`,
    );
    const yamlNames = new Set(definitions.value.map((definition) => definition.name));
    expect(yamlNames.size).toBeGreaterThan(0);
    await resetWidgetSettings(e2e.stack.harness.url, "gate-status-widget");
    const watched = await open(`/dashboard/configure/gate-status-widget?size=3x2&theme=${theme}`);
    const states = await waitForFrames(watched.page, 2);
    const preview = states.find((state) => state.role === "widget-preview");
    const configuration = states.find((state) => state.role === "widget-config");
    expect(preview?.error ?? "no error").toBe("no error");
    expect(configuration?.error ?? "no error").toBe("no error");
    expect(preview).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
    expect(configuration).toMatchObject({ status: "loaded" });
    const configFrame = await contentFrame(watched.page, configuration?.elementId as string);
    const previewFrame = await contentFrame(watched.page, preview?.elementId as string);
    await expectVisibleText(previewFrame, "all pipelines");

    // Choose a pipeline the emulator has; the preview must reload scoped to it.
    await configFrame.getByLabel("Pipeline", { exact: true }).waitFor();
    await expectListInsideFrame(watched.page, configuration?.elementId as string, "Pipeline");
    const texts = await optionsOf(configFrame, "Pipeline");
    const choice = texts.find((text) => yamlNames.has(text));
    expect(choice).toBeDefined();
    await chooseOption(configFrame, "Pipeline", choice as string);
    expect(await choiceOf(configFrame, "Pipeline")).toBe(choice);
    await expectVisibleText(previewFrame, choice as string);
    await screenshot(watched.page, "configure-gate-status-widget", theme);

    await watched.page.click("#config-save");
    await expectText(watched.page.locator("#config-save-status"), "Saved.");
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
    expect(saved.customSettings.data).toContain(choice?.trim());
    expectClean(watched);
  });

  test("the compliance widget configuration loads beside its preview and saves", async () => {
    const repositoryCount = (await repositories()).length;
    const watched = await open(
      `/dashboard/configure/compliance-score-widget?size=2x2&theme=${theme}`,
    );
    const states = await waitForFrames(watched.page, 2);
    const preview = states.find((state) => state.role === "widget-preview");
    const configuration = states.find((state) => state.role === "widget-config");
    expect(preview?.error ?? "no error").toBe("no error");
    expect(configuration?.error ?? "no error").toBe("no error");
    expect(preview).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
    expect(configuration).toMatchObject({ status: "loaded" });
    const configFrame = await contentFrame(watched.page, configuration?.elementId as string);
    const previewFrame = await contentFrame(watched.page, preview?.elementId as string);
    await expectVisibleText(previewFrame, `${repositoryCount} repositories in total`);
    await expectVisibleText(configFrame, "Baseline");
    expectThemeApplied(await frameBackground(configFrame), theme);
    await screenshot(watched.page, "configure-compliance-score-widget", theme);
    await expectListInsideFrame(watched.page, configuration?.elementId as string, "Baseline");
    await chooseOption(configFrame, "Baseline", "A file in a repository of the project");
    expect(await choiceOf(configFrame, "Repository")).not.toBe("");

    await watched.page.click("#config-save");
    await expectText(watched.page.locator("#config-save-status"), "Saved.");
    expectClean(watched);
  });
});

/**
 * Opens the dropdown labelled `label` in the frame `elementId`: its list lies inside the frame and
 * keeps its size (a list wider than its button once widened itself without end), then closes it.
 */
async function expectListInsideFrame(page: Page, elementId: string, label: string) {
  const frame = await contentFrame(page, elementId);
  const frameBox = await page.locator(`#${elementId}`).boundingBox();
  await frame.getByLabel(label, { exact: true }).click();
  const list = frame.locator(".bolt-callout-content");
  await frame.getByRole("listbox").getByRole("option").first().waitFor();
  const first = await list.boundingBox();
  await page.waitForTimeout(500);
  const later = await list.boundingBox();
  expect(later).toEqual(first);
  expect(frameBox).not.toBeNull();
  expect(later).not.toBeNull();
  const [outer, inner] = [frameBox as Box, later as Box];
  expect(inner.x).toBeGreaterThanOrEqual(outer.x);
  expect(inner.y).toBeGreaterThanOrEqual(outer.y);
  expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
  expect(inner.y + inner.height).toBeLessThanOrEqual(outer.y + outer.height + 0.5);
  await page.keyboard.press("Escape");
  await frame.getByRole("listbox").waitFor({ state: "detached" });
}

type Box = { x: number; y: number; width: number; height: number };

test("toggling the theme re-themes the host chrome and every frame without a reload", async () => {
  const watched = await open("/hub?theme=light");
  const [state] = await waitForFrames(watched.page, 1);
  const frame = await contentFrame(watched.page, state.elementId);
  expectThemeApplied(await frameBackground(frame), "light");
  await watched.page.click("#harness-theme-toggle");
  await frame.waitForFunction(
    () =>
      getComputedStyle(document.documentElement).getPropertyValue("--background-color").trim() ===
      "rgba(32, 31, 30, 1)",
  );
  expect(await watched.page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  expect(new URL(watched.page.url()).searchParams.get("theme")).toBe("dark");
  expectClean(watched);
});
