import type { Identity } from "./common";

export interface ReleaseApprovalPolicy {
  /** False when the step is automated (no approval configured). */
  hasApprovers: boolean;
  approvers: Identity[];
  /** 0 means all approvers. */
  requiredApproverCount: number;
  timeoutMinutes?: number;
  releaseCreatorCanBeApprover?: boolean;
}

export interface GateDefinition {
  name: string;
  taskId: string;
  enabled: boolean;
  inputs: Record<string, string>;
}

export interface GatesPolicy {
  isEnabled: boolean;
  timeoutMinutes?: number;
  samplingIntervalMinutes?: number;
  stabilizationTimeMinutes?: number;
  minimumSuccessDurationMinutes?: number;
  gates: GateDefinition[];
}

export interface ReleaseDefinitionEnvironment {
  id: number;
  name: string;
  rank: number;
  preApproval: ReleaseApprovalPolicy;
  postApproval: ReleaseApprovalPolicy;
  preGates: GatesPolicy;
  postGates: GatesPolicy;
}

export interface ReleaseArtifactSource {
  alias: string;
  type: string;
  /** For Build artifacts: the build definition id. */
  buildDefinitionId?: number;
}

export interface ReleaseDefinition {
  id: number;
  name: string;
  path: string;
  environments: ReleaseDefinitionEnvironment[];
  artifacts: ReleaseArtifactSource[];
}

export interface ReleaseArtifact {
  alias: string;
  type: string;
  isPrimary: boolean;
  buildDefinitionId?: number;
  buildId?: number;
  buildNumber?: string;
  branch?: string;
  sourceVersion?: string;
  repositoryId?: string;
}

export type ReleaseApprovalStatus =
  "undefined" | "pending" | "approved" | "rejected" | "reassigned" | "canceled" | "skipped";

export interface ReleaseApproval {
  id: number;
  approvalType: "preDeploy" | "postDeploy";
  status: ReleaseApprovalStatus;
  approver?: Identity;
  approvedBy?: Identity;
  comments?: string;
  isAutomated: boolean;
  createdOn?: Date;
  modifiedOn?: Date;
  attempt?: number;
  rank?: number;
  release?: { id: number; name: string };
  releaseDefinition?: { id: number; name: string };
  releaseEnvironment?: { id: number; name: string };
}

export type GateStatus = "none" | "pending" | "inProgress" | "succeeded" | "failed" | "canceled";

/** One sampling evaluation of a gates step, with the result of each gate. */
export interface GateSample {
  startTime?: Date;
  finishTime?: Date;
  status: string;
  results: { name: string; status: string; taskId?: string; message?: string }[];
}

export interface ReleaseGates {
  id: number;
  status: GateStatus;
  startedOn?: Date;
  lastModifiedOn?: Date;
  stabilizationCompletedOn?: Date;
  succeedingSince?: Date;
  ignoredGates: string[];
  samples: GateSample[];
}

export interface DeploymentAttempt {
  id: number;
  attempt: number;
  status: string;
  operationStatus: string;
  queuedOn?: Date;
  lastModifiedOn?: Date;
  requestedFor?: Identity;
  preGates?: ReleaseGates;
  postGates?: ReleaseGates;
}

export type ReleaseEnvironmentStatus =
  | "undefined"
  | "notStarted"
  | "inProgress"
  | "succeeded"
  | "canceled"
  | "rejected"
  | "queued"
  | "scheduled"
  | "partiallySucceeded";

export interface ReleaseEnvironment {
  id: number;
  releaseId: number;
  name: string;
  rank: number;
  status: ReleaseEnvironmentStatus;
  definitionEnvironmentId: number;
  preApprovals: ReleaseApproval[];
  postApprovals: ReleaseApproval[];
  deploySteps: DeploymentAttempt[];
}

export interface Release {
  id: number;
  name: string;
  status: "undefined" | "draft" | "active" | "abandoned";
  createdOn?: Date;
  createdBy?: Identity;
  definition: { id: number; name: string };
  artifacts: ReleaseArtifact[];
  environments: ReleaseEnvironment[];
}
