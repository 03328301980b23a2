import type {
  ApprovalStatus,
  CheckConfiguration,
  CheckRun,
  CheckStatus,
  CheckSuite,
  Identity,
  PipelineApproval,
  Timeline,
  TimelineRecord,
} from "../model";
import { timelineRecordState } from "../vocabulary/rawStates";
import {
  UNDECIDED_CHECK_STATUSES,
  WAITING_APPROVAL_STATUSES,
  type CheckItemState,
  type Decision,
  type Evidence,
  type GateCheck,
  type GateState,
  type StageGate,
  type Waiting,
} from "./types";

const MINUTE = 60_000;

/** What the YAML derivation reads besides the timeline; every map may be partial. */
export interface YamlGateInputs {
  run: { id: number; name?: string; pipeline: { id: number; name: string } };
  timeline: Timeline;
  /** Pipelines approvals by id (== the Checkpoint.Approval record id). */
  approvals: ReadonlyMap<string, PipelineApproval>;
  /** Check suites by id (== the Checkpoint record id). */
  suites: ReadonlyMap<string, CheckSuite>;
  configurations: ReadonlyMap<number, CheckConfiguration>;
  /**
   * The environment of a stage by its identifier, for stages whose own check suite was not read
   * (learned from another run's suite of the same stage).
   */
  stageEnvironments?: ReadonlyMap<string, string>;
}

function newest(records: TimelineRecord[]): TimelineRecord | undefined {
  return [...records].sort((a, b) => (b.attempt ?? 1) - (a.attempt ?? 1))[0];
}

function recordState(record: TimelineRecord): CheckItemState {
  if (record.state === "pending") return "pending";
  if (record.state === "inProgress") return "running";
  switch (record.result) {
    case "succeeded":
    case "succeededWithIssues":
      return "succeeded";
    case "skipped":
      return "skipped";
    case "canceled":
    case "abandoned":
      return "canceled";
    default:
      return "failed";
  }
}

/** Approvals and check runs share these statuses (only check runs run; only approvals skip). */
function decisionItemState(status: ApprovalStatus | CheckStatus): CheckItemState {
  switch (status) {
    case "approved":
    case "completed":
      return "succeeded";
    case "rejected":
      return "rejected";
    case "timedOut":
      return "timed-out";
    case "canceled":
      return "canceled";
    case "skipped":
      return "skipped";
    case "failed":
      return "failed";
    case "running":
      return "running";
    default:
      return "pending";
  }
}

const RECORD_KINDS: Readonly<Record<string, string>> = {
  "Checkpoint.Approval": "approval",
  "Checkpoint.ExtendsCheck": "requiredTemplate",
  "Checkpoint.Authorization": "authorization",
};

const RECORD_NAMES: Readonly<Record<string, string>> = {
  "Checkpoint.Approval": "Approval",
  "Checkpoint.ExtendsCheck": "Required template",
  "Checkpoint.Authorization": "Pipeline permission",
};

interface CheckEntry {
  check: GateCheck;
  record?: TimelineRecord;
  run?: CheckRun;
  approval?: PipelineApproval;
  configuration?: CheckConfiguration;
}

/** The checks of one stage: its Checkpoint.* records, joined with their runs and approvals. */
function checksOf(
  records: TimelineRecord[],
  suite: CheckSuite | undefined,
  inputs: YamlGateInputs,
  environment: string | undefined,
): CheckEntry[] {
  // Without this stage's suite, a task check is told by its name among its environment's checks.
  const byName = (name: string) =>
    environment === undefined
      ? undefined
      : [...inputs.configurations.values()].find(
          (candidate) =>
            candidate.resource.type.toLowerCase() === "environment" &&
            candidate.resource.name === environment &&
            candidate.displayName === name,
        );
  const runsById = new Map((suite?.checkRuns ?? []).map((run) => [run.id.toLowerCase(), run]));
  const used = new Set<string>();
  const entries: CheckEntry[] = records.map((record) => {
    const run = runsById.get(record.id.toLowerCase());
    if (run) used.add(run.id.toLowerCase());
    const configuration =
      run?.configurationId === undefined
        ? record.type === "Checkpoint.TaskCheck"
          ? byName(record.name)
          : undefined
        : inputs.configurations.get(run.configurationId);
    const approval =
      record.type === "Checkpoint.Approval" ? inputs.approvals.get(record.id) : undefined;
    const state = approval
      ? decisionItemState(approval.status)
      : run
        ? decisionItemState(run.status)
        : recordState(record);
    const type =
      RECORD_KINDS[record.type] ??
      (configuration
        ? configuration.kind
        : record.type === "Checkpoint.TaskCheck"
          ? "taskCheck"
          : "other");
    const name =
      record.type === "Checkpoint.TaskCheck"
        ? record.name
        : (configuration?.displayName ?? RECORD_NAMES[record.type] ?? record.name);
    const message = run?.resultMessage || decidingComment(approval);
    return {
      check: { type, name, state, ...(message ? { message } : {}) },
      record,
      run,
      approval,
      configuration,
    };
  });
  // Checks whose timeline record type is not published (exclusive lock) appear only as runs.
  for (const run of suite?.checkRuns ?? []) {
    if (used.has(run.id.toLowerCase())) continue;
    const configuration =
      run.configurationId === undefined
        ? undefined
        : inputs.configurations.get(run.configurationId);
    entries.push({
      check: {
        type: configuration?.kind ?? "other",
        name: configuration?.displayName ?? run.typeName ?? "Check",
        state: decisionItemState(run.status),
        ...(run.resultMessage ? { message: run.resultMessage } : {}),
      },
      run,
      configuration,
    });
  }
  return entries;
}

function decidingComment(approval: PipelineApproval | undefined): string | undefined {
  const step = approval?.steps.find((candidate) => candidate.status === "rejected");
  return step?.comment;
}

/** Who can act on a waiting approval now: in a sequence the first pending step, else all. */
export function currentApprovers(approval: PipelineApproval): Identity[] {
  const pending = approval.steps.filter((step) => WAITING_APPROVAL_STATUSES.includes(step.status));
  if (approval.executionOrder === "inSequence" && pending.length > 0) {
    const first = Math.min(...pending.map((step) => step.order ?? 0));
    const current = pending.filter((step) => (step.order ?? 0) === first);
    // Orders all equal (or missing): the sequence is the steps' list order.
    return [(current.length === pending.length ? pending[0] : current[0]).assignedApprover];
  }
  return pending.map((step) => step.assignedApprover);
}

function plus(date: Date | undefined, minutes: number | undefined): Date | undefined {
  return date && minutes ? new Date(date.getTime() + minutes * MINUTE) : undefined;
}

function environmentOf(
  stage: TimelineRecord,
  suite: CheckSuite | undefined,
  inputs: YamlGateInputs,
): string | undefined {
  for (const run of suite?.checkRuns ?? []) {
    const configuration =
      run.configurationId === undefined
        ? undefined
        : inputs.configurations.get(run.configurationId);
    const resource = run.resource ?? configuration?.resource;
    if (resource?.type.toLowerCase() === "environment") {
      return resource.name ?? configuration?.resource.name ?? `environment ${resource.id}`;
    }
  }
  return stage.identifier ? inputs.stageEnvironments?.get(stage.identifier) : undefined;
}

/**
 * Open approval records whose approval was not read (the read failed, or no approval has the
 * record's id): the stage still waits on them, with approvers and timeout unknown (the stage
 * carries the marker), so "waiting on" never loses a stage that waits.
 */
function unreadApprovalsWaiting(
  entries: CheckEntry[],
  checkpoint: TimelineRecord | undefined,
): Waiting[] {
  return entries
    .filter(
      (entry) =>
        entry.check.type === "approval" &&
        !entry.approval &&
        entry.record !== undefined &&
        (entry.check.state === "running" || entry.check.state === "pending"),
    )
    .map((entry) => ({
      kind: "approval",
      id: entry.record?.id ?? "",
      since: entry.record?.startTime ?? checkpoint?.startTime,
      approvers: [],
      holding: [entry.check.name],
    }));
}

function approvalWaiting(entry: CheckEntry & { approval: PipelineApproval }): Waiting {
  const { approval, record, configuration } = entry;
  const since = approval.createdOn ?? record?.startTime;
  const required =
    approval.minRequiredApprovers > 0 ? approval.minRequiredApprovers : approval.steps.length;
  return {
    kind: "approval",
    id: approval.id,
    since,
    timeoutAt: plus(since, configuration?.timeoutMinutes),
    approvers: currentApprovers(approval),
    instructions: approval.instructions,
    executionOrder: approval.executionOrder,
    required,
    approved: approval.steps.filter((step) => step.status === "approved").length,
    holding: [entry.check.name],
  };
}

function checksWaiting(checkpoint: TimelineRecord, running: CheckEntry[]): Waiting | undefined {
  if (running.length === 0) return undefined;
  const timeouts = running
    .map((entry) =>
      plus(entry.run?.createdDate ?? checkpoint.startTime, entry.configuration?.timeoutMinutes),
    )
    .filter((date): date is Date => date !== undefined)
    .sort((a, b) => a.getTime() - b.getTime());
  const messages = running.map((entry) => entry.check.message).filter(Boolean);
  return {
    kind: "check",
    id: checkpoint.id,
    since: checkpoint.startTime,
    timeoutAt: timeouts[0],
    approvers: [],
    instructions: messages.length > 0 ? messages.join("; ") : undefined,
    holding: running.map((entry) => entry.check.name),
  };
}

/** The decision behind a stage that did not pass, and the state it implies. */
function decide(
  entries: CheckEntry[],
  fallback: "failed" | "canceled",
): { state: GateState; decision?: Decision } {
  const rejected = entries.find((entry) => entry.approval?.status === "rejected");
  if (rejected?.approval) {
    const step = rejected.approval.steps.find((candidate) => candidate.status === "rejected");
    return {
      state: "rejected",
      decision: {
        cause: "approval",
        by: step?.actualApprover ?? step?.assignedApprover,
        comment: step?.comment,
        at: step?.lastModifiedOn ?? rejected.approval.lastModifiedOn,
      },
    };
  }
  const timedOut = entries.find((entry) => entry.check.state === "timed-out");
  if (timedOut) {
    return {
      state: "timed-out",
      decision: {
        cause: timedOut.approval ? "approval" : "check",
        comment: timedOut.check.message ?? `${timedOut.check.name} timed out`,
        at: timedOut.approval?.lastModifiedOn ?? timedOut.run?.completedDate,
      },
    };
  }
  const failedCheck = entries.find(
    (entry) => entry.check.state === "failed" || entry.check.state === "rejected",
  );
  if (failedCheck) {
    // A check that rejected the stage rejected it: rejected is never called failed.
    return {
      state: failedCheck.check.state === "rejected" ? "rejected" : "failed",
      decision: {
        cause: failedCheck.approval ? "approval" : "check",
        comment: failedCheck.check.message ?? `${failedCheck.check.name} failed`,
        at: failedCheck.run?.completedDate ?? failedCheck.record?.finishTime,
      },
    };
  }
  return fallback === "failed"
    ? { state: "failed", decision: { cause: "deployment" } }
    : { state: "canceled", decision: { cause: "run" } };
}

function evidenceOf(
  stage: TimelineRecord,
  checkpoint: TimelineRecord | undefined,
  entries: CheckEntry[],
): Evidence[] {
  const evidence: Evidence[] = [
    { kind: "stage-record", id: stage.id, status: stage.result ?? stage.state },
  ];
  if (checkpoint) {
    evidence.push({
      kind: "checkpoint-record",
      id: checkpoint.id,
      status: checkpoint.result ?? checkpoint.state,
    });
  }
  for (const entry of entries) {
    if (entry.approval) {
      evidence.push({ kind: "approval", id: entry.approval.id, status: entry.approval.status });
    } else if (entry.run) {
      evidence.push({
        kind: "check-run",
        id: entry.run.id,
        status: entry.run.status,
        note: entry.check.name,
      });
    } else if (entry.record) {
      evidence.push({
        kind: "check-record",
        id: entry.record.id,
        status: entry.record.result ?? entry.record.state,
        note: entry.check.name,
      });
    }
  }
  return evidence;
}

/** One gate state per stage of a YAML run, in stage order. */
export function deriveYamlStages(inputs: YamlGateInputs): StageGate[] {
  const records = inputs.timeline.records;
  const childrenOf = (parentId: string, type: (t: string) => boolean) =>
    records.filter((record) => record.parentId === parentId && type(record.type));
  const stages = records
    .filter((record) => record.type === "Stage" && !record.parentId)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));

  return stages.map((stage): StageGate => {
    const checkpoint = newest(childrenOf(stage.id, (type) => type === "Checkpoint"));
    const checkRecords = checkpoint
      ? childrenOf(checkpoint.id, (type) => type.startsWith("Checkpoint."))
      : [];
    const suite = checkpoint ? inputs.suites.get(checkpoint.id) : undefined;
    const environment = environmentOf(stage, suite, inputs);
    const entries = checksOf(checkRecords, suite, inputs, environment);
    const base = {
      source: "yaml" as const,
      pipeline: inputs.run.pipeline,
      runId: inputs.run.id,
      ...(inputs.run.name ? { runName: inputs.run.name } : {}),
      stage: stage.name,
      ...(stage.identifier ? { stageIdentifier: stage.identifier } : {}),
      ...optional("environment", environment),
      checks: entries.map((entry) => entry.check),
      evidence: evidenceOf(stage, checkpoint, entries),
    };

    const waitingApprovals = entries.filter(
      (entry): entry is CheckEntry & { approval: PipelineApproval } =>
        entry.approval !== undefined && WAITING_APPROVAL_STATUSES.includes(entry.approval.status),
    );
    const checkpointOpen = checkpoint !== undefined && checkpoint.state !== "completed";
    if (stage.state !== "completed" && (checkpointOpen || waitingApprovals.length > 0)) {
      // Approval records without an approval read: still waiting if the record says so.
      const approvalRecordsOpen = entries.some(
        (entry) =>
          entry.check.type === "approval" && !entry.approval && entry.check.state !== "succeeded",
      );
      const running = entries.filter(
        (entry) =>
          entry.check.type !== "approval" &&
          (entry.check.state === "running" || entry.check.state === "pending") &&
          (!entry.run || UNDECIDED_CHECK_STATUSES.includes(entry.run.status)),
      );
      const waiting: Waiting[] = [
        ...waitingApprovals.map(approvalWaiting),
        ...unreadApprovalsWaiting(entries, checkpoint),
      ];
      const checks = checkpoint ? checksWaiting(checkpoint, running) : undefined;
      if (checks) waiting.push(checks);
      const awaitingApproval = waitingApprovals.length > 0 || approvalRecordsOpen;
      return {
        ...base,
        state: awaitingApproval ? "waiting-for-approval" : "checks-running",
        since:
          waiting.map((entry) => entry.since).find((date) => date !== undefined) ??
          checkpoint?.startTime,
        waiting,
      };
    }

    if (stage.state === "completed") {
      const finished = optional("since", stage.finishTime ?? checkpoint?.finishTime);
      switch (stage.result) {
        case "skipped":
          return { ...base, state: "skipped", ...finished, waiting: [] };
        case "succeeded":
        case "succeededWithIssues":
          // Succeeded with issues is partially succeeded: it counts as deployed, with issues.
          return { ...base, state: timelineRecordState(stage), ...finished, waiting: [] };
        case "canceled":
        case "abandoned": {
          const { state, decision } = decide(entries, "canceled");
          // Only a timeout explains a canceled stage; a rejection never cancels.
          return state === "timed-out"
            ? { ...base, state, decision, ...finished, waiting: [] }
            : { ...base, state: "canceled", decision: { cause: "run" }, ...finished, waiting: [] };
        }
        default: {
          const { state, decision } = decide(entries, "failed");
          return { ...base, state, ...optional("decision", decision), ...finished, waiting: [] };
        }
      }
    }

    // The checkpoint decided but the stage record has not caught up yet.
    if (
      checkpoint?.state === "completed" &&
      checkpoint.result &&
      checkpoint.result !== "succeeded"
    ) {
      const { state, decision } = decide(
        entries,
        checkpoint.result === "canceled" ? "canceled" : "failed",
      );
      return {
        ...base,
        state,
        ...optional("decision", decision),
        ...optional("since", checkpoint.finishTime),
        waiting: [],
      };
    }
    if (stage.state === "inProgress") {
      return { ...base, state: "in-progress", ...optional("since", stage.startTime), waiting: [] };
    }
    return { ...base, state: "not-started", waiting: [] };
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
