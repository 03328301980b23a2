/**
 * Which deployment first brought each work item to each environment, as one surface showed it
 * (the trace table, the form group, the lookup). Turned around, it says what a deployment brought,
 * to compare with what the contents panel and `changes` list for that deployment.
 */
import type { ObservationLog } from "./observations";
import { refKey, type RunRef } from "./runDirectory";
import { subjects } from "./subjects";

export class ReachedIndex {
  /** surface → brought subject → work item ids. */
  private readonly bySurface = new Map<string, Map<string, Set<number>>>();
  /** surface → work items it was read for. */
  private readonly readFor = new Map<string, Set<number>>();

  read(surface: string, workItem: number): void {
    this.readFor.set(surface, (this.readFor.get(surface) ?? new Set()).add(workItem));
  }

  reached(surface: string, workItem: number, ref: RunRef, environment: string): void {
    const map = this.bySurface.get(surface) ?? new Map<string, Set<number>>();
    const key = subjects.brought(ref, environment);
    map.set(key, (map.get(key) ?? new Set<number>()).add(workItem));
    this.bySurface.set(surface, map);
  }

  /**
   * For every "brought by" subject another surface listed for a cell's current deployment, what
   * each work item surface implies it brought, among the work items that surface was read for
   * (so a partial read stays fair).
   */
  emit(log: ObservationLog): void {
    // Only what runs somewhere now brought its work items there; a newer attempt did not (yet).
    const current = new Set(
      log.observations
        .filter((item) => item.aspect === "current" && item.subject.startsWith("cell "))
        .map((item) => item.subject.replace(/^cell (.+) → /, `brought by $1 ${item.value} → `)),
    );
    const listed = log.observations.filter(
      (item) => item.aspect === "work items" && current.has(item.subject),
    );
    const wanted = new Map<string, Set<number>>();
    for (const item of listed) {
      const ids = item.value === "" ? [] : item.value.split(", ").map(Number);
      wanted.set(item.subject, new Set([...(wanted.get(item.subject) ?? []), ...ids]));
    }
    for (const [surface, map] of this.bySurface) {
      const readFor = this.readFor.get(surface) ?? new Set<number>();
      for (const [subject, shownAnywhere] of wanted) {
        // Only judge the work items this surface was read for.
        if (![...shownAnywhere].every((id) => readFor.has(id))) continue;
        log.add(`${surface} (reached)`, subject, "work items", idList(map.get(subject) ?? []));
      }
    }
  }
}

export function idList(ids: Iterable<number>): string {
  return [...new Set(ids)].sort((a, b) => a - b).join(", ");
}

export { refKey };
