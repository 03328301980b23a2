/**
 * `deploymentContents`: what a deployment to an environment brought compared with the previous
 * deployment of the same pipeline (or release definition) to the same environment. A YAML run
 * carries every run of its pipeline on its branch since the previously deployed run (the graph's
 * run-order rule); a Classic release carries the releases of its definition created since the
 * previous one deployed there. Each of those gets an evidence pack; the answer merges them.
 */
import type { BuildChange, DeploymentRecord, Release, Repository, Run } from "../model";
import { attempt, type NotAvailable } from "../sources";
import {
  environmentDeployed,
  recordDeployed,
  recordState,
  releaseEnvironmentState,
} from "./deploymentState";
import { evidencePack } from "./evidence";
import { recordTime, releaseEnvironmentTime, TraceGraph } from "./graph";
import type { TraceReads } from "./records";
import type { TraceSession } from "./session";
import type {
  DeploymentState,
  EvidenceApproval,
  EvidenceCheck,
  EvidencePack,
  EvidencePullRequest,
  TraceGap,
} from "./types";
import { firstBroughtBy, type FirstBroughtBy } from "./firstBrought";
import { reachedDeploymentsOf, TraceInputError } from "./workItem";

/** What a deployment was; `name` (run number, release name) is what people call it, when known. */
export type DeploymentSubject =
  | { kind: "run"; runId: number; environment: string; name?: string | null }
  | { kind: "release"; releaseId: number; environment: string; name?: string | null };

export interface IncludedDeployment {
  kind: "run" | "release";
  id: number;
  name: string;
  branch: string | null;
  at: string | null;
}

export interface ContentsCommit {
  id: string;
  repository: string;
  message: string | null;
  author: string | null;
  /** The run (or the release's build) that brought it. */
  runId: number;
  /** Work items linked to the commit; null when they could not be read. */
  workItemIds: number[] | null;
  /** Set when `repository` is only an id because the repository list could not be read. */
  unknown?: NotAvailable[];
}

export interface DeploymentContents {
  schemaVersion: 1;
  kind: "yaml" | "classic";
  pipeline: string;
  environment: string;
  /**
   * The deployment asked about. `state` says whether it runs there (succeeded, partially
   * succeeded) or not (waiting for approval, failed...); `deployedAt` is null unless it does.
   */
  current: IncludedDeployment & {
    result: string | null;
    state: DeploymentState | null;
    deployedAt: string | null;
  };
  previous: (IncludedDeployment & { deployedAt: string | null }) | null;
  /**
   * since-previous: everything since the previous deployment there; first-deployment: nothing
   * was deployed there before, so only this deployment's own changes; other-branch: the previous
   * deployment came from another branch, so only this deployment's own changes.
   */
  comparison: "since-previous" | "first-deployment" | "other-branch";
  /** The runs or releases this deployment brought, newest first (the current one included). */
  included: IncludedDeployment[];
  /**
   * Every work item the included deployments carry. `firstBroughtBy` is set when an earlier
   * deployment already brought it to this environment (its own trace says which).
   */
  workItems: {
    id: number;
    title: string;
    type: string;
    state: string;
    in: number[];
    firstBroughtBy?: FirstBroughtBy;
  }[];
  pullRequests: (EvidencePullRequest & { in: number[] })[];
  commits: ContentsCommit[];
  /** Of the current run or release: its stages, approvals, checks and gates. */
  stages: EvidencePack["stages"];
  approvals: EvidenceApproval[];
  checks: EvidenceCheck[];
  gaps: TraceGap[];
  notAvailable: NotAvailable[];
}

export interface ContentsResult {
  contents: DeploymentContents;
  /** The evidence pack of each included run or release, by `run:ID` / `release:ID`. */
  packs: Map<string, EvidencePack>;
}

export interface ContentsProgress {
  done: number;
  total: number;
}

const PACKS_AT_ONCE = 4;

export function packKey(kind: "run" | "release", id: number): string {
  return `${kind}:${id}`;
}

function iso(date: Date | undefined): string | null {
  return date?.toISOString() ?? null;
}

function sameName(left: string, right: string): boolean {
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

function newestFirst(a: DeploymentRecord, b: DeploymentRecord): number {
  return (recordTime(b)?.getTime() ?? 0) - (recordTime(a)?.getTime() ?? 0) || b.id - a.id;
}

/** Runs `work` over `items`, a few at a time, in order of the answers. */
async function inBatches<T, R>(
  items: T[],
  work: (item: T) => Promise<R>,
  onDone: () => void,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PACKS_AT_ONCE, items.length) }, worker));
  return results;
}

function repositoryOfChange(location: string | undefined): string | undefined {
  const match = /\/repositories\/([^/]+)\/commits\//i.exec(location ?? "");
  return match ? decodeURIComponent(match[1]).toLowerCase() : undefined;
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const value = key(item);
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  });
}

/** Which deployments the contents are made of, and what they are compared with. */
export interface ContentsPlan {
  kind: "yaml" | "classic";
  pipeline: string;
  current: DeploymentContents["current"];
  previous: DeploymentContents["previous"];
  comparison: DeploymentContents["comparison"];
  /** Newest first, current included. */
  included: IncludedDeployment[];
}

function describeRun(run: Run): IncludedDeployment {
  return {
    kind: "run",
    id: run.id,
    name: run.number,
    branch: run.sourceBranch,
    at: iso(run.queueTime),
  };
}

async function readRun(session: TraceSession, runId: number): Promise<Run> {
  try {
    return await session.sources.build.getRun(session.project, runId);
  } catch (error) {
    if ((error as { kind?: unknown }).kind === "not-found")
      throw new TraceInputError(`Run ${runId} does not exist or cannot be read.`);
    throw error;
  }
}

async function planRun(
  session: TraceSession,
  subject: { runId: number; environment: string },
  notes: NotAvailable[],
): Promise<ContentsPlan> {
  const deployments = await session.environmentDeployments(notes);
  const environmentIds = new Set(
    deployments.environments
      .filter((environment) => sameName(environment.name, subject.environment))
      .map((environment) => environment.id),
  );
  const records = deployments.records.filter((record) => environmentIds.has(record.environmentId));
  const own = records.filter((record) => record.run.id === subject.runId).sort(newestFirst)[0];
  const run = await readRun(session, subject.runId);
  const deployed = own !== undefined && recordDeployed(own) !== undefined;
  const current: ContentsPlan["current"] = {
    ...describeRun(run),
    result: own?.result ?? null,
    state: own ? recordState(own) : null,
    deployedAt: deployed ? iso(recordTime(own)) : null,
  };
  const ownTime = own ? (recordTime(own)?.getTime() ?? 0) : Number.MAX_SAFE_INTEGER;
  const before = records
    .filter(
      (record) =>
        record.pipeline.id === run.pipeline.id &&
        record.run.id !== run.id &&
        recordDeployed(record) !== undefined &&
        (recordTime(record)?.getTime() ?? 0) < ownTime,
    )
    .sort(newestFirst)[0];
  const base = { kind: "yaml" as const, pipeline: run.pipeline.name, current };
  if (!before)
    return { ...base, previous: null, comparison: "first-deployment", included: [current] };
  const family = await session.runsOf(run.pipeline.id, run.sourceBranch, notes);
  const previousRun = family.find((candidate) => candidate.id === before.run.id);
  const previous = {
    ...(previousRun ? describeRun(previousRun) : { kind: "run" as const, id: before.run.id }),
    name: previousRun?.number ?? before.run.name,
    branch: previousRun?.sourceBranch ?? null,
    at: iso(previousRun?.queueTime),
    deployedAt: iso(recordTime(before)),
  };
  if (!previousRun) return { ...base, previous, comparison: "other-branch", included: [current] };
  const graph = new TraceGraph();
  for (const candidate of [run, ...family]) graph.addRun(candidate);
  const between = graph
    .runsBrought(previousRun, run)
    .filter((candidate) => candidate.id !== run.id)
    .map(describeRun);
  return { ...base, previous, comparison: "since-previous", included: [current, ...between] };
}

function describeRelease(item: Release): IncludedDeployment {
  const artifact = item.artifacts.find((candidate) => candidate.isPrimary) ?? item.artifacts[0];
  return {
    kind: "release",
    id: item.id,
    name: item.name,
    branch: artifact?.branch ?? null,
    at: iso(item.createdOn),
  };
}

async function readRelease(session: TraceSession, releaseId: number): Promise<Release> {
  try {
    return await session.sources.release.getRelease(session.project, releaseId);
  } catch (error) {
    if ((error as { kind?: unknown }).kind === "not-found")
      throw new TraceInputError(`Release ${releaseId} does not exist or cannot be read.`);
    throw error;
  }
}

/** The newest release of the same definition before `release` that was deployed there. */
function previousReleaseDeployed(releases: Release[], release: Release, environment: string) {
  return releases
    .filter(
      (candidate) => candidate.definition.id === release.definition.id && candidate.id < release.id,
    )
    .map((candidate) => ({
      release: candidate,
      environment: candidate.environments.find(
        (item) => sameName(item.name, environment) && environmentDeployed(item) !== undefined,
      ),
    }))
    .filter((entry) => entry.environment !== undefined)
    .sort((a, b) => b.release.id - a.release.id)[0];
}

async function planRelease(
  session: TraceSession,
  subject: { releaseId: number; environment: string },
  notes: NotAvailable[],
): Promise<ContentsPlan> {
  const releases = await session.releases(notes);
  const release =
    releases.find((candidate) => candidate.id === subject.releaseId) ??
    (await readRelease(session, subject.releaseId));
  const environment = release.environments.find((candidate) =>
    sameName(candidate.name, subject.environment),
  );
  const deployed = environment !== undefined && environmentDeployed(environment) !== undefined;
  const current = {
    ...describeRelease(release),
    result: environment?.status ?? null,
    state: environment ? releaseEnvironmentState(environment) : null,
    deployedAt: deployed ? iso(releaseEnvironmentTime(environment)) : null,
  };
  const found = previousReleaseDeployed(releases, release, subject.environment);
  const base = { kind: "classic" as const, pipeline: release.definition.name, current };
  if (!found)
    return { ...base, previous: null, comparison: "first-deployment", included: [current] };
  const previous = {
    ...describeRelease(found.release),
    deployedAt: iso(found.environment ? releaseEnvironmentTime(found.environment) : undefined),
  };
  const between = releases
    .filter(
      (candidate) =>
        candidate.definition.id === release.definition.id &&
        candidate.id > found.release.id &&
        candidate.id < release.id,
    )
    .sort((a, b) => b.id - a.id)
    .map(describeRelease);
  return { ...base, previous, comparison: "since-previous", included: [current, ...between] };
}

/** A change of a run as a commit row, with what the session read about the commit. */
function commitRow(
  change: BuildChange,
  runId: number,
  reads: TraceReads,
  repositoryName: (id: string | undefined) => { name: string; unknown?: NotAvailable },
): ContentsCommit {
  const read = reads.commits.get(change.id.toLowerCase());
  const repository = repositoryName(repositoryOfChange(change.location) ?? read?.repositoryId);
  return {
    id: change.id,
    repository: repository.name,
    message: (change.message ?? read?.comment ?? "").split("\n")[0] || null,
    author: change.authorName ?? read?.authorName ?? null,
    runId,
    workItemIds: read?.workItemIds ?? null,
    ...(repository.unknown
      ? {
          unknown: [{ ...repository.unknown, what: `commit ${change.id}`, fields: ["repository"] }],
        }
      : {}),
  };
}

/** What the merge needs besides the plan and the packs. */
export interface ContentsReads {
  reads: TraceReads;
  repositories: Map<string, Repository>;
  notes: NotAvailable[];
}

/** Merges the packs of the included runs or releases into one answer (pure). */
export function mergeContents(
  plan: ContentsPlan,
  environment: string,
  packs: EvidencePack[],
  context: ContentsReads,
): DeploymentContents {
  // Without the repository list, a commit's repository is only its id: the row says so.
  const listingUnread = context.notes.find((note) => note.what === "repositories");
  const repositoryName = (id: string | undefined) => {
    const name = id ? context.repositories.get(id.toLowerCase())?.name : undefined;
    if (name !== undefined) return { name };
    return { name: id ?? "", ...(listingUnread ? { unknown: listingUnread } : {}) };
  };
  const workItems = new Map<number, DeploymentContents["workItems"][number]>();
  const pullRequests = new Map<number, DeploymentContents["pullRequests"][number]>();
  const commits = new Map<string, ContentsCommit>();
  plan.included.forEach((item, index) => {
    const pack = packs[index];
    for (const workItem of pack.workItems) {
      const known = workItems.get(workItem.id);
      if (known) known.in.push(item.id);
      else workItems.set(workItem.id, { ...workItem, in: [item.id] });
    }
    for (const pr of pack.pullRequests) {
      const known = pullRequests.get(pr.id);
      if (!known) pullRequests.set(pr.id, { ...pr, in: [item.id] });
      else if (pr.mergedInThis && !known.mergedInThis)
        pullRequests.set(pr.id, { ...pr, in: [...known.in, item.id] });
      else known.in.push(item.id);
    }
    for (const build of pack.builds)
      for (const change of context.reads.changes.get(build.id) ?? [])
        if (!commits.has(change.id.toLowerCase()))
          commits.set(
            change.id.toLowerCase(),
            commitRow(change, build.id, context.reads, repositoryName),
          );
  });
  const [currentPack] = packs;
  return {
    schemaVersion: 1,
    kind: plan.kind,
    pipeline: plan.pipeline,
    environment,
    current: plan.current,
    previous: plan.previous,
    comparison: plan.comparison,
    included: plan.included,
    workItems: [...workItems.values()].sort((a, b) => a.id - b.id),
    pullRequests: [...pullRequests.values()].sort((a, b) => a.id - b.id),
    commits: [...commits.values()],
    stages: currentPack.stages,
    approvals: currentPack.approvals,
    checks: currentPack.checks,
    gaps: unique(
      packs.flatMap((pack) => pack.gaps),
      (gap) => JSON.stringify(gap),
    ),
    notAvailable: unique(
      [...context.notes, ...packs.flatMap((pack) => pack.notAvailable)],
      (note) => `${note.what}|${note.reason}`,
    ),
  };
}

/** Marks the work items an earlier deployment already brought there (each one's own trace). */
async function markDelivered(session: TraceSession, contents: DeploymentContents): Promise<void> {
  const notes: NotAvailable[] = [];
  await inBatches(
    contents.workItems,
    async (item) => {
      const reached = await attempt(
        notes,
        `where work item ${item.id} was deployed`,
        async () => (await reachedDeploymentsOf(session, item.id, notes)) ?? [],
        [],
      );
      const first = firstBroughtBy(contents, reached);
      if (first) item.firstBroughtBy = first;
    },
    () => undefined,
  );
  contents.notAvailable = unique(
    [...contents.notAvailable, ...notes],
    (note) => `${note.what}|${note.reason}`,
  );
}

export interface ContentsOptions {
  onProgress?: (progress: ContentsProgress) => void;
}

/** Reads what a deployment brought to an environment (every list read to its end). */
export async function deploymentContents(
  session: TraceSession,
  subject: DeploymentSubject,
  options: ContentsOptions = {},
): Promise<ContentsResult> {
  const notes: NotAvailable[] = [];
  // The session may outlive this view; only what its packs read now describes this deployment.
  const mark = session.records.mark();
  const plan =
    subject.kind === "run"
      ? await planRun(session, subject, notes)
      : await planRelease(session, subject, notes);
  let done = 0;
  const total = plan.included.length;
  options.onProgress?.({ done, total });
  const packs = await inBatches(
    plan.included,
    (item) =>
      evidencePack(
        session.sources,
        session.project,
        item.kind === "run" ? { runId: item.id } : { releaseId: item.id },
        { session },
      ),
    () => options.onProgress?.({ done: ++done, total }),
  );
  const repositories = await session.repositories(notes);
  const reads = session.records.readSince(mark);
  const contents = mergeContents(plan, subject.environment, packs, { reads, repositories, notes });
  await markDelivered(session, contents);
  return {
    contents,
    packs: new Map(plan.included.map((item, index) => [packKey(item.kind, item.id), packs[index]])),
  };
}
