/** Delivery metrics (DORA) per pipeline × environment: collect a snapshot, then derive. */
export * from "./types";
export { collectDeliverySnapshot, type CollectOptions } from "./collectDeliverySnapshot";
export { deriveDeliveryMetrics } from "./deriveDeliveryMetrics";
