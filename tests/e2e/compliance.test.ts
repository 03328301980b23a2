/**
 * The Compliance tab and the compliance-score widget, as built in dist/, against the demo
 * organisation in both themes. Expectations come from running the engine through the same
 * adapters against the same emulator, so the views must show what the engine computes.
 */
import { readFileSync } from "node:fs";
import type { Frame } from "playwright-core";
import { parseBaselineDocument } from "../../src/core/compliance/baseline/parse";
import { defaultBaseline } from "../../src/core/compliance/baseline/default";
import type { Baseline } from "../../src/core/compliance/baseline/types";
import { validateBaseline } from "../../src/core/compliance/baseline/validate";
import { scanCompliance } from "../../src/core/compliance/scan";
import { severityWeight } from "../../src/core/compliance/types";
import { topGaps } from "../../src/ui/compliance/matrix";
import { fitGaps, gapLines } from "../../src/ui/compliance/widgetLayout";
import { chooseOption } from "./choose";
import {
  contentFrame,
  emulatorSources,
  expectClean,
  expectThemeApplied,
  frameBackground,
  injectedElements,
  openHub,
  screenshot,
  stackForThisFile,
  THEMES,
  waitForFrames,
  type WatchedPage,
} from "./support";
import { setExtensionSetting } from "./extensionData";

const BASELINE_PATH = "/compliance/baseline.yml";

const e2e = stackForThisFile();
const open = e2e.open;

function sources() {
  return emulatorSources(e2e.stack);
}

/** What the engine says for the demo project with a baseline (now: this test's clock). */
function expectedScan(baseline: Baseline) {
  return scanCompliance(sources(), {
    organization: "fabrikam",
    project: e2e.stack.project.name,
    baseline,
    now: new Date(),
  });
}

/** The platform team's baseline file, read over REST as the tab reads it. */
async function platformBaseline(): Promise<{ baseline: Baseline; repository: string }> {
  const repositories = await sources().git.listRepositories(e2e.stack.project.name);
  for (const repository of repositories) {
    if (repository.isDisabled || !repository.defaultBranch) continue;
    try {
      const text = await sources().git.getItemText(
        e2e.stack.project.name,
        repository.id,
        BASELINE_PATH,
      );
      return {
        baseline: validateBaseline(
          parseBaselineDocument(text, BASELINE_PATH, "yaml"),
          `${repository.name}${BASELINE_PATH}`,
        ),
        repository: repository.name,
      };
    } catch {
      // not this repository
    }
  }
  throw new Error(`no repository of the demo has ${BASELINE_PATH}`);
}

async function textOf(frame: Frame, label: string): Promise<string> {
  const locator = frame.getByLabel(label, { exact: true }).first();
  await locator.waitFor({ timeout: 30000 });
  return ((await locator.textContent()) ?? "").trim();
}

function scoreText(score: number | null): string {
  return score === null ? "N/A" : `${score}%`;
}

function openComplianceTab(theme: string): Promise<{ watched: WatchedPage; frame: Frame }> {
  return openHub(e2e, theme, "compliance");
}

describe.each(THEMES)("in the %s theme", (theme) => {
  test("the Compliance tab deep-links and shows the engine's results with evidence and exports", async () => {
    const projectId = e2e.stack.project.id;
    // Start from the built-in baseline whatever an earlier test chose.
    await setExtensionSetting(e2e.stack.harness.url, `compliance-baseline-${projectId}`, {
      kind: "built-in",
    });
    const expected = await expectedScan(defaultBaseline());
    const { watched, frame } = await openComplianceTab(theme);
    expect(await textOf(frame, "Project score")).toBe(scoreText(expected.summary.score));
    const repositoryCount = Object.keys(expected.summary.byRepository).length;
    await frame
      .getByText(`Repositories (${repositoryCount} of ${repositoryCount})`)
      .waitFor({ timeout: 20000 });

    // Every rendered cell carries the worst outcome the engine gave that repository and rule.
    const buttons = frame.getByRole("button", { name: /\. Show evidence$/ });
    const labels = await buttons.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute("aria-label") ?? ""),
    );
    expect(labels.length).toBeGreaterThan(0);
    const order = ["Fail", "Error", "Not available", "Exempt", "Pass", "Not applicable"];
    const words: Record<string, string> = {
      fail: "Fail",
      error: "Error",
      "not-available": "Not available",
      exempt: "Exempt",
      pass: "Pass",
      "not-applicable": "Not applicable",
    };
    let checked = 0;
    for (const [repositoryId, summary] of Object.entries(expected.summary.byRepository)) {
      for (const rule of defaultBaseline().rules.keys()) {
        const results = expected.results.filter(
          (result) => result.repository?.id === repositoryId && result.ruleId === rule,
        );
        const worst = order.find((word) =>
          results.some((result) => words[result.outcome] === word),
        );
        const title = results[0]?.title;
        const label = labels.find((text) => text.startsWith(`${summary.name}, ${title}: `));
        if (!label) continue; // a virtualised row not rendered yet
        expect(label).toContain(`: ${worst}`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(defaultBaseline().rules.size * 5);
    expect(await injectedElements(frame)).toBe(0);
    await screenshot(watched.page, "compliance-hub", theme);

    // Drill down into a failing cell.
    const failing = expected.results.find(
      (result) => result.outcome === "fail" && result.branch !== null,
    );
    expect(failing).toBeDefined();
    await frame
      .getByRole("button", {
        name: new RegExp(`^${failing!.repository!.name}, ${escape(failing!.title)}: Fail`),
      })
      .first()
      .click();
    const evidence = frame.getByLabel("Evidence", { exact: true });
    await evidence.waitFor({ timeout: 20000 });
    await evidence.getByText(failing!.message, { exact: false }).first().waitFor();
    const link = evidence.getByText("Open the branch policies in Azure DevOps").first();
    expect(await link.getAttribute("href")).toBe(
      `${e2e.stack.orgUrl}/${encodeURIComponent(e2e.stack.project.name)}/_settings/repositories?repo=${encodeURIComponent(
        failing!.repository!.id,
      )}&_a=policiesMid&refs=${encodeURIComponent(failing!.branch!)}`,
    );
    await screenshot(watched.page, "compliance-evidence", theme);
    await frame.getByRole("button", { name: "Close" }).first().click();

    // A JSON export downloads the engine's report.
    const [download] = await Promise.all([
      watched.page.waitForEvent("download", { timeout: 20000 }),
      frame.getByRole("button", { name: "Download the report as JSON" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^compliance-[A-Za-z0-9._-]+-\d{4}-\d{2}-\d{2}\.json$/,
    );
    const report = JSON.parse(readFileSync((await download.path()) as string, "utf8")) as {
      schemaVersion: number;
      results: unknown[];
      summary: { score: number | null };
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.results).toHaveLength(expected.results.length);
    expect(report.summary.score).toBe(expected.summary.score);

    expectThemeApplied(await frameBackground(frame), theme);
    expectClean(watched);
  });

  test("the tab scans with the baseline file of a repository and keeps the choice", async () => {
    const { baseline, repository } = await platformBaseline();
    const expected = await expectedScan(baseline);
    await setExtensionSetting(
      e2e.stack.harness.url,
      `compliance-baseline-${e2e.stack.project.id}`,
      { kind: "built-in" },
    );
    const { watched, frame } = await openComplianceTab(theme);
    await textOf(frame, "Project score");
    await chooseOption(frame, "Baseline", "A file in a repository of the project");
    await chooseOption(frame, "Repository", repository);
    await frame
      .getByText(`Using ${baseline.name} (${repository}${BASELINE_PATH})`, { exact: false })
      .waitFor({ timeout: 30000 });
    await frame.getByRole("progressbar").waitFor({ state: "detached", timeout: 30000 });
    expect(await textOf(frame, "Project score")).toBe(scoreText(expected.summary.score));
    expect(expected.summary.byOutcome.exempt).toBeGreaterThan(0);
    await screenshot(watched.page, "compliance-baseline-file", theme);

    // Reopened, the tab starts from the saved choice.
    const again = await openComplianceTab(theme);
    await again.frame
      .getByText(`Using ${baseline.name}`, { exact: false })
      .waitFor({ timeout: 30000 });
    expectClean(watched);
    expectClean(again.watched);
  });

  test("the widget shows the score, the trend against yesterday and the top gaps in each size", async () => {
    const expected = await expectedScan(defaultBaseline());
    const yesterday = new Date(Date.now() - 24 * 3_600_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, "0")}-${String(yesterday.getDate()).padStart(2, "0")}`;
    const previous = (expected.summary.score ?? 0) > 50 ? 40 : 80;
    await setExtensionSetting(e2e.stack.harness.url, `compliance-history-${e2e.stack.project.id}`, [
      // Same baseline as today's scan: a trend only compares scores of one baseline.
      {
        date: day,
        score: previous,
        counts: expected.summary.byOutcome,
        baseline: defaultBaseline().name,
      },
    ]);
    await fetch(`${e2e.stack.harness.url}/_harness/api/extension-data`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        op: "deleteDocument",
        collectionName: "harness-dashboard",
        id: "compliance-score-widget",
      }),
    });
    const watched = await open(`/dashboard?theme=${theme}`);
    const widgets = e2e.stack.harness.manifest.contributions.filter(
      (contribution) => contribution.type === "ms.vss-dashboards-web.widget",
    );
    const frames = widgets.reduce((total, widget) => total + widget.supportedSizes.length, 0);
    const states = (await waitForFrames(watched.page, frames)).filter(
      (state) => state.contributionId === "compliance-score-widget",
    );
    expect(states.length).toBe(3);
    const gaps = topGaps(expected.results, severityWeight, Number.POSITIVE_INFINITY);
    const change = Math.round(((expected.summary.score ?? 0) - previous) * 10) / 10;
    let withGaps = 0;
    for (const state of states) {
      expect(state).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
      const frame = await contentFrame(watched.page, state.elementId);
      expect(await textOf(frame, "Compliance score")).toBe(scoreText(expected.summary.score));
      const arrow = await frame
        .getByLabel(/(Up|Down) [\d.]+ points since the previous scan/)
        .first()
        .textContent();
      expect(arrow?.replace(/\s+/g, " ").trim()).toBe(`${change > 0 ? "↑ +" : "↓ "}${change}`);
      // The trend is a chart of the two days; hovering the first shows its date and score.
      const chart = frame.getByRole("img", { name: /^Score trend over 2 days/ });
      await chart.waitFor();
      const box = (await chart.boundingBox())!;
      await chart.hover({ position: { x: box.width * 0.12, y: box.height / 2 } });
      expect(await textOf(frame, "Score trend: the chosen value")).toBe(`${day}: ${previous}%`);
      const list = frame.getByLabel("Top gaps by points lost", { exact: true });
      // The harness titles each frame "<name> <columns>×<rows>".
      const title = (await watched.page.getAttribute(`#${state.elementId}`, "title")) ?? "";
      const [, columns, rows] = /(\d+)×(\d+)$/.exec(title) ?? [];
      const size = { columnSpan: Number(columns), rowSpan: Number(rows) };
      const { shown, more } = fitGaps(gaps, gapLines(size));
      if (shown.length > 0) {
        withGaps += 1;
        const items = await list.locator("li").allTextContents();
        expect(items).toEqual(shown.map((gap) => `${gap.title}−${gap.points} pts`));
        if (more > 0) await frame.getByText(`and ${more} more failing rule`).first().waitFor();
      } else expect(await list.count()).toBe(0);
    }
    expect(withGaps).toBe(2);
    await screenshot(watched.page, "compliance-widget", theme);
    expectClean(watched);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
