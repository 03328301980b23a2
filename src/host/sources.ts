import * as SDK from "azure-devops-extension-sdk";
import { bearerAuth, createAdoSources } from "../adapters/ado";
import type { Sources } from "../core/sources";
import type { HostContext } from "./sdk";

/** Sources reading the host organisation with the user's token (the SDK refreshes it). */
export function createBrowserSources(host: Pick<HostContext, "orgUrl" | "releaseUrl">): Sources {
  return createAdoSources({
    orgUrl: host.orgUrl,
    releaseUrl: host.releaseUrl,
    auth: bearerAuth(() => SDK.getAccessToken()),
  }).sources;
}
