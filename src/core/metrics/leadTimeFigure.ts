/**
 * Lead time for changes (pure): the median and p90 over the commits that first reached the
 * environment inside the window, and the median of each stage.
 */
import { leadTimeBand } from "./bands";
import type { SliceInput } from "./slice";
import { median, percentile } from "./stats";
import type { CommitEvidence, LeadTimeBreakdown, LeadTimeFigure } from "./types";

function stageMedian(commits: readonly CommitEvidence[], stage: keyof LeadTimeBreakdown) {
  return median(
    commits.flatMap((commit) =>
      commit.stages[stage] === null ? [] : [commit.stages[stage] as number],
    ),
  );
}

export function leadTime(input: SliceInput): LeadTimeFigure {
  const notAvailable = input.unread["lead-time"];
  const seconds = input.commits.map((commit) => commit.leadSeconds);
  const base = {
    metric: "lead-time" as const,
    unit: "seconds" as const,
    notAvailable,
    universe: { counted: input.commits.length, of: input.commits.length, noun: "commits" as const },
    deployments: [...new Set(input.commits.map((commit) => commit.deployment))],
    commits: input.commits.map((commit) => commit.key),
  };
  const value = median(seconds);
  if (notAvailable.length > 0 || value === null)
    return {
      ...base,
      outcome: notAvailable.length > 0 ? "not-available" : "none",
      value: null,
      band: null,
      medianSeconds: null,
      p90Seconds: null,
      count: notAvailable.length > 0 ? null : 0,
      breakdown: { coding: null, review: null, build: null, deploy: null },
    };
  return {
    ...base,
    outcome: "value",
    value,
    band: leadTimeBand(value),
    medianSeconds: value,
    p90Seconds: percentile(seconds, 90),
    count: seconds.length,
    breakdown: {
      coding: stageMedian(input.commits, "coding"),
      review: stageMedian(input.commits, "review"),
      build: stageMedian(input.commits, "build"),
      deploy: stageMedian(input.commits, "deploy"),
    },
  };
}
