/*
 * Public entry of the Azure DevOps adapters. The same code serves the browser (root from the SDK
 * location service, Bearer token from the SDK) and Node (organization URL + PAT).
 */
import type { Sources } from "../../core/sources";
import { RawRestClient } from "./apiClients";
import type { AuthProvider } from "./auth";
import { BuildAdapter } from "./clients/buildAdapter";
import { ChecksAdapter } from "./clients/checksAdapter";
import { CoreAdapter } from "./clients/coreAdapter";
import { EnvironmentAdapter } from "./clients/environmentAdapter";
import { GitAdapter } from "./clients/gitAdapter";
import { PolicyAdapter } from "./clients/policyAdapter";
import { ReleaseAdapter } from "./clients/releaseAdapter";
import type { AdapterContext } from "./clients/shared";
import { WorkItemAdapter } from "./clients/workItemAdapter";
import { routeThroughTransport, Transport, type CallStats } from "./transport";
import { extensionDataRootFor, parseOrgUrl, releaseRootFor } from "./urls";
import { ExtensionDataAdapter, type ExtensionRef } from "./clients/extensionDataAdapter";

export { SourceError } from "../../core/sources";
export { bearerAuth, patAuth, type AuthProvider } from "./auth";
export type { CallStats } from "./transport";
export { extensionDataRootFor, parseOrgUrl, releaseRootFor } from "./urls";
export type { ExtensionRef } from "./clients/extensionDataAdapter";

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
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Told when a list was cut: a caller's `max`, or one of the few endpoints that cannot be paged
   * returned its maximum. Default: console.warn.
   */
  onWarning?: (message: string) => void;
}

export interface AdoSources {
  sources: Sources;
  /** The settings an installed extension keeps in extension data (what its hub saved). */
  extensionData(ref: ExtensionRef): ExtensionDataAdapter;
  calls: () => CallStats;
  resetCalls(): void;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : url + "/";
}

export function createAdoSources(options: AdoConnectionOptions): AdoSources {
  const { orgUrl } = parseOrgUrl(options.orgUrl);
  const releaseUrl = options.releaseUrl
    ? options.releaseUrl.trim().replace(/\/+$/, "")
    : releaseRootFor(orgUrl);
  const transport = new Transport({
    auth: options.auth,
    concurrency: options.concurrency,
    retry: options.retry,
    sleep: options.sleep,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const roots = {
    org: withSlash(orgUrl),
    release: withSlash(releaseUrl),
    extensions: withSlash(extensionDataRootFor(orgUrl)),
  };
  const warn = options.onWarning ?? ((message: string) => console.warn(message));

  const context: AdapterContext = {
    client: (clientClass, area, root = "org") =>
      routeThroughTransport(new clientClass({ rootPath: roots[root] }), transport, area),
    raw: (area, format = "numbers", root = "org") =>
      routeThroughTransport(new RawRestClient({ rootPath: roots[root] }), transport, area, format),
    warn,
  };

  const sources: Sources = {
    core: new CoreAdapter(context),
    git: new GitAdapter(context),
    policy: new PolicyAdapter(context),
    build: new BuildAdapter(context),
    environments: new EnvironmentAdapter(context),
    checks: new ChecksAdapter(context),
    release: new ReleaseAdapter(context),
    workItems: new WorkItemAdapter(context),
  };

  return {
    sources,
    extensionData: (ref) => new ExtensionDataAdapter(context, ref),
    calls: () => transport.calls(),
    resetCalls: () => transport.resetCalls(),
  };
}
