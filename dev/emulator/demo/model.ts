/**
 * The demo organisation in one neutral shape. No URLs (they depend on the port) and no wire
 * formatting: route handlers build REST objects from these records per request.
 */

export interface Person {
  id: string;
  displayName: string;
  uniqueName: string;
  descriptor: string;
  isContainer?: boolean;
}

export interface DemoProject {
  id: string;
  name: string;
  description: string;
  revision: number;
  lastUpdateTime: Date;
}

export interface DemoRef {
  name: string;
  objectId: string;
  creator: Person;
}

export interface DemoCommit {
  commitId: string;
  repositoryId: string;
  author: Person;
  date: Date;
  comment: string;
  parents: string[];
  changeCounts: { Add: number; Edit: number; Delete: number };
  /** Work items linked through "Fixed in Commit" links. */
  workItemIds: number[];
  /** Added by the delivery history (history.ts); never served, only read by the generator. */
  history?: true;
}

export interface DemoRepository {
  id: string;
  name: string;
  projectId: string;
  /** Absent on an empty repository. */
  defaultBranch?: string;
  isDisabled: boolean;
  size: number;
  refs: DemoRef[];
  /** Commits on the default branch, newest first. */
  commits: DemoCommit[];
  /** Head commits of feature branches; their first parent is on the default branch. */
  branchCommits: DemoCommit[];
  /** File texts by path (`/compliance/baseline.yml`), the same on every branch. */
  files?: Record<string, string>;
}

export type PrStatus = "active" | "abandoned" | "completed";

export interface DemoReviewer {
  person: Person;
  vote: number;
  isRequired: boolean;
  hasDeclined: boolean;
}

export interface DemoPullRequest {
  id: number;
  repositoryId: string;
  projectId: string;
  status: PrStatus;
  title: string;
  description: string;
  sourceRefName: string;
  targetRefName: string;
  createdBy: Person;
  creationDate: Date;
  closedDate?: Date;
  closedBy?: Person;
  isDraft: boolean;
  mergeStatus: "succeeded" | "conflicts" | "queued" | "notSet";
  lastMergeSourceCommit: string;
  lastMergeTargetCommit: string;
  /** The merge/squash commit on the target branch (completed PRs). */
  lastMergeCommit?: string;
  reviewers: DemoReviewer[];
  mergeStrategy?: "noFastForward" | "squash" | "rebase" | "rebaseMerge";
  bypassPolicy?: boolean;
  bypassReason?: string;
  workItemIds: number[];
  /** Added by the delivery history (history.ts); never served, only read by the generator. */
  history?: true;
}

export interface PolicyScopeEntry {
  repositoryId?: string | null;
  refName?: string | null;
  matchKind?: string | null;
}

export interface DemoPolicyRevision {
  revision: number;
  typeId: string;
  typeDisplayName: string;
  isEnabled: boolean;
  isBlocking: boolean;
  isDeleted: boolean;
  /** Stored as the service normalises it: false booleans dropped, `scope` last. */
  settings: Record<string, unknown>;
  createdBy: Person;
  createdDate: Date;
}

export interface DemoPolicy {
  id: number;
  projectId: string;
  /** Oldest first; the last one is current. */
  revisions: DemoPolicyRevision[];
}

export interface DemoPolicyType {
  id: string;
  displayName: string;
  description: string;
}

export interface DemoStageDef {
  identifier: string;
  name: string;
  /** Environment the stage's deployment job targets, if any. */
  environmentId?: number;
  jobName: string;
}

export interface DemoBuildDefinition {
  id: number;
  projectId: string;
  name: string;
  path: string;
  kind: "yaml" | "classic";
  repositoryId: string;
  revision: number;
  createdDate: Date;
  queueStatus: "enabled" | "paused" | "disabled";
  stages: DemoStageDef[];
}

export type BuildStatusName = "notStarted" | "inProgress" | "completed" | "cancelling";
export type BuildResultName = "succeeded" | "partiallySucceeded" | "failed" | "canceled";
export type StageOutcome =
  | "succeeded"
  | "partiallySucceeded"
  | "failed"
  | "skipped"
  | "canceled"
  | "running"
  | "waiting"
  | "notStarted";

export interface DemoStageRun {
  stage: DemoStageDef;
  outcome: StageOutcome;
  start?: Date;
  finish?: Date;
  /** The stage's Checkpoint record id (= check suite id) when its environment has checks. */
  checkSuiteId?: string;
  /** 2 and up when the stage was run again (a rollback deploys an older run's stage again). */
  attempt?: number;
}

export interface DemoBuild {
  id: number;
  projectId: string;
  definitionId: number;
  buildNumber: string;
  status: BuildStatusName;
  result?: BuildResultName;
  queueTime: Date;
  startTime?: Date;
  finishTime?: Date;
  sourceBranch: string;
  sourceVersion: string;
  reason: "individualCI" | "batchedCI" | "manual" | "pullRequest" | "schedule";
  requestedFor: Person;
  planId: string;
  repositoryId: string;
  pullRequestId?: number;
  /** Commits new in this build, newest first. */
  changes: string[];
  workItemIds: number[];
  stageRuns: DemoStageRun[];
}

export interface DemoEnvironment {
  id: number;
  projectId: string;
  name: string;
  description: string;
  createdBy: Person;
  createdOn: Date;
  lastModifiedOn: Date;
  resources: { id: number; name: string; type: "kubernetes" | "virtualMachine" | "generic" }[];
}

export interface DemoDeploymentRecord {
  id: number;
  environmentId: number;
  projectId: string;
  planId: string;
  stageName: string;
  jobName: string;
  requestIdentifier: string;
  definition: { id: number; name: string };
  owner: { id: number; name: string };
  queueTime: Date;
  startTime?: Date;
  finishTime?: Date;
  result?: "succeeded" | "succeededWithIssues" | "failed" | "canceled" | "skipped";
  /** The stage attempt that deployed (2 and up for a stage run again); 1 when absent. */
  stageAttempt?: number;
}

export interface DemoCheckConfiguration {
  id: number;
  projectId: string;
  typeId: string;
  typeName: string;
  resource: { type: string; id: string; name: string };
  settings: Record<string, unknown>;
  timeout: number;
  isDisabled: boolean;
  createdBy: Person;
  createdOn: Date;
  modifiedOn: Date;
}

export type CheckStatusName =
  "queued" | "running" | "approved" | "rejected" | "canceled" | "timedOut" | "failed" | "completed";

export interface DemoCheckRun {
  id: string;
  configurationId: number;
  status: CheckStatusName;
  resultMessage: string;
  createdDate: Date;
  completedDate?: Date;
}

export interface DemoCheckSuite {
  id: string;
  projectId: string;
  buildId: number;
  stageIdentifier: string;
  stageRecordId: string;
  status: CheckStatusName;
  message: string;
  completedDate?: Date;
  checkRuns: DemoCheckRun[];
  /** Added by the delivery history (history.ts); never served, only read by the generator. */
  history?: true;
}

export type ApprovalStatusName = "pending" | "approved" | "rejected" | "timedOut" | "canceled";

export interface DemoApprovalStep {
  assignedApprover: Person;
  actualApprover?: Person;
  status: ApprovalStatusName | "skipped";
  comment?: string;
  order: number;
  initiatedOn?: Date;
  lastModifiedOn?: Date;
}

export interface DemoApproval {
  id: string;
  projectId: string;
  status: ApprovalStatusName;
  createdOn: Date;
  lastModifiedOn: Date;
  executionOrder: "anyOrder" | "inSequence";
  minRequiredApprovers: number;
  instructions: string;
  steps: DemoApprovalStep[];
  buildId: number;
  definitionId: number;
  checkSuiteId: string;
  /** Added by the delivery history (history.ts); never served, only read by the generator. */
  history?: true;
}

export interface DemoGateTaskDef {
  taskId: string;
  name: string;
  version: string;
  inputs: Record<string, string>;
}

export interface DemoGatesDef {
  id: number;
  isEnabled: boolean;
  timeout: number;
  samplingInterval: number;
  stabilizationTime: number;
  minimumSuccessDuration: number;
  tasks: DemoGateTaskDef[];
}

export interface DemoApprovalDef {
  /** Empty = automated (no approval configured). */
  approvers: Person[];
  requiredApproverCount: number;
  timeoutInMinutes: number;
  releaseCreatorCanBeApprover: boolean;
  stepIds: number[];
}

export interface DemoReleaseDefinitionEnvironment {
  id: number;
  name: string;
  rank: number;
  pre: DemoApprovalDef;
  post: DemoApprovalDef;
  deployStepId: number;
  preGates?: DemoGatesDef;
  postGates?: DemoGatesDef;
  boardsEnvironmentType: "development" | "testing" | "staging" | "production";
}

export interface DemoReleaseDefinition {
  id: number;
  projectId: string;
  name: string;
  path: string;
  revision: number;
  createdBy: Person;
  createdOn: Date;
  modifiedOn: Date;
  artifact: { alias: string; buildDefinitionId: number };
  environments: DemoReleaseDefinitionEnvironment[];
}

export type ReleaseApprovalStatusName =
  "pending" | "approved" | "rejected" | "skipped" | "canceled";

export interface DemoReleaseApproval {
  id: number;
  approvalType: "preDeploy" | "postDeploy";
  status: ReleaseApprovalStatusName;
  approver?: Person;
  approvedBy?: Person;
  comments: string;
  isAutomated: boolean;
  createdOn: Date;
  modifiedOn: Date;
  rank: number;
  /** The deployment attempt it belongs to (1 when absent). */
  attempt?: number;
}

export interface DemoGateSample {
  jobId: number;
  status: "succeeded" | "failed" | "inProgress";
  start: Date;
  finish?: Date;
  results: { name: string; taskId: string; status: "succeeded" | "failed"; message?: string }[];
}

export interface DemoReleaseGates {
  id: number;
  status: "pending" | "inProgress" | "succeeded" | "failed" | "canceled";
  startedOn: Date;
  lastModifiedOn: Date;
  stabilizationCompletedOn?: Date;
  succeedingSince?: Date;
  samples: DemoGateSample[];
}

export interface DemoDeployStep {
  id: number;
  attempt: number;
  status: "notDeployed" | "inProgress" | "succeeded" | "partiallySucceeded" | "failed";
  operationStatus:
    | "pending"
    | "approved"
    | "rejected"
    | "evaluatingGates"
    | "gateFailed"
    | "phaseSucceeded"
    | "phaseFailed"
    | "phaseInProgress"
    | "queued";
  reason: "automated" | "manual";
  queuedOn: Date;
  lastModifiedOn: Date;
  requestedFor: Person;
  preGates?: DemoReleaseGates;
  postGates?: DemoReleaseGates;
}

export type ReleaseEnvStatusName =
  | "notStarted"
  | "inProgress"
  | "succeeded"
  | "canceled"
  | "rejected"
  | "queued"
  | "partiallySucceeded";

export interface DemoReleaseEnvironment {
  id: number;
  definitionEnvironmentId: number;
  name: string;
  rank: number;
  status: ReleaseEnvStatusName;
  preApprovals: DemoReleaseApproval[];
  postApprovals: DemoReleaseApproval[];
  deploySteps: DemoDeployStep[];
  createdOn: Date;
  modifiedOn: Date;
}

export interface DemoRelease {
  id: number;
  projectId: string;
  name: string;
  status: "active" | "abandoned" | "draft";
  definitionId: number;
  createdBy: Person;
  createdOn: Date;
  modifiedOn: Date;
  reason: "continuousIntegration" | "manual";
  buildId: number;
  environments: DemoReleaseEnvironment[];
}

export interface DemoRelation {
  rel: string;
  /** Artifact links: the `vstfs:///` URI as stored. */
  url?: string;
  /** Work item links: the target id (its URL depends on the host, so it is built per request). */
  targetWorkItemId?: number;
  targetProjectId?: string;
  attributes: Record<string, unknown>;
}

export interface DemoWorkItem {
  id: number;
  projectId: string;
  rev: number;
  type: "Bug" | "User Story" | "Task";
  title: string;
  state: string;
  reason: string;
  priority: number;
  createdBy: Person;
  createdDate: Date;
  changedDate: Date;
  assignedTo?: Person;
  description?: string;
  /** `System.Tags` (joined with "; " as the service does). */
  tags?: string[];
  /** `Microsoft.VSTS.Build.FoundIn`: a build number, as typed. */
  foundIn?: string;
  relations: DemoRelation[];
  /** Added by the delivery history (history.ts); never served, only read by the generator. */
  history?: true;
}

export interface DemoOrganisation {
  org: string;
  seed: number;
  size: "small" | "large";
  anchor: Date;
  people: Person[];
  projects: DemoProject[];
  mainProjectId: string;
  repositories: DemoRepository[];
  pullRequests: DemoPullRequest[];
  policyTypes: DemoPolicyType[];
  policies: DemoPolicy[];
  buildDefinitions: DemoBuildDefinition[];
  builds: DemoBuild[];
  environments: DemoEnvironment[];
  deploymentRecords: DemoDeploymentRecord[];
  checkConfigurations: DemoCheckConfiguration[];
  checkSuites: DemoCheckSuite[];
  approvals: DemoApproval[];
  releaseDefinitions: DemoReleaseDefinition[];
  releases: DemoRelease[];
  workItems: DemoWorkItem[];
}
