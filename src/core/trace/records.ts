/**
 * What the traceability queries read in one session, kept as they read it (latest answer per id),
 * so a view can show details the queries' JSON leaves out (PR titles, commit messages, the runs
 * and timelines looked at) without reading anything twice.
 */
import type { BuildChange, CommitRef, PullRequest, Run, Timeline, WorkItem } from "../model";

export interface TraceReads {
  workItems: ReadonlyMap<number, WorkItem>;
  pullRequests: ReadonlyMap<number, PullRequest>;
  runs: ReadonlyMap<number, Run>;
  timelines: ReadonlyMap<number, Timeline>;
  /** The changes of a run, by run id. */
  changes: ReadonlyMap<number, readonly BuildChange[]>;
  /** Commits by lower-case sha. */
  commits: ReadonlyMap<string, CommitRef>;
}

type Kind = keyof TraceReads;

/** The read-only face of the records, for views. */
export type TraceRecordsView = TraceReads & Pick<TraceRecords, "mark" | "readSince">;

export class TraceRecords implements TraceReads {
  private readCount = 0;
  /** When each record was last read, by `kind|id`, so `readSince` can tell one query's reads. */
  private readonly readAt = new Map<string, number>();
  private readonly workItemMap = new Map<number, WorkItem>();
  private readonly pullRequestMap = new Map<number, PullRequest>();
  private readonly runMap = new Map<number, Run>();
  private readonly timelineMap = new Map<number, Timeline>();
  private readonly changeMap = new Map<number, readonly BuildChange[]>();
  private readonly commitMap = new Map<string, CommitRef>();

  get workItems(): ReadonlyMap<number, WorkItem> {
    return this.workItemMap;
  }
  get pullRequests(): ReadonlyMap<number, PullRequest> {
    return this.pullRequestMap;
  }
  get runs(): ReadonlyMap<number, Run> {
    return this.runMap;
  }
  get timelines(): ReadonlyMap<number, Timeline> {
    return this.timelineMap;
  }
  get changes(): ReadonlyMap<number, readonly BuildChange[]> {
    return this.changeMap;
  }
  get commits(): ReadonlyMap<string, CommitRef> {
    return this.commitMap;
  }

  /** A point in the session's reads; `readSince(mark)` answers what was read after it. */
  mark(): number {
    return this.readCount;
  }

  /**
   * The records read (or read again) after `mark`: what one query looked at, even when the
   * session outlives it (a work item form kept open across refreshes).
   */
  readSince(mark: number): TraceReads {
    const after = <K, V>(kind: Kind, map: ReadonlyMap<K, V>): ReadonlyMap<K, V> =>
      new Map([...map].filter(([key]) => (this.readAt.get(`${kind}|${String(key)}`) ?? 0) > mark));
    return {
      workItems: after("workItems", this.workItemMap),
      pullRequests: after("pullRequests", this.pullRequestMap),
      runs: after("runs", this.runMap),
      timelines: after("timelines", this.timelineMap),
      changes: after("changes", this.changeMap),
      commits: after("commits", this.commitMap),
    };
  }

  // The methods below are for the queries, as they read; each hands back what it was given.

  keepWorkItems(items: WorkItem[]): WorkItem[] {
    for (const item of items) this.put("workItems", this.workItemMap, item.id, item);
    return items;
  }

  keepPullRequests(pullRequests: PullRequest[]): PullRequest[] {
    for (const pr of pullRequests) this.put("pullRequests", this.pullRequestMap, pr.id, pr);
    return pullRequests;
  }

  keepRuns(runs: Run[]): Run[] {
    for (const run of runs) this.put("runs", this.runMap, run.id, run);
    return runs;
  }

  keepTimeline(timeline: Timeline): Timeline {
    this.put("timelines", this.timelineMap, timeline.runId, timeline);
    return timeline;
  }

  keepRunChanges(runId: number, changes: BuildChange[]): BuildChange[] {
    this.put("changes", this.changeMap, runId, changes);
    return changes;
  }

  keepCommits(commits: CommitRef[]): CommitRef[] {
    for (const commit of commits)
      this.put("commits", this.commitMap, commit.id.toLowerCase(), commit);
    return commits;
  }

  private put<K, V>(kind: Kind, map: Map<K, V>, key: K, value: V): void {
    map.set(key, value);
    this.readAt.set(`${kind}|${String(key)}`, ++this.readCount);
  }
}
