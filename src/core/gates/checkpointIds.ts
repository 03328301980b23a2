/*
 * A YAML stage's gates are joined across three APIs by id, on evidence that is not documented
 * (see docs/checkpoint-ids.md): the Checkpoint timeline record's id is taken as its check-suite
 * id, each Checkpoint.* record's id as its check run's id, and a Checkpoint.Approval record's id
 * as the pipelines approval id. Where an answer shows an id that does not match, the join is not
 * made: the stage says what is unknown and why, instead of dropping or doubling its checks.
 */
import type { CheckSuite, PipelineApproval, Timeline, TimelineRecord } from "../model";
import type { NotAvailable } from "../sources";

/** Said in every not-available entry a mismatch makes, so a reader knows what was assumed. */
export const CHECKPOINT_ID_ASSUMPTION =
  "Release Trace joins a stage's Checkpoint timeline records to its check suite, check runs and " +
  "approvals by id, which Azure DevOps does not document";

function checkRecords(timeline: Timeline, checkpointId: string): TimelineRecord[] {
  return timeline.records.filter(
    (record) => record.parentId === checkpointId && record.type.startsWith("Checkpoint."),
  );
}

/**
 * Suites read whose check runs carry none of the ids of their Checkpoint.* records (while both
 * exist): the record and run ids do not match, so the runs cannot be told apart from the records.
 */
export function suitesWithUnmatchedRuns(
  timelines: Iterable<Timeline>,
  suites: ReadonlyMap<string, CheckSuite>,
): string[] {
  const unmatched: string[] = [];
  for (const timeline of timelines) {
    for (const checkpoint of timeline.records.filter((record) => record.type === "Checkpoint")) {
      const suite = suites.get(checkpoint.id);
      const records = checkRecords(timeline, checkpoint.id);
      if (!suite || suite.checkRuns.length === 0 || records.length === 0) continue;
      const runIds = new Set(suite.checkRuns.map((run) => run.id.toLowerCase()));
      if (!records.some((record) => runIds.has(record.id.toLowerCase())))
        unmatched.push(checkpoint.id);
    }
  }
  return unmatched;
}

/**
 * Checkpoint.Approval records whose id names no approval the service gave when asked by it, by
 * the id of their Checkpoint record.
 */
export function approvalRecordsUnmatched(
  timelines: Iterable<Timeline>,
  asked: ReadonlySet<string>,
  approvals: ReadonlyMap<string, PipelineApproval>,
): Map<string, string> {
  const unmatched = new Map<string, string>();
  for (const timeline of timelines) {
    for (const record of timeline.records) {
      if (record.type !== "Checkpoint.Approval" || !record.parentId) continue;
      if (asked.has(record.id) && !approvals.has(record.id))
        unmatched.set(record.parentId, record.id);
    }
  }
  return unmatched;
}

/** The not-available entry of a join that could not be made. */
export function idMismatch(what: string, detail: string): NotAvailable {
  return { what, kind: "not-found", reason: `${detail}. ${CHECKPOINT_ID_ASSUMPTION}.` };
}
