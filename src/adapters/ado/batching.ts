/** Id batching: split into service-sized chunks and run them through the transport. */

/** The most ids `wit/workitems` and `wit/workitemsbatch` take in one call. */
export const WORK_ITEM_BATCH_SIZE = 200;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`chunk size must be a positive integer (got ${size})`);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/**
 * Runs one call per chunk and concatenates the results in chunk order. All chunks are started
 * at once; the transport's semaphore bounds how many are actually in flight.
 */
export async function runInBatches<TId, TResult>(
  ids: readonly TId[],
  size: number,
  call: (batch: TId[]) => Promise<TResult[]>,
): Promise<TResult[]> {
  const results = await Promise.all(chunk(ids, size).map((batch) => call(batch)));
  return results.flat();
}

/** Distinct values in first-seen order. */
export function distinct<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
