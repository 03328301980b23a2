/**
 * Deployment frequency (pure): successful deployments per day over the window, and the number of
 * distinct UTC days with one.
 */
import { frequencyBand } from "./bands";
import { keysOf, type SliceInput } from "./slice";
import type { FrequencyFigure } from "./types";
import { utcDay, windowDays } from "./window";

export function deploymentFrequency(input: SliceInput): FrequencyFigure {
  const days = windowDays(input.window);
  const notAvailable = input.unread["deployment-frequency"];
  const successful = input.deployments.filter((item) => item.classification === "successful");
  const base = {
    metric: "deployment-frequency" as const,
    unit: "per-day" as const,
    windowDays: days,
    notAvailable,
    universe: {
      counted: successful.length,
      of: input.deployments.length,
      noun: "deployments" as const,
    },
    deployments: keysOf(successful),
  };
  if (notAvailable.length > 0 || days <= 0)
    return {
      ...base,
      outcome: notAvailable.length > 0 ? "not-available" : "none",
      value: null,
      band: null,
      successful: null,
      deploymentDays: null,
    };
  const perDay = successful.length / days;
  return {
    ...base,
    outcome: "value",
    value: perDay,
    band: frequencyBand(perDay),
    successful: successful.length,
    deploymentDays: new Set(successful.map((item) => utcDay(new Date(item.at)))).size,
  };
}
