import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import type { ScoreSnapshot } from "../../src/ui/compliance/history";
import { scoreTrend } from "../../src/ui/compliance/scoreTrend";
import { TrendChart } from "../../src/ui/components/charts/TrendChart";

const counts = { pass: 1, fail: 1, "not-applicable": 0, "not-available": 0, exempt: 0, error: 0 };
const entry = (date: string, score: number, baseline: string): ScoreSnapshot => ({
  date,
  score,
  counts,
  baseline,
  origin: "scan",
});

function renderTrend(history: ScoreSnapshot[]) {
  const trend = scoreTrend(history);
  if (!trend.chart) throw new Error(trend.emptyText);
  return render(<TrendChart {...trend.chart} fit />);
}

const climbing = [
  entry("2026-03-01", 41, "Built-in"),
  entry("2026-03-02", 45, "Built-in"),
  entry("2026-03-03", 49, "Built-in"),
];

describe("the score trend (one TrendChart)", () => {
  it("draws the latest entry's baseline only, since a day may hold one entry per baseline", () => {
    renderTrend([
      entry("2026-03-01", 40, "Built-in"),
      entry("2026-03-02", 90, "Strict"),
      entry("2026-03-02", 50, "Built-in"),
      entry("2026-03-03", 60, "Built-in"),
    ]);
    expect(
      screen.getByRole("img", {
        name: "Score trend over 3 days: 40% on 2026-03-01, 60% on 2026-03-03; axis 40–60%",
      }),
    ).toBeTruthy();
  });

  it("fits the axis to the scores, says it does not start at 0, and dates the points", () => {
    const { container } = renderTrend(climbing);
    expect(screen.getByText("· Axis 40–50%, not from 0 · Built-in")).toBeTruthy();
    const texts = [...container.querySelectorAll("svg text")].map((text) => text.textContent);
    expect(texts).toEqual(["40%", "42%", "44%", "46%", "48%", "50%", "03-01", "03-02", "03-03"]);
    // 41% sits a tenth of the way up a 40–50% axis, not at the bottom of 0–100%.
    const dots = [...container.querySelectorAll("circle")];
    expect(dots).toHaveLength(3);
  });

  it("shows the latest day, and a day's date and score with the arrow keys and on hover", () => {
    const { container } = renderTrend(climbing);
    const readout = screen.getByLabelText("Score trend: the chosen value");
    expect(readout.textContent).toBe("2026-03-03: 49%");
    const chart = screen.getByRole("group", { name: /Score trend/ });
    fireEvent.focus(chart);
    fireEvent.keyDown(chart, { key: "ArrowLeft" });
    expect(readout.textContent).toBe("2026-03-02: 45%");
    fireEvent.keyDown(chart, { key: "Home" });
    expect(readout.textContent).toBe("2026-03-01: 41%");
    fireEvent.keyDown(chart, { key: "ArrowLeft" });
    expect(readout.textContent).toBe("2026-03-01: 41%");
    fireEvent.blur(chart);
    expect(readout.textContent).toBe("2026-03-03: 49%");

    const hits = container.querySelectorAll(".rt-chart-hit");
    fireEvent.mouseEnter(hits[1]);
    expect(readout.textContent).toBe("2026-03-02: 45%");
    fireEvent.mouseLeave(hits[1]);
    expect(readout.textContent).toBe("2026-03-03: 49%");
  });

  it("says why there is no chart before two days of scans", () => {
    expect(scoreTrend([entry("2026-03-01", 41, "Built-in")]).emptyText).toBe(
      "The trend shows once scans exist for two days (1 so far).",
    );
  });

  it("keeps every date label inside the drawing and apart from its neighbour", () => {
    const days = Array.from({ length: 60 }, (_, day) => {
      const date = new Date(Date.UTC(2026, 0, 3 + day)).toISOString().slice(0, 10);
      return entry(date, 30 + day / 3, "Built-in");
    });
    const trend = scoreTrend(days);
    if (!trend.chart) throw new Error(trend.emptyText);
    const { container } = render(<TrendChart {...trend.chart} width={260} height={110} />);
    const width = Number(container.querySelector("svg")?.getAttribute("viewBox")?.split(" ")[2]);
    // The same estimate the chart uses: 6.5 px a character at 11 px.
    const extents = [...container.querySelectorAll("text.rt-chart-tick")]
      .filter((text) => /^\d\d-\d\d$/.test(text.textContent ?? ""))
      .map((text) => {
        const x = Number(text.getAttribute("x"));
        const full = (text.textContent ?? "").length * 6.5;
        const anchor = text.getAttribute("text-anchor");
        const left = anchor === "end" ? x - full : anchor === "start" ? x : x - full / 2;
        return { label: text.textContent, left, right: left + full };
      });
    expect(extents[extents.length - 1].label).toBe("03-03");
    for (const extent of extents) {
      expect(extent.left).toBeGreaterThanOrEqual(0);
      expect(extent.right).toBeLessThanOrEqual(width);
    }
    for (let index = 1; index < extents.length; index += 1) {
      expect(extents[index].left).toBeGreaterThanOrEqual(extents[index - 1].right);
    }
  });
});
