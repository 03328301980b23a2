/*
 * The api clients that only some views need (builds, releases, environments, work items), behind
 * loaders so a browser page fetches each one on first use. In Node (CLI, tests) they are loaded
 * here at once: Node cannot import() the package's ESM build. The browser build swaps this file for
 * lazyApiClients.browser.ts (webpack.config.js), which has the same exports.
 */
import "./nodeGlobals";
import { BuildRestClient } from "azure-devops-extension-api/Build";
import { ReleaseRestClient } from "azure-devops-extension-api/Release";
import { TaskAgentRestClient } from "azure-devops-extension-api/TaskAgent";
import { WorkItemTrackingRestClient } from "azure-devops-extension-api/WorkItemTracking";

export const loadBuildClient = async (): Promise<typeof BuildRestClient> => BuildRestClient;
export const loadReleaseClient = async (): Promise<typeof ReleaseRestClient> => ReleaseRestClient;
export const loadTaskAgentClient = async (): Promise<typeof TaskAgentRestClient> =>
  TaskAgentRestClient;
export const loadWorkItemClient = async (): Promise<typeof WorkItemTrackingRestClient> =>
  WorkItemTrackingRestClient;
