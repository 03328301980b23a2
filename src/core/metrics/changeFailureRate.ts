/**
 * Change failure rate (pure): the share of the deployments in the window that are failing. Each
 * deployment counts once, so the rate is never over 100%; with no deployment there is no rate.
 */
import { changeFailureBand } from "./bands";
import { isFailing, keysOf, type SliceInput } from "./slice";
import type { ChangeFailureFigure } from "./types";

export function changeFailureRate(input: SliceInput): ChangeFailureFigure {
  const notAvailable = input.unread["change-failure-rate"];
  const failing = input.deployments.filter((item) => isFailing(input, item.key));
  const base = {
    metric: "change-failure-rate" as const,
    unit: "ratio" as const,
    notAvailable,
    universe: {
      counted: failing.length,
      of: input.deployments.length,
      noun: "deployments" as const,
    },
    deployments: keysOf(input.deployments),
  };
  if (notAvailable.length > 0 || input.deployments.length === 0)
    return {
      ...base,
      outcome: notAvailable.length > 0 ? "not-available" : "none",
      value: null,
      band: null,
      failing: null,
      total: null,
    };
  const rate = failing.length / input.deployments.length;
  return {
    ...base,
    outcome: "value",
    value: rate,
    band: changeFailureBand(rate),
    failing: failing.length,
    total: input.deployments.length,
  };
}
