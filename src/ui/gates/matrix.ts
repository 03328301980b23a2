/** The pipeline view: runs (or releases) as rows, stages as columns. */
import type { StageGate } from "../../core/gates/types";
import { runName } from "../../core/vocabulary/names";

export interface RunRow {
  key: string;
  source: "yaml" | "classic";
  runId?: number;
  releaseId?: number;
  label: string;
  /** Stage gates by column key. */
  cells: Map<string, StageGate>;
}

export interface StageColumn {
  key: string;
  name: string;
}

export interface RunMatrix {
  rows: RunRow[];
  columns: StageColumn[];
}

function columnKey(stage: StageGate): string {
  return (stage.stageIdentifier ?? stage.stage).toLowerCase();
}

/**
 * Rows newest first (as the engine lists runs); columns in stage order, taken from the newest run
 * that has each stage, so a stage added or dropped over time still gets its column.
 */
export function runMatrix(stages: StageGate[]): RunMatrix {
  const rows = new Map<string, RunRow>();
  const columns: StageColumn[] = [];
  const seen = new Set<string>();
  for (const stage of stages) {
    const rowKey = stage.source === "yaml" ? `run:${stage.runId}` : `release:${stage.releaseId}`;
    let row = rows.get(rowKey);
    if (!row) {
      row = {
        key: rowKey,
        source: stage.source,
        ...(stage.runId !== undefined ? { runId: stage.runId } : {}),
        ...(stage.releaseId !== undefined ? { releaseId: stage.releaseId } : {}),
        label:
          stage.source === "yaml"
            ? runName({ id: stage.runId ?? 0, name: stage.runName })
            : (stage.releaseName ?? `Release ${stage.releaseId}`),
        cells: new Map(),
      };
      rows.set(rowKey, row);
    }
    const key = columnKey(stage);
    row.cells.set(key, stage);
    if (!seen.has(key)) {
      seen.add(key);
      columns.push({ key, name: stage.stage });
    }
  }
  const ordered = [...rows.values()].sort(
    (left, right) => (right.runId ?? right.releaseId ?? 0) - (left.runId ?? left.releaseId ?? 0),
  );
  return { rows: ordered, columns };
}

/** A one-line summary of a stage, for the chip's hover text. */
export function stageSummary(stage: StageGate, label: string): string {
  const parts = [`${stage.stage}: ${label}`];
  if (stage.environment) parts.push(`environment ${stage.environment}`);
  const waiting = stage.waiting[0];
  if (waiting && waiting.approvers.length > 0)
    parts.push(
      `waiting on ${waiting.approvers.map((approver) => approver.displayName).join(", ")}`,
    );
  if (stage.decision?.by) parts.push(`by ${stage.decision.by.displayName}`);
  if (stage.checks.length > 0) parts.push(`${stage.checks.length} checks`);
  return parts.join(" · ");
}
