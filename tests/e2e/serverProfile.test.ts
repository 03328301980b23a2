/**
 * The extension as Azure DevOps Server 2022 hosts it, in the default test run: the emulator's
 * Server profile (a collection URL, Classic release on the same host, api-versions above 7.0
 * refused with the service's 400) and the harness playing a Server host (`isHosted: false`, a
 * collection host). Every hub tab, the work item form group and the compliance widget load their
 * data, and nothing the pages sent was refused. `npx jest --config jest.e2e.server.config.js` runs every e2e file
 * this way; this file keeps the proof in `npm test`.
 */
import type { Frame } from "playwright-core";
import { defaultBaseline } from "../../src/core/compliance/baseline/default";
import { scanCompliance } from "../../src/core/compliance/scan";
import { pendingGates } from "../../src/core/gates/queries";
import { waitingRows } from "../../src/ui/gates/waiting";
import { resetWidgetSettings, setExtensionSetting } from "./extensionData";
import {
  contentFrame,
  emulatorSources,
  expectClean,
  openHub,
  stackForThisFile,
  waitForFrames,
} from "./support";

const e2e = stackForThisFile({ server: "server-2022" });
const THEME = "light";

interface ListBody<T> {
  value: T[];
}
interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

const projectPath = () => encodeURIComponent(e2e.stack.project.name);

async function repositoryCount(): Promise<number> {
  const body = await e2e.stack.rest<ListBody<unknown>>(
    `${projectPath()}/_apis/git/repositories?api-version=7.1`,
  );
  return body.value.length;
}

async function visible(frame: Frame, text: string): Promise<void> {
  await frame.getByText(text, { exact: false }).first().waitFor({ timeout: 30000 });
}

/**
 * What the emulator answered since the last call (it keeps the newest 500), then forgets it: a
 * version the Server refuses is a 400, a route it lacks a 404.
 */
async function refusedSinceLastCheck(): Promise<string[]> {
  const base = e2e.stack.emulator.baseUrl;
  const log = (await (await fetch(`${base}/_emulator/log`)).json()) as {
    value: LoggedRequest[];
  };
  const reset = await fetch(`${base}/_emulator/reset`, { method: "POST" });
  expect(reset.status).toBe(200);
  return log.value
    .filter((entry) => entry.status >= 400)
    .map((entry) => `${entry.method} ${entry.path}: ${entry.status}`);
}

beforeEach(async () => {
  await refusedSinceLastCheck();
});

afterEach(async () => {
  expect(await refusedSinceLastCheck()).toEqual([]);
});

test("the emulator stands in for a Server collection", () => {
  expect(e2e.stack.emulator.server).toBe("server-2022");
  expect(new URL(e2e.stack.orgUrl).pathname).toBe("/tfs/DefaultCollection");
});

test("Repositories tab: every repository, linked under the collection URL", async () => {
  const count = await repositoryCount();
  expect(count).toBeGreaterThan(0);
  const { watched, frame } = await openHub(e2e, THEME, "repositories");
  await visible(frame, `${count} repositories`);
  const links = await frame
    .locator(`a[href*="/_git/"]`)
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href") ?? ""));
  expect(links.length).toBeGreaterThan(0);
  const collectionProject = `${e2e.stack.orgUrl}/${projectPath()}/_git/`;
  expect(links.filter((href) => !href.startsWith(collectionProject))).toEqual([]);
  expectClean(watched);
});

test("Compliance tab: the project score the engine computes on the Server", async () => {
  await setExtensionSetting(e2e.stack.harness.url, `compliance-baseline-${e2e.stack.project.id}`, {
    kind: "built-in",
  });
  const expected = await scanCompliance(emulatorSources(e2e.stack), {
    organization: "DefaultCollection",
    project: e2e.stack.project.name,
    baseline: defaultBaseline(),
    now: new Date(),
  });
  expect(expected.summary.score).not.toBeNull();
  const { watched, frame } = await openHub(e2e, THEME, "compliance");
  const score = frame.getByLabel("Project score", { exact: true }).first();
  await score.waitFor({ timeout: 30000 });
  expect((await score.textContent())?.trim()).toBe(`${expected.summary.score}%`);
  expectClean(watched);
});

test("Gates tab: waiting on what the engine finds on the Server", async () => {
  const expected = waitingRows(
    await pendingGates(emulatorSources(e2e.stack), e2e.stack.project.name),
  );
  expect(expected.length).toBeGreaterThan(0);
  const { watched, frame } = await openHub(e2e, THEME, "gates");
  await visible(frame, `Waiting on (${expected.length})`);
  expectClean(watched);
});

test("Traceability tab: the deployed-where matrix", async () => {
  const { watched, frame } = await openHub(e2e, THEME, "traceability");
  const size = frame.getByLabel("Matrix size");
  await size.waitFor({ timeout: 30000 });
  expect(await size.textContent()).toMatch(/\d/);
  expectClean(watched);
});

test("Delivery tab: the metrics by pipeline and environment", async () => {
  const { watched, frame } = await openHub(e2e, THEME, "delivery");
  const table = frame.getByRole("table", { name: "By pipeline and environment" });
  await table.waitFor({ timeout: 60000 });
  expect(await table.locator("tbody > tr").count()).toBeGreaterThan(0);
  expectClean(watched);
});

test("the work item form group shows a linked pull request", async () => {
  const query = await e2e.stack.rest<{ workItems: Array<{ id: number }> }>(
    `${projectPath()}/_apis/wit/wiql?api-version=7.1`,
    { query: "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project" },
  );
  const ids = query.workItems.slice(0, 200).map((item) => item.id);
  const batch = await e2e.stack.rest<ListBody<{ id: number; relations?: Array<{ url: string }> }>>(
    `${projectPath()}/_apis/wit/workitems?ids=${ids.join(",")}&$expand=relations&api-version=7.1`,
  );
  const linked = batch.value
    .map((item) => ({
      id: item.id,
      pr: (item.relations ?? [])
        .map((relation) => /^vstfs:\/\/\/Git\/PullRequestId\/.+%2F(\d+)$/i.exec(relation.url)?.[1])
        .find((pr) => pr !== undefined),
    }))
    .find((item) => item.pr !== undefined);
  expect(linked).toBeDefined();
  const watched = await e2e.open(`/work-item/${linked!.id}?theme=${THEME}`);
  const [state] = await waitForFrames(watched.page, 1);
  expect(state).toMatchObject({ role: "form-group", status: "loaded" });
  const frame = await contentFrame(watched.page, state.elementId);
  await visible(frame, `!${linked!.pr} `);
  expectClean(watched);
});

test("the compliance widget loads beside its configuration", async () => {
  const count = await repositoryCount();
  await resetWidgetSettings(e2e.stack.harness.url, "compliance-score-widget");
  const watched = await e2e.open(`/dashboard/configure/compliance-score-widget?theme=${THEME}`);
  const states = await waitForFrames(watched.page, 2);
  const preview = states.find((state) => state.role === "widget-preview");
  expect(preview?.error ?? "no error").toBe("no error");
  expect(preview).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
  await visible(
    await contentFrame(watched.page, preview!.elementId),
    `${count} repositories in total`,
  );
  expectClean(watched);
});
