import * as SDK from "azure-devops-extension-sdk";
import {
  bearerAuth,
  createAdoSources,
  createAdoSourcesFor,
  type AdoConnectionOptions,
  type AdoSources,
  type SourceAreas,
} from "../adapters/ado";
import { createWaitFeed, type Sources, type WaitFeed } from "../core/sources";
import type { HostContext } from "./sdk";

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
} from "../adapters/ado";

type SourcesHost = Pick<HostContext, "orgUrl" | "releaseUrl"> &
  Partial<Pick<HostContext, "target">>;

export interface BrowserSources {
  sources: Sources;
  restCalls: () => number;
  waits: WaitFeed;
}

function browserSources(
  host: SourcesHost,
  create: (options: AdoConnectionOptions) => AdoSources,
): BrowserSources {
  const { feed, publish } = createWaitFeed();
  const connection = create({
    orgUrl: host.orgUrl,
    releaseUrl: host.releaseUrl,
    auth: bearerAuth(() => SDK.getAccessToken()),
    onWait: publish,
    target: host.target ?? "services",
  });
  return { sources: connection.sources, restCalls: () => connection.calls().total, waits: feed };
}

/**
 * Sources reading the host organisation with the user's token (the SDK refreshes it), the
 * number of REST requests they have made (reports state it), and the long waits they choose
 * (views announce them).
 */
export function createBrowserSources(host: SourcesHost): BrowserSources {
  return browserSources(host, createAdoSources);
}

/** The same for a page that reads only `areas` (its bundle carries no other REST client). */
export function createBrowserSourcesFor(host: SourcesHost, areas: SourceAreas): BrowserSources {
  return browserSources(host, (options) => createAdoSourcesFor(options, areas));
}
