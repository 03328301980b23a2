import * as React from "react";
import { screen, waitFor } from "@testing-library/react";
import { defaultBaseline } from "../../src/core/compliance/baseline/default";
import { scanCompliance } from "../../src/core/compliance/scan";
import { severityWeight } from "../../src/core/compliance/types";
import { SourceError } from "../../src/core/sources";
import type { BaselineChoice } from "../../src/ui/compliance/choice";
import { MAX_SNAPSHOTS, type ScoreSnapshot } from "../../src/ui/compliance/history";
import { topGaps } from "../../src/ui/compliance/matrix";
import { storeKeys } from "../../src/ui/compliance/storage";
import { gapLines } from "../../src/ui/compliance/widgetLayout";
import { ComplianceScoreWidgetView } from "../../src/ui/components/ComplianceScoreWidgetView";
import {
  complianceOrg,
  memoryStore,
  NOW,
  PROJECT_ID,
  renderCompliance,
} from "./complianceFixtures";

const builtIn: BaselineChoice = { kind: "built-in" };
const fromRepository = (path: string): BaselineChoice => ({
  kind: "repository",
  repositoryId: "r-infra",
  repositoryName: "infra",
  path,
});

function snapshot(date: string, score: number): ScoreSnapshot {
  const counts = { pass: 1, fail: 1, exempt: 0, error: 0, "not-available": 0, "not-applicable": 0 };
  // The widget's scans use the built-in baseline; a trend compares snapshots of one baseline.
  return { date, score, counts, baseline: defaultBaseline().name };
}

function widget(props: {
  baseline: BaselineChoice;
  rowSpan?: number;
  columnSpan?: number;
  onSettled?: (error?: unknown) => void;
}) {
  return (
    <ComplianceScoreWidgetView
      title="Compliance"
      size={{ rowSpan: props.rowSpan ?? 2, columnSpan: props.columnSpan ?? 2 }}
      baseline={props.baseline}
      store={memoryStoreFor.current.store}
      now={() => NOW}
      onSettled={props.onSettled}
    />
  );
}
const memoryStoreFor: { current: ReturnType<typeof memoryStore> } = { current: memoryStore() };

describe("ComplianceScoreWidgetView", () => {
  it("shows the engine's score, the trend against the previous snapshot and the top three gaps", async () => {
    const fake = complianceOrg();
    const expected = await scanCompliance(complianceOrg().sources, {
      organization: "",
      project: "Demo",
      baseline: defaultBaseline(),
      now: NOW,
    });
    memoryStoreFor.current = memoryStore({
      [storeKeys.history(PROJECT_ID)]: [snapshot("2025-03-08", 10), snapshot("2025-03-09", 20)],
    });
    renderCompliance(widget({ baseline: builtIn }), fake.sources, memoryStoreFor.current.store);
    const score = await screen.findByLabelText("Compliance score");
    expect(score.textContent).toBe(`${expected.summary.score}%`);
    const change = Math.round(((expected.summary.score as number) - 20) * 10) / 10;
    expect(change).not.toBe(0);
    expect(
      screen.getByLabelText(
        `${change > 0 ? "Up" : "Down"} ${Math.abs(change)} points since the previous scan`,
      ).textContent,
    ).toBe(`${change > 0 ? "↑ +" : "↓ "}${change}`);

    // 2×2 holds three lines of failing rules: the top ones, and a count of the rest.
    const gaps = topGaps(expected.results, severityWeight, Number.POSITIVE_INFINITY);
    expect(gaps.length).toBeGreaterThan(3);
    const items = [...screen.getByLabelText("Top gaps by points lost").querySelectorAll("li")];
    expect(items.map((item) => item.textContent)).toEqual(
      gaps.slice(0, 2).map((gap) => `${gap.title}−${gap.points} pts`),
    );
    // The label states what ranks the list: the points shown never rise down the list.
    const points = gaps.map((gap) => gap.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(screen.getByText(`and ${gaps.length - 2} more failing rules`)).toBeTruthy();
    // The trend is a chart of the three days.
    expect(
      screen.getByRole("img", { name: /^Score trend over 3 days: 10% on 2025-03-08/ }),
    ).toBeTruthy();
    expect(screen.getByText(/5 repositories in total/)).toBeTruthy();
    // Today's snapshot is shown beside the two stored ones, and never written: widgets on one
    // dashboard would race for the document (the hub and scheduled scans write it).
    const stored = memoryStoreFor.current.data.get(
      storeKeys.history(PROJECT_ID),
    ) as ScoreSnapshot[];
    expect(stored.map((entry) => entry.date)).toEqual(["2025-03-08", "2025-03-09"]);
    expect(memoryStoreFor.current.calls).toEqual([`get ${storeKeys.history(PROJECT_ID)}`]);
  });

  it("makes at most three calls beyond the scan's own for a repository baseline", async () => {
    const scanOnly = complianceOrg();
    const baseline = { ...defaultBaseline() };
    await scanCompliance(scanOnly.sources, {
      organization: "",
      project: "Demo",
      baseline,
      now: NOW,
    });
    const scanCalls = scanOnly.calls.map((call) => call.method);

    const fake = complianceOrg();
    memoryStoreFor.current = memoryStore();
    const settled = jest.fn();
    renderCompliance(
      widget({ baseline: fromRepository("/compliance/baseline.json"), onSettled: settled }),
      fake.sources,
      memoryStoreFor.current.store,
    );
    await waitFor(() => expect(settled).toHaveBeenCalledWith(undefined));
    const widgetCalls = fake.calls.map((call) => call.method);
    const extra = [...widgetCalls];
    for (const method of scanCalls) extra.splice(extra.indexOf(method), 1);
    expect(extra).toEqual(["git.getItemText"]);
    expect(memoryStoreFor.current.calls).toEqual([`get ${storeKeys.history(PROJECT_ID)}`]);
    expect(extra.length + memoryStoreFor.current.calls.length).toBeLessThanOrEqual(3);
  });

  it("uses the 2×3 size for more failing rules, under the score and the chart", async () => {
    const fake = complianceOrg();
    const expected = await scanCompliance(complianceOrg().sources, {
      organization: "",
      project: "Demo",
      baseline: defaultBaseline(),
      now: NOW,
    });
    const gaps = topGaps(expected.results, severityWeight, Number.POSITIVE_INFINITY);
    memoryStoreFor.current = memoryStore({
      [storeKeys.history(PROJECT_ID)]: [snapshot("2025-03-08", 10), snapshot("2025-03-09", 20)],
    });
    renderCompliance(
      widget({ baseline: builtIn, columnSpan: 3 }),
      fake.sources,
      memoryStoreFor.current.store,
    );
    await screen.findByLabelText("Compliance score");
    const items = [...screen.getByLabelText("Top gaps by points lost").querySelectorAll("li")];
    const lines = gapLines({ rowSpan: 2, columnSpan: 3 });
    const shown = gaps.length <= lines ? gaps : gaps.slice(0, lines - 1);
    expect(items.map((item) => item.textContent)).toEqual(
      shown.map((gap) => `${gap.title}−${gap.points} pts`),
    );
    expect(items.length).toBeGreaterThan(3);
    if (shown.length < gaps.length)
      expect(screen.getByText(`and ${gaps.length - shown.length} more failing rules`)).toBeTruthy();
    expect(screen.getByRole("img", { name: /^Score trend over 3 days/ })).toBeTruthy();
  });

  it("keeps the 1x2 size to the score and trend", async () => {
    memoryStoreFor.current = memoryStore();
    renderCompliance(
      widget({ baseline: builtIn, rowSpan: 1 }),
      complianceOrg().sources,
      memoryStoreFor.current.store,
    );
    expect(await screen.findByLabelText("Compliance score")).toBeTruthy();
    expect(screen.getByLabelText("No earlier score to compare with")).toBeTruthy();
    expect(screen.queryByText("Top gaps by points lost")).toBeNull();
  });

  it("shows a full history bounded without writing it", async () => {
    const old = Array.from({ length: MAX_SNAPSHOTS + 5 }, (_unused, index) =>
      snapshot(new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10), 50),
    );
    memoryStoreFor.current = memoryStore({ [storeKeys.history(PROJECT_ID)]: old });
    renderCompliance(
      widget({ baseline: builtIn }),
      complianceOrg().sources,
      memoryStoreFor.current.store,
    );
    await screen.findByLabelText("Compliance score");
    // The chart shows the newest 400 days, today's view last; the stored document is untouched.
    expect(
      screen.getByRole("img", { name: new RegExp(`^Score trend over ${MAX_SNAPSHOTS} days`) }),
    ).toBeTruthy();
    expect(memoryStoreFor.current.calls).toEqual([`get ${storeKeys.history(PROJECT_ID)}`]);
    expect(memoryStoreFor.current.data.get(storeKeys.history(PROJECT_ID))).toBe(old);
  });

  it("names the field path of a broken baseline file and reports the failure", async () => {
    memoryStoreFor.current = memoryStore();
    const settled = jest.fn();
    renderCompliance(
      widget({ baseline: fromRepository("/compliance/broken.yml"), onSettled: settled }),
      complianceOrg().sources,
      memoryStoreFor.current.store,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("rules.branch.min-reviewers.minimumApprovers");
    expect(alert.textContent).toContain("infra/compliance/broken.yml");
    await waitFor(() => expect(settled).toHaveBeenCalledWith(expect.any(Error)));
  });

  it("shows why it could not scan", async () => {
    const fake = complianceOrg();
    fake.fail(
      "git.listRepositories",
      new SourceError("auth", "The token expired", { status: 401 }),
    );
    memoryStoreFor.current = memoryStore();
    renderCompliance(widget({ baseline: builtIn }), fake.sources, memoryStoreFor.current.store);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Could not scan the branch policies");
    expect(alert.textContent).toContain("(the sign-in was not accepted)");
  });

  it("still shows the score when the history cannot be stored", async () => {
    memoryStoreFor.current = memoryStore();
    memoryStoreFor.current.failWith = new Error("extension data is read-only");
    renderCompliance(
      widget({ baseline: builtIn }),
      complianceOrg().sources,
      memoryStoreFor.current.store,
    );
    expect(await screen.findByLabelText("Compliance score")).toBeTruthy();
    expect(screen.getByText(/extension data is read-only/)).toBeTruthy();
  });
});
