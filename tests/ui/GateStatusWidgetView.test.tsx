import * as React from "react";
import { act, screen, within } from "@testing-library/react";
import type { ReleaseApproval } from "../../src/core/model";
import { SourceError } from "../../src/core/sources";
import { GateStatusWidgetView } from "../../src/ui/components/GateStatusWidgetView";
import { nextRefreshMinutes } from "../../src/ui/gates/refresh";
import type { GateWidgetSettings } from "../../src/ui/settings";
import { createFakeSources, type FakeSources } from "../fakes/sources";
import { at, gatesOrg } from "./GatesFixtures";
import { renderWithSources } from "./renderWithSources";

const now = () => at(100);
const web: GateWidgetSettings = { target: { kind: "yaml", id: 10, name: "web" } };
const sizes = {
  "1×2": { rowSpan: 1, columnSpan: 2 },
  "2×2": { rowSpan: 2, columnSpan: 2 },
  "2×3": { rowSpan: 2, columnSpan: 3 },
};

function renderWidget(
  fake: FakeSources,
  settings: GateWidgetSettings,
  size = sizes["2×2"],
  onSettled = jest.fn(),
) {
  return renderWithSources(
    <GateStatusWidgetView
      title="Gates"
      size={size}
      settings={settings}
      now={now}
      onSettled={onSettled}
    />,
    fake.sources,
  );
}

/** Lets pending promises (the fake sources' answers) run, inside act. */
async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  });
}

async function advanceMinutes(minutes: number): Promise<void> {
  await act(async () => {
    jest.advanceTimersByTime(minutes * 60_000);
  });
  await flush();
}

describe("GateStatusWidgetView with a pipeline", () => {
  it.each(Object.entries(sizes))(
    "shows each stage's state, age and the approver whose turn it is (%s)",
    async (_name, size) => {
      const onSettled = jest.fn();
      const fake = createFakeSources(gatesOrg());
      renderWidget(fake, web, size, onSettled);
      const prod = await screen.findByLabelText("Stage Prod: Waiting for approval");
      expect(screen.getByLabelText("Stage Build: Succeeded")).toBeTruthy();
      // Sequential: Alice first, Bob only after her.
      expect(within(prod).getByText(/Next: Alice/)).toBeTruthy();
      expect(within(prod).queryByText(/Bob/)).toBeNull();
      // In the Prod stage since minute 5 (its checkpoint), 95 minutes at minute 100.
      expect(within(prod).getByText(/1 h/)).toBeTruthy();
      expect(screen.getByLabelText("Latest run").textContent).toBe("web · r3");
      expect(onSettled).toHaveBeenCalledWith(undefined);
      // One refresh: the newest run, its timeline, its approvals.
      expect(fake.calls.map((call) => call.method)).toEqual([
        "build.listRuns",
        "build.getTimeline",
        "checks.listApprovals",
      ]);
    },
  );

  it("lays the stages out in order as a strip at 3×2, each with its state word", async () => {
    const fake = createFakeSources(gatesOrg());
    renderWidget(fake, web, sizes["2×3"]);
    await screen.findByLabelText("Stage Prod: Waiting for approval");
    const strip = screen.getByRole("list", { name: "Stages" });
    expect(strip.tagName).toBe("OL");
    const boxes = within(strip).getAllByRole("listitem");
    expect(boxes.map((box) => box.getAttribute("aria-label"))).toEqual([
      "Stage Build: Succeeded",
      "Stage Prod: Waiting for approval",
    ]);
    expect(boxes[1].querySelector(".rt-gate-chip-text")?.textContent).toBe("Waiting for approval");
    expect(within(boxes[1]).getByText(/Next: Alice/)).toBeTruthy();
  });

  it("shows only the chosen stages and names the chosen ones the run lacks", async () => {
    renderWidget(createFakeSources(gatesOrg()), { ...web, stages: ["Prod", "Smoke"] });
    await screen.findByLabelText("Stage Prod: Waiting for approval");
    expect(screen.queryByLabelText("Stage Build: Succeeded")).toBeNull();
    expect(screen.getByText("Not in this run: Smoke")).toBeTruthy();
  });

  it("keeps the waiting stage and counts the rest when the stages do not fit (1×2)", async () => {
    const org = gatesOrg();
    const timeline = org.timelines!.find((candidate) => candidate.runId === 3)!;
    // Five finished stages before Prod.
    for (const [index, name] of ["A", "B", "C", "D", "E"].entries()) {
      timeline.records.unshift({
        id: name,
        type: "Stage",
        name: `Stage ${name}`,
        identifier: name,
        order: -10 + index,
        state: "completed",
        result: "succeeded",
        startTime: at(0),
        finishTime: at(1),
      });
    }
    renderWidget(createFakeSources(org), web, sizes["1×2"]);
    await screen.findByLabelText("Stage Prod: Waiting for approval");
    const shown = within(screen.getByLabelText("Stages")).getAllByRole("listitem");
    expect(shown).toHaveLength(2);
    expect(screen.getByText("and 5 more stages")).toBeTruthy();
  });

  it("says so when the pipeline has no runs yet", async () => {
    const fake = createFakeSources(gatesOrg());
    renderWidget(fake, { target: { kind: "yaml", id: 99, name: "new" } });
    expect(await screen.findByText("No runs of new yet.")).toBeTruthy();
    expect(fake.calls).toHaveLength(1);
  });
});

describe("GateStatusWidgetView refresh", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("refreshes on the configured interval with at most 3 calls each time", async () => {
    const fake = createFakeSources(gatesOrg());
    renderWidget(fake, { ...web, refreshMinutes: 2 });
    await flush();
    expect(screen.getByLabelText("Stage Prod: Waiting for approval")).toBeTruthy();
    const perRefresh: number[] = [fake.calls.length];
    for (let refresh = 0; refresh < 3; refresh += 1) {
      const before = fake.calls.length;
      await advanceMinutes(1);
      expect(fake.calls.length).toBe(before); // not before the interval
      await advanceMinutes(1);
      perRefresh.push(fake.calls.length - before);
    }
    expect(perRefresh).toEqual([3, 3, 3, 3]);
  });

  it("doubles the delay while throttled, up to the cap, and recovers after a clean refresh", async () => {
    const fake = createFakeSources(gatesOrg());
    fake.fail("build.listRuns", new SourceError("throttled", "Too many requests", { status: 429 }));
    const onSettled = jest.fn();
    renderWidget(fake, { ...web, refreshMinutes: 1 }, sizes["2×2"], onSettled);
    await flush();
    const listings = () => fake.callCount("build.listRuns");
    expect(listings()).toBe(1);
    expect(screen.getByRole("alert").textContent).toContain("(rate-limited)");
    expect(onSettled).toHaveBeenCalledWith(expect.any(SourceError));
    // 2, 4, 8, 16, 32, 60, 60 minutes between attempts.
    for (const delay of [2, 4, 8, 16, 32, 60, 60]) {
      expect(
        screen.getByText(`Azure DevOps is throttling; next refresh in ${delay} min`),
      ).toBeTruthy();
      const before = listings();
      await advanceMinutes(delay - 1);
      expect(listings()).toBe(before);
      await advanceMinutes(1);
      expect(listings()).toBe(before + 1);
    }
    fake.heal("build.listRuns");
    await advanceMinutes(60);
    expect(screen.getByLabelText("Stage Prod: Waiting for approval")).toBeTruthy();
    expect(screen.queryByText(/throttling/)).toBeNull();
    // Back to every minute.
    const before = listings();
    await advanceMinutes(1);
    expect(listings()).toBe(before + 1);
  });

  it("keeps the last stages when a later refresh is throttled in a swallowed read", async () => {
    const fake = createFakeSources(gatesOrg());
    renderWidget(fake, { ...web, refreshMinutes: 5 });
    await flush();
    fake.fail("checks.listApprovals", new SourceError("throttled", "Slow down", { status: 429 }));
    await advanceMinutes(5);
    expect(screen.getByText("Azure DevOps is throttling; next refresh in 10 min")).toBeTruthy();
    expect(screen.getByText(/Azure DevOps did not answer for the pipeline approvals/)).toBeTruthy();
  });

  it("stops refreshing when it unmounts", async () => {
    const fake = createFakeSources(gatesOrg());
    const { unmount } = renderWidget(fake, { ...web, refreshMinutes: 1 });
    await flush();
    const count = fake.calls.length;
    unmount();
    await advanceMinutes(10);
    expect(fake.calls.length).toBe(count);
  });
});

describe("nextRefreshMinutes", () => {
  it.each([
    [5, 5, "ok", 5],
    [5, 40, "ok", 5],
    [5, 5, "throttled", 10],
    [5, 40, "throttled", 60],
    [90, 90, "throttled", 90],
    [5, 20, "failed", 5],
  ] as const)("interval %i, current %i, %s → %i", (configured, current, outcome, next) => {
    expect(nextRefreshMinutes(configured, current, outcome)).toBe(next);
  });
});

describe("GateStatusWidgetView without a pipeline", () => {
  const classicApproval: ReleaseApproval = {
    id: 9,
    approvalType: "preDeploy",
    status: "pending",
    isAutomated: false,
    createdOn: at(40),
    release: { id: 70, name: "Release-9" },
    releaseDefinition: { id: 3, name: "definition-3" },
    releaseEnvironment: { id: 1, name: "Production" },
  };

  it("lists what waits across all pipelines, oldest first, from the listings alone (2 calls)", async () => {
    const fake = createFakeSources({ ...gatesOrg(), releaseApprovals: [classicApproval] });
    renderWidget(fake, {});
    expect((await screen.findByLabelText("Pending approvals")).textContent).toBe("3");
    expect(screen.getByText(/Oldest waits 1 h · all pipelines/)).toBeTruthy();
    const list = screen.getByRole("list", { name: "Waiting for approval" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.getAttribute("aria-label")),
    ).toEqual([
      "api · r5: waiting 1 h",
      "web · r3: waiting 1 h",
      "definition-3 · Release-9 · Production: waiting 1 h",
    ]);
    expect(within(list).getByRole("link", { name: "definition-3" })).toBeTruthy();
    expect(screen.queryByText(/more approval/)).toBeNull();
    expect(fake.calls).toHaveLength(2);
  });

  it("keeps the oldest that fit at 1×2 and counts the rest", async () => {
    const fake = createFakeSources({ ...gatesOrg(), releaseApprovals: [classicApproval] });
    renderWidget(fake, {}, sizes["1×2"]);
    const list = await screen.findByRole("list", { name: "Waiting for approval" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(1);
    expect(within(list).getByText("api")).toBeTruthy();
    expect(screen.getByText("and 2 more approvals")).toBeTruthy();
  });
});

describe("GateStatusWidgetView without a pipeline, two rows of cells", () => {
  it("gives each approval a second line: its stage and who may approve", async () => {
    const fake = createFakeSources({
      ...gatesOrg(),
      releaseApprovals: [
        {
          id: 9,
          approvalType: "preDeploy",
          status: "pending",
          isAutomated: false,
          createdOn: at(40),
          approver: { id: "g1", displayName: "[Demo]\\Release Managers" },
          release: { id: 70, name: "Release-9" },
          releaseDefinition: { id: 3, name: "definition-3" },
          releaseEnvironment: { id: 1, name: "Production" },
        },
      ],
    });
    renderWidget(fake, {}, sizes["2×3"]);
    const list = await screen.findByRole("list", { name: "Waiting for approval" });
    const details = [...list.querySelectorAll(".rt-approval-detail")].map(
      (line) => line.textContent,
    );
    // Oldest first: the sequence names its next approver, the Classic one its stage and group.
    expect(details).toEqual(["Carol", "Next: Alice", "Production · [Demo]\\Release Managers"]);
  });
});
