/** UTC days and ISO weeks of the metrics window. */
import {
  defaultWindow,
  inWindow,
  isoWeekName,
  isoWeekStart,
  utcDay,
  windowDays,
} from "../../../src/core/metrics/window";

const utc = (text: string) => new Date(text);

describe("the metrics window", () => {
  it("includes since and excludes until", () => {
    const window = { since: utc("2026-11-01T00:00:00Z"), until: utc("2026-11-02T00:00:00Z") };
    expect(inWindow(window, utc("2026-11-01T00:00:00Z"))).toBe(true);
    expect(inWindow(window, utc("2026-11-01T23:59:59.999Z"))).toBe(true);
    expect(inWindow(window, utc("2026-11-02T00:00:00Z"))).toBe(false);
    expect(windowDays(window)).toBe(1);
  });

  it("counts UTC days, whatever the local zone of a time", () => {
    expect(utcDay(utc("2026-11-01T23:30:00-02:00"))).toBe("2026-11-02");
  });

  it("names ISO weeks, across year ends", () => {
    expect(isoWeekName(utc("2026-11-02T00:00:00Z"))).toBe("2026-W45");
    expect(isoWeekName(utc("2026-11-08T23:59:59Z"))).toBe("2026-W45");
    expect(isoWeekName(utc("2027-01-01T12:00:00Z"))).toBe("2026-W53");
    expect(isoWeekName(utc("2025-12-29T00:00:00Z"))).toBe("2026-W01");
    expect(isoWeekName(utc("2027-01-04T00:00:00Z"))).toBe("2027-W01");
    expect(isoWeekStart(utc("2026-11-04T15:00:00Z")).toISOString()).toBe(
      "2026-11-02T00:00:00.000Z",
    );
  });

  it("defaults to the 30 days up to the end of today (UTC)", () => {
    const window = defaultWindow(utc("2026-12-07T13:00:00Z"), 30);
    expect(window.since.toISOString()).toBe("2026-11-08T00:00:00.000Z");
    expect(window.until.toISOString()).toBe("2026-12-08T00:00:00.000Z");
  });
});
