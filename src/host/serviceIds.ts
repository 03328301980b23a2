/*
 * Host service contribution ids as strings: the api package declares them in a `declare const enum`
 * that isolated-module builds cannot read.
 */
export const ServiceIds = {
  location: "ms.vss-features.location-service",
  hostNavigation: "ms.vss-features.host-navigation-service",
  extensionData: "ms.vss-features.extension-data-service",
  projectPageData: "ms.vss-tfs-web.tfs-page-data-service",
  workItemForm: "ms.vss-work-web.work-item-form",
} as const;

/** Resource areas whose roots the location service resolves. */
export const ResourceAreaIds = {
  /** Served from the organisation root (dev.azure.com/{org}/). */
  git: "4e080c62-fa21-4fbc-8fef-2a10a2b38049",
  /** Classic release has its own host (vsrm.dev.azure.com/{org}/). */
  release: "efc2f575-36ef-48e9-b672-0c6fb4a48ac5",
} as const;
