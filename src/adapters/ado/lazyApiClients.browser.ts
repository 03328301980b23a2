/*
 * Browser twin of lazyApiClients.ts (webpack resolves that file to this one): each client is a
 * chunk of its own, fetched the first time an adapter reads through it, so a page that shows only
 * repositories and policies never downloads the build, release, environment or work item clients.
 * Each loader is a module of its own: an import() stays in a bundle even when the function around
 * it is unused, so a page built without an area (createAdoSourcesFor) drops its loader's module.
 */
export { loadBuildClient } from "./lazy/buildClient.browser";
export { loadReleaseClient } from "./lazy/releaseClient.browser";
export { loadTaskAgentClient } from "./lazy/taskAgentClient.browser";
export { loadWorkItemClient } from "./lazy/workItemClient.browser";
