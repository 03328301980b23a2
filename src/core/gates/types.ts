import type { ApprovalStatus, CheckStatus, Identity } from "../model";
import type { NotAvailable } from "../sources";
import type { StateId } from "../vocabulary/states";

export type { NotAvailable } from "../sources";

/**
 * The one state a YAML stage or a Classic release environment is in, as far as its gates are
 * concerned: a word of the one state vocabulary. `in-progress` means nothing holds it any more:
 * its checks passed and its jobs run.
 */
export type GateState = StateId;

/** Where a state came from: the record, approval, check run or gate sample that says so. */
export interface Evidence {
  kind:
    | "stage-record"
    | "checkpoint-record"
    | "check-record"
    | "approval"
    | "check-run"
    | "release-environment"
    | "deploy-step"
    | "release-approval"
    | "gate-step"
    | "gate-sample";
  id: string;
  /** The status the source reported, as it reported it. */
  status?: string;
  note?: string;
}

export type CheckItemState =
  | "pending"
  | "running"
  | "succeeded"
  | "failed"
  | "rejected"
  | "timed-out"
  | "canceled"
  | "skipped";

/** One approval, check or Classic gate of a stage, with its own state. */
export interface GateCheck {
  /** A CheckKind (approval, businessHours, ...), `gate` for a Classic gate, `authorization`. */
  type: string;
  name: string;
  state: CheckItemState;
  /** Why, when the source said (a check's result message, a failing gate's issue). */
  message?: string;
}

export type PendingKind = "approval" | "check" | "gate";

/** What a waiting stage waits on: an approval, running checks or Classic gates. */
export interface Waiting {
  kind: PendingKind;
  /** The approval id, check suite id or gates step id. */
  id: string;
  since?: Date;
  timeoutAt?: Date;
  /** Who can act now (the current approver of a sequence; everyone still pending otherwise). */
  approvers: Identity[];
  instructions?: string;
  executionOrder?: "anyOrder" | "inSequence";
  /** Approvals needed in total, and given so far. */
  required?: number;
  approved?: number;
  /** Names of the checks or gates that hold the stage. */
  holding: string[];
}

/** Who or what decided a stage that did not pass. */
export interface Decision {
  cause: "approval" | "check" | "gate" | "deployment" | "run";
  by?: Identity;
  comment?: string;
  at?: Date;
}

export interface StageGate {
  source: "yaml" | "classic";
  /** The YAML pipeline, or the Classic release definition. */
  pipeline: { id: number; name: string };
  runId?: number;
  runName?: string;
  releaseId?: number;
  releaseName?: string;
  /** Display name of the stage (Classic: the environment's name). */
  stage: string;
  stageIdentifier?: string;
  /** The environment the stage's checks guard (YAML), or the Classic environment. */
  environment?: string;
  state: GateState;
  /** When the stage entered this state, where the sources tell. */
  since?: Date;
  waiting: Waiting[];
  decision?: Decision;
  checks: GateCheck[];
  evidence: Evidence[];
  /**
   * Fields of this stage (and of what it waits on) that are unknown because a secondary read
   * failed: `fields` names them. Absent when every read it depends on answered.
   */
  unknown?: NotAvailable[];
}

/** One row of the "waiting on" list. */
export interface PendingGate {
  kind: PendingKind;
  source: "yaml" | "classic";
  id: string;
  pipeline: { id: number; name: string };
  runId?: number;
  /** The run number (`20261202.1`): what users call the run. */
  runName?: string;
  releaseId?: number;
  releaseName?: string;
  stage: string;
  environment?: string;
  since?: Date;
  timeoutAt?: Date;
  approvers: Identity[];
  instructions?: string;
  holding: string[];
  /** Fields of this item that are unknown (a secondary read failed); see StageGate.unknown. */
  unknown?: NotAvailable[];
}

export interface GatesResult {
  pending: PendingGate[];
  stages: StageGate[];
  notAvailable: NotAvailable[];
}

/** Statuses of a pipelines approval that mean it still waits for someone. */
export const WAITING_APPROVAL_STATUSES: readonly ApprovalStatus[] = [
  "pending",
  "uninitiated",
  "deferred",
];

/** Check run statuses that mean the check has not decided yet. */
export const UNDECIDED_CHECK_STATUSES: readonly CheckStatus[] = ["none", "queued", "running"];
