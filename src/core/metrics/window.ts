/**
 * The metrics window and its ISO weeks. A window is [since, until): since inclusive, until
 * exclusive, in UTC. Days are UTC days; weeks are ISO weeks (Monday to Monday, UTC).
 */
export interface MetricsWindow {
  since: Date;
  until: Date;
}

export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The number of days in the window (fractional when it starts or ends inside a day). */
export function windowDays(window: MetricsWindow): number {
  return (window.until.getTime() - window.since.getTime()) / DAY_MS;
}

/** Is the instant inside the window (since inclusive, until exclusive)? */
export function inWindow(window: MetricsWindow, at: Date): boolean {
  const time = at.getTime();
  return time >= window.since.getTime() && time < window.until.getTime();
}

/** The UTC day of an instant, as `2026-12-07`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The Monday 00:00 UTC that starts the ISO week of an instant. */
export function isoWeekStart(at: Date): Date {
  const day = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  // 1970-01-01 was a Thursday: (days + 3) mod 7 is the weekday with Monday = 0.
  const weekday = (Math.floor(day / DAY_MS) + 3) % 7;
  return new Date(day - weekday * DAY_MS);
}

/** The ISO week of an instant, as `2026-W49` (the year is the year of the week's Thursday). */
export function isoWeekName(at: Date): string {
  const thursday = new Date(isoWeekStart(at).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = isoWeekStart(new Date(Date.UTC(year, 0, 4))).getTime() + 3 * DAY_MS;
  const week = 1 + Math.round((thursday.getTime() - firstThursday) / WEEK_MS);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export interface WindowWeek extends MetricsWindow {
  week: string;
  /** True when the window cuts the week. */
  partial: boolean;
}

/** The ISO weeks the window overlaps, each clipped to the window, oldest first. */
export function windowWeeks(window: MetricsWindow): WindowWeek[] {
  const weeks: WindowWeek[] = [];
  const end = window.until.getTime();
  for (let start = isoWeekStart(window.since).getTime(); start < end; start += WEEK_MS) {
    const since = Math.max(start, window.since.getTime());
    const until = Math.min(start + WEEK_MS, end);
    weeks.push({
      week: isoWeekName(new Date(start)),
      since: new Date(since),
      until: new Date(until),
      partial: since !== start || until !== start + WEEK_MS,
    });
  }
  return weeks;
}

/** The default window: the `days` days before the start of the UTC day after `now`. */
export function defaultWindow(now: Date, days: number): MetricsWindow {
  const until = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
  return { since: new Date(until.getTime() - days * DAY_MS), until };
}
