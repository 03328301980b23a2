/** Delivery metrics (DORA) per pipeline × environment: collect a snapshot, then derive. */
export * from "./types";
export { collectDeliverySnapshot, type CollectOptions } from "./collectDeliverySnapshot";
export { deriveDeliveryMetrics } from "./deriveDeliveryMetrics";
export { defaultWindow, isoWeekName, windowWeeks, type MetricsWindow } from "./window";
export {
  BAND_TEXT,
  BANDS_SOURCE,
  changeFailureBand,
  frequencyBand,
  leadTimeBand,
  recoveryBand,
} from "./bands";
export {
  checkThresholds,
  parseThreshold,
  type ParsedThreshold,
  type Threshold,
  type ThresholdOperator,
  type ThresholdResult,
} from "./thresholds";
