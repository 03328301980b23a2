import * as SDK from "azure-devops-extension-sdk";
import { bearerAuth, createAdoSources } from "../adapters/ado";
import { createWaitFeed, type Sources, type WaitFeed } from "../core/sources";
import type { HostContext } from "./sdk";

/**
 * Sources reading the host organisation with the user's token (the SDK refreshes it), the
 * number of REST requests they have made (reports state it), and the long waits they choose
 * (views announce them).
 */
export function createBrowserSources(
  host: Pick<HostContext, "orgUrl" | "releaseUrl"> & Partial<Pick<HostContext, "target">>,
): {
  sources: Sources;
  restCalls: () => number;
  waits: WaitFeed;
} {
  const { feed, publish } = createWaitFeed();
  const connection = createAdoSources({
    orgUrl: host.orgUrl,
    releaseUrl: host.releaseUrl,
    auth: bearerAuth(() => SDK.getAccessToken()),
    onWait: publish,
    target: host.target ?? "services",
  });
  return { sources: connection.sources, restCalls: () => connection.calls().total, waits: feed };
}
