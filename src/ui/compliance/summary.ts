import { severityWeight } from "../../core/compliance/types";
import type { Sources } from "../../core/sources";
import { loadBaseline, type BaselineChoice } from "./baseline";
import { previewSnapshot, snapshotOf, trendOf, type ScoreSnapshot, type Trend } from "./history";
import { topGaps, type Gap } from "./matrix";
import { runComplianceScan, type ComplianceScan } from "./scan";
import { loadProductionState } from "../production/ProductionProvider";
import { readStoredHistory, type KeyValueStore } from "./storage";

export interface ComplianceSummaryData {
  scan: ComplianceScan;
  history: ScoreSnapshot[];
  trend: Trend;
  /** Every failing rule, highest weighted score first. */
  gaps: Gap[];
  /** Why the history could not be read or written (the score is still shown). */
  historyProblem?: string;
}

/**
 * One widget refresh: the baseline (one call for a repository file), the scan, and the history
 * (one read). Widgets never write the history: several on one dashboard would race for the same
 * document and all but one would get a conflict; the hub and the scheduled scans write it.
 */
export async function loadComplianceSummary(options: {
  sources: Sources;
  project: string;
  choice: BaselineChoice;
  store: KeyValueStore;
  now: Date;
}): Promise<ComplianceSummaryData> {
  const { sources, project, choice, store, now } = options;
  const baseline = await loadBaseline(sources, project, choice);
  // The widget writes no report, so the organisation name is not needed.
  // Rules without a pattern of their own select by the project's saved production pattern.
  const scan = await runComplianceScan(sources, {
    organization: "",
    project,
    baseline,
    now,
    productionFor: async (projectId) => (await loadProductionState(store, projectId)).pattern,
  });
  const snapshot = snapshotOf(scan.summary, baseline.name, now, "view");
  let history: ScoreSnapshot[];
  let historyProblem: string | undefined;
  try {
    history = previewSnapshot(await readStoredHistory(store, scan.project.id), snapshot);
  } catch (error) {
    history = [snapshot];
    historyProblem = `The score history could not be read (${
      error instanceof Error ? error.message : String(error)
    }).`;
  }
  return {
    scan,
    history,
    trend: trendOf(history),
    // Every failing rule, ranked: the widget shows as many as its size holds and counts the rest.
    gaps: topGaps(scan.results, severityWeight, Number.POSITIVE_INFINITY),
    historyProblem,
  };
}
