/** Marks on a graph which reads of a snapshot failed, from what its not-available notes name. */
import type { NotAvailable } from "../../sources";
import type { TraceGraph } from "../graph";

/**
 * For each key (`work-items`, `changes:<runId>`, …), marks it unread when a note names a read
 * the key depends on. The collect step names its reads; this matches those names.
 */
export function markUnread(
  graph: TraceGraph,
  notes: readonly NotAvailable[],
  readsOf: Record<string, (what: string) => boolean>,
): void {
  for (const [key, names] of Object.entries(readsOf))
    if (notes.some((note) => names(note.what))) graph.unread.add(key);
}
