/*
 * Every paging style of the REST contracts (§1.6) in one place. Each helper reads to the end or
 * throws a SourceError; none returns a short list silently.
 */
import { SourceError } from "../../core/sources";

/** A page as the header-paged client methods return it: items plus the next token, if any. */
export interface TokenPage<T> {
  items: T[];
  continuationToken?: string | null;
}

/** Upper bound on pages of one listing, so a service that never stops cannot hang a run. */
const MAX_PAGES = 10_000;

/** Items of a list body: a bare array (noArrayWrap) or the `{count, value}` envelope. */
export function itemsOf(body: unknown, what: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === "object" && Array.isArray((body as { value?: unknown }).value)) {
    return (body as { value: unknown[] }).value;
  }
  // `null`, an empty body or `{}` is a broken answer, never an empty list: an empty list comes
  // as `[]` or `{count: 0, value: []}`.
  throw new SourceError("malformed", `${what}: expected a list but got ${typeName(body)}`);
}

/** A header-paged client result (array or envelope, with `continuationToken` attached). */
export function tokenPageOf(body: unknown, what: string): TokenPage<unknown> {
  const token =
    body && typeof body === "object"
      ? (body as { continuationToken?: unknown }).continuationToken
      : undefined;
  return {
    items: itemsOf(body, what),
    continuationToken: typeof token === "string" && token.length > 0 ? token : undefined,
  };
}

/**
 * Header continuation (`x-ms-continuationtoken`): call with no token, then with each returned
 * token until none comes back. `limit` stops early once that many items are collected; the
 * caller learns from `truncated` whether more existed. `reached` stops after the page it accepts
 * (a read asked to go down to a point, e.g. a record id, in a newest-first list): what was asked
 * for is then complete, so that is not truncation.
 */
export async function collectByContinuationToken<T>(
  fetchPage: (token: string | undefined) => Promise<TokenPage<T>>,
  what: string,
  limit?: number,
  reached?: (page: readonly T[]) => boolean,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(token);
    items.push(...result.items);
    const next = result.continuationToken ?? undefined;
    if (limit !== undefined && items.length >= limit) {
      return { items: items.slice(0, limit), truncated: items.length > limit || !!next };
    }
    if (!next || reached?.(result.items)) return { items, truncated: false };
    if (seen.has(next)) {
      throw new SourceError(
        "malformed",
        `${what}: the service returned the continuation token "${next}" twice; stopped paging to avoid an endless loop`,
      );
    }
    seen.add(next);
    token = next;
  }
  throw new SourceError("malformed", `${what}: more than ${MAX_PAGES} pages; stopped paging`);
}

/**
 * For a newest-first listing read down to `downToId`: whether a page holds everything wanted
 * above it, so paging may stop. Only a page whose ids fall is taken as newest first (the order is
 * inferred, not documented): a page in any other order never stops the read, which then goes
 * to the end and misses nothing.
 */
export function reachesIdNewestFirst(ids: readonly number[], downToId: number): boolean {
  const falling = ids.every((id, at) => at === 0 || id < ids[at - 1]);
  return falling && ids.some((id) => id <= downToId);
}

/** Header continuation without a limit: the whole list. */
export async function collectAllByContinuationToken<T>(
  fetchPage: (token: string | undefined) => Promise<TokenPage<T>>,
  what: string,
): Promise<T[]> {
  return (await collectByContinuationToken(fetchPage, what)).items;
}

/**
 * `$top`/`$skip`: ask for pages of `pageSize` until a page comes back shorter. `idOf` lets it
 * notice a service that ignores `$skip` (the same first item twice) instead of looping.
 */
export async function collectByTopSkip<T>(
  fetchPage: (top: number, skip: number) => Promise<T[]>,
  pageSize: number,
  what: string,
  idOf?: (item: T) => string | number,
): Promise<T[]> {
  const items: T[] = [];
  const firstIds = new Set<string | number>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(pageSize, items.length);
    if (idOf && result.length > 0) {
      const first = idOf(result[0]);
      if (firstIds.has(first)) {
        throw new SourceError(
          "malformed",
          `${what}: the page at $skip=${items.length} repeats an earlier page (the service ignored $skip); stopped paging`,
        );
      }
      firstIds.add(first);
    }
    items.push(...result);
    if (result.length < pageSize) return items;
  }
  throw new SourceError("malformed", `${what}: more than ${MAX_PAGES} pages; stopped paging`);
}

/**
 * Integer continuation (Classic releases): the next page starts from the id the service names in
 * `x-ms-continuationtoken`, or, when it names none, from the last id seen. A page shorter than
 * asked ends the listing only when no token came with it (services may cut pages short).
 * Whether the service treats the token as inclusive or exclusive, de-duplicating by id gives
 * each item once; a page that adds nothing new ends the listing, unless the service still names
 * a next page (then it loops, which is malformed, like a token it sends twice).
 */
export async function collectByIdContinuation<T>(
  fetchPage: (continuationToken: number | undefined, top: number) => Promise<T[] | TokenPage<T>>,
  idOf: (item: T) => number,
  what: string,
  options: {
    pageSize: number;
    limit?: number;
    /** Newest first: stop after the page that holds this id or a lower one. */
    downToId?: number;
  },
): Promise<{ items: T[]; truncated: boolean }> {
  const { pageSize, limit, downToId } = options;
  const items: T[] = [];
  const seen = new Set<number>();
  let token: number | undefined;
  // An inclusive token repeats the last item, so a page of one would never get past it.
  const top = Math.max(pageSize, 2);
  for (let page = 0; page < MAX_PAGES; page++) {
    const fetched = await fetchPage(token, top);
    const result = Array.isArray(fetched) ? fetched : fetched.items;
    const headerToken = Array.isArray(fetched)
      ? undefined
      : (fetched.continuationToken ?? undefined);
    let added = 0;
    for (const item of result) {
      const id = idOf(item);
      if (!seen.has(id)) {
        seen.add(id);
        items.push(item);
        added += 1;
      }
    }
    const full = result.length >= top;
    if (limit !== undefined && items.length >= limit) {
      return {
        items: items.slice(0, limit),
        truncated: items.length > limit || full || headerToken !== undefined,
      };
    }
    if (headerToken !== undefined && (headerToken === String(token) || added === 0)) {
      // The service names the page it just sent (or one with nothing new) as the next one:
      // following it would loop, and stopping would cut the list short without saying so.
      throw new SourceError(
        "malformed",
        `${what}: the service returned the continuation token "${headerToken}" for a page it had already sent; stopped paging to avoid an endless loop`,
      );
    }
    if (added === 0 || (!full && headerToken === undefined)) return { items, truncated: false };
    if (downToId !== undefined && result.some((item) => idOf(item) <= downToId))
      return { items, truncated: false };
    // A token that is not an id still says "more"; the last id seen is then where to go on.
    token =
      headerToken !== undefined && /^\d+$/.test(headerToken)
        ? Number(headerToken)
        : idOf(result[result.length - 1]);
  }
  throw new SourceError("malformed", `${what}: more than ${MAX_PAGES} pages; stopped paging`);
}

/** The hard cap on one WIQL result (VS402337 above it). */
export const WIQL_RESULT_CAP = 20_000;

/**
 * WIQL past the 20,000 cap: ask for ids above the last one seen, ordered by id, `$top` at a
 * time. `runQuery(wiql, top)` returns the ids of one page.
 */
export async function collectWiqlIds(
  runQuery: (wiql: string, top: number) => Promise<number[]>,
  where: string,
  what: string,
  pageSize: number = WIQL_RESULT_CAP,
): Promise<number[]> {
  const ids: number[] = [];
  let last = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const wiql =
      `SELECT [System.Id] FROM WorkItems WHERE ${where} AND [System.Id] > ${last} ` +
      `ORDER BY [System.Id] ASC`;
    const result = await runQuery(wiql, pageSize);
    for (const id of result) {
      if (!(id > last)) {
        throw new SourceError(
          "malformed",
          `${what}: WIQL returned id ${id} after ${last} although it asked for ascending ids above ${last}`,
        );
      }
      last = id;
      ids.push(id);
    }
    if (result.length < pageSize) return ids;
  }
  throw new SourceError("malformed", `${what}: more than ${MAX_PAGES} pages; stopped paging`);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object without a value list" : `a ${typeof value}`;
}
