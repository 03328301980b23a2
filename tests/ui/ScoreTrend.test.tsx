import * as React from "react";
import { render, screen } from "@testing-library/react";
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
        name: "Score trend over 3 days: 40% on 2026-03-01, 60% on 2026-03-03",
      }),
    ).toBeTruthy();
  });
});
