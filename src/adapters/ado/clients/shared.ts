import { SourceError, isSourceError, markIncomplete } from "../../../core/sources";
import { RawRestClient, type RequestParams } from "../apiClients";
import type { TokenPage } from "../paging";
import { itemsOf } from "../paging";
import type { RawResponse } from "../transport";

/** The service hosts: the organization, Classic Release (vsrm), extension data (extmgmt). */
export type AdapterRoot = "org" | "release" | "extensions";

/** What every adapter needs: the routed clients come from here, warnings go to `warn`. */
export interface AdapterContext {
  /** Creates a generated client routed through the transport, counted under `area`. */
  client<TClient extends object>(
    clientClass: new (options: { rootPath: string }) => TClient,
    area: string,
    root?: AdapterRoot,
  ): TClient;
  /**
   * Like `client`, for a class loaded on first use (see lazyApiClients.ts): the client is made
   * once, when the returned function is first called.
   */
  lazyClient<TClient extends object>(
    load: () => Promise<new (options: { rootPath: string }) => TClient>,
    area: string,
    root?: AdapterRoot,
  ): () => Promise<TClient>;
  /** A client for hand-written routes; `strings` asks for enums as names. */
  raw(area: string, format?: "numbers" | "strings", root?: AdapterRoot): RawRestClient;
  /** Reports a list that was cut (a caller's limit, or a service cap that cannot be paged). */
  warn(message: string): void;
}

/**
 * Runs one port operation. SourceErrors pass through; anything else (a shape the mappers did
 * not expect, a TypeError inside a client) becomes SourceError("malformed") naming the operation.
 * An answer of the wrong shape (`null`, `{}` where a list was expected, a field of the wrong
 * type) is read again once: a proxy or a hiccup may have cut it; a second one is reported.
 */
export async function guarded<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    try {
      return await run();
    } catch (error) {
      if (!isShapeError(error)) throw error;
      return await run();
    }
  } catch (error) {
    if (isSourceError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SourceError("malformed", `${operation}: unexpected response (${detail})`);
  }
}

/**
 * A listing of items with ids. An id that comes twice means the list shifted while it was paged,
 * so items may also have been skipped: it is read again once. If it shifts again, one copy of
 * each id is kept and the list is marked possibly incomplete (engines record it as
 * not-available), never returned silently thinner or with duplicates.
 */
export async function guardedList<T>(
  operation: string,
  idOf: (item: T) => string | number,
  run: () => Promise<T[]>,
): Promise<T[]> {
  return guarded(operation, async () => {
    const first = await run();
    if (repeatedId(first, idOf) === undefined) return first;
    const second = await run();
    const repeated = repeatedId(second, idOf);
    if (repeated === undefined) return second;
    const seen = new Set<string | number>();
    const distinctItems = second.filter((item) => !seen.has(idOf(item)) && !!seen.add(idOf(item)));
    return markIncomplete(distinctItems, {
      what: operation,
      kind: "malformed",
      reason: `${operation}: the list changed while it was read (id ${String(repeated)} came twice, also when read again); items may be missing`,
    });
  });
}

function repeatedId<T>(
  items: T[],
  idOf: (item: T) => string | number,
): string | number | undefined {
  const seen = new Set<string | number>();
  for (const item of items) {
    const id = idOf(item);
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

/** A malformed answer found by the adapters' shape checks (the transport's carry a URL). */
function isShapeError(error: unknown): boolean {
  return isSourceError(error) && error.kind === "malformed" && error.url === undefined;
}

/** One page of a hand-written header-paged route. */
export async function rawTokenPage(
  client: RawRestClient,
  params: RequestParams,
  what: string,
): Promise<TokenPage<unknown>> {
  const response = await client.request<RawResponse>({ ...params, returnRawResponse: true });
  const token = response.headers.get("x-ms-continuationtoken");
  return { items: itemsOf(await response.json(), what), continuationToken: token || undefined };
}

/** The id of a listed item, for guardedList. */
export const byId = (item: { id: string | number }): string | number => item.id;
