import * as React from "react";
import { fireEvent, screen, within } from "@testing-library/react";
import { DeliveryEvidencePanel } from "../../src/ui/components/DeliveryEvidencePanel";
import { DeliveryTable } from "../../src/ui/components/DeliveryTable";
import { DeliveryTiles } from "../../src/ui/components/DeliveryTiles";
import { deliveryWidgetLayout, widgetScopeText } from "../../src/ui/components/DeliveryWidgetView";
import { metricView } from "../../src/ui/metrics/figures";
import { createFakeSources } from "../fakes/sources";
import { report } from "./deliveryFixtures";
import { renderWithSources } from "./renderWithSources";

const fake = () => createFakeSources({}).sources;

describe("DeliveryTiles", () => {
  it("shows each figure with its band, trend arrow, universe and cut-offs, and opens it", () => {
    const onOpen = jest.fn();
    renderWithSources(<DeliveryTiles slice={report().total} onOpen={onOpen} />, fake());
    const rate = screen.getByRole("region", { name: "Change failure rate" });
    expect(within(rate).getByRole("button").textContent).toBe("50%");
    expect(within(rate).getByText("Low")).toBeTruthy();
    expect(within(rate).getByText("2 of 4 deployments")).toBeTruthy();
    expect(within(rate).getByRole("img", { name: "Up over the trend, worse" })).toBeTruthy();
    expect(within(rate).getByText(/elite: ≤5%/)).toBeTruthy();
    // Rework rate has no band; a figure that could not be read says so.
    const rework = screen.getByRole("region", { name: "Rework rate" });
    expect(within(rework).getByRole("button").textContent).toBe("Not available");
    expect(within(rework).queryByText(/elite/)).toBeNull();
    const lead = screen.getByRole("region", { name: "Lead time for changes" });
    expect(within(lead).getByText("p90 22 h")).toBeTruthy();
    fireEvent.click(within(rate).getByRole("button"));
    expect(onOpen).toHaveBeenCalledWith(metricView("change-failure-rate"));
  });
});

describe("DeliveryTable", () => {
  it("has a row per pipeline × environment and a button per figure", () => {
    const onOpen = jest.fn();
    const full = report();
    renderWithSources(<DeliveryTable rows={full.rows} onOpen={onOpen} />, fake());
    const row = screen.getByRole("row", { name: "web-ci-cd · prod" });
    fireEvent.click(
      within(row).getByRole("button", {
        name: "web-ci-cd · prod, Lead time for changes: 14 h. Show the evidence",
      }),
    );
    expect(onOpen).toHaveBeenCalledWith(full.rows[0], metricView("lead-time"));
  });
});

describe("DeliveryEvidencePanel", () => {
  it("lists the failures, the incident's attribution and each deployment with why it is failing", () => {
    const full = report();
    renderWithSources(
      <DeliveryEvidencePanel
        report={full}
        figure={full.total.figures.changeFailureRate}
        view={metricView("change-failure-rate")}
        scope="All pipelines · production"
        onDismiss={jest.fn()}
      />,
      fake(),
    );
    const failures = screen.getByRole("table", { name: "Failures and their recovery" });
    expect(within(failures).getAllByRole("row")).toHaveLength(3);
    expect(within(failures).getByText("open for 3 d")).toBeTruthy();
    const incidents = screen.getByRole("table", { name: "Incidents" });
    expect(within(incidents).getByText("its Found in build link names the build")).toBeTruthy();
    const deployments = screen.getByRole("table", { name: "Deployments" });
    const rows = within(deployments).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.getAttribute("aria-label"))).toEqual([
      "payments-release · Production · Release-40",
      "web-ci-cd · prod · 2025.d2",
      "web-ci-cd · prod · 2025.d3",
      "web-ci-cd · prod · 2025.d1",
    ]);
    expect(within(rows[0]).getByRole("link", { name: "Release-40" }).getAttribute("href")).toMatch(
      /releaseId=40$/,
    );
  });

  it("says a list is empty only when every read it needs succeeded", () => {
    const full = report();
    const figure = full.total.figures.reworkRate;
    renderWithSources(
      <DeliveryEvidencePanel
        report={{ ...full, deployments: [] }}
        figure={figure}
        view={metricView("rework-rate")}
        scope="All pipelines · production"
        onDismiss={jest.fn()}
      />,
      fake(),
    );
    expect(screen.getByRole("alert").textContent).toMatch(/did not answer for the work items/);
    expect(screen.queryByText("No deployment in the window.")).toBeNull();
    expect(screen.getByRole("note", { name: "May be incomplete" })).toBeTruthy();
  });

  it("gives lead time its commits with the stage breakdown", () => {
    const full = report();
    renderWithSources(
      <DeliveryEvidencePanel
        report={full}
        figure={full.total.figures.leadTime}
        view={metricView("lead-time")}
        scope="web-ci-cd · prod"
        onDismiss={jest.fn()}
      />,
      fake(),
    );
    expect(screen.getByLabelText("Median stages").textContent).toBe(
      "Median stages: coding 1 h · review 2 h · build 1 h · deploy 11 h",
    );
    const commit = screen.getByRole("row", { name: "Commit c1c1c1c1" });
    expect(
      within(commit)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual([
      "c1c1c1c1PR 5",
      "2025-01-01 09:00 UTC",
      "1 d",
      "1 h",
      "2 h",
      "1 h",
      "20 h",
      "2025.d1",
    ]);
    // A commit whose repository is unknown is named, not linked.
    expect(screen.getByRole("row", { name: "Commit c2c2c2c2" }).querySelector("a")).toBeNull();
  });
});

describe("the widget's layout", () => {
  it("uses each size's space: a compact grid, a grid with universes, a row per key", () => {
    expect(deliveryWidgetLayout({ rowSpan: 1, columnSpan: 2 })).toMatchObject({
      arrangement: "grid",
      universe: false,
    });
    expect(deliveryWidgetLayout({ rowSpan: 2, columnSpan: 2 })).toMatchObject({
      arrangement: "grid",
      universe: true,
    });
    expect(deliveryWidgetLayout({ rowSpan: 2, columnSpan: 3 })).toMatchObject({
      arrangement: "rows",
      universe: true,
    });
  });

  it("says its scope: the pipeline, the environment or production, the window", () => {
    expect(widgetScopeText({})).toBe("All pipelines · production · last 30 days");
    expect(
      widgetScopeText({
        pipeline: { kind: "classic", id: 3, name: "payments-release" },
        environment: "QA",
        windowDays: 7,
      }),
    ).toBe("payments-release · QA · last 7 days");
  });
});
