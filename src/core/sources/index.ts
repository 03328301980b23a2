import type {
  BuildChange,
  CheckConfiguration,
  CheckResource,
  CheckSuite,
  CommitRef,
  DeploymentRecord,
  Environment,
  GitRef,
  PipelineApproval,
  Pipeline,
  PolicyConfiguration,
  PolicyEvaluation,
  PolicyType,
  Project,
  PullRequest,
  PullRequestStatus,
  Release,
  ReleaseApproval,
  ReleaseDefinition,
  ReleaseEnvironmentStatus,
  Repository,
  Run,
  RunStatus,
  Timeline,
  WorkItem,
} from "../model";

export * from "./errors";
export * from "./notAvailable";
export * from "./waits";
export * from "./gatedSources";

/*
 * Ports: what the engines need from Azure DevOps, in domain terms. Every list method returns the
 * whole list (adapters page to the end) or throws a SourceError; none truncates silently.
 * `project` is a project name or id.
 */

export interface CoreSource {
  getProject(project: string): Promise<Project>;
  listProjects(): Promise<Project[]>;
}

export interface GitSource {
  listRepositories(project: string): Promise<Repository[]>;
  /** `filter` is a ref prefix without `refs/`, e.g. `heads/` or `heads/release/`. */
  listRefs(project: string, repositoryId: string, filter?: string): Promise<GitRef[]>;
  getPullRequest(
    project: string,
    repositoryId: string,
    pullRequestId: number,
  ): Promise<PullRequest>;
  listPullRequests(
    project: string,
    criteria: { repositoryId?: string; status?: PullRequestStatus | "all"; targetRefName?: string },
  ): Promise<PullRequest[]>;
  /** Commits by id in one repository, with their linked work item ids. */
  getCommits(project: string, repositoryId: string, commitIds: string[]): Promise<CommitRef[]>;
  /**
   * The text of one file (e.g. `/compliance/baseline.yml`) on `version`, a branch name (short or
   * `refs/heads/...`); without it, the repository's default branch. A missing file is `not-found`.
   */
  getItemText(
    project: string,
    repositoryId: string,
    path: string,
    version?: string,
  ): Promise<string>;
}

export interface PolicySource {
  /** Every non-deleted policy configuration of the project (one paged listing). */
  listPolicyConfigurations(project: string): Promise<PolicyConfiguration[]>;
  listPolicyTypes(project: string): Promise<PolicyType[]>;
  /** All revisions of one configuration, newest first. */
  listPolicyRevisions(project: string, configurationId: number): Promise<PolicyConfiguration[]>;
  /** The policy evaluations of one pull request (`policy/evaluations?artifactId=`, paged to the end). */
  listPullRequestPolicyEvaluations(
    project: string,
    pullRequest: { projectId: string; pullRequestId: number },
  ): Promise<PolicyEvaluation[]>;
}

export interface RunQuery {
  /** Only these runs (the adapter sends them in batches). */
  ids?: number[];
  pipelineIds?: number[];
  branch?: string;
  status?: RunStatus;
  repositoryId?: string;
  /** Newest first unless said otherwise. */
  order?: "finishTimeDescending" | "queueTimeDescending" | "queueTimeAscending";
  /** Upper bound on runs returned; the adapter pages up to it and reports when it cut. */
  max?: number;
  /** Only runs at or after this instant, measured on the time the order uses (finish or queue). */
  minTime?: Date;
}

export interface BuildSource {
  listPipelines(project: string): Promise<Pipeline[]>;
  listRuns(project: string, query?: RunQuery): Promise<Run[]>;
  getRun(project: string, runId: number): Promise<Run>;
  getTimeline(project: string, runId: number): Promise<Timeline>;
  /** Work items associated with a run (the service's own computation). */
  getRunWorkItemIds(project: string, runId: number): Promise<number[]>;
  getRunChanges(project: string, runId: number): Promise<BuildChange[]>;
}

export interface EnvironmentSource {
  listEnvironments(project: string): Promise<Environment[]>;
  /**
   * An environment's deployment records, newest first. With `downToId`, a read asked to stop: it
   * holds every record with an id of at least `downToId` (and may hold some below); without it,
   * every record.
   */
  listDeploymentRecords(
    project: string,
    environmentId: number,
    options?: { downToId?: number },
  ): Promise<DeploymentRecord[]>;
}

export interface ChecksSource {
  /** Check configurations (with settings) of many resources in one call. */
  queryCheckConfigurations(
    project: string,
    resources: CheckResource[],
  ): Promise<CheckConfiguration[]>;
  getCheckSuite(project: string, checkSuiteId: string): Promise<CheckSuite>;
  listApprovals(
    project: string,
    query: { approvalIds?: string[]; state?: "pending" | "all" },
  ): Promise<PipelineApproval[]>;
}

export interface ReleaseQuery {
  definitionId?: number;
  /** Find the releases of one build: `{projectId}:{buildDefinitionId}` + build id. */
  buildArtifact?: { projectId: string; buildDefinitionId: number; buildId: number };
  /** Only releases with at least one environment in one of these statuses. */
  environmentStatuses?: ReleaseEnvironmentStatus[];
  /** Only these releases (the service's `releaseIdFilter`; at most 100 ids a call). */
  releaseIds?: number[];
  /** Only releases with an id of at least this (read newest first, paging stops there). */
  downToId?: number;
  max?: number;
}

export interface ReleaseSource {
  listReleaseDefinitions(project: string): Promise<ReleaseDefinition[]>;
  /** Releases with environments, approvals and artifacts expanded. */
  listReleases(project: string, query?: ReleaseQuery): Promise<Release[]>;
  getRelease(project: string, releaseId: number): Promise<Release>;
  listReleaseApprovals(project: string, status: "pending" | "all"): Promise<ReleaseApproval[]>;
  /** Work items of a release compared with the previous release of its definition (the service's own computation). */
  getReleaseWorkItemIds(project: string, releaseId: number): Promise<number[]>;
}

export interface WorkItemSource {
  /** Work items with relations; the adapter batches by 200. Ids that do not exist are omitted. */
  getWorkItems(project: string, ids: number[]): Promise<WorkItem[]>;
  /**
   * Every work item id of the project, ascending (WIQL, paged past the 20,000 cap), or only those
   * matching `filter` (the service filters).
   */
  listWorkItemIds(project: string, filter?: WorkItemFilter): Promise<number[]>;
}

/**
 * Work items whose type and state equal these (case-insensitive), whose title contains
 * `titleContains`, and that carry the tag `tag`.
 */
export interface WorkItemFilter {
  type?: string;
  state?: string;
  titleContains?: string;
  tag?: string;
}

/** Everything the product reads, in one bundle that adapters or fakes provide. */
export interface Sources {
  core: CoreSource;
  git: GitSource;
  policy: PolicySource;
  build: BuildSource;
  environments: EnvironmentSource;
  checks: ChecksSource;
  release: ReleaseSource;
  workItems: WorkItemSource;
}
