/**
 * DORA performance bands. The 2023 DORA report gives cluster values, not cut-offs, so these
 * cut-offs are the ones decided for Release Trace (issue 12), stated wherever a band is shown:
 * - change failure rate: ≤5% elite, ≤10% high, ≤15% medium, more is low;
 * - median lead time: under 1 day elite, under 1 week high, under 1 month (30 days) medium;
 * - median recovery: under 1 hour elite, under 1 day high, under 1 week medium;
 * - frequency: at least daily elite, at least weekly high, at least monthly medium.
 * Rework rate has no band.
 */
import type { Band } from "./types";

const HOUR = 3600;
const DAY = 24 * HOUR;

export const BANDS_SOURCE =
  "Cut-offs decided for Release Trace from the DORA 2023 report's clusters (which give no cut-offs).";

/** A rate of 0..1: at most 5% elite, 10% high, 15% medium. */
export function changeFailureBand(rate: number): Band {
  if (rate <= 0.05) return "elite";
  if (rate <= 0.1) return "high";
  if (rate <= 0.15) return "medium";
  return "low";
}

/** Median seconds from commit to production: under a day, a week, a month (30 days). */
export function leadTimeBand(seconds: number): Band {
  if (seconds < DAY) return "elite";
  if (seconds < 7 * DAY) return "high";
  if (seconds < 30 * DAY) return "medium";
  return "low";
}

/** Median seconds to recover: under an hour, a day, a week. */
export function recoveryBand(seconds: number): Band {
  if (seconds < HOUR) return "elite";
  if (seconds < DAY) return "high";
  if (seconds < 7 * DAY) return "medium";
  return "low";
}

/** Successful deployments per day: at least daily, weekly (1/7), monthly (1/30). */
export function frequencyBand(perDay: number): Band {
  if (perDay >= 1) return "elite";
  if (perDay >= 1 / 7) return "high";
  if (perDay >= 1 / 30) return "medium";
  return "low";
}

/** The cut-offs in words, per metric, for the UI and the CLI legend. */
export const BAND_TEXT = {
  "deployment-frequency":
    "elite: at least daily · high: at least weekly · medium: at least monthly",
  "lead-time": "elite: under 1 day · high: under 1 week · medium: under 1 month",
  "change-failure-rate": "elite: ≤5% · high: ≤10% · medium: ≤15%",
  "recovery-time": "elite: under 1 hour · high: under 1 day · medium: under 1 week",
} as const;
