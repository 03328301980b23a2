import { UsageError } from "./errors";

/** The whole command's time limit when --timeout is not given. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

const MAX_TIMEOUT_MS = 24 * 3_600_000;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A --timeout value: `90s`, `10m`, `1h30m`, `500ms`, or a bare number of seconds. Between 1 s
 * and 24 h, so a typo cannot make the limit useless or endless.
 */
export function parseDuration(flag: string, raw: string): number {
  const text = raw.trim().toLowerCase();
  let total: number | undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    total = Number(text) * 1000;
  } else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) {
    total = 0;
    for (const [, amount, , unit] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) {
      total += Number(amount) * UNIT_MS[unit];
    }
  }
  if (total === undefined || !Number.isFinite(total)) {
    throw new UsageError(
      `${flag} must be a duration such as 90s, 10m or 1h30m (got "${raw.slice(0, 40)}").`,
    );
  }
  if (total < 1000 || total > MAX_TIMEOUT_MS) {
    throw new UsageError(`${flag} must be between 1s and 24h (got "${raw.slice(0, 40)}").`);
  }
  return Math.round(total);
}

/** A length of time in words for messages: "45 s", "2 min 5 s". */
export function durationWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
