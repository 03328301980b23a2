/** The stable output contracts of the traceability queries (schemaVersion 1). */
import type { NotAvailable } from "../sources/notAvailable";
import type { AttemptState, DeployedState, DeploymentState } from "./deploymentState";

/** Something the query could not read, and why: the one model of core/sources. */
export type { NotAvailable };
export type { AttemptState, DeployedState, DeploymentState };

/**
 * Why a deployment carried a work item: a link to the run ("link") or release environment
 * ("classic-link"), the run found to contain its PR's merge commit or a linked commit
 * ("merge-commit"), or a later run of the same pipeline and branch ("run-order").
 */
export type DeploymentEvidence = "link" | "run-order" | "classic-link" | "merge-commit";

/** The deployment whose gap a work item's trace shows: the one that first brought it somewhere. */
export interface TraceGapBroughtBy {
  pipeline: string;
  runId?: number;
  releaseId?: number;
  /** The run number or release name. */
  name: string;
  /** The environments this deployment was the first to bring the work item to. */
  environments: string[];
}

/** One finding of a gap rule (`src/core/trace/gaps`), with the rule's evidence fields. */
export interface TraceGap {
  kind:
    | "prod-without-completed-pr"
    | "pr-policy-bypass"
    | "commit-without-work-item"
    | "prod-without-approval"
    | "open-work-item-deployed";
  /** The gap rule (`trace.<kind>`) a baseline names to switch off, grade or except it. */
  ruleId: string;
  title: string;
  severity: "high" | "medium" | "low";
  /**
   * "gap"; "exempt" while a baseline exception covers it (the message says why);
   * "not-available" when the data the rule needs could not be read (never "no gap").
   */
  outcome: "gap" | "exempt" | "not-available";
  message: string;
  exception?: { justification: string; expires: string; expired: boolean };
  broughtBy?: TraceGapBroughtBy;
  /** Fields of a gap kept although a read failed (environments a deployment not read may add). */
  unknown?: NotAvailable[];
  [evidence: string]: unknown;
}

export interface TracePullRequest {
  id: number;
  repository: string;
  status: string;
  mergeCommit: string | null;
  reviewers: { name: string; vote: number }[];
  policyBypass: { by: string | null; reason: string | null } | null;
}

export interface TraceBuild {
  id: number;
  pipeline: string;
  number: string;
  branch: string;
  result: string | null;
}

export interface TraceDeployment {
  kind: "yaml" | "classic";
  pipeline: string;
  environment: string;
  stage: string;
  runId?: number;
  releaseId?: number;
  /** The run number or release name (ids are for links). */
  name: string;
  /** The reaching deployment's result; a failed attempt with no success yet has reachedAt null. */
  status: string;
  /** What `status` means, in the one vocabulary of deployment states. */
  state: DeploymentState;
  reachedAt: string | null;
  evidence: DeploymentEvidence;
}

export interface WorkItemTrace {
  schemaVersion: 1;
  workItem: { id: number; title: string; type: string; state: string };
  pullRequests: TracePullRequest[];
  /** `unknown` marks a commit whose repository is only its id because the list was not read. */
  commits: { id: string; repository: string; unknown?: NotAvailable[] }[];
  builds: TraceBuild[];
  deployments: TraceDeployment[];
  gaps: TraceGap[];
  notAvailable: NotAvailable[];
}

/** A newer deployment attempt than the one running there (in progress, waiting, failed...). */
export interface LatestAttempt {
  runId?: number;
  releaseId?: number;
  /** Run number or release name. */
  name: string;
  state: AttemptState;
  /** The raw result or status Azure DevOps gave; null while a record has none. */
  result: string | null;
  /** When it finished, or else when it started or was queued. */
  at: string | null;
  by: string | null;
}

/**
 * What runs in one environment now: the newest deployment that counts as deployed (newest by
 * finish time). With no such deployment, the current fields are empty (runId and releaseId
 * absent, the rest null) and `latestAttempt` says what was tried.
 */
export interface DeployedCell {
  pipeline: string;
  kind: "yaml" | "classic";
  environment: string;
  runId?: number;
  releaseId?: number;
  name: string | null;
  sourceBranch: string | null;
  sourceVersion: string | null;
  result: string | null;
  /** succeeded or partially-succeeded; null when nothing was deployed there. */
  state: DeployedState | null;
  deployedAt: string | null;
  deployedBy: string | null;
  /** A newer attempt than the current deployment, when there is one. */
  latestAttempt?: LatestAttempt;
  /** Fields of this cell (or of its latest attempt) that could not be read, and why. */
  unknown?: NotAvailable;
}

export interface DeployedMatrix {
  schemaVersion: 1;
  /** The cells' environments in delivery order (production last); cells follow this order. */
  environments: string[];
  cells: DeployedCell[];
  notAvailable: NotAvailable[];
}

export interface EvidencePolicyEvaluation {
  configurationId: number;
  revision: number;
  type: string;
  isBlocking: boolean;
  status: string;
  completedDate: string | null;
}

export interface EvidencePullRequest extends TracePullRequest {
  title: string;
  targetBranch: string;
  closedDate: string | null;
  createdBy: string | null;
  /** True when the PR's merge commit is one of the changes this run or release brought. */
  mergedInThis: boolean;
  /** Only for PRs merged in this run or release; null when not read. */
  policyEvaluations: EvidencePolicyEvaluation[] | null;
}

export interface EvidenceApproval {
  stage: string;
  status: string;
  approver: string | null;
  time: string | null;
  comment: string | null;
}

export interface EvidenceCheck {
  stage: string;
  name: string;
  status: string;
  message: string | null;
  completedAt: string | null;
}

export interface EvidencePolicy {
  configurationId: number;
  revision: number;
  type: string;
  isEnabled: boolean;
  isBlocking: boolean;
  /** When this revision was made (it was the newest one at the time of the run). */
  since: string | null;
  settings: Record<string, unknown>;
}

export interface EvidencePack {
  schemaVersion: 1;
  subject:
    | { kind: "run"; id: number; name: string; pipeline: string; branch: string; at: string | null }
    | {
        kind: "release";
        id: number;
        name: string;
        pipeline: string;
        branch: string | null;
        at: string | null;
      };
  workItems: { id: number; title: string; type: string; state: string }[];
  pullRequests: EvidencePullRequest[];
  builds: (TraceBuild & { sourceVersion: string; finishTime: string | null })[];
  stages: {
    name: string;
    environment: string | null;
    result: string | null;
    /** What `result` means, in the one vocabulary of states. */
    state: DeploymentState;
    finishTime: string | null;
  }[];
  approvals: EvidenceApproval[];
  checks: EvidenceCheck[];
  branchPolicies: {
    repository: string | null;
    branch: string | null;
    at: string | null;
    policies: EvidencePolicy[];
    note: string;
  };
  gaps: TraceGap[];
  notAvailable: NotAvailable[];
}
