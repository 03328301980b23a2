import type { Identity } from "./common";

/** What a check configuration does, derived from its type id and task definition. */
export type CheckKind =
  | "approval"
  | "businessHours"
  | "branchControl"
  | "invokeRestApi"
  | "invokeAzureFunction"
  | "azureMonitor"
  | "artifactPolicy"
  | "requiredTemplate"
  | "exclusiveLock"
  | "authorization"
  | "other";

export interface CheckResource {
  type: string;
  id: string;
  name?: string;
}

export interface CheckConfiguration {
  id: number;
  kind: CheckKind;
  typeId: string;
  typeName: string;
  /** The check's display name where it has one (task checks), else the type name. */
  displayName: string;
  resource: CheckResource;
  timeoutMinutes?: number;
  isDisabled: boolean;
  settings: Record<string, unknown>;
}

export type CheckStatus =
  | "none"
  | "queued"
  | "running"
  | "approved"
  | "rejected"
  | "canceled"
  | "timedOut"
  | "failed"
  | "completed";

export interface CheckRun {
  id: string;
  status: CheckStatus;
  resultMessage?: string;
  createdDate?: Date;
  completedDate?: Date;
  configurationId?: number;
  typeName?: string;
  resource?: CheckResource;
}

/** The checks of one stage attempt; its id is the stage's Checkpoint timeline record id. */
export interface CheckSuite {
  id: string;
  status: CheckStatus;
  checkRuns: CheckRun[];
}

export type ApprovalStatus =
  | "undefined"
  | "uninitiated"
  | "pending"
  | "approved"
  | "rejected"
  | "skipped"
  | "canceled"
  | "timedOut"
  | "deferred"
  | "failed"
  | "completed";

export interface ApprovalStep {
  assignedApprover: Identity;
  actualApprover?: Identity;
  status: ApprovalStatus;
  comment?: string;
  initiatedOn?: Date;
  lastModifiedOn?: Date;
  order?: number;
}

/** A YAML pipeline approval (pipelines/approvals). Its id equals the Checkpoint.Approval record id. */
export interface PipelineApproval {
  id: string;
  status: ApprovalStatus;
  createdOn?: Date;
  lastModifiedOn?: Date;
  executionOrder: "anyOrder" | "inSequence";
  /** 0 means all approvers. */
  minRequiredApprovers: number;
  instructions?: string;
  steps: ApprovalStep[];
  /** The run and pipeline, when the service returns them. */
  pipeline?: { id: number; name: string; runId: number; runName?: string };
}
