/** What the gate widget reads in one refresh, and how much of it fits each size. */
import { latestStageStates } from "../../core/gates/queries";
import { runName } from "../../core/vocabulary/names";
import type { NotAvailable, StageGate } from "../../core/gates/types";
import type { Sources } from "../../core/sources";
import type { GateTarget, GateWidgetSettings } from "../settings";

export interface WidgetStages {
  target: GateTarget;
  /** The newest run or release, when there is one. */
  latest?: {
    source: "yaml" | "classic";
    runId?: number;
    releaseId?: number;
    label: string;
  };
  /** The chosen stages of the newest run (all when none were chosen), in stage order. */
  stages: StageGate[];
  /** Chosen stages the newest run does not have. */
  missing: string[];
  notAvailable: NotAvailable[];
}

export function stageKey(stage: Pick<StageGate, "stageIdentifier" | "stage">): string {
  return stage.stageIdentifier ?? stage.stage;
}

/** One refresh: at most three calls (see latestStageStates). */
export async function loadWidgetStages(
  sources: Sources,
  project: string,
  settings: GateWidgetSettings & { target: GateTarget },
): Promise<WidgetStages> {
  const { target } = settings;
  const result = await latestStageStates(
    sources,
    project,
    target.kind === "yaml"
      ? { kind: "yaml", pipelineId: target.id }
      : { kind: "classic", definitionId: target.id },
  );
  const first = result.stages[0];
  const chosen = settings.stages ?? [];
  const wanted = new Set(chosen.map((name) => name.toLowerCase()));
  const matches = (stage: StageGate) =>
    wanted.has(stageKey(stage).toLowerCase()) || wanted.has(stage.stage.toLowerCase());
  const stages = wanted.size === 0 ? result.stages : result.stages.filter(matches);
  const present = new Set(
    result.stages.flatMap((stage) => [stageKey(stage).toLowerCase(), stage.stage.toLowerCase()]),
  );
  return {
    target,
    ...(first
      ? {
          latest: {
            source: first.source,
            ...(first.runId !== undefined ? { runId: first.runId } : {}),
            ...(first.releaseId !== undefined ? { releaseId: first.releaseId } : {}),
            label:
              first.source === "yaml"
                ? runName({ id: first.runId ?? 0, name: first.runName })
                : (first.releaseName ?? `Release ${first.releaseId}`),
          },
        }
      : {}),
    stages,
    missing: chosen.filter((name) => !present.has(name.toLowerCase())),
    notAvailable: result.notAvailable,
  };
}

export interface WidgetLayout {
  /** Stage lines that fit below the title and the run line. */
  lines: number;
  /** One line per stage with state, age and approver in columns (2×3 and wider). */
  wide: boolean;
  /** A second line per waiting stage naming the approver (2×2). */
  approverLine: boolean;
}

export function widgetLayout(size: { rowSpan: number; columnSpan: number }): WidgetLayout {
  const wide = size.columnSpan >= 3;
  // 160 px per row of cells: 1 row leaves room for 3 stage lines of 22 px, 2 rows for 10, or
  // in the strip for two rows of four boxes.
  const lines = size.rowSpan <= 1 ? 3 : wide ? 8 : 10;
  return { lines, wide, approverLine: !wide && size.rowSpan >= 2 };
}

const ATTENTION = new Set([
  "waiting-for-approval",
  "checks-running",
  "rejected",
  "timed-out",
  "failed",
]);

/**
 * The stages that fit, and how many do not (a line says so: no silent truncation). Stages that
 * wait or did not pass are kept first; the ones shown stay in stage order.
 */
export function fitStages(
  stages: StageGate[],
  layout: WidgetLayout,
): { shown: StageGate[]; more: number } {
  const cost = (stage: StageGate) =>
    layout.approverLine && (stage.waiting.length > 0 || stage.decision?.by) ? 2 : 1;
  const total = stages.reduce((sum, stage) => sum + cost(stage), 0);
  if (total <= layout.lines) return { shown: stages, more: 0 };
  const byPriority = stages
    .map((stage, index) => ({ stage, index, urgent: ATTENTION.has(stage.state) }))
    .sort((left, right) => Number(right.urgent) - Number(left.urgent) || left.index - right.index);
  const picked: { stage: StageGate; index: number }[] = [];
  let used = 1; // the "and N more" line
  for (const entry of byPriority) {
    if (used + cost(entry.stage) > layout.lines) continue;
    picked.push(entry);
    used += cost(entry.stage);
  }
  picked.sort((left, right) => left.index - right.index);
  return { shown: picked.map((entry) => entry.stage), more: stages.length - picked.length };
}

/** How the all-pipelines view lists approvals in a size. */
export interface WaitingListLayout {
  /** Approvals listed, the "and N more" line included. */
  entries: number;
  /** A second line per approval: the stage and who may approve. */
  twoLines: boolean;
}

/**
 * 1 row of cells leaves room for 2 one-line approvals under the count; 2 rows for 4 of two lines
 * (the name and run, then the stage and approvers), measured at 20 + 18 px and 4 px apart.
 */
export function waitingListLayout(size: {
  rowSpan: number;
  columnSpan: number;
}): WaitingListLayout {
  return size.rowSpan <= 1 ? { entries: 2, twoLines: false } : { entries: 4, twoLines: true };
}

/**
 * The oldest approvals that fit, oldest first, and how many do not (a line says so: no silent
 * truncation). The "and N more" line takes the place of one approval.
 */
export function fitApprovals<T>(approvals: T[], lines: number): { shown: T[]; more: number } {
  if (approvals.length <= lines) return { shown: approvals, more: 0 };
  const shown = approvals.slice(0, Math.max(0, lines - 1));
  return { shown, more: approvals.length - shown.length };
}
