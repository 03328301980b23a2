import {
  recordSnapshot,
  snapshotOf,
  type ScoreSnapshot,
  type VersionedStore,
} from "../../core/compliance/scoreHistory";
import { isSourceError } from "../../core/sources";

export interface PublishedScore {
  snapshot: ScoreSnapshot;
  /** Entries in the history after this one was added. */
  entries: number;
}

/**
 * Adds a scheduled scan's score to the project's history (the document the hub and the compliance
 * widget read). Throws an Error whose message says why it could not be written, in words.
 */
export async function publishScore(
  settings: VersionedStore,
  scan: { projectId: string; summary: ScanSummary },
  baseline: string,
  at: Date,
): Promise<PublishedScore> {
  const snapshot = snapshotOf(scan.summary, baseline, at, "scan");
  try {
    const history = await recordSnapshot(settings, scan.projectId, snapshot);
    return { snapshot, entries: history.length };
  } catch (error) {
    throw new Error(publishProblem(error));
  }
}

type ScanSummary = Parameters<typeof snapshotOf>[0];

function publishProblem(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  if (isSourceError(error) && (error.kind === "auth" || error.kind === "permission")) {
    return `the token may not write the extension's data (${reason}): it needs the vso.extension.data_write scope (Extension data: read & write)`;
  }
  if (isSourceError(error) && error.kind === "not-found") {
    return `the extension is not installed in this organization, or not under this publisher and id (${reason})`;
  }
  return reason;
}
