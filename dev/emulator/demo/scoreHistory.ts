/**
 * The demo project's compliance score history: sixty nightly scans ending the day before the
 * demo's clock, as a scheduled scan (the pipeline task, `release-trace compliance --publish`)
 * writes them, so the trend chart has something to show on the default demo. The scores climb,
 * with day-to-day noise, towards the level today's scan of the demo finds.
 */
import { defaultBaseline } from "../../../src/core/compliance/baseline/default";
import { historyKey, utcDay, type ScoreSnapshot } from "../../../src/core/compliance/scoreHistory";
import { Random } from "./random";

const DAY = 86_400_000;
export const DEMO_HISTORY_DAYS = 60;
/** Roughly where the small demo's scan with the built-in baseline lands (48.9% today). */
const TARGET_SCORE = 48;
const START_SCORE = 31;
/** The small demo's results: 12 repositories × 7 rules, of which 21 do not apply. */
const RESULTS = 84;
const NOT_APPLICABLE = 21;

function snapshot(date: string, score: number): ScoreSnapshot {
  const applicable = RESULTS - NOT_APPLICABLE;
  const pass = Math.round((score / 100) * applicable);
  return {
    date,
    score,
    counts: {
      pass,
      fail: applicable - pass,
      "not-applicable": NOT_APPLICABLE,
      "not-available": 0,
      exempt: 0,
      error: 0,
    },
    baseline: defaultBaseline().name,
    origin: "scan",
  };
}

/** The history document (key and value) for a project, its last entry the day before `now`. */
export function demoScoreHistory(
  projectId: string,
  now: Date,
  seed: number,
): { key: string; value: ScoreSnapshot[] } {
  const rng = new Random(seed ^ 0x5c0e);
  const value: ScoreSnapshot[] = [];
  for (let index = 0; index < DEMO_HISTORY_DAYS; index += 1) {
    const daysAgo = DEMO_HISTORY_DAYS - index;
    const progress = index / (DEMO_HISTORY_DAYS - 1);
    // Fast gains first, then a slow approach; noise shrinks as the team settles.
    const level = START_SCORE + (TARGET_SCORE - START_SCORE) * (1 - (1 - progress) ** 2);
    const noise = (rng.next() - 0.5) * 3 * (1 - progress / 2);
    const score = Math.round(Math.min(100, Math.max(0, level + noise)) * 10) / 10;
    value.push(snapshot(utcDay(new Date(now.getTime() - daysAgo * DAY)), score));
  }
  return { key: historyKey(projectId), value };
}
