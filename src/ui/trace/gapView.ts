/** How a trace gap reads in the hub and the work item form: its rule, grade and whose gap it is. */
import type { TraceGap } from "../../core/trace/types";

const severityWords: Record<TraceGap["severity"], string> = {
  high: "High",
  medium: "Medium",
  low: "Low",
};

/** "High", "Medium · exempt", "High · not available". */
export function gapGrade(gap: TraceGap): string {
  const severity = severityWords[gap.severity];
  if (gap.outcome === "exempt") return `${severity} · exempt`;
  if (gap.outcome === "not-available") return `${severity} · not available`;
  return severity;
}

/** On a work item: "Gap of run 2025.10 (web-ci-cd), which first brought it to staging". */
export function gapOrigin(gap: TraceGap): string | undefined {
  const by = gap.broughtBy;
  if (!by) return undefined;
  const what =
    by.runId !== undefined ? `run ${by.name ?? by.runId}` : `release ${by.name ?? by.releaseId}`;
  return `Gap of ${what} (${by.pipeline}), which first brought it to ${by.environments.join(", ")}`;
}

const shownApart = new Set([
  "kind",
  "ruleId",
  "title",
  "severity",
  "outcome",
  "message",
  "broughtBy",
  "exception",
  // The "not read" marker of fields a failed read may have thinned (UnknownFieldsMarker).
  "unknown",
]);

/** The rule's evidence fields (ids, names), without those shown on their own. */
export function gapEvidence(gap: TraceGap): [string, unknown][] {
  return Object.entries(gap).filter(([key, value]) => !shownApart.has(key) && value !== undefined);
}
