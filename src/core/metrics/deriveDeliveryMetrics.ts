/** `deriveDeliveryMetrics`: pure, from a snapshot to the report (one rule per file). */
import type { DeliveryMetricsReport, DeliverySnapshot, MetricsOptions } from "./types";

export function deriveDeliveryMetrics(
  snapshot: DeliverySnapshot,
  options: MetricsOptions,
): DeliveryMetricsReport {
  void snapshot;
  void options;
  throw new Error("deriveDeliveryMetrics: the derive step lands in the next commit");
}
