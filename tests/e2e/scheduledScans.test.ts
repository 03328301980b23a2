/**
 * Scheduled scans on the dashboard: two `release-trace compliance --publish` runs on different
 * UTC days write the project's score history to the emulator (the service), and the compliance
 * widget, reading the same extension data through the harness, shows their trend. Opening the
 * widget and the hub that day must leave what the scans wrote as it was.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { EXTENSION } from "../../src/cli/connection";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { defaultBaseline } from "../../src/core/compliance/baseline/default";
import { historyKey, readHistory } from "../../src/core/compliance/scoreHistory";
import { resetWidgetSettings } from "./extensionData";
import {
  contentFrame,
  expectClean,
  openHub,
  screenshot,
  stackForThisFile,
  waitForFrames,
} from "./support";

import { setExtensionSetting } from "./extensionData";

const e2e = stackForThisFile({ serviceExtensionData: true });
const DAY = 86_400_000;

/** One scheduled scan, as a nightly pipeline runs it, on the given instant. */
async function scheduledScan(at: Date, baselineFile?: string): Promise<void> {
  let stderr = "";
  const code = await runCli({
    argv: [
      "compliance",
      "--org",
      e2e.stack.orgUrl,
      "--project",
      e2e.stack.project.name,
      "--publish",
      ...(baselineFile ? ["--baseline", baselineFile] : []),
      "--format",
      "json",
    ],
    env: { AZURE_DEVOPS_TOKEN: "nightly-scan-pat" },
    cwd: tmpdir(),
    stdout: { write: () => true },
    stderr: { write: (text: string) => ((stderr += text), true) },
    now: () => at,
  });
  expect(stderr).toContain("published the score of");
  expect([0, 3]).toContain(code);
}

async function storedHistory() {
  const settings = createAdoSources({
    orgUrl: e2e.stack.orgUrl,
    auth: patAuth("check"),
    // Services or Server, whichever the emulator stands in for, as the CLI finds out.
    target: "detect",
  })
    .extensionData(EXTENSION)
    .versionedSettings();
  return readHistory((await settings.read(historyKey(e2e.stack.project.id)))?.value);
}

test("the compliance widget shows the trend of two nightly scans, and opening views keeps them", async () => {
  // A project whose scans start today: without the demo's seeded history.
  await setExtensionSetting(e2e.stack.harness.url, historyKey(e2e.stack.project.id), []);
  const now = new Date();
  // Yesterday the team scanned with a stricter copy of the default baseline (same name, so one
  // trend); today with the built-in one.
  const strict = join(mkdtempSync(join(tmpdir(), "rt-nightly-")), "baseline.yml");
  writeFileSync(
    strict,
    [
      `name: ${defaultBaseline().name}`,
      "branches:",
      "  - default",
      "rules:",
      "  branch.min-reviewers:",
      "    minimumApprovers: 6",
      "  branch.no-self-approval: {}",
      "  branch.build-validation: {}",
      "  branch.work-item-linking: {}",
      "",
    ].join("\n"),
  );
  await scheduledScan(new Date(now.getTime() - DAY), strict);
  await scheduledScan(now);
  const scans = await storedHistory();
  expect(scans.map((entry) => entry.origin)).toEqual(["scan", "scan"]);
  const [yesterday, today] = scans;
  expect(today.date).toBe(now.toISOString().slice(0, 10));
  expect(today.score).not.toBe(yesterday.score);
  const change = Math.round(((today.score ?? 0) - (yesterday.score ?? 0)) * 10) / 10;

  await resetWidgetSettings(e2e.stack.harness.url, "compliance-score-widget");
  const watched = await e2e.open("/dashboard?theme=light");
  const widgets = e2e.stack.harness.manifest.contributions.filter(
    (contribution) => contribution.type === "ms.vss-dashboards-web.widget",
  );
  const frames = widgets.reduce((total, widget) => total + widget.supportedSizes.length, 0);
  const states = (await waitForFrames(watched.page, frames)).filter(
    (state) => state.contributionId === "compliance-score-widget",
  );
  // One frame per size the compliance widget supports.
  const complianceSizes = widgets.find((widget) => widget.id === "compliance-score-widget");
  expect(states.length).toBe(complianceSizes?.supportedSizes.length);
  expect(states.length).toBeGreaterThan(1);
  for (const state of states) {
    expect(state).toMatchObject({ status: "loaded", lastResult: { statusType: 0 } });
    const frame = await contentFrame(watched.page, state.elementId);
    const arrow = frame
      .getByLabel(/(Up|Down) [\d.]+ points since the previous scan/)
      .filter({ visible: true })
      .first();
    await arrow.waitFor({ timeout: 30000 });
    expect((await arrow.textContent())?.replace(/\s+/g, " ").trim()).toBe(
      `${change > 0 ? "↑ +" : "↓ "}${change}`,
    );
  }
  await screenshot(watched.page, "scheduled-scans-widget", "light");
  expectClean(watched);

  // The hub scans and records too: today's scan entry stays, nothing is cut.
  const hub = await openHub(e2e, "light", "compliance");
  // The trend chart names its points in its text alternative.
  await hub.frame
    .getByRole("img", { name: /^Score trend over 2 days/ })
    .first()
    .waitFor({ state: "attached", timeout: 60000 });
  expect(await storedHistory()).toEqual(scans);
  expectClean(hub.watched);
});
