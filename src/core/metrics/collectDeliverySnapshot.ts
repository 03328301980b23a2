/**
 * `collectDeliverySnapshot`: reads, through the ports, everything the delivery metrics of a
 * project need for a window; `deriveDeliveryMetrics` turns it into figures with pure functions.
 */
import type { Sources } from "../sources";
import type { DeliverySnapshot, MetricsOptions } from "./types";

export interface CollectOptions {
  /** Reports progress (reads done of reads known) while it collects. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export async function collectDeliverySnapshot(
  sources: Sources,
  project: string,
  options: MetricsOptions,
  collect: CollectOptions = {},
): Promise<DeliverySnapshot> {
  void sources;
  void project;
  void options;
  void collect;
  throw new Error("collectDeliverySnapshot: the collect step lands in the next commit");
}
