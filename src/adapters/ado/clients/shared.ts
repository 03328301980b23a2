import { SourceError, isSourceError } from "../../../core/sources";
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
  /** A client for hand-written routes; `strings` asks for enums as names. */
  raw(area: string, format?: "numbers" | "strings", root?: AdapterRoot): RawRestClient;
  /** Reports a list that was cut (a caller's limit, or a service cap that cannot be paged). */
  warn(message: string): void;
}

/**
 * Runs one port operation. SourceErrors pass through; anything else (a shape the mappers did
 * not expect, a TypeError inside a client) becomes SourceError("malformed") naming the operation.
 */
export async function guarded<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isSourceError(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SourceError("malformed", `${operation}: unexpected response (${detail})`);
  }
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
