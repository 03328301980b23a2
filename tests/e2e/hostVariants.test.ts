/**
 * Every contribution under every host variant the harness plays: the handshake shapes real hosts
 * have sent (current, legacy, no webContext, an empty webContext), always with the real host's
 * registration timing (full id once, short id once 250 ms later, then fail); and, for the work item
 * form group, a second work item loaded into the same frame and an unload. Each page's XDM wire is
 * checked against the SDK's and the real host's rules.
 */
import type { Frame, Page, Request } from "playwright-core";
import { HOST_VARIANTS } from "../../dev/harness/client/config";
import {
  contributionsOfType,
  HUB_TYPE,
  WIDGET_TYPE,
  WORK_ITEM_GROUP_TYPE,
  WORK_ITEM_PAGE_TYPE,
} from "../../dev/harness/manifest";
import { resetWidgetSettings } from "./extensionData";
import { contentFrame, expectClean, stackForThisFile, waitForFrames, type Stack } from "./support";
import { expectWireClean } from "./wire";

const e2e = stackForThisFile();
const manifest = () => e2e.stack.harness.manifest;

interface ListBody<T> {
  value: T[];
}
interface LinkedItem {
  id: number;
  pullRequests: number[];
}

const PR_LINK = /^vstfs:\/\/\/Git\/PullRequestId\/[^%]+%2F[^%]+%2F(\d+)$/i;

/** Work items linked to pull requests, with those pull requests' ids (from the emulator). */
async function prLinkedWorkItems(stack: Stack): Promise<LinkedItem[]> {
  const project = encodeURIComponent(stack.project.name);
  const query = await stack.rest<{ workItems: Array<{ id: number }> }>(
    `${project}/_apis/wit/wiql?api-version=7.1`,
    { query: "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project" },
  );
  const ids = query.workItems.slice(0, 200).map((item) => item.id);
  const batch = await stack.rest<ListBody<{ id: number; relations?: Array<{ url: string }> }>>(
    `${project}/_apis/wit/workitems?ids=${ids.join(",")}&$expand=relations&api-version=7.1`,
  );
  return batch.value
    .map((item) => ({
      id: item.id,
      pullRequests: (item.relations ?? [])
        .map((relation) => PR_LINK.exec(relation.url)?.[1])
        .filter((id): id is string => id !== undefined)
        .map(Number),
    }))
    .filter((item) => item.pullRequests.length > 0);
}

/** Two work items whose pull requests differ, so each view is told apart from the other. */
async function twoDistinctItems(stack: Stack): Promise<[LinkedItem, LinkedItem]> {
  const items = await prLinkedWorkItems(stack);
  const first = items[0];
  const second = items.find((item) =>
    item.pullRequests.every((pr) => !first.pullRequests.includes(pr)),
  );
  if (!first || !second)
    throw new Error("the demo has no two work items with distinct pull requests");
  return [first, second];
}

const pullRequestText = (frame: Frame, pr: number) => frame.getByText(`!${pr} `, { exact: false });

async function expectShown(frame: Frame, item: LinkedItem): Promise<void> {
  await pullRequestText(frame, item.pullRequests[0])
    .first()
    .waitFor({ state: "visible", timeout: 20000 });
}

function formGroups() {
  return manifest().contributions.filter(
    (c) => c.type === WORK_ITEM_GROUP_TYPE || c.type === WORK_ITEM_PAGE_TYPE,
  );
}

/** Opens a page and waits until its frames loaded, none failed; returns their states. */
async function openLoaded(path: string, frames: number) {
  const watched = await e2e.open(path);
  const states = await waitForFrames(watched.page, frames);
  for (const state of states) {
    expect(`${state.contributionId}: ${state.status} ${state.error ?? ""}`.trim()).toBe(
      `${state.contributionId}: loaded`,
    );
  }
  return { watched, states };
}

describe.each(HOST_VARIANTS)("the %s handshake", (variant) => {
  test("the hub loads and lists the repositories", async () => {
    for (const hub of contributionsOfType(manifest(), HUB_TYPE)) {
      const project = encodeURIComponent(e2e.stack.project.name);
      const repositories = await e2e.stack.rest<ListBody<unknown>>(
        `${project}/_apis/git/repositories?api-version=7.1`,
      );
      const { watched, states } = await openLoaded(
        `/hub?contribution=${hub.id}&host-variant=${variant}`,
        1,
      );
      const frame = await contentFrame(watched.page, states[0].elementId);
      await frame
        .getByText(`${repositories.value.length} repositories`, { exact: false })
        .first()
        .waitFor({ state: "visible", timeout: 20000 });
      await expectWireClean(watched.page, manifest());
      expectClean(watched);
    }
  });

  test("the work item form group shows the work item's pull requests", async () => {
    const [item] = await twoDistinctItems(e2e.stack);
    const groups = formGroups();
    const { watched, states } = await openLoaded(
      `/work-item/${item.id}?host-variant=${variant}`,
      groups.length,
    );
    await expectShown(await contentFrame(watched.page, states[0].elementId), item);
    await expectWireClean(watched.page, manifest());
    expectClean(watched);
  });

  test("each widget loads beside its configuration, and every widget on the dashboard", async () => {
    const widgets = contributionsOfType(manifest(), WIDGET_TYPE);
    for (const widget of widgets.filter((candidate) => candidate.configurationId)) {
      await resetWidgetSettings(e2e.stack.harness.url, widget.id);
      const { watched, states } = await openLoaded(
        `/dashboard/configure/${widget.id}?host-variant=${variant}`,
        2,
      );
      const preview = states.find((state) => state.role === "widget-preview");
      expect(preview?.lastResult).toMatchObject({ statusType: 0 });
      await expectWireClean(watched.page, manifest());
      expectClean(watched);
      await watched.page.close();
    }
    const sizes = widgets.reduce((total, widget) => total + widget.supportedSizes.length, 0);
    const { watched, states } = await openLoaded(`/dashboard?host-variant=${variant}`, sizes);
    for (const state of states) expect(state.lastResult).toMatchObject({ statusType: 0 });
    await expectWireClean(watched.page, manifest());
    expectClean(watched);
  });
});

/** Requests the page's frames send to the emulator, with when they started. */
function emulatorRequests(page: Page, orgUrl: string): Array<{ url: string; at: number }> {
  const seen: Array<{ url: string; at: number }> = [];
  const origin = new URL(orgUrl).origin;
  page.on("request", (request: Request) => {
    if (request.url().startsWith(origin)) seen.push({ url: request.url(), at: Date.now() });
  });
  return seen;
}

/** The emulator URLs a fresh form group asks for to show `item`. */
async function freshReads(item: LinkedItem): Promise<Set<string>> {
  const watched = await e2e.open(`/work-item/${item.id}`);
  const requests = emulatorRequests(watched.page, e2e.stack.orgUrl);
  const [state] = await waitForFrames(watched.page, formGroups().length);
  await expectShown(await contentFrame(watched.page, state.elementId), item);
  await settled(requests);
  await watched.page.close();
  return new Set(requests.map((request) => request.url));
}

/** Waits until no request has started for half a second. */
async function settled(requests: Array<{ at: number }>): Promise<void> {
  const quiet = () => Date.now() - (requests.at(-1)?.at ?? 0) > 500;
  while (!quiet()) await new Promise((resolve) => setTimeout(resolve, 100));
}

type HarnessControls = {
  __harness: {
    openWorkItem(id: number): Promise<void>;
    unloadWorkItem(): Promise<void>;
    log: Array<{ method: string }>;
    frames: Array<{ instanceId?: string }>;
  };
};

test("a second work item loaded into the same form group frame replaces the first", async () => {
  const [first, second] = await twoDistinctItems(e2e.stack);
  const needed = await freshReads(second);
  const { watched, states } = await openLoaded(`/work-item/${first.id}`, formGroups().length);
  const frame = await contentFrame(watched.page, states[0].elementId);
  await expectShown(frame, first);
  const requests = emulatorRequests(watched.page, e2e.stack.orgUrl);

  await watched.page.evaluate(
    (id) => (window as unknown as HarnessControls).__harness.openWorkItem(id),
    second.id,
  );
  await expectShown(frame, second);
  expect(await pullRequestText(frame, first.pullRequests[0]).count()).toBe(0);
  // The host's own chrome moved to the second work item too.
  const project = encodeURIComponent(e2e.stack.project.name);
  const secondItem = await e2e.stack.rest<{ fields: Record<string, unknown> }>(
    `${project}/_apis/wit/workitems/${second.id}?api-version=7.1`,
  );
  expect(await watched.page.locator("#wi-title").textContent()).toBe(
    String(secondItem.fields["System.Title"]),
  );
  const log = await watched.page.evaluate(
    () => (window as unknown as HarnessControls).__harness.log,
  );
  expect(
    log.map((entry) => entry.method).filter((method) => /^on(Unl|L)oaded$/.test(method)),
  ).toEqual(["onUnloaded", "onLoaded"]);
  // Everything read after the switch is something a fresh form needs for the second work item.
  await settled(requests);
  const leaked = requests.filter((request) => !needed.has(request.url));
  expect(leaked.map((request) => request.url)).toEqual([]);
  await expectWireClean(watched.page, manifest());
  expectClean(watched);
});

test("onUnloaded while the group is still reading: nothing shows and the reads stop", async () => {
  const [item] = await twoDistinctItems(e2e.stack);
  // Slow answers, so the unload lands while the group's reads are under way.
  e2e.stack.emulator.setFaults({ latencyMs: 400 });
  try {
    const watched = await e2e.open(`/work-item/${item.id}`);
    const [state] = await waitForFrames(watched.page, formGroups().length);
    const frame = await contentFrame(watched.page, state.elementId);
    // The host has found the group's object: onLoaded is on its way.
    await watched.page.waitForFunction(
      () => (window as unknown as HarnessControls).__harness.frames[0].instanceId !== undefined,
    );
    await watched.page.evaluate(() =>
      (window as unknown as HarnessControls).__harness.unloadWorkItem(),
    );
    const unloadedAt = Date.now();
    const requests = emulatorRequests(watched.page, e2e.stack.orgUrl);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await pullRequestText(frame, item.pullRequests[0]).count()).toBe(0);
    expect(await watched.page.locator("#wi-title").textContent()).toBe(
      "(no work item is open in this form)",
    );
    // Reads already sent may finish; none may start a second after the unload.
    const started = requests.filter((request) => request.at > unloadedAt + 1000);
    expect(started.map((request) => request.url)).toEqual([]);
    await expectWireClean(watched.page, manifest());
    expectClean(watched);
  } finally {
    e2e.stack.emulator.setFaults({ latencyMs: 0 });
  }
});
