/** The DORA bands at their edges (the cut-offs decided in issue 12). */
import {
  changeFailureBand,
  frequencyBand,
  leadTimeBand,
  recoveryBand,
} from "../../../src/core/metrics/bands";

const HOUR = 3600;
const DAY = 24 * HOUR;

describe("bands", () => {
  it("change failure rate: ≤5% elite, ≤10% high, ≤15% medium, more is low", () => {
    expect([0, 0.05, 0.0501, 0.1, 0.1001, 0.15, 0.1501, 1].map(changeFailureBand)).toEqual([
      "elite",
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
      "low",
    ]);
  });

  it("lead time: under a day elite, under a week high, under 30 days medium", () => {
    expect([DAY - 1, DAY, 7 * DAY - 1, 7 * DAY, 30 * DAY - 1, 30 * DAY].map(leadTimeBand)).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
  });

  it("recovery: under an hour elite, under a day high, under a week medium", () => {
    expect([HOUR - 1, HOUR, DAY - 1, DAY, 7 * DAY - 1, 7 * DAY].map(recoveryBand)).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
  });

  it("frequency: at least daily elite, weekly high, monthly medium", () => {
    expect([1, 0.999, 1 / 7, 1 / 7.01, 1 / 30, 1 / 30.1, 0].map(frequencyBand)).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
      "low",
    ]);
  });
});
