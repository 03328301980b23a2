import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import type { ScoreSnapshot } from "../../src/ui/compliance/history";
import { ScoreTrend } from "../../src/ui/components/ScoreTrend";

const counts = { pass: 1, fail: 1, "not-applicable": 0, "not-available": 0, exempt: 0, error: 0 };
const entry = (date: string, score: number, baseline: string): ScoreSnapshot => ({
  date,
  score,
  counts,
  baseline,
  origin: "scan",
});

describe("ScoreTrend", () => {
  it("draws the latest entry's baseline only, since a day may hold one entry per baseline", () => {
    render(
      <ScoreTrend
        history={[
          entry("2026-03-01", 40, "Built-in"),
          entry("2026-03-02", 90, "Strict"),
          entry("2026-03-02", 50, "Built-in"),
          entry("2026-03-03", 60, "Built-in"),
        ]}
      />,
    );
    expect(
      screen.getByRole("img", {
        name: "Score trend over 3 days: 40% on 2026-03-01, 60% on 2026-03-03; axis 40–60%",
      }),
    ).toBeTruthy();
  });

  it("fits the axis to the scores and says it does not start at 0", () => {
    render(
      <ScoreTrend
        history={[
          entry("2026-03-01", 41, "Built-in"),
          entry("2026-03-02", 45, "Built-in"),
          entry("2026-03-03", 49, "Built-in"),
        ]}
      />,
    );
    expect(screen.getByText("Axis 40–50%, not from 0 · Built-in")).toBeTruthy();
    const ticks = [...document.querySelectorAll("svg text")].map((text) => text.textContent);
    expect(ticks).toEqual(["40%", "42%", "44%", "46%", "48%", "50%", "2026-03-01", "2026-03-03"]);
  });

  it("shows a day's date and score with the arrow keys and on hover", () => {
    render(
      <ScoreTrend
        history={[
          entry("2026-03-01", 41, "Built-in"),
          entry("2026-03-02", 45, "Built-in"),
          entry("2026-03-03", 49, "Built-in"),
        ]}
      />,
    );
    const readout = screen.getByLabelText("Score on the chosen day");
    expect(readout.textContent).toBe("2026-03-03: 49%");
    const chart = screen.getByRole("group", { name: /Score trend/ });
    fireEvent.keyDown(chart, { key: "ArrowLeft" });
    expect(readout.textContent).toBe("2026-03-02: 45%");
    fireEvent.keyDown(chart, { key: "Home" });
    expect(readout.textContent).toBe("2026-03-01: 41%");
    fireEvent.keyDown(chart, { key: "ArrowLeft" });
    expect(readout.textContent).toBe("2026-03-01: 41%");
    fireEvent.keyDown(chart, { key: "End" });
    expect(readout.textContent).toBe("2026-03-03: 49%");

    // The pointer picks the nearest day (jsdom lays nothing out, so the box is given).
    const svg = screen.getByRole("img");
    svg.getBoundingClientRect = () => ({ left: 0, top: 0, width: 320, height: 110 }) as DOMRect;
    fireEvent.mouseMove(svg, { clientX: 180, clientY: 50 });
    expect(readout.textContent).toBe("2026-03-02: 45%");
    fireEvent.mouseLeave(svg);
    expect(readout.textContent).toBe("2026-03-03: 49%");
  });
});
