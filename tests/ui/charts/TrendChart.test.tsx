import * as React from "react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { TrendChart, nextPoint } from "../../../src/ui/components/charts/TrendChart";
import { Sparkline } from "../../../src/ui/components/charts/Sparkline";
import type { ChartPoint } from "../../../src/ui/components/charts/chartScale";

const points: ChartPoint[] = [
  { label: "W45", title: "2026-W45", value: 2 },
  { label: "W46", title: "2026-W46", value: null },
  { label: "W47", title: "2026-W47", value: 9, detail: "9 of 12 deployments" },
  { label: "W48", title: "2026-W48", value: 0 },
];
const percent = (value: number) => `${Math.round(value * 100)}%`;

describe("TrendChart", () => {
  it("is one image with a summary, and a table of every point for screen readers", () => {
    render(<TrendChart name="Deployments per week" points={points} />);
    const image = screen.getByRole("img");
    expect(image.getAttribute("aria-label")).toMatch(/^Deployments per week, 4 points; /);
    const table = screen.getByRole("table", { name: "Deployments per week" });
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual([
      "2026-W452",
      "2026-W46not available",
      "2026-W479 (9 of 12 deployments)",
      "2026-W480",
    ]);
  });

  it("draws a bar per point read, an outline (not a zero bar) for one that was not, a round axis", () => {
    const { container } = render(<TrendChart name="Deployments" points={points} />);
    expect(container.querySelectorAll(".rt-chart-bar")).toHaveLength(3);
    expect(container.querySelectorAll(".rt-chart-unread")).toHaveLength(1);
    const ticks = [...container.querySelectorAll("text.rt-chart-tick")].map((t) => t.textContent);
    expect(ticks).toEqual(["0", "5", "10", "W45", "W46", "W47", "W48"]);
  });

  it("draws nothing (not an unread outline) for a week with nothing to count", () => {
    const { container } = render(
      <TrendChart
        name="Change failure rate"
        points={[
          { label: "W1", value: 0.2 },
          { label: "W2", value: null, empty: "nothing to count" },
        ]}
      />,
    );
    expect(container.querySelectorAll(".rt-chart-bar")).toHaveLength(1);
    expect(container.querySelectorAll(".rt-chart-unread")).toHaveLength(0);
    expect(screen.getByRole("table").textContent).toContain("W2nothing to count");
  });

  it("formats the axis with the series' unit and honours a fixed top", () => {
    const { container } = render(
      <TrendChart
        name="Change failure rate"
        points={[{ label: "W1", value: 0.1 }]}
        format={percent}
        max={1}
      />,
    );
    const ticks = [...container.querySelectorAll("text.rt-chart-tick")].map((t) => t.textContent);
    expect(ticks.slice(0, 3)).toEqual(["0%", "50%", "100%"]);
  });

  it("shows a point's value on hover and from the keyboard", () => {
    const { container } = render(<TrendChart name="Deployments" points={points} />);
    const readout = container.querySelector(".rt-chart-readout") as HTMLElement;
    const hits = container.querySelectorAll(".rt-chart-hit");
    fireEvent.mouseEnter(hits[2]);
    expect(readout.textContent).toBe("2026-W47: 9 (9 of 12 deployments)");
    fireEvent.mouseLeave(hits[2]);
    const chart = screen.getByRole("group");
    fireEvent.focus(chart);
    expect(readout.textContent).toBe("2026-W48: 0");
    fireEvent.keyDown(chart, { key: "ArrowLeft" });
    fireEvent.keyDown(chart, { key: "ArrowLeft" });
    expect(readout.textContent).toBe("2026-W46: not available");
    fireEvent.keyDown(chart, { key: "Home" });
    expect(readout.textContent).toBe("2026-W45: 2");
    expect(container.querySelector(".rt-chart-active")).not.toBeNull();
  });

  it("draws a line broken where a point was not read", () => {
    const { container } = render(<TrendChart name="Score" points={points} variant="line" />);
    expect(container.querySelectorAll("polyline")).toHaveLength(1);
    expect(container.querySelectorAll(".rt-chart-dot")).toHaveLength(3);
  });

  it("moves along the points with the arrow keys, Home and End, within bounds", () => {
    expect(nextPoint("ArrowLeft", undefined, 4)).toBe(2);
    expect(nextPoint("ArrowLeft", 0, 4)).toBe(0);
    expect(nextPoint("ArrowRight", 3, 4)).toBe(3);
    expect(nextPoint("End", 0, 4)).toBe(3);
    expect(nextPoint("Tab", 1, 4)).toBeUndefined();
  });
});

describe("Sparkline", () => {
  it("lists every point in its text alternative and marks the newest point read", () => {
    const { container } = render(<Sparkline name="Rate" points={points} format={percent} />);
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe(
      "Rate: 2026-W45: 200%; 2026-W46: not available; 2026-W47: 900% (9 of 12 deployments); 2026-W48: 0%.",
    );
    // Two segments, but the first has one point: nothing to draw there.
    expect(container.querySelectorAll("polyline")).toHaveLength(1);
    expect(container.querySelectorAll("circle")).toHaveLength(1);
  });
});

describe("TrendChart on a fitted axis", () => {
  it("places values between the axis' bottom and top, bars standing on the bottom", () => {
    const { container } = render(
      <TrendChart
        name="Score"
        points={[
          { label: "a", value: 40 },
          { label: "b", value: 45 },
          { label: "c", value: 50 },
        ]}
        axis={{ min: 40, max: 50, ticks: [40, 45, 50] }}
        height={128}
      />,
    );
    // Plot from y 8 to 108 (margins 8 and 20): 40 at the bottom, 45 halfway, 50 at the top.
    const bars = [...container.querySelectorAll(".rt-chart-bar")].map((bar) => ({
      y: Number(bar.getAttribute("y")),
      height: Number(bar.getAttribute("height")),
    }));
    expect(bars).toEqual([
      { y: 108, height: 1 },
      { y: 58, height: 50 },
      { y: 8, height: 100 },
    ]);
    const ticks = [...container.querySelectorAll("text.rt-chart-tick")].map((t) => t.textContent);
    expect(ticks.slice(0, 3)).toEqual(["40", "45", "50"]);
    expect(container.querySelector(".rt-chart-baseline")?.getAttribute("y1")).toBe("108");
  });

  it("lets the pointer pick the first and last points from the chart's edges", () => {
    const { container } = render(<TrendChart name="Deployments" points={points} />);
    const hits = [...container.querySelectorAll(".rt-chart-hit")];
    expect(hits[0].getAttribute("x")).toBe("0");
    const last = hits[hits.length - 1];
    expect(Number(last.getAttribute("x")) + Number(last.getAttribute("width"))).toBe(320);
  });
});

describe("a short TrendChart", () => {
  it("labels only the bottom and top lines, so the labels stay legible", () => {
    const { container } = render(
      <TrendChart
        name="Score"
        points={[
          { label: "a", value: 40 },
          { label: "b", value: 80 },
        ]}
        axis={{ min: 40, max: 80, ticks: [40, 50, 60, 70, 80] }}
        height={64}
      />,
    );
    const ticks = [...container.querySelectorAll("text.rt-chart-tick")].map((t) => t.textContent);
    expect(ticks).toEqual(["40", "80", "a", "b"]);
  });
});
