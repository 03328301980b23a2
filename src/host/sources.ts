import * as SDK from "azure-devops-extension-sdk";
import { bearerAuth, createAdoSources } from "../adapters/ado";
import type { Sources } from "../core/sources";
import type { HostContext } from "./sdk";

/**
 * Sources reading the host organisation with the user's token (the SDK refreshes it), and the
 * number of REST requests they have made (reports state it).
 */
export function createBrowserSources(host: Pick<HostContext, "orgUrl" | "releaseUrl">): {
  sources: Sources;
  restCalls: () => number;
} {
  const connection = createAdoSources({
    orgUrl: host.orgUrl,
    releaseUrl: host.releaseUrl,
    auth: bearerAuth(() => SDK.getAccessToken()),
  });
  return { sources: connection.sources, restCalls: () => connection.calls().total };
}
