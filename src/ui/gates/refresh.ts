/** The gate widget's refresh schedule: the configured interval, doubled while throttled. */

/** Never more often than once a minute (the dashboard's own floor for live widgets). */
export const MIN_REFRESH_MINUTES = 1;
export const MAX_REFRESH_MINUTES = 1440;
export const DEFAULT_REFRESH_MINUTES = 5;
/** Throttled refreshes back off up to an hour (or the configured interval, if longer). */
export const BACKOFF_CAP_MINUTES = 60;

/**
 * Minutes until the next refresh. After a throttled refresh the delay doubles up to the cap; any
 * other outcome (success, or an error that waiting longer does not cure) returns to the interval.
 */
export function nextRefreshMinutes(
  configured: number,
  current: number,
  outcome: "ok" | "throttled" | "failed",
): number {
  if (outcome !== "throttled") return configured;
  const cap = Math.max(configured, BACKOFF_CAP_MINUTES);
  return Math.min(Math.max(current, configured) * 2, cap);
}
