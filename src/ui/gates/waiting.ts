/** The "Waiting on" rows: one per pending approval, check or Classic gate, with sorting. */
import type {
  GatesResult,
  NotAvailable,
  PendingKind,
  StageGate,
  Waiting,
} from "../../core/gates/types";
import { runName } from "../../core/vocabulary/names";
import type { Identity } from "../../core/model";
import { formatAge } from "../format";

export interface WaitingRow {
  key: string;
  kind: PendingKind;
  source: "yaml" | "classic";
  pipeline: { id: number; name: string };
  runId?: number;
  releaseId?: number;
  /** Run number or release name. */
  runLabel: string;
  stage: string;
  environment?: string;
  since?: Date;
  timeoutAt?: Date;
  approvers: Identity[];
  sequential: boolean;
  required?: number;
  approved?: number;
  instructions?: string;
  holding: string[];
  /** Fields of this item that could not be read (never the same as "there is none"). */
  unknown?: NotAvailable[];
}

export type WaitingSortKey = "age" | "timeout";
export type SortDirection = "ascending" | "descending";

function rowOf(stage: StageGate, waiting: Waiting): WaitingRow {
  const owner = stage.source === "yaml" ? `run:${stage.runId}` : `release:${stage.releaseId}`;
  return {
    key: `${owner}:${stage.stage}:${waiting.kind}:${waiting.id}`,
    kind: waiting.kind,
    source: stage.source,
    pipeline: stage.pipeline,
    ...(stage.runId !== undefined ? { runId: stage.runId } : {}),
    ...(stage.releaseId !== undefined ? { releaseId: stage.releaseId } : {}),
    runLabel:
      stage.source === "yaml"
        ? runName({ id: stage.runId ?? 0, name: stage.runName })
        : (stage.releaseName ?? `Release ${stage.releaseId}`),
    stage: stage.stage,
    ...(stage.environment ? { environment: stage.environment } : {}),
    ...(waiting.since ? { since: waiting.since } : {}),
    ...(waiting.timeoutAt ? { timeoutAt: waiting.timeoutAt } : {}),
    approvers: waiting.approvers,
    sequential: waiting.executionOrder === "inSequence",
    ...(waiting.required !== undefined ? { required: waiting.required } : {}),
    ...(waiting.approved !== undefined ? { approved: waiting.approved } : {}),
    ...(waiting.instructions ? { instructions: waiting.instructions } : {}),
    holding: waiting.holding,
    ...(stage.unknown ? { unknown: stage.unknown } : {}),
  };
}

/** Every pending item of the result's stages (the engine's `pending`, with run names and order). */
export function waitingRows(result: GatesResult): WaitingRow[] {
  return result.stages.flatMap((stage) => stage.waiting.map((waiting) => rowOf(stage, waiting)));
}

/**
 * Age: ascending is the longest-waiting first. Timeout: ascending is the soonest deadline first.
 * Rows without the date go last either way; ties keep pipeline order.
 */
export function sortWaiting(
  rows: WaitingRow[],
  key: WaitingSortKey,
  direction: SortDirection,
): WaitingRow[] {
  const dateOf = (row: WaitingRow) => (key === "age" ? row.since : row.timeoutAt);
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((left, right) => {
    const a = dateOf(left);
    const b = dateOf(right);
    if (!a || !b) {
      if (a === b) return left.pipeline.name.localeCompare(right.pipeline.name);
      return a ? -1 : 1;
    }
    return (
      sign * (a.getTime() - b.getTime()) ||
      left.pipeline.name.localeCompare(right.pipeline.name) ||
      left.key.localeCompare(right.key)
    );
  });
}

/** Who has to act, in words: the next approver of a sequence, or anyone of the list. */
export function approverText(row: Pick<WaitingRow, "approvers" | "sequential" | "kind">): string {
  if (row.approvers.length === 0)
    return row.kind === "approval" ? "Nobody assigned" : "Nobody: automatic";
  const names = row.approvers.map((approver) => approver.displayName);
  if (row.sequential) return `Next: ${names[0]}`;
  return names.length === 1 ? names[0] : `Any of ${names.join(", ")}`;
}

export function progressText(row: Pick<WaitingRow, "required" | "approved">): string | undefined {
  if (row.required === undefined || row.required === 0) return undefined;
  return `${row.approved ?? 0} of ${row.required} approved`;
}

/** "in 5 h", "overdue by 2 h": how long until the item times out. */
export function timeoutText(timeoutAt: Date | undefined, now: Date): string {
  if (!timeoutAt) return "No timeout";
  return timeoutAt.getTime() >= now.getTime()
    ? `in ${formatAge(now, timeoutAt)}`
    : `overdue by ${formatAge(timeoutAt, now)}`;
}
