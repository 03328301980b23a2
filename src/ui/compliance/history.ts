/** The score history the views show: the shared core module (the task and CLI write it too). */
export {
  addSnapshot,
  MAX_SNAPSHOTS,
  previewSnapshot,
  readHistory,
  snapshotOf,
  trendOf,
  utcDay,
  type ScoreSnapshot,
  type Trend,
} from "../../core/compliance/scoreHistory";
