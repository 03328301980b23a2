import type { Identity } from "./common";

/** A build definition. YAML pipelines and Classic build definitions are both build definitions. */
export interface Pipeline {
  id: number;
  name: string;
  path: string;
  kind: "yaml" | "classic";
  repositoryId?: string;
}

export type RunStatus =
  "notStarted" | "inProgress" | "completed" | "cancelling" | "postponed" | "none";
export type RunResult = "succeeded" | "partiallySucceeded" | "failed" | "canceled" | "none";

/** A build, i.e. a run of a pipeline (YAML run id == build id). */
export interface Run {
  id: number;
  number: string;
  pipeline: { id: number; name: string };
  status: RunStatus;
  result?: RunResult;
  sourceBranch: string;
  sourceVersion: string;
  repositoryId?: string;
  reason?: string;
  queueTime?: Date;
  startTime?: Date;
  finishTime?: Date;
  requestedFor?: Identity;
  /** `vstfs:///Build/Build/{id}`. */
  uri: string;
}

export type TimelineState = "pending" | "inProgress" | "completed";
export type TimelineResult =
  "succeeded" | "succeededWithIssues" | "failed" | "canceled" | "skipped" | "abandoned";

/** One record of a run timeline: Stage, Checkpoint, Checkpoint.Approval, Phase, Job, Task... */
export interface TimelineRecord {
  id: string;
  parentId?: string;
  type: string;
  name: string;
  identifier?: string;
  order?: number;
  state: TimelineState;
  result?: TimelineResult;
  startTime?: Date;
  finishTime?: Date;
  attempt?: number;
}

export interface Timeline {
  runId: number;
  records: TimelineRecord[];
}

/** A change (commit) as the build reports it. */
export interface BuildChange {
  id: string;
  message?: string;
  authorName?: string;
  timestamp?: Date;
  /** REST URL of the commit; its path names the repository. */
  location?: string;
}

export interface Environment {
  id: number;
  name: string;
  description?: string;
}

/** One deployment job execution against an environment (environmentdeploymentrecords). */
export interface DeploymentRecord {
  id: number;
  environmentId: number;
  pipeline: { id: number; name: string };
  /** The run (build) that deployed. */
  run: { id: number; name: string };
  stageName: string;
  jobName?: string;
  result?: TimelineResult;
  queueTime?: Date;
  startTime?: Date;
  finishTime?: Date;
}
