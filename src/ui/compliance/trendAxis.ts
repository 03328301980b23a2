/** The vertical axis of the score-trend chart: a range that shows the change, with its ticks. */

export interface ScoreAxis {
  min: number;
  max: number;
  /** Tick values, bottom to top, including min and max. */
  ticks: number[];
  /** True when the axis does not start at 0 (the chart says so). */
  zoomed: boolean;
}

const STEPS = [1, 2, 5, 10, 20, 25];

/**
 * The smallest range of whole steps around the scores, so 41→49 reads as a climb (40–50) instead
 * of a flat line on 0–100. A range narrower than 4 points is widened so one point is not a cliff.
 */
export function scoreAxis(scores: number[]): ScoreAxis {
  if (scores.length === 0) return { min: 0, max: 100, ticks: [0, 50, 100], zoomed: false };
  let low = Math.min(...scores);
  let high = Math.max(...scores);
  if (high - low < 4) {
    const middle = (low + high) / 2;
    // Kept inside 0–100: a flat 100% shows as 96–100.
    low = Math.min(Math.max(0, middle - 2), 96);
    high = low + 4;
  }
  // Aim for 2 to 5 intervals.
  const step = STEPS.find((candidate) => (high - low) / candidate <= 4) ?? 25;
  let min = Math.max(0, Math.floor(low / step) * step);
  let max = Math.min(100, Math.ceil(high / step) * step);
  if (max === min) max = Math.min(100, min + step);
  if (max === min) min = max - step;
  const ticks: number[] = [];
  for (let tick = min; tick <= max + 1e-9; tick += step) ticks.push(tick);
  return { min, max, ticks, zoomed: min > 0 };
}
