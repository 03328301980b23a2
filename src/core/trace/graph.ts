/**
 * The traceability graph: work items, commits, pull requests, runs, stages, environments,
 * deployment records, Classic releases and release environments, joined by the links Azure
 * DevOps keeps. Pure: the queries load what they need from the ports and add it here; every
 * answer (deployments, gaps) is computed from the graph alone.
 */
import type {
  DeploymentRecord,
  PullRequest,
  Release,
  ReleaseEnvironment,
  Run,
  Timeline,
  WorkItem,
} from "../model";
import {
  environmentDeployed,
  recordDeployed,
  recordState,
  releaseEnvironmentState,
  type DeploymentState,
} from "./deploymentState";
import type { NotAvailable } from "../sources/notAvailable";
import type { DeploymentEvidence } from "./types";
import { deliveringBuildId } from "../vocabulary/names";
import {
  DEFAULT_PRODUCTION,
  isProductionName,
  type ProductionPattern,
} from "../vocabulary/production";

export type NodeKind =
  | "workItem"
  | "commit"
  | "pullRequest"
  | "run"
  | "stage"
  | "environment"
  | "deployment"
  | "release"
  | "releaseEnvironment";

export type EdgeKind =
  /** Work item artifact links (commit, PR, "Integrated in build", release environment). */
  | "link"
  /** A pull request's linked work items. */
  | "pr-work-item"
  | "merge-commit"
  /** A run's work items (the service's own computation) and changes. */
  | "run-work-item"
  | "run-change"
  | "stage-of"
  | "deployment-run"
  | "deployment-environment"
  | "release-artifact"
  | "release-environment"
  | "release-work-item";

export interface TraceEdge {
  from: string;
  to: string;
  kind: EdgeKind;
}

export const nodeId = {
  workItem: (id: number) => `workItem:${id}`,
  commit: (sha: string) => `commit:${sha.toLowerCase()}`,
  pullRequest: (id: number) => `pullRequest:${id}`,
  run: (id: number) => `run:${id}`,
  stage: (runId: number, identifier: string) => `stage:${runId}:${identifier.toLowerCase()}`,
  environment: (id: number) => `environment:${id}`,
  deployment: (id: number) => `deployment:${id}`,
  release: (id: number) => `release:${id}`,
  releaseEnvironment: (releaseId: number, environmentId: number) =>
    `releaseEnvironment:${releaseId}:${environmentId}`,
};

/** A commit as far as the graph knows it. */
export interface CommitNode {
  id: string;
  repositoryId: string;
  /** Work items linked to the commit, when read; undefined means unknown. */
  workItemIds?: number[];
}

/** What counts as a production environment, and which states are done. */
export interface TraceRules {
  /** What "production" means (the `--production` flag, the project setting or the default). */
  productionPattern: ProductionPattern;
  closedStates: readonly string[];
}

export const defaultTraceRules: TraceRules = {
  productionPattern: DEFAULT_PRODUCTION,
  closedStates: ["closed", "done", "resolved", "removed", "completed", "cut"],
};

export class TraceGraph {
  readonly workItems = new Map<number, WorkItem>();
  readonly commits = new Map<string, CommitNode>();
  readonly pullRequests = new Map<number, PullRequest>();
  readonly runs = new Map<number, Run>();
  readonly timelines = new Map<number, Timeline>();
  readonly environments = new Map<number, string>();
  readonly deployments = new Map<number, DeploymentRecord>();
  readonly releases = new Map<number, Release>();
  /**
   * Reads that failed, so a gap rule answers "not available" rather than "no gap":
   * "deployments", "releases", "work-items", "pull-requests" (a subject's listing is incomplete),
   * "changes:<runId>", "runs" (runs that may have carried a work item on could not all be read).
   */
  readonly unread = new Set<string>();
  /** Why a key of `unread` was not read, when the collect step kept the reason (for markers). */
  readonly unreadReasons = new Map<string, NotAvailable>();
  readonly edges: TraceEdge[] = [];
  private readonly outgoing = new Map<string, TraceEdge[]>();
  private readonly incoming = new Map<string, TraceEdge[]>();
  private readonly edgeKeys = new Set<string>();

  addEdge(from: string, to: string, kind: EdgeKind): void {
    const key = `${from}|${to}|${kind}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    const edge = { from, to, kind };
    this.edges.push(edge);
    const out = this.outgoing.get(from) ?? [];
    out.push(edge);
    this.outgoing.set(from, out);
    const into = this.incoming.get(to) ?? [];
    into.push(edge);
    this.incoming.set(to, into);
  }

  from(node: string, kind?: EdgeKind): TraceEdge[] {
    return (this.outgoing.get(node) ?? []).filter((edge) => !kind || edge.kind === kind);
  }

  to(node: string, kind?: EdgeKind): TraceEdge[] {
    return (this.incoming.get(node) ?? []).filter((edge) => !kind || edge.kind === kind);
  }

  addCommit(commit: CommitNode): void {
    const id = nodeId.commit(commit.id);
    const known = this.commits.get(id);
    this.commits.set(id, {
      id: commit.id.toLowerCase(),
      repositoryId: commit.repositoryId,
      workItemIds: commit.workItemIds ?? known?.workItemIds,
    });
  }

  /** A work item and the edges of its artifact links (commits, PRs, builds, release environments). */
  addWorkItem(item: WorkItem): void {
    this.workItems.set(item.id, item);
    const from = nodeId.workItem(item.id);
    for (const relation of item.relations) {
      const link = relation.artifact;
      if (!link) continue;
      if (link.kind === "commit") {
        if (!this.commits.has(nodeId.commit(link.commitId))) {
          this.addCommit({ id: link.commitId, repositoryId: link.repositoryId });
        }
        this.addEdge(from, nodeId.commit(link.commitId), "link");
      } else if (link.kind === "pullRequest") {
        this.addEdge(from, nodeId.pullRequest(link.pullRequestId), "link");
      } else if (link.kind === "build") {
        // "Found in build" names where a problem was seen: no delivery edge.
        const buildId = deliveringBuildId(relation);
        if (buildId !== undefined) this.addEdge(from, nodeId.run(buildId), "link");
      } else if (link.kind === "releaseEnvironment") {
        this.addEdge(from, nodeId.releaseEnvironment(link.releaseId, link.environmentId), "link");
      }
    }
  }

  addPullRequest(pr: PullRequest): void {
    this.pullRequests.set(pr.id, pr);
    const from = nodeId.pullRequest(pr.id);
    if (pr.mergeCommitId) {
      if (!this.commits.has(nodeId.commit(pr.mergeCommitId))) {
        this.addCommit({ id: pr.mergeCommitId, repositoryId: pr.repositoryId });
      }
      this.addEdge(from, nodeId.commit(pr.mergeCommitId), "merge-commit");
    }
    for (const id of pr.workItemIds ?? []) this.addEdge(from, nodeId.workItem(id), "pr-work-item");
  }

  addRun(run: Run): void {
    this.runs.set(run.id, run);
  }

  addRunWorkItems(runId: number, workItemIds: number[]): void {
    for (const id of workItemIds)
      this.addEdge(nodeId.run(runId), nodeId.workItem(id), "run-work-item");
  }

  addRunChanges(runId: number, commits: CommitNode[]): void {
    for (const commit of commits) {
      this.addCommit(commit);
      this.addEdge(nodeId.run(runId), nodeId.commit(commit.id), "run-change");
    }
  }

  addTimeline(timeline: Timeline): void {
    this.timelines.set(timeline.runId, timeline);
    for (const record of timeline.records) {
      if (record.type === "Stage" && record.identifier) {
        this.addEdge(
          nodeId.stage(timeline.runId, record.identifier),
          nodeId.run(timeline.runId),
          "stage-of",
        );
      }
    }
  }

  addEnvironment(id: number, name: string): void {
    this.environments.set(id, name);
  }

  addDeployment(record: DeploymentRecord): void {
    this.deployments.set(record.id, record);
    const from = nodeId.deployment(record.id);
    this.addEdge(from, nodeId.run(record.run.id), "deployment-run");
    this.addEdge(from, nodeId.environment(record.environmentId), "deployment-environment");
  }

  addRelease(release: Release): void {
    this.releases.set(release.id, release);
    const from = nodeId.release(release.id);
    for (const artifact of release.artifacts) {
      if (artifact.buildId !== undefined)
        this.addEdge(from, nodeId.run(artifact.buildId), "release-artifact");
    }
    for (const environment of release.environments) {
      this.addEdge(
        from,
        nodeId.releaseEnvironment(release.id, environment.id),
        "release-environment",
      );
    }
  }

  addReleaseWorkItems(releaseId: number, workItemIds: number[]): void {
    for (const id of workItemIds)
      this.addEdge(nodeId.release(releaseId), nodeId.workItem(id), "release-work-item");
  }

  /** Runs a work item was integrated in: its "Integrated in build" links and the runs listing it. */
  integratedRuns(workItemId: number): Run[] {
    const wi = nodeId.workItem(workItemId);
    const ids = new Set<number>();
    for (const edge of this.from(wi, "link")) {
      if (edge.to.startsWith("run:")) ids.add(Number(edge.to.slice(4)));
    }
    for (const edge of this.to(wi, "run-work-item")) ids.add(Number(edge.from.slice(4)));
    return [...ids].flatMap((id) => {
      const run = this.runs.get(id);
      return run ? [run] : [];
    });
  }

  /**
   * Runs found to carry the work item's commits (its commit links and its PRs' merge commits):
   * per pipeline and branch, the first such run in run order (later ones carry it on).
   */
  mergedRuns(workItemId: number): Run[] {
    const wi = nodeId.workItem(workItemId);
    const commits = new Set(
      this.from(wi, "link")
        .filter((edge) => edge.to.startsWith("commit:"))
        .map((edge) => edge.to),
    );
    for (const pr of pullRequestsOfWorkItem(this, workItemId))
      for (const edge of this.from(nodeId.pullRequest(pr.id), "merge-commit")) commits.add(edge.to);
    const first = new Map<string, Run>();
    for (const commit of commits)
      for (const edge of this.to(commit, "run-change")) {
        const run = this.runs.get(Number(edge.from.slice(4)));
        if (!run) continue;
        const key = `${run.pipeline.id}|${run.sourceBranch.toLowerCase()}`;
        const known = first.get(key);
        if (!known || compareRunOrder(run, known) < 0) first.set(key, run);
      }
    return [...first.values()];
  }

  /**
   * Runs that contain `run`'s changes: the run itself and every later run of the same pipeline on
   * the same branch ("later" = queued later; the run id breaks ties). Only runs in the graph count.
   */
  containingRuns(run: Run): Run[] {
    const start = runOrderKey(run);
    return [...this.runs.values()].filter(
      (candidate) =>
        candidate.pipeline.id === run.pipeline.id &&
        sameBranch(candidate.sourceBranch, run.sourceBranch) &&
        compareOrder(runOrderKey(candidate), start) >= 0,
    );
  }

  /**
   * The runs a deployment of `current` brought when `previous` was deployed there before: the
   * runs after `previous` up to `current` in run order (the current one included), newest first.
   */
  runsBrought(previous: Run, current: Run): Run[] {
    return this.containingRuns(previous)
      .filter((run) => run.id !== previous.id && compareRunOrder(run, current) <= 0)
      .sort((a, b) => compareRunOrder(b, a));
  }

  deploymentsOfRun(runId: number): DeploymentRecord[] {
    return this.to(nodeId.run(runId), "deployment-run").flatMap((edge) => {
      const record = this.deployments.get(Number(edge.from.slice("deployment:".length)));
      return record ? [record] : [];
    });
  }

  releasesOfRun(runId: number): Release[] {
    return this.to(nodeId.run(runId), "release-artifact").flatMap((edge) => {
      const release = this.releases.get(Number(edge.from.slice("release:".length)));
      return release ? [release] : [];
    });
  }
}

function sameBranch(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}

type OrderKey = [number, number];

function runOrderKey(run: Run): OrderKey {
  return [run.queueTime?.getTime() ?? run.startTime?.getTime() ?? 0, run.id];
}

function compareOrder(left: OrderKey, right: OrderKey): number {
  return left[0] - right[0] || left[1] - right[1];
}

/** The run-order rule: queued earlier comes first; the run id breaks ties. */
export function compareRunOrder(left: Run, right: Run): number {
  return compareOrder(runOrderKey(left), runOrderKey(right));
}

/** One environment (or release stage) a work item reached, or tried to. */
export interface ReachedDeployment {
  kind: "yaml" | "classic";
  pipeline: { id: number; name: string };
  environment: string;
  stage: string;
  runId?: number;
  releaseId?: number;
  /** What people call it: the run number or the release name. */
  name: string;
  releaseEnvironmentId?: number;
  status: string;
  /** The deployment's state in the one vocabulary: what `status` means. */
  state: DeploymentState;
  reachedAt?: Date;
  evidence: DeploymentEvidence;
}

/** When a deployment record happened: it finished, else it started, else it was queued. */
export function recordTime(record: DeploymentRecord): Date | undefined {
  return record.finishTime ?? record.startTime ?? record.queueTime;
}

/** When a Classic release environment was deployed: its last deployment attempt. */
export function releaseEnvironmentTime(environment: ReleaseEnvironment): Date | undefined {
  const steps = [...environment.deploySteps].sort((a, b) => b.attempt - a.attempt);
  const last = steps[0];
  return last ? (last.lastModifiedOn ?? last.queuedOn) : undefined;
}

/**
 * When a deployed Classic release environment first got there: its first attempt that succeeded
 * (a later attempt, e.g. a rollback to this release, does not move when it first arrived).
 */
export function releaseEnvironmentFirstDeployedTime(
  environment: ReleaseEnvironment,
): Date | undefined {
  const deployed = environment.deploySteps
    .filter((step) => step.status === "succeeded" || step.status === "partiallySucceeded")
    .sort((a, b) => a.attempt - b.attempt)[0];
  return deployed ? (deployed.lastModifiedOn ?? deployed.queuedOn) : undefined;
}

/** Per (kind, pipeline, environment), the deployment that answers "did it reach there". */
class ReachedDeployments {
  private readonly best = new Map<string, { deployment: ReachedDeployment; at: number }>();

  /**
   * A success beats an attempt; between successes the earlier wins (when it first reached
   * there); between attempts the later (the newest try).
   */
  offer(key: string, candidate: ReachedDeployment, at: Date | undefined): void {
    const time = at?.getTime() ?? 0;
    const current = this.best.get(key);
    const better =
      !current ||
      (candidate.reachedAt
        ? !current.deployment.reachedAt || time < current.at
        : !current.deployment.reachedAt && time > current.at);
    if (better) this.best.set(key, { deployment: candidate, at: time });
  }

  offerRecord(
    run: Run,
    record: DeploymentRecord,
    environment: string,
    evidence: DeploymentEvidence,
  ): void {
    const at = recordTime(record);
    this.offer(
      `yaml|${run.pipeline.id}|${record.environmentId}`,
      {
        kind: "yaml",
        pipeline: run.pipeline,
        environment,
        stage: record.stageName,
        runId: run.id,
        name: run.number,
        status: record.result ?? "inProgress",
        state: recordState(record),
        reachedAt: recordDeployed(record) ? at : undefined,
        evidence,
      },
      at,
    );
  }

  offerReleaseEnvironment(
    release: Release,
    environment: ReleaseEnvironment,
    evidence: DeploymentEvidence,
  ): void {
    if (environment.status === "notStarted" || environment.status === "undefined") return;
    const key = `classic|${release.definition.id}|${environment.name.toLowerCase()}`;
    const current = this.best.get(key)?.deployment;
    // The same release environment reached both ways: the direct Classic link is the stronger evidence.
    if (
      current?.releaseId === release.id &&
      current.releaseEnvironmentId === environment.id &&
      evidence === "classic-link"
    ) {
      current.evidence = "classic-link";
      return;
    }
    const reached = environmentDeployed(environment);
    const at =
      (reached ? releaseEnvironmentFirstDeployedTime(environment) : undefined) ??
      releaseEnvironmentTime(environment) ??
      release.createdOn;
    const candidate: ReachedDeployment = {
      kind: "classic",
      pipeline: release.definition,
      environment: environment.name,
      stage: environment.name,
      releaseId: release.id,
      name: release.name,
      releaseEnvironmentId: environment.id,
      status: environment.status,
      state: releaseEnvironmentState(environment),
      reachedAt: reached ? at : undefined,
      evidence,
    };
    this.offer(key, candidate, at);
  }

  /** Sorted by when each was reached (not reached last), then pipeline and environment. */
  sorted(): ReachedDeployment[] {
    return [...this.best.values()]
      .map((entry) => entry.deployment)
      .sort(
        (a, b) =>
          (a.reachedAt?.getTime() ?? Number.MAX_SAFE_INTEGER) -
            (b.reachedAt?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
          a.pipeline.name.localeCompare(b.pipeline.name) ||
          a.environment.localeCompare(b.environment),
      );
  }
}

/**
 * Where a work item was deployed (the deployment semantics):
 * - a run contains the work item when it is the run the item was integrated in (a direct link) or
 *   any later run of the same pipeline on the same branch (run order);
 * - the item reached an environment with the first successful deployment of such a run;
 * - a Classic release environment counts the same way through the release's build artifacts;
 *   an "Integrated in release environment" link counts directly (classic-link);
 * - pipelines or environments tried but never succeeded are listed with reachedAt undefined,
 *   with the state of the newest attempt.
 * One entry per (kind, pipeline, environment), sorted by when it was reached.
 */
export function deploymentsOfWorkItem(graph: TraceGraph, workItemId: number): ReachedDeployment[] {
  const evidence = runEvidence(graph, workItemId);
  const reached = new ReachedDeployments();
  for (const [runId, how] of evidence) {
    const run = graph.runs.get(runId) as Run;
    for (const record of graph.deploymentsOfRun(run.id)) {
      const environment =
        graph.environments.get(record.environmentId) ?? `environment ${record.environmentId}`;
      reached.offerRecord(run, record, environment, how);
    }
    for (const release of graph.releasesOfRun(run.id))
      for (const environment of release.environments)
        reached.offerReleaseEnvironment(
          release,
          environment,
          how === "link" ? "classic-link" : how,
        );
  }
  // "Integrated in release environment" links name the release environment directly.
  for (const edge of graph.from(nodeId.workItem(workItemId), "link")) {
    if (!edge.to.startsWith("releaseEnvironment:")) continue;
    const [, releaseId, environmentId] = edge.to.split(":").map(Number);
    const release = graph.releases.get(releaseId);
    const environment = release?.environments.find((item) => item.id === environmentId);
    if (release && environment)
      reached.offerReleaseEnvironment(release, environment, "classic-link");
  }
  return reached.sorted();
}

/**
 * Every run that carries the work item, with why: linked to it ("link"), found to contain its
 * merge or linked commit ("merge-commit"), or a later run of the same pipeline and branch
 * ("run-order"). The strongest evidence wins.
 */
function runEvidence(graph: TraceGraph, workItemId: number): Map<number, DeploymentEvidence> {
  const evidence = new Map<number, DeploymentEvidence>();
  const strength: Record<DeploymentEvidence, number> = {
    link: 3,
    "classic-link": 3,
    "merge-commit": 2,
    "run-order": 1,
  };
  const offer = (run: Run, how: DeploymentEvidence) => {
    const known = evidence.get(run.id);
    if (!known || strength[how] > strength[known]) evidence.set(run.id, how);
  };
  const starts: [Run, DeploymentEvidence][] = [
    ...graph.integratedRuns(workItemId).map((run) => [run, "link"] as [Run, DeploymentEvidence]),
    ...graph
      .mergedRuns(workItemId)
      .map((run) => [run, "merge-commit"] as [Run, DeploymentEvidence]),
  ];
  for (const [run, how] of starts) {
    offer(run, how);
    for (const later of graph.containingRuns(run)) offer(later, "run-order");
  }
  return evidence;
}

/** Pull requests linked to a work item either way (its links, or the PR's work item list). */
export function pullRequestsOfWorkItem(graph: TraceGraph, workItemId: number): PullRequest[] {
  const wi = nodeId.workItem(workItemId);
  const ids = new Set<number>();
  for (const edge of graph.from(wi, "link"))
    if (edge.to.startsWith("pullRequest:")) ids.add(Number(edge.to.slice("pullRequest:".length)));
  for (const edge of graph.to(wi, "pr-work-item"))
    ids.add(Number(edge.from.slice("pullRequest:".length)));
  return [...ids]
    .sort((a, b) => a - b)
    .flatMap((id) => {
      const pr = graph.pullRequests.get(id);
      return pr ? [pr] : [];
    });
}

export function isProduction(environment: string, rules: TraceRules = defaultTraceRules): boolean {
  return isProductionName(environment, rules.productionPattern);
}

/**
 * Whether a YAML stage passed an approval: a Checkpoint.Approval under it that succeeded;
 * "unknown" when the timeline cannot tell (no such stage, or a later attempt of it under way or
 * not approved).
 */
export function stageApproval(
  timeline: Timeline,
  stageIdentifier: string,
): "approved" | "none" | "unknown" {
  const stage = timeline.records.find(
    (record) =>
      record.type === "Stage" && record.identifier?.toLowerCase() === stageIdentifier.toLowerCase(),
  );
  if (!stage) return "unknown";
  const checkpoints = new Set(
    timeline.records
      .filter((record) => record.type === "Checkpoint" && record.parentId === stage.id)
      .map((record) => record.id),
  );
  const approvals = timeline.records.filter(
    (record) =>
      record.type === "Checkpoint.Approval" &&
      record.parentId !== undefined &&
      checkpoints.has(record.parentId),
  );
  if (approvals.some((record) => record.result === "succeeded")) return "approved";
  // Run again: the timeline shows the newest attempt only. Under way, or with an approval not
  // given, it says nothing of the approval of the attempt that deployed before it.
  const rerun = (stage.attempt ?? 1) > 1;
  if (rerun && (stage.state !== "completed" || approvals.length > 0)) return "unknown";
  return "none";
}
