/**
 * One extension data document that several writers share (a scan, an open hub, a pipeline task):
 * read it with its version, merge, and write back against that version only. The score history
 * and the deployment index both go through `updateVersioned`, so there is one retry loop.
 */

/** A stored document and its version (the service's `__etag`). */
export interface VersionedValue {
  value: unknown;
  etag: number;
}

/**
 * Extension data with optimistic concurrency: `write` with the etag that was read replaces that
 * version only; with no etag it creates the document only if there is none. It answers false
 * when someone else wrote in between (the service's 409), and throws on any other failure.
 */
export interface VersionedStore {
  read(key: string): Promise<VersionedValue | undefined>;
  write(key: string, value: unknown, etag: number | undefined): Promise<boolean>;
}

/** Conflicting writers rarely number more than a few (a scan and a couple of open dashboards). */
export const MAX_WRITE_ATTEMPTS = 5;

/** What a merge answers: the document to store, and whether it differs from what was read. */
export interface MergedDocument<T> {
  value: T;
  changed: boolean;
}

/**
 * Reads `key`, merges with `merge(stored value)` and writes the result back against the version
 * read; on a conflict it reads and merges again, so no writer's addition is lost. A merge that
 * changes nothing is not written (a write would only risk a conflict). `what` names the
 * document in the error thrown after MAX_WRITE_ATTEMPTS conflicts in a row.
 */
export async function updateVersioned<T>(
  store: VersionedStore,
  key: string,
  merge: (stored: unknown) => MergedDocument<T>,
  what: string,
): Promise<T> {
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
    const stored = await store.read(key);
    const merged = merge(stored?.value);
    if (stored && !merged.changed) return merged.value;
    if (await store.write(key, merged.value, stored?.etag)) return merged.value;
  }
  throw new Error(
    `The ${what} was changed by someone else ${MAX_WRITE_ATTEMPTS} times in a row while it was being saved.`,
  );
}
