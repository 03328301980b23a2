import { anchorFor } from "../../dev/emulator/demo/generate";
import { DEMO_HISTORY_DAYS, demoScoreHistory } from "../../dev/emulator/demo/scoreHistory";
import { defaultBaseline } from "../../src/core/compliance/baseline/default";
import { historyKey, readHistory, trendOf } from "../../src/core/compliance/scoreHistory";

describe("the demo's score history", () => {
  const now = anchorFor(7);
  const history = demoScoreHistory("project-1", now, 7);

  it("is sixty nightly scans of the built-in baseline, ending the day before the demo's clock", () => {
    expect(history.key).toBe(historyKey("project-1"));
    const entries = readHistory(history.value);
    expect(entries).toHaveLength(DEMO_HISTORY_DAYS);
    expect(entries[entries.length - 1].date).toBe(
      new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10),
    );
    expect(new Set(entries.map((entry) => entry.date)).size).toBe(DEMO_HISTORY_DAYS);
    expect(entries.every((entry) => entry.origin === "scan")).toBe(true);
    expect(entries.every((entry) => entry.baseline === defaultBaseline().name)).toBe(true);
  });

  it("climbs towards today's level, so a trend shows", () => {
    const scores = history.value.map((entry) => entry.score as number);
    expect(scores[scores.length - 1] - scores[0]).toBeGreaterThan(10);
    expect(Math.max(...scores)).toBeLessThanOrEqual(100);
    expect(trendOf(history.value).direction).not.toBe("none");
    expect(demoScoreHistory("project-1", now, 7)).toEqual(history);
  });
});
