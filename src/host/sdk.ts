import * as SDK from "azure-devops-extension-sdk";
import type { ILocationService, IProjectPageService } from "azure-devops-extension-api";
// The pure URL helpers only: the adapters' index would pull every REST client into pages that
// read no data (the compliance widget configuration).
import type { ServerTarget } from "../adapters/ado/apiVersions";
import { targetOfUrl } from "../adapters/ado/serverTarget";
import { releaseRootFor } from "../adapters/ado/urls";
import { ResourceAreaIds, ServiceIds } from "./serviceIds";

/** What every contribution learns from the host before it reads data. */
export interface HostContext {
  project: { id: string; name: string };
  /** Organisation root for REST and web links, without a trailing slash. */
  orgUrl: string;
  /** Classic release root, without a trailing slash. */
  releaseUrl: string;
  /** The fully-qualified id of the running contribution. */
  contributionId: string;
  /** The extension's full id (`publisher.extension`), for extension data. */
  extensionId: string;
  /** Azure DevOps Services or Server, as the host says (it picks the api-versions). */
  target: ServerTarget;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * The project the handshake named, if it named one. SDK 4.2's getWebContext() throws when the
 * handshake carried no webContext (hosts have sent none, and `webContext: {}`), so a throw here is
 * "not said", not a failure.
 */
function handshakeProject(): { id?: string; name?: string } | undefined {
  try {
    return SDK.getWebContext()?.project;
  } catch {
    return undefined;
  }
}

async function currentProject(): Promise<{ id: string; name: string }> {
  const fromContext = handshakeProject();
  if (fromContext?.id && fromContext.name) return { id: fromContext.id, name: fromContext.name };
  // Without it, the project page service (IProjectPageService) knows the page's project.
  const pageData = await SDK.getService<IProjectPageService>(ServiceIds.projectPageData);
  const project = await pageData.getProject();
  if (!project) throw new Error("The host did not say which project this page belongs to.");
  return { id: project.id, name: project.name };
}

async function resourceRoots(): Promise<{ orgUrl: string; releaseUrl: string }> {
  const location = await SDK.getService<ILocationService>(ServiceIds.location);
  const orgUrl = withoutTrailingSlash(await location.getResourceAreaLocation(ResourceAreaIds.git));
  let releaseUrl: string;
  try {
    releaseUrl = withoutTrailingSlash(
      await location.getResourceAreaLocation(ResourceAreaIds.release),
    );
  } catch {
    // Hosts without the release area registered: derive vsrm from the organisation URL.
    releaseUrl = releaseRootFor(orgUrl);
  }
  return { orgUrl, releaseUrl };
}

/**
 * Services or Server, as the host says (`isHosted`); a legacy host without a host context (where
 * getHost throws) is told by its URL, any host but dev.azure.com and *.visualstudio.com being a
 * Server.
 */
function hostTarget(orgUrl: string): ServerTarget {
  let isHosted: boolean | undefined;
  try {
    isHosted = SDK.getHost().isHosted;
  } catch {
    isHosted = undefined;
  }
  if (typeof isHosted === "boolean") return isHosted ? "services" : "server-2022";
  return targetOfUrl(orgUrl) ?? "server-2022";
}

/**
 * Handshake with the host (theme applied, load reported later by the caller), then resolve the
 * project and the REST roots. Call once per page.
 */
export async function initExtension(
  options: { loaded?: boolean } = { loaded: false },
): Promise<HostContext> {
  await SDK.init({ loaded: options.loaded ?? false, applyTheme: true });
  await SDK.ready();
  const [project, roots] = await Promise.all([currentProject(), resourceRoots()]);
  return {
    project,
    ...roots,
    contributionId: SDK.getContributionId(),
    extensionId: SDK.getExtensionContext().id,
    target: hostTarget(roots.orgUrl),
  };
}

export function notifyLoadSucceeded(): Promise<void> {
  return SDK.notifyLoadSucceeded();
}

export function notifyLoadFailed(error: unknown): Promise<void> {
  return SDK.notifyLoadFailed(error instanceof Error ? error : String(error));
}

/** Asks the host to size the frame to the page's content (both dimensions default to it). */
export function resizeToContent(height?: number): void {
  SDK.resize(undefined, height);
}

/**
 * Registers the object the host calls (widget load, form events). The host looks for the
 * fully-qualified contribution id first and then the short one, so register under both.
 */
export function registerContributionObject<T extends object>(
  shortId: string,
  factory: () => T,
): { registerFullId(): void } {
  SDK.register(shortId, factory);
  return {
    registerFullId: () => {
      const fullId = SDK.getContributionId();
      if (fullId !== shortId) SDK.register(fullId, factory);
    },
  };
}

/** The registered object under the running contribution's full id (available after init). */
export function registerForCurrentContribution<T extends object>(factory: () => T): void {
  SDK.register(SDK.getContributionId(), factory);
}
