/** The score history as one trend chart's series: the latest baseline's days, a fitted axis. */
import type { TrendChartProps } from "../components/charts/TrendChart";
import type { ScoreSnapshot } from "./history";
import { scoreAxis } from "./trendAxis";

export type ScoreTrend =
  { chart: TrendChartProps; emptyText?: undefined } | { chart?: undefined; emptyText: string };

const percent = (score: number) => `${score}%`;

/**
 * One line per baseline: scores of different baselines measure different things, and a day may
 * hold one entry per baseline. The line is the latest entry's baseline, on an axis fitted to its
 * scores (41→49% reads as a climb on 40–50%, not a flat line on 0–100%).
 */
export function scoreTrend(history: readonly ScoreSnapshot[]): ScoreTrend {
  const baseline = history[history.length - 1]?.baseline;
  const days = history.filter((entry) => entry.score !== null && entry.baseline === baseline);
  if (days.length < 2)
    return { emptyText: `The trend shows once scans exist for two days (${days.length} so far).` };
  const scores = days.map((entry) => entry.score as number);
  const axis = scoreAxis(scores);
  const first = days[0];
  const last = days[days.length - 1];
  const range = `${axis.min}–${axis.max}%`;
  return {
    chart: {
      name: "Score trend",
      variant: "line",
      points: days.map((entry) => ({
        label: entry.date.slice(5),
        title: entry.date,
        value: entry.score,
      })),
      format: percent,
      axis,
      showLatest: true,
      summary:
        `Score trend over ${days.length} days: ${percent(first.score as number)} on ` +
        `${first.date}, ${percent(last.score as number)} on ${last.date}; axis ${range}`,
      note: `${axis.zoomed ? `Axis ${range}, not from 0` : `Axis ${range}`} · ${baseline}`,
    },
  };
}
