/**
 * Failed deployment recovery time (pure): the median over the failures of the window's
 * deployments that recovered; the open ones are counted beside it.
 */
import { recoveryBand } from "./bands";
import type { SliceInput } from "./slice";
import { median } from "./stats";
import type { RecoveryFigure } from "./types";

export function recoveryTime(input: SliceInput): RecoveryFigure {
  const notAvailable = input.unread["recovery-time"];
  const recovered = input.failures.filter((failure) => failure.recoverySeconds !== null);
  const open = input.failures.filter((failure) => failure.open);
  const base = {
    metric: "recovery-time" as const,
    unit: "seconds" as const,
    notAvailable,
    universe: { counted: recovered.length, of: input.failures.length, noun: "failures" as const },
    deployments: input.failures.map((failure) => failure.deployment),
  };
  const seconds = median(recovered.map((failure) => failure.recoverySeconds as number));
  if (notAvailable.length > 0 || seconds === null)
    return {
      ...base,
      outcome: notAvailable.length > 0 ? "not-available" : "none",
      value: null,
      band: null,
      medianSeconds: null,
      count: notAvailable.length > 0 ? null : 0,
      open: notAvailable.length > 0 ? null : open.length,
    };
  return {
    ...base,
    outcome: "value",
    value: seconds,
    band: recoveryBand(seconds),
    medianSeconds: seconds,
    count: recovered.length,
    open: open.length,
  };
}
