/**
 * The rollback rule (pure): a deployment is failing when the next deployment to the same
 * pipeline and environment deploys an older run (run order: queued earlier, then the lower id)
 * or, for Classic, an older release (a lower release id).
 */
import type { Run } from "../model";
import { compareRunOrder } from "../trace/graph";
import type { Classified, DeriveContext } from "./context";

function isOlder(next: Classified, current: Classified, runs: ReadonlyMap<number, Run>): boolean {
  if (next.kind === "classic")
    return (next.releaseId ?? Infinity) < (current.releaseId ?? -Infinity);
  const nextRun = next.runId !== undefined ? runs.get(next.runId) : undefined;
  const currentRun = current.runId !== undefined ? runs.get(current.runId) : undefined;
  // Without both runs read, run ids still order them (ids only grow).
  if (!nextRun || !currentRun) return (next.runId ?? Infinity) < (current.runId ?? -Infinity);
  return compareRunOrder(nextRun, currentRun) < 0;
}

/** Deployment key → the key of the deployment that rolled it back. */
export function rollbacks(context: Pick<DeriveContext, "byRow" | "runs">): Map<string, string> {
  const found = new Map<string, string>();
  for (const row of context.byRow.values())
    for (let index = 0; index + 1 < row.length; index++) {
      const next = row[index + 1];
      if (isOlder(next, row[index], context.runs)) found.set(row[index].key, next.key);
    }
  return found;
}
