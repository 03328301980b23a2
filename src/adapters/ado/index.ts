/*
 * Public entry of the Azure DevOps adapters. The same code serves the browser (root from the SDK
 * location service, Bearer token from the SDK) and Node (organization URL + PAT).
 */
import { SourceError, type Sources } from "../../core/sources";
import { RawRestClient } from "./apiClients";
import type { AuthProvider } from "./auth";
import { allAreas, sourcesOf, type SourceAreas } from "./areas";
import type { AdapterContext, AdapterRoot } from "./clients/shared";
import type { ServerTarget } from "./apiVersions";
import { detectTarget } from "./serverTarget";
import { routeThroughTransport, Transport, type CallStats, type WaitNotice } from "./transport";
import {
  clientRoot,
  extensionDataRootFor,
  oneSegmentRoutes,
  parseOrgUrl,
  releaseRootFor,
} from "./urls";
import { ExtensionDataAdapter, type ExtensionRef } from "./clients/extensionDataAdapter";

export { SourceError } from "../../core/sources";
export { bearerAuth, patAuth, type AuthProvider } from "./auth";
export { ANNOUNCE_WAIT_MS, type CallStats, type WaitNotice } from "./transport";
export { extensionDataRootFor, parseOrgUrl, releaseRootFor } from "./urls";
export type { ExtensionRef } from "./clients/extensionDataAdapter";
export { SERVER_TARGETS, type ServerTarget } from "./apiVersions";
export { targetOfUrl } from "./serverTarget";
/** The service's work item shape, checked and mapped (the form group maps the form's copy). */
export { mapWorkItem } from "./mappers";
export {
  buildArea,
  checksArea,
  coreArea,
  environmentsArea,
  gitArea,
  policyArea,
  releaseArea,
  workItemsArea,
  type SourceAreas,
} from "./areas";

export interface AdoConnectionOptions {
  /** e.g. https://dev.azure.com/fabrikam or http://127.0.0.1:PORT/fabrikam (trailing slash optional). */
  orgUrl: string;
  /** The Classic Release root; defaults to releaseRootFor(orgUrl). */
  releaseUrl?: string;
  auth: AuthProvider;
  /** Most requests in flight at once (default 6). */
  concurrency?: number;
  retry?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Longest wait for one attempt before it counts as a network error (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * When the whole command must be done (epoch ms): reads that cannot finish before it end as
   * SourceError("deadline"), and a Retry-After past it is not slept. Default: none.
   */
  deadlineAt?: number;
  /** Told of every wait over 5 s (Retry-After, back-off), with its reason and length. */
  onWait?: (notice: WaitNotice) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock of the deadline; injectable for tests. */
  now?: () => number;
  /** Jitter source of the back-offs, in [0, 1); injectable for tests. */
  random?: () => number;
  /**
   * Told when a list was cut: a caller's `max`, or one of the few endpoints that cannot be paged
   * returned its maximum. Default: console.warn.
   */
  onWarning?: (message: string) => void;
  /**
   * Azure DevOps Services or Server 2022 (the api-version table's column), or "detect": Services
   * by the URL, else asked of the server once (connectionData). Default: "services".
   */
  target?: ServerTarget | "detect";
}

export interface AdoSources {
  sources: Sources;
  /** The settings an installed extension keeps in extension data (what its hub saved). */
  extensionData(ref: ExtensionRef): ExtensionDataAdapter;
  calls: () => CallStats;
  resetCalls(): void;
  /** The server the requests go to (found out first when the target is "detect"). */
  target(): Promise<ServerTarget>;
}

/** Puts the real host back into every URL the client sends (see clientRoot). */
function withRestoredHost<TClient extends object>(
  client: TClient,
  restore: (url: string) => string,
): TClient {
  const seam = client as unknown as { _issueRequest(url: string, ...rest: unknown[]): unknown };
  const send = seam._issueRequest.bind(client);
  seam._issueRequest = (url, ...rest) => send(restore(url), ...rest);
  return client;
}

/** The class behind a lazy client; a page that cannot fetch it reads as a network failure. */
async function loadedClass<T>(load: () => Promise<T>, area: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SourceError("network", `could not load the ${area} client (${detail})`);
  }
}

/** `make` run on the first call and its result shared; a failure is not kept (the next call retries). */
function sharedOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (made === undefined) {
      made = make();
      made.catch(() => (made = undefined));
    }
    return made;
  };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : url + "/";
}

/** What the adapters build their clients with: each routed through the one transport. */
function adapterContext(
  transport: Transport,
  roots: Record<AdapterRoot, string>,
  warn: (message: string) => void,
): AdapterContext {
  /** A client on a root its URL parser can read, each route value one segment, sent by transport. */
  const routed = <TClient extends object>(
    create: (rootPath: string) => TClient,
    root: AdapterRoot,
    area: string,
    format?: "numbers" | "strings",
  ): TClient => {
    const { root: rootPath, restore } = clientRoot(roots[root]);
    const client = routeThroughTransport(
      oneSegmentRoutes(create(rootPath)),
      transport,
      area,
      format,
    );
    return withRestoredHost(client, restore);
  };
  return {
    client: (clientClass, area, root = "org") =>
      routed((rootPath) => new clientClass({ rootPath }), root, area),
    lazyClient: (load, area, root = "org") =>
      sharedOnce(async () => {
        const clientClass = await loadedClass(load, area);
        return routed((rootPath) => new clientClass({ rootPath }), root, area);
      }),
    raw: (area, format = "numbers", root = "org") =>
      routed((rootPath) => new RawRestClient({ rootPath }), root, area, format),
    warn,
  };
}

/** Sources for every area (the CLI, the task, the hub and the pages that read everything). */
export function createAdoSources(options: AdoConnectionOptions): AdoSources {
  return createAdoSourcesFor(options, allAreas);
}

/**
 * Sources for the areas given only; reading any other area fails (see unreadArea). The areas
 * left out, with their adapters and REST clients, are left out of a page's bundle too.
 */
export function createAdoSourcesFor(options: AdoConnectionOptions, areas: SourceAreas): AdoSources {
  const { orgUrl } = parseOrgUrl(options.orgUrl);
  const releaseUrl = options.releaseUrl
    ? options.releaseUrl.trim().replace(/\/+$/, "")
    : releaseRootFor(orgUrl);
  const transport: Transport = new Transport({
    auth: options.auth,
    concurrency: options.concurrency,
    retry: options.retry,
    sleep: options.sleep,
    requestTimeoutMs: options.requestTimeoutMs,
    deadlineAt: options.deadlineAt,
    onWait: options.onWait,
    now: options.now,
    random: options.random,
    target:
      options.target === "detect"
        ? (): Promise<ServerTarget> => detectTarget(orgUrl, transport)
        : (options.target ?? "services"),
  });
  const roots = {
    org: withSlash(orgUrl),
    release: withSlash(releaseUrl),
    extensions: withSlash(extensionDataRootFor(orgUrl)),
  };
  const warn = options.onWarning ?? ((message: string) => console.warn(message));

  const context = adapterContext(transport, roots, warn);

  const sources = sourcesOf(context, areas);

  return {
    sources,
    extensionData: (ref) => new ExtensionDataAdapter(context, ref),
    calls: () => transport.calls(),
    resetCalls: () => transport.resetCalls(),
    target: () => transport.target(),
  };
}
