/**
 * Which server an organization URL points at: Azure DevOps Services, or Azure DevOps Server
 * (2022 and later). The api-version table has a column for each.
 */
import type { ServerTarget } from "./apiVersions";
import type { Transport } from "./transport";

/** Services by its URL (dev.azure.com, *.visualstudio.com); undefined for any other host. */
export function targetOfUrl(orgUrl: string): ServerTarget | undefined {
  let host: string;
  try {
    host = new URL(orgUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return host === "dev.azure.com" || host.endsWith(".visualstudio.com") ? "services" : undefined;
}

/**
 * The target of an organization URL: Services by its URL, else what the server says of itself
 * in `_apis/connectionData` (`deploymentType`: "hosted" on Services, "onPremises" on Server).
 * A server that does not say is read as Server 2022: its api-versions are ones Services
 * accepts too. A failed read throws (the caller asks again on its next request).
 */
export async function detectTarget(orgUrl: string, transport: Transport): Promise<ServerTarget> {
  const fromUrl = targetOfUrl(orgUrl);
  if (fromUrl) return fromUrl;
  const body = await transport.send({
    area: "location",
    url: `${orgUrl.replace(/\/+$/, "")}/_apis/connectionData`,
    // The table's version for connectionData is the same on every target (see apiVersions.ts).
    apiVersion: "7.0-preview.1",
    params: {},
    format: "strings",
  });
  const deploymentType = (body as { deploymentType?: unknown } | null)?.deploymentType;
  return deploymentType === "hosted" ? "services" : "server-2022";
}
