import * as SDK from "azure-devops-extension-sdk";
import type { IHostNavigationService } from "azure-devops-extension-api";
import { ServiceIds } from "./serviceIds";

function navigationService(): Promise<IHostNavigationService> {
  return SDK.getService<IHostNavigationService>(ServiceIds.hostNavigation);
}

/** Navigates the host page (the frame cannot navigate the top window itself). */
export async function navigateHost(url: string): Promise<void> {
  (await navigationService()).navigate(url);
}

/** For React: a fire-and-forget navigate; a failure falls back to opening a new tab. */
export function hostNavigator(): (url: string) => void {
  return (url) => {
    navigateHost(url).catch(() => window.open(url, "_blank", "noopener,noreferrer"));
  };
}

/** The host page's URL hash (without `#`), which the hub uses to deep-link its tabs. */
export async function getHostHash(): Promise<string> {
  return (await navigationService()).getHash();
}

/** Sets the host page's hash (a history entry, so Back returns to the previous tab). */
export async function setHostHash(hash: string): Promise<void> {
  (await navigationService()).setHash(hash);
}

/** Calls `listener` with the new hash when the user navigates (Back/Forward, edited URL). */
export async function onHostHashChanged(listener: (hash: string) => void): Promise<void> {
  (await navigationService()).onHashChanged(listener);
}
