/**
 * Keeps what the traceability engine read, so the views can show details the engine's answer
 * leaves out (PR titles, commit messages, the runs it looked at) without reading anything twice.
 */
import type {
  BuildChange,
  CommitRef,
  PullRequest,
  Run,
  Timeline,
  WorkItem,
} from "../../core/model";
import type { Sources } from "../../core/sources";

export interface ObservedReads {
  workItems: Map<number, WorkItem>;
  pullRequests: Map<number, PullRequest>;
  runs: Map<number, Run>;
  timelines: Map<number, Timeline>;
  /** The changes of a run, by run id. */
  changes: Map<number, BuildChange[]>;
  /** Commits by lower-case sha. */
  commits: Map<string, CommitRef>;
}

/**
 * `target` with some methods replaced. The adapters are class instances (methods on the
 * prototype), so a spread copy would lose the rest; a proxy keeps them, bound to their object.
 */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (Object.prototype.hasOwnProperty.call(overrides, key)) return overrides[key as keyof T];
      const value: unknown = Reflect.get(object, key, receiver);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}

/** `sources` with the same behaviour, recording the answers of the reads above as they pass. */
export function observeReads(sources: Sources): { sources: Sources; reads: ObservedReads } {
  const reads: ObservedReads = {
    workItems: new Map(),
    pullRequests: new Map(),
    runs: new Map(),
    timelines: new Map(),
    changes: new Map(),
    commits: new Map(),
  };
  const keep = <T>(items: T[], put: (item: T) => void): T[] => {
    items.forEach(put);
    return items;
  };
  const observed: Sources = {
    ...sources,
    workItems: withOverrides(sources.workItems, {
      getWorkItems: async (project, ids) =>
        keep(await sources.workItems.getWorkItems(project, ids), (item) =>
          reads.workItems.set(item.id, item),
        ),
    }),
    git: withOverrides(sources.git, {
      getPullRequest: async (project, repositoryId, pullRequestId) => {
        const pr = await sources.git.getPullRequest(project, repositoryId, pullRequestId);
        reads.pullRequests.set(pr.id, pr);
        return pr;
      },
      listPullRequests: async (project, criteria) =>
        keep(await sources.git.listPullRequests(project, criteria), (pr) =>
          reads.pullRequests.set(pr.id, pr),
        ),
      getCommits: async (project, repositoryId, commitIds) =>
        keep(await sources.git.getCommits(project, repositoryId, commitIds), (commit) =>
          reads.commits.set(commit.id.toLowerCase(), commit),
        ),
    }),
    build: withOverrides(sources.build, {
      getRun: async (project, runId) => {
        const run = await sources.build.getRun(project, runId);
        reads.runs.set(run.id, run);
        return run;
      },
      listRuns: async (project, query) =>
        keep(await sources.build.listRuns(project, query), (run) => reads.runs.set(run.id, run)),
      getTimeline: async (project, runId) => {
        const timeline = await sources.build.getTimeline(project, runId);
        reads.timelines.set(timeline.runId, timeline);
        return timeline;
      },
      getRunChanges: async (project, runId) => {
        const changes = await sources.build.getRunChanges(project, runId);
        reads.changes.set(runId, changes);
        return changes;
      },
    }),
  };
  return { sources: observed, reads };
}
