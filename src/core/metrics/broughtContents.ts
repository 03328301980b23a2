/**
 * The commits and work items a successful deployment brought (pure): the changes of the runs it
 * brought, the work items linked to those commits and to the pull requests they completed.
 * Whatever was not read makes the answer partial, and says so.
 */
import type { NotAvailable } from "../sources/notAvailable";
import { broughtRuns, type BroughtRuns, type RunsOf } from "./brought";
import type { Classified, DeriveContext } from "./context";
import type { Run } from "../model";

export interface BroughtContents extends BroughtRuns {
  /** Lower-case commit ids, each once, in the order of the runs that listed them. */
  commits: string[];
  /** The run whose changes first listed each commit. */
  listedBy: Map<string, Run>;
  /** Work item ids linked to those commits or to the pull requests they completed. */
  workItems: number[];
  /** Set when something it needs was not read: the commits or work items may be incomplete. */
  notAvailable: NotAvailable[];
}

/** The unread entry for a key, or a "not found" entry when the item was simply not there. */
export function unreadEntry(context: Pick<DeriveContext, "unread">, key: string, what: string) {
  return (
    context.unread.get(key) ?? {
      what,
      kind: "not-found" as const,
      reason: `${what} was not among what Azure DevOps returned`,
    }
  );
}

function runsUnread(context: DeriveContext, deployment: Classified): NotAvailable {
  return unreadEntry(context, "runs", `the runs deployment ${deployment.name} brought`);
}

export function broughtContents(
  context: DeriveContext,
  deployment: Classified,
  runsOf: RunsOf,
): BroughtContents | { notAvailable: NotAvailable[] } {
  const brought = broughtRuns(context, deployment, runsOf);
  if (!brought) return { notAvailable: [runsUnread(context, deployment)] };
  const notAvailable: NotAvailable[] = [];
  const listedBy = new Map<string, Run>();
  for (const run of brought.runs) {
    const changes = context.snapshot.runChanges[run.id];
    if (!changes)
      notAvailable.push(unreadEntry(context, `changes:${run.id}`, `changes of run ${run.number}`));
    for (const change of changes ?? []) {
      const sha = change.id.toLowerCase();
      if (!listedBy.has(sha)) listedBy.set(sha, run);
    }
  }
  const commits = [...listedBy.keys()];
  const workItems = new Set<number>();
  for (const sha of commits) {
    const commit = context.snapshot.commits[sha];
    if (!commit || commit.workItemIds === undefined)
      notAvailable.push(unreadEntry(context, `commits:${sha}`, `commit ${sha.slice(0, 8)}`));
    for (const id of commit?.workItemIds ?? []) workItems.add(id);
  }
  const shas = new Set(commits);
  for (const pr of context.snapshot.pullRequests)
    if (pr.mergeCommitId && shas.has(pr.mergeCommitId.toLowerCase()))
      for (const id of pr.workItemIds ?? []) workItems.add(id);
  return {
    ...brought,
    commits,
    listedBy,
    workItems: [...workItems].sort((a, b) => a - b),
    notAvailable,
  };
}
