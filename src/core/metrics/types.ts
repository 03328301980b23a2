/**
 * The stable contract of the delivery metrics (DORA) engine, schemaVersion 1: its options, the
 * snapshot it collects and the report it derives. Views and the CLI build on these types; changes
 * after schemaVersion 1 are additive only.
 */
import type {
  BuildChange,
  CommitRef,
  DeploymentRecord,
  Environment,
  Pipeline,
  PullRequest,
  Release,
  Run,
  WorkItem,
} from "../model";
import type { NotAvailable } from "../sources/notAvailable";
import type { ProductionPattern } from "../vocabulary/production";
import type { StateId } from "../vocabulary/states";

export type { NotAvailable };

export const METRICS_SCHEMA_VERSION = 1;

/** Which work items are incidents: type (case-insensitive) and, when given, a tag they carry. */
export interface IncidentQuery {
  type: string;
  tag?: string;
}

export const DEFAULT_INCIDENT_QUERY: IncidentQuery = { type: "Bug", tag: "incident" };
/** The work item type that makes a deployment rework (unplanned work). */
export const DEFAULT_REWORK_TYPE = "Bug";
/** The default window: the last 30 days. */
export const DEFAULT_WINDOW_DAYS = 30;

export interface MetricsOptions {
  /** Only this YAML pipeline or Classic release definition (name, case-insensitive). */
  pipeline?: string;
  /** Only this environment or Classic stage (name, case-insensitive) instead of production. */
  environment?: string;
  /** What production means (flag, project setting or default); also scopes incidents. */
  production?: ProductionPattern;
  /** The window: since inclusive, until exclusive (UTC instants). */
  since: Date;
  until: Date;
  /** "Now", for the age of an open failure (default: when the snapshot was read). */
  now?: Date;
  incidents?: IncidentQuery;
  /** The work item type that makes a successful deployment rework (default Bug). */
  reworkType?: string;
}

/* ---------------------------------------------------------------- snapshot (collect) ------- */

/**
 * One deployment attempt as read: a YAML environment deployment record, or one deploy step
 * (attempt) of a Classic release environment. Not yet classified.
 */
export interface SnapshotDeployment {
  /** Unique: `yaml:<recordId>` or `classic:<releaseId>:<releaseEnvironmentId>:<attempt>`. */
  key: string;
  kind: "yaml" | "classic";
  /** The YAML pipeline or Classic release definition. */
  pipeline: { id: number; name: string };
  environment: string;
  /** The run deployed (YAML), or the release (Classic) and its primary build artifact. */
  runId?: number;
  releaseId?: number;
  /** Run number or release name. */
  name: string;
  /** The primary artifact's build (Classic); for YAML the run itself. */
  buildId?: number;
  /** The raw result or status Azure DevOps gave (null when none). */
  result: string | null;
  /** The raw result in the one state vocabulary. */
  state: StateId;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * Everything the derive step needs, read once through the ports. Views should treat it as
 * opaque: hand it from `collectDeliverySnapshot` to `deriveDeliveryMetrics`.
 */
export interface DeliverySnapshot {
  schemaVersion: 1;
  project: string;
  /** When it was read: "now" for the age of open failures. */
  readAt: string;
  /** The window it was collected for (derive may narrow it, never widen it). */
  since: string;
  until: string;
  /** Every environment known (YAML) and every Classic stage name seen. */
  environments: Environment[];
  pipelines: Pipeline[];
  deployments: SnapshotDeployment[];
  /** YAML records as read (for reference by key). */
  records: DeploymentRecord[];
  releases: Release[];
  /** The runs of the pipelines that deploy (and the Classic artifacts' builds), every branch. */
  runs: Run[];
  /** The changes of the runs that deployments in the window brought, by run id. */
  runChanges: Record<number, BuildChange[]>;
  /** The commits of those changes (committer dates), lower-case id → commit. */
  commits: Record<string, CommitRef>;
  /** Completed pull requests whose merge commit is one of those commits. */
  pullRequests: PullRequest[];
  /** ISO date of each such pull request's first commit; absent when its commits were not read. */
  pullRequestFirstCommitAt: Record<number, string>;
  /** Work items linked to those commits (for rework), and the incidents. */
  workItems: WorkItem[];
  /** Ids of the work items matching the incident query. */
  incidentIds: number[];
  /**
   * What could not be read. `key` ties an entry to what it affects: `environments`,
   * `deployments:<environment>`, `releases`, `pipelines`, `runs`, `changes:<runId>`,
   * `commits:<sha>`, `pull-requests`, `incidents`, `work-items`.
   */
  unread: { key: string; entry: NotAvailable }[];
  notAvailable: NotAvailable[];
}

/* ------------------------------------------------------------------ report (derive) -------- */

export type MetricId =
  "deployment-frequency" | "lead-time" | "change-failure-rate" | "recovery-time" | "rework-rate";

export const METRIC_IDS: readonly MetricId[] = [
  "deployment-frequency",
  "lead-time",
  "change-failure-rate",
  "recovery-time",
  "rework-rate",
];

/** DORA performance band (see `bands.ts` for the cut-offs and their source). */
export type Band = "elite" | "high" | "medium" | "low";

/**
 * `value`: computed. `none`: nothing to compute from (no deployment in the window: a rate of 0
 * of 0 is no rate). `not-available`: a read the figure needs failed; the value would be a guess.
 */
export type FigureOutcome = "value" | "none" | "not-available";

/** The unit of a figure's `value`. */
export type FigureUnit = "per-day" | "seconds" | "ratio";

interface FigureBase {
  metric: MetricId;
  outcome: FigureOutcome;
  /** The headline number (per day, seconds or a ratio 0..1); null unless outcome is "value". */
  value: number | null;
  unit: FigureUnit;
  /** Null for rework rate (no band) and unless outcome is "value". */
  band: Band | null;
  /** What the figure was computed over: "3 of 41 deployments". */
  universe: { counted: number; of: number; noun: "deployments" | "commits" | "failures" };
  /** Keys of the deployments (`DeploymentEvidence.key`) the figure counts. */
  deployments: string[];
  /** Why the outcome is not-available (or what may be missing). */
  notAvailable: NotAvailable[];
}

export interface FrequencyFigure extends FigureBase {
  metric: "deployment-frequency";
  unit: "per-day";
  successful: number | null;
  /** Distinct UTC days with a successful deployment. */
  deploymentDays: number | null;
  /** Length of the window in days (fractional for instants). */
  windowDays: number;
}

/** Median seconds of each stage of the lead time; null when no commit has that stage. */
export interface LeadTimeBreakdown {
  /** Commit (or the PR's first commit) → pull request created. */
  coding: number | null;
  /** Pull request created → completed. */
  review: number | null;
  /** Completed (or committed) → first successful build that contains it finished. */
  build: number | null;
  /** That build finished → the deployment that brought it finished. */
  deploy: number | null;
}

export interface LeadTimeFigure extends FigureBase {
  metric: "lead-time";
  unit: "seconds";
  medianSeconds: number | null;
  p90Seconds: number | null;
  count: number | null;
  /** Keys of the commits (`CommitEvidence.key`) it counts. */
  commits: string[];
  breakdown: LeadTimeBreakdown;
}

export interface ChangeFailureFigure extends FigureBase {
  metric: "change-failure-rate";
  unit: "ratio";
  failing: number | null;
  total: number | null;
}

export interface RecoveryFigure extends FigureBase {
  metric: "recovery-time";
  unit: "seconds";
  medianSeconds: number | null;
  /** Recovered failures the median is over. */
  count: number | null;
  /** Failures not yet recovered (listed with their age in `failures`). */
  open: number | null;
}

export interface ReworkFigure extends FigureBase {
  metric: "rework-rate";
  unit: "ratio";
  rework: number | null;
  successful: number | null;
}

export interface MetricFigures {
  deploymentFrequency: FrequencyFigure;
  leadTime: LeadTimeFigure;
  changeFailureRate: ChangeFailureFigure;
  recoveryTime: RecoveryFigure;
  reworkRate: ReworkFigure;
}

/** One ISO week of the trend, clipped to the window (`partial` when clipped). */
export interface TrendWeek {
  /** `2026-W49`. */
  week: string;
  from: string;
  to: string;
  partial: boolean;
  /** Each figure's `value` over that week (null when none or not available). */
  values: Record<MetricId, number | null>;
  outcomes: Record<MetricId, FigureOutcome>;
}

/** Which way a figure moved between the first and the last week of the trend. */
export type TrendDirection = "up" | "down" | "flat" | "unknown";

export interface MetricsScope {
  kind: "yaml" | "classic";
  pipeline: { id: number; name: string };
  environment: string;
  production: boolean;
}

/** The figures of one pipeline × environment, or of the whole scope (the project total). */
export interface MetricsSlice {
  figures: MetricFigures;
  trend: TrendWeek[];
  directions: Record<MetricId, TrendDirection>;
}

export interface MetricsRow extends MetricsSlice {
  scope: MetricsScope;
}

/** Why a deployment is failing: each rule that holds, with what made it hold. */
export type FailingReason =
  | { rule: "result"; state: StateId }
  | { rule: "rollback"; by: string }
  | { rule: "incident"; incidentId: number };

export type DeploymentClassification = "successful" | "failed";

export interface DeploymentEvidence {
  key: string;
  kind: "yaml" | "classic";
  pipeline: { id: number; name: string };
  environment: string;
  production: boolean;
  runId?: number;
  releaseId?: number;
  name: string;
  buildId?: number;
  result: string | null;
  state: StateId;
  /** From the result alone: successful (succeeded) or failed (failed, partially, canceled...). */
  classification: DeploymentClassification;
  /** Failing under the change failure rate: the rules that hold (empty when not failing). */
  failing: FailingReason[];
  startedAt: string | null;
  finishedAt: string;
  inWindow: boolean;
  /**
   * What it brought since the previous successful deployment to the same pipeline and
   * environment; null when that could not be read (see `notAvailable`).
   */
  brought: {
    runs: { id: number; number: string }[];
    commits: string[];
    workItems: number[];
    /** first-deployment: nothing earlier there; other-branch: the previous came from another. */
    comparison: "since-previous" | "first-deployment" | "other-branch";
  } | null;
  /** True when it brought a work item of the rework type. Null when that is not known. */
  rework: boolean | null;
  notAvailable?: NotAvailable[];
}

export interface CommitEvidence {
  /** `<sha>@<deploymentKey>`: a commit reaches each environment once. */
  key: string;
  id: string;
  /** The repository id. */
  repository: string | null;
  committedAt: string;
  /** The first successful deployment that brought it to the environment. */
  deployment: string;
  /** The run whose changes listed it. */
  runId: number;
  leadSeconds: number;
  stages: {
    coding: number | null;
    review: number | null;
    build: number | null;
    deploy: number | null;
  };
  pullRequest: {
    id: number;
    createdAt: string | null;
    completedAt: string | null;
    /** Where the coding stage started. */
    codingFrom: "first-commit" | "pull-request-created" | "commit";
  } | null;
  build: { runId: number; finishedAt: string } | null;
}

export type IncidentAttribution =
  "found-in-build-link" | "found-in-field" | "latest-production-deployment" | "unattributed";

export interface IncidentEvidence {
  id: number;
  title: string;
  createdAt: string;
  attribution: IncidentAttribution;
  /** The deployment it is attributed to; null when no production deployment came before it. */
  deployment: string | null;
  /** The build it names (link or Found In field), when it names one. */
  build?: { id?: number; number?: string };
}

export interface FailureEvidence {
  deployment: string;
  /** From the deployment's finish, or (only incidents) the earliest incident's creation. */
  from: string;
  reasons: FailingReason[];
  recoveredBy: string | null;
  recoveredAt: string | null;
  recoverySeconds: number | null;
  /** Not yet recovered: the age at `now`. */
  open: boolean;
  ageSeconds: number | null;
}

export interface DeliveryMetricsReport {
  schemaVersion: 1;
  project: string;
  window: { since: string; until: string; days: number };
  now: string;
  selection: {
    pipeline: string | null;
    environment: string | null;
    /** The production pattern in words (when scope is production). */
    production: string;
    incidents: IncidentQuery;
    reworkType: string;
  };
  /** The whole selection: every row together (each deployment and commit counted once). */
  total: MetricsSlice;
  rows: MetricsRow[];
  deployments: DeploymentEvidence[];
  commits: CommitEvidence[];
  incidents: IncidentEvidence[];
  failures: FailureEvidence[];
  notAvailable: NotAvailable[];
}
