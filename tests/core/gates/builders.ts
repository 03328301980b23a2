import type {
  ApprovalStep,
  CheckConfiguration,
  CheckRun,
  CheckSuite,
  Identity,
  PipelineApproval,
  TimelineRecord,
} from "../../../src/core/model";
import type { YamlGateInputs } from "../../../src/core/gates";

export const T0 = new Date("2025-03-04T08:00:00Z");
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

export const alice: Identity = { id: "a", displayName: "Alice" };
export const bob: Identity = { id: "b", displayName: "Bob" };
export const carol: Identity = { id: "c", displayName: "Carol" };

export function step(
  assignedApprover: Identity,
  status: ApprovalStep["status"],
  extra: Partial<ApprovalStep> = {},
): ApprovalStep {
  return { assignedApprover, status, ...extra };
}

export function approval(
  id: string,
  status: PipelineApproval["status"],
  steps: ApprovalStep[],
  extra: Partial<PipelineApproval> = {},
): PipelineApproval {
  return {
    id,
    status,
    createdOn: at(10),
    executionOrder: "anyOrder",
    minRequiredApprovers: 0,
    steps,
    ...extra,
  };
}

/** A stage with a checkpoint: `checks` are [type, id, state, result?, name?]. */
export function stageRecords(
  id: string,
  state: TimelineRecord["state"],
  result: TimelineRecord["result"] | undefined,
  checkpoint?: {
    state: TimelineRecord["state"];
    result?: TimelineRecord["result"];
    checks: [string, string, TimelineRecord["state"], TimelineRecord["result"]?, string?][];
  },
  order = 1,
): TimelineRecord[] {
  const records: TimelineRecord[] = [
    {
      id,
      type: "Stage",
      name: `Stage ${id}`,
      identifier: id,
      order,
      state,
      ...(result ? { result } : {}),
      ...(state !== "pending" ? { startTime: at(0) } : {}),
      ...(state === "completed" ? { finishTime: at(60) } : {}),
    },
  ];
  if (checkpoint) {
    records.push({
      id: `${id}-cp`,
      parentId: id,
      type: "Checkpoint",
      name: "Checkpoint",
      state: checkpoint.state,
      ...(checkpoint.result ? { result: checkpoint.result } : {}),
      startTime: at(5),
    });
    for (const [type, checkId, checkState, checkResult, name] of checkpoint.checks) {
      records.push({
        id: checkId,
        parentId: `${id}-cp`,
        type,
        name: name ?? type,
        state: checkState,
        ...(checkResult ? { result: checkResult } : {}),
      });
    }
  }
  return records;
}

export function configuration(
  id: number,
  kind: CheckConfiguration["kind"],
  displayName: string,
  timeoutMinutes: number,
  environment = "prod",
): CheckConfiguration {
  return {
    id,
    kind,
    typeId: "type",
    typeName: kind,
    displayName,
    resource: { type: "environment", id: "7", name: environment },
    timeoutMinutes,
    isDisabled: false,
    settings: {},
  };
}

export function suite(id: string, runs: CheckRun[]): CheckSuite {
  return { id, status: "running", checkRuns: runs };
}

export function inputs(
  records: TimelineRecord[],
  extra: Partial<Omit<YamlGateInputs, "timeline">> = {},
): YamlGateInputs {
  return {
    run: { id: 42, name: "20250304.1", pipeline: { id: 10, name: "web" } },
    timeline: { runId: 42, records },
    approvals: new Map(),
    suites: new Map(),
    configurations: new Map(),
    ...extra,
  };
}
