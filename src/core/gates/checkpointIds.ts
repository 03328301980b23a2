/*
 * A YAML stage's gates are joined across three APIs by id, on evidence that is not documented
 * (see docs/checkpoint-ids.md): the Checkpoint timeline record's id is taken as its check-suite
 * id, each Checkpoint.* record's id as its check run's id, and a Checkpoint.Approval record's id
 * as the pipelines approval id. Where an answer shows an id that does not match, the join is not
 * made: the stage says what is unknown and why, instead of dropping or doubling its checks.
 */
import type { CheckSuite, PipelineApproval, Timeline } from "../model";
import type { NotAvailable } from "../sources";
import type { YamlReadFailures } from "./markUnknown";

/** Said in every not-available entry a mismatch makes, so a reader knows what was assumed. */
export const CHECKPOINT_ID_ASSUMPTION =
  "Checkpoint record ids taken as suite, run and approval ids (undocumented)";

/** What was read by the records' ids: approvals asked for and given, and the suites. */
export interface ReadByRecordIds {
  asked: ReadonlySet<string>;
  approvals: ReadonlyMap<string, PipelineApproval>;
  suites: Map<string, CheckSuite>;
}

/**
 * Checks each join and sets aside those whose ids do not match (pure but for `read.suites` and
 * `failed`, which it updates): an approval asked for by a Checkpoint.Approval record id and not
 * given marks the stage's approvers unknown; a suite whose check runs carry none of its records'
 * ids is dropped (joined, each check would show twice) and its stage marked as if unread.
 */
export function checkIdJoins(
  timelines: Timeline[],
  read: ReadByRecordIds,
  failed: YamlReadFailures,
  label: (checkpointId: string) => string,
): NotAvailable[] {
  const entries: NotAvailable[] = [];
  const miss = (what: string, detail: string): NotAvailable => {
    const entry: NotAvailable = {
      what,
      kind: "not-found",
      reason: `${detail}. ${CHECKPOINT_ID_ASSUMPTION}.`,
    };
    entries.push(entry);
    return entry;
  };
  for (const { records } of timelines) {
    for (const { id, type } of records) {
      if (type !== "Checkpoint") continue;
      const checks = records.filter((r) => r.parentId === id && r.type.startsWith("Checkpoint."));
      const approval = checks.find(
        (r) =>
          r.type === "Checkpoint.Approval" && read.asked.has(r.id) && !read.approvals.has(r.id),
      );
      if (approval && !failed.approvals) {
        const what = label(id).replace(/^checks/, "approval");
        (failed.approvalRecords ??= new Map()).set(
          id,
          miss(what, `No approval with record id ${approval.id}`),
        );
      }
      const runs = new Set(read.suites.get(id)?.checkRuns.map((run) => run.id.toLowerCase()));
      if (runs.size > 0 && checks.length > 0 && !checks.some((r) => runs.has(r.id.toLowerCase()))) {
        read.suites.delete(id);
        failed.suitesRead.delete(id);
        failed.suites.set(id, miss(label(id), `No run of suite ${id} has a record's id`));
      }
    }
  }
  return entries;
}
