/**
 * Rework rate (pure): the share of successful deployments that brought at least one work item of
 * the rework type (Bug by default). It has no band.
 */
import type { SliceInput } from "./slice";
import type { ReworkFigure } from "./types";

export function reworkRate(input: SliceInput): ReworkFigure {
  const successful = input.deployments.filter((item) => item.classification === "successful");
  const rework = successful.filter((item) => input.rework.get(item.key) === true);
  const unknown = successful.filter((item) => (input.rework.get(item.key) ?? null) === null);
  const notAvailable = input.unread["rework-rate"];
  const base = {
    metric: "rework-rate" as const,
    unit: "ratio" as const,
    band: null,
    notAvailable,
    universe: { counted: rework.length, of: successful.length, noun: "deployments" as const },
    deployments: successful.map((item) => item.key),
  };
  if (notAvailable.length > 0 || unknown.length > 0 || successful.length === 0)
    return {
      ...base,
      outcome: notAvailable.length > 0 || unknown.length > 0 ? "not-available" : "none",
      value: null,
      rework: null,
      successful: successful.length === 0 ? 0 : null,
    };
  return {
    ...base,
    outcome: "value",
    value: rework.length / successful.length,
    rework: rework.length,
    successful: successful.length,
  };
}
