/**
 * The weekly trend (pure): each figure over each ISO week the window overlaps (clipped to the
 * window), and which way the last week moved against the week before.
 */
import { inWindow, windowWeeks, type MetricsWindow } from "./window";
import {
  METRIC_IDS,
  type MetricFigures,
  type MetricId,
  type TrendDirection,
  type TrendWeek,
} from "./types";
import type { SliceInput } from "./slice";

const FIGURE_OF: Record<MetricId, keyof MetricFigures> = {
  "deployment-frequency": "deploymentFrequency",
  "lead-time": "leadTime",
  "change-failure-rate": "changeFailureRate",
  "recovery-time": "recoveryTime",
  "rework-rate": "reworkRate",
};

/** The input of one week: the deployments that finished in it, and what they brought. */
export function weekInput(input: SliceInput, week: MetricsWindow): SliceInput {
  const deployments = input.deployments.filter((item) => inWindow(week, new Date(item.at)));
  const keys = new Set(deployments.map((item) => item.key));
  return {
    ...input,
    window: week,
    deployments,
    failures: input.failures.filter((failure) => keys.has(failure.deployment)),
    commits: input.commits.filter((commit) => keys.has(commit.deployment)),
  };
}

export function trendOf(
  input: SliceInput,
  figuresOf: (input: SliceInput) => MetricFigures,
): TrendWeek[] {
  return windowWeeks(input.window).map((week) => {
    const figures = figuresOf(weekInput(input, week));
    const values = {} as Record<MetricId, number | null>;
    const outcomes = {} as TrendWeek["outcomes"];
    for (const metric of METRIC_IDS) {
      values[metric] = figures[FIGURE_OF[metric]].value;
      outcomes[metric] = figures[FIGURE_OF[metric]].outcome;
    }
    return {
      week: week.week,
      from: week.since.toISOString(),
      to: week.until.toISOString(),
      partial: week.partial,
      values,
      outcomes,
    };
  });
}

/** The last week against the one before it: up, down, flat, or unknown without both values. */
export function directionsOf(trend: readonly TrendWeek[]): Record<MetricId, TrendDirection> {
  const directions = {} as Record<MetricId, TrendDirection>;
  for (const metric of METRIC_IDS) {
    const last = trend[trend.length - 1]?.values[metric] ?? null;
    const before = trend[trend.length - 2]?.values[metric] ?? null;
    directions[metric] =
      last === null || before === null
        ? "unknown"
        : last > before
          ? "up"
          : last < before
            ? "down"
            : "flat";
  }
  return directions;
}
