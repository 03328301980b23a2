/**
 * Small hand-built delivery histories for the metrics tests: runs with their changes and
 * commits, deployment records, Classic releases, pull requests and incidents, served through
 * the fake ports. Times are hours after Monday 2026-11-02 00:00 UTC.
 */
import type {
  BuildChange,
  CommitRef,
  DeploymentRecord,
  PullRequest,
  Release,
  Run,
  TimelineResult,
  WorkItem,
  WorkItemRelation,
} from "../../../src/core/model";
import {
  collectDeliverySnapshot,
  deriveDeliveryMetrics,
  type DeliveryMetricsReport,
  type DeliverySnapshot,
  type MetricsOptions,
} from "../../../src/core/metrics";
import { createFakeSources, type FakeSources } from "../../fakes/sources";

export const T0 = Date.parse("2026-11-02T00:00:00Z");
export const HOUR = 3_600_000;

/** `at(5)` is 05:00 on Monday 2026-11-02 (UTC). */
export function at(hours: number): Date {
  return new Date(T0 + hours * HOUR);
}

export const REPO = "repo-web";

export interface RunSpec {
  pipelineId?: number;
  branch?: string;
  queued: number;
  finished?: number;
  result?: Run["result"];
  /** Commit ids (lower case) this run's changes list; each committed at `committed`. */
  commits?: string[];
  committed?: number;
  /** Work items linked to those commits. */
  workItems?: number[];
}

export interface DeploySpec {
  run: number;
  environment?: string;
  pipelineId?: number;
  result?: TimelineResult;
  started?: number | null;
  finished?: number | null;
}

export class History {
  runs: Run[] = [];
  runChanges: Record<number, BuildChange[]> = {};
  commits: CommitRef[] = [];
  records: DeploymentRecord[] = [];
  releases: Release[] = [];
  pullRequests: PullRequest[] = [];
  workItems: WorkItem[] = [];
  private environmentIds = new Map<string, number>();

  run(id: number, spec: RunSpec): this {
    const pipelineId = spec.pipelineId ?? 1;
    this.runs.push({
      id,
      number: `2026.${id}`,
      pipeline: { id: pipelineId, name: `pipeline-${pipelineId}` },
      status: "completed",
      result: spec.result ?? "succeeded",
      sourceBranch: spec.branch ?? "refs/heads/main",
      sourceVersion: spec.commits?.[0] ?? `v${id}`,
      repositoryId: REPO,
      queueTime: at(spec.queued),
      startTime: at(spec.queued),
      finishTime: at(spec.finished ?? spec.queued + 0.5),
      uri: `vstfs:///Build/Build/${id}`,
    });
    this.runChanges[id] = (spec.commits ?? []).map((sha) => ({
      id: sha,
      location: `https://dev.azure.com/fabrikam/p/_apis/git/repositories/${REPO}/commits/${sha}`,
    }));
    for (const sha of spec.commits ?? [])
      this.commits.push({
        id: sha,
        repositoryId: REPO,
        committerDate: at(spec.committed ?? spec.queued - 1),
        workItemIds: spec.workItems ?? [],
      });
    return this;
  }

  environmentId(name: string): number {
    const known = this.environmentIds.get(name);
    if (known !== undefined) return known;
    this.environmentIds.set(name, this.environmentIds.size + 1);
    return this.environmentIds.size;
  }

  deploy(id: number, spec: DeploySpec): this {
    const pipelineId = spec.pipelineId ?? 1;
    const run = this.runs.find((candidate) => candidate.id === spec.run);
    const runFinished = run?.finishTime ? (run.finishTime.getTime() - T0) / HOUR : 0;
    const finished = spec.finished === undefined ? runFinished + 0.5 : spec.finished;
    const started = spec.started === undefined ? (finished ?? runFinished) - 0.25 : spec.started;
    this.records.push({
      id,
      environmentId: this.environmentId(spec.environment ?? "prod"),
      pipeline: { id: pipelineId, name: `pipeline-${pipelineId}` },
      run: { id: spec.run, name: `2026.${spec.run}` },
      stageName: "Deploy",
      result: spec.result ?? "succeeded",
      ...(started === null ? {} : { startTime: at(started) }),
      ...(finished === null ? {} : { finishTime: at(finished) }),
    });
    return this;
  }

  workItem(item: Partial<WorkItem> & { id: number }): this {
    this.workItems.push({
      rev: 1,
      type: "User Story",
      title: `Item ${item.id}`,
      state: "Active",
      relations: [],
      ...item,
    });
    return this;
  }

  /** An incident (Bug tagged incident) created at `created`, with optional build links. */
  incident(id: number, created: number, extra: Partial<WorkItem> = {}): this {
    return this.workItem({
      id,
      type: "Bug",
      tags: ["incident"],
      createdDate: at(created),
      ...extra,
    });
  }

  fake(): FakeSources {
    return createFakeSources({
      environments: [...this.environmentIds].map(([name, id]) => ({ id, name })),
      deploymentRecords: this.records,
      runs: this.runs,
      runChanges: this.runChanges,
      commits: this.commits,
      pullRequests: this.pullRequests,
      releases: this.releases,
      workItems: this.workItems,
    });
  }
}

/** A build link of a work item: "Found in build", "Integrated in build"... */
export function buildLink(name: string, buildId: number): WorkItemRelation {
  return {
    rel: "ArtifactLink",
    url: `vstfs:///Build/Build/${buildId}`,
    name,
    artifact: { kind: "build", buildId },
  };
}

/** The window of the first week (Monday 2026-11-02 to Monday 2026-11-09) unless said otherwise. */
export function options(overrides: Partial<MetricsOptions> = {}): MetricsOptions {
  return { since: at(0), until: at(7 * 24), now: at(7 * 24), ...overrides };
}

export async function snapshotOf(history: History, opts = options()): Promise<DeliverySnapshot> {
  return collectDeliverySnapshot(history.fake().sources, "Demo", opts);
}

export async function metricsOf(
  history: History,
  opts = options(),
): Promise<DeliveryMetricsReport> {
  return deriveDeliveryMetrics(await snapshotOf(history, opts), opts);
}
