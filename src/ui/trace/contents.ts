/**
 * "What's in it": what a deployment to an environment brought compared with the previous
 * deployment of the same pipeline (or release definition) to the same environment. A YAML run
 * carries every run of its pipeline on its branch since the previously deployed run (the run-order
 * rule); a Classic release carries the releases of its definition created since the previous one
 * deployed there. Each of those gets an evidence pack; the view merges them.
 */
import type { Release, Run } from "../../core/model";
import type { Sources } from "../../core/sources";
import { evidencePack } from "../../core/trace/evidence";
import { releaseEnvironmentTime } from "../../core/trace/graph";
import type { TraceSession } from "../../core/trace/session";
import type {
  EvidenceApproval,
  EvidenceCheck,
  EvidencePack,
  EvidencePullRequest,
  NotAvailable,
  TraceGap,
} from "../../core/trace/types";

/** What a deployment was; `name` (run number, release name) is what people call it, when known. */
export type DeploymentSubject =
  | { kind: "run"; runId: number; environment: string; name?: string }
  | { kind: "release"; releaseId: number; environment: string; name?: string };

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
}

export interface DeploymentContents {
  schemaVersion: 1;
  kind: "yaml" | "classic";
  pipeline: string;
  environment: string;
  current: IncludedDeployment & { result: string | null; deployedAt: string | null };
  previous: (IncludedDeployment & { deployedAt: string | null }) | null;
  /**
   * since-previous: everything since the previous deployment there; first-deployment: nothing
   * was deployed there before, so only this deployment's own changes; other-branch: the previous
   * deployment came from another branch, so only this deployment's own changes.
   */
  comparison: "since-previous" | "first-deployment" | "other-branch";
  /** The runs or releases this deployment brought, newest first (the current one included). */
  included: IncludedDeployment[];
  workItems: { id: number; title: string; type: string; state: string; in: number[] }[];
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

const SUCCESSFUL_RECORD = new Set(["succeeded", "succeededwithissues"]);
const SUCCESSFUL_RELEASE = new Set(["succeeded", "partiallysucceeded"]);
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

function orderKey(run: Run): [number, number] {
  return [run.queueTime?.getTime() ?? run.startTime?.getTime() ?? 0, run.id];
}

function later(left: Run, right: Run): number {
  const [a, b] = [orderKey(left), orderKey(right)];
  return a[0] - b[0] || a[1] - b[1];
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

function uniqueGaps(gaps: TraceGap[]): TraceGap[] {
  const seen = new Set<string>();
  return gaps.filter((gap) => {
    const key = JSON.stringify(gap);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uniqueNotes(notes: NotAvailable[]): NotAvailable[] {
  const seen = new Set<string>();
  return notes.filter((note) => {
    const key = `${note.what}|${note.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface Plan {
  kind: "yaml" | "classic";
  pipeline: string;
  current: DeploymentContents["current"];
  previous: DeploymentContents["previous"];
  comparison: DeploymentContents["comparison"];
  /** Newest first, current included. */
  included: IncludedDeployment[];
}

async function planRun(
  sources: Sources,
  project: string,
  session: TraceSession,
  subject: { runId: number; environment: string },
  notes: NotAvailable[],
): Promise<Plan> {
  const deployments = await session.environmentDeployments(notes);
  const environmentIds = new Set(
    deployments.environments
      .filter((environment) => sameName(environment.name, subject.environment))
      .map((environment) => environment.id),
  );
  const time = (record: { finishTime?: Date; startTime?: Date; queueTime?: Date }) =>
    (record.finishTime ?? record.startTime ?? record.queueTime)?.getTime() ?? 0;
  const records = deployments.records.filter((record) => environmentIds.has(record.environmentId));
  const own = records
    .filter((record) => record.run.id === subject.runId)
    .sort((a, b) => time(b) - time(a) || b.id - a.id)[0];
  const run = await sources.build.getRun(project, subject.runId);
  const current: Plan["current"] = {
    kind: "run",
    id: run.id,
    name: run.number,
    branch: run.sourceBranch,
    at: iso(run.queueTime),
    result: own?.result ?? null,
    deployedAt: own ? iso(own.finishTime ?? own.startTime ?? own.queueTime) : null,
  };
  const before = records
    .filter(
      (record) =>
        record.pipeline.id === run.pipeline.id &&
        record.run.id !== run.id &&
        SUCCESSFUL_RECORD.has((record.result ?? "").toLowerCase()) &&
        (own === undefined || time(record) < time(own)),
    )
    .sort((a, b) => time(b) - time(a) || b.id - a.id)[0];
  const base = { kind: "yaml" as const, pipeline: run.pipeline.name, current };
  if (!before)
    return { ...base, previous: null, comparison: "first-deployment", included: [current] };
  const family = await session.runsOf(run.pipeline.id, run.sourceBranch, notes);
  const previousRun = family.find((candidate) => candidate.id === before.run.id);
  const previous = {
    kind: "run" as const,
    id: before.run.id,
    name: previousRun?.number ?? before.run.name,
    branch: previousRun?.sourceBranch ?? null,
    at: iso(previousRun?.queueTime),
    deployedAt: iso(before.finishTime ?? before.startTime ?? before.queueTime),
  };
  if (!previousRun) return { ...base, previous, comparison: "other-branch", included: [current] };
  const between = family
    .filter(
      (candidate) =>
        candidate.id !== run.id && later(candidate, previousRun) > 0 && later(candidate, run) < 0,
    )
    .sort((a, b) => later(b, a))
    .map((candidate): IncludedDeployment => ({
      kind: "run",
      id: candidate.id,
      name: candidate.number,
      branch: candidate.sourceBranch,
      at: iso(candidate.queueTime),
    }));
  return { ...base, previous, comparison: "since-previous", included: [current, ...between] };
}

async function planRelease(
  session: TraceSession,
  subject: { releaseId: number; environment: string },
  notes: NotAvailable[],
  sources: Sources,
  project: string,
): Promise<Plan> {
  const releases = await session.releases(notes);
  const release =
    releases.find((candidate) => candidate.id === subject.releaseId) ??
    (await sources.release.getRelease(project, subject.releaseId));
  const environment = release.environments.find((candidate) =>
    sameName(candidate.name, subject.environment),
  );
  const deployedAt = environment ? releaseEnvironmentTime(environment) : undefined;
  const describe = (item: Release): IncludedDeployment => {
    const artifact = item.artifacts.find((candidate) => candidate.isPrimary) ?? item.artifacts[0];
    return {
      kind: "release",
      id: item.id,
      name: item.name,
      branch: artifact?.branch ?? null,
      at: iso(item.createdOn),
    };
  };
  const current = {
    ...describe(release),
    result: environment?.status ?? null,
    deployedAt: iso(deployedAt),
  };
  const sameDefinition = releases.filter(
    (candidate) => candidate.definition.id === release.definition.id,
  );
  const previousRelease = sameDefinition
    .filter((candidate) => candidate.id < release.id)
    .map((candidate) => ({
      release: candidate,
      environment: candidate.environments.find(
        (item) =>
          sameName(item.name, subject.environment) &&
          SUCCESSFUL_RELEASE.has(item.status.toLowerCase()),
      ),
    }))
    .filter((entry) => entry.environment !== undefined)
    .sort((a, b) => b.release.id - a.release.id)[0];
  const base = { kind: "classic" as const, pipeline: release.definition.name, current };
  if (!previousRelease)
    return { ...base, previous: null, comparison: "first-deployment", included: [current] };
  const previous = {
    ...describe(previousRelease.release),
    deployedAt: iso(
      previousRelease.environment ? releaseEnvironmentTime(previousRelease.environment) : undefined,
    ),
  };
  const between = sameDefinition
    .filter((candidate) => candidate.id > previousRelease.release.id && candidate.id < release.id)
    .sort((a, b) => b.id - a.id)
    .map(describe);
  return { ...base, previous, comparison: "since-previous", included: [current, ...between] };
}

/** Reads what a deployment brought to an environment (every list read to its end). */
export async function deploymentContents(
  sources: Sources,
  project: string,
  session: TraceSession,
  subject: DeploymentSubject,
  onProgress?: (progress: ContentsProgress) => void,
): Promise<ContentsResult> {
  const notes: NotAvailable[] = [];
  // The session may outlive this view; only what its packs read now describes this deployment.
  const mark = session.records.mark();
  const plan =
    subject.kind === "run"
      ? await planRun(sources, project, session, subject, notes)
      : await planRelease(session, subject, notes, sources, project);
  let done = 0;
  const total = plan.included.length;
  onProgress?.({ done, total });
  const packs = await inBatches(
    plan.included,
    (item) =>
      evidencePack(
        sources,
        project,
        item.kind === "run" ? { runId: item.id } : { releaseId: item.id },
        { session },
      ),
    () => onProgress?.({ done: ++done, total }),
  );
  const reads = session.records.readSince(mark);
  const repositories = await session.repositories(notes);
  const repositoryName = (id: string | undefined) =>
    id ? (repositories.get(id.toLowerCase())?.name ?? id) : "";

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
      if (known) {
        known.in.push(item.id);
        if (pr.mergedInThis && !known.mergedInThis)
          pullRequests.set(pr.id, { ...pr, in: known.in });
      } else pullRequests.set(pr.id, { ...pr, in: [item.id] });
    }
    for (const build of pack.builds) {
      for (const change of reads.changes.get(build.id) ?? []) {
        const key = change.id.toLowerCase();
        if (commits.has(key)) continue;
        const read = reads.commits.get(key);
        commits.set(key, {
          id: change.id,
          repository: repositoryName(repositoryOfChange(change.location) ?? read?.repositoryId),
          message: (change.message ?? read?.comment ?? "").split("\n")[0] || null,
          author: change.authorName ?? read?.authorName ?? null,
          runId: build.id,
          workItemIds: read?.workItemIds ?? null,
        });
      }
    }
  });
  const currentPack = packs[0];
  const contents: DeploymentContents = {
    schemaVersion: 1,
    kind: plan.kind,
    pipeline: plan.pipeline,
    environment: subject.environment,
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
    gaps: uniqueGaps(packs.flatMap((pack) => pack.gaps)),
    notAvailable: uniqueNotes([...notes, ...packs.flatMap((pack) => pack.notAvailable)]),
  };
  return {
    contents,
    packs: new Map(plan.included.map((item, index) => [packKey(item.kind, item.id), packs[index]])),
  };
}
