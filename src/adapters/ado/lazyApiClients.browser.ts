/*
 * Browser twin of lazyApiClients.ts (webpack resolves that file to this one): each client is a
 * chunk of its own, fetched the first time an adapter reads through it, so a page that shows only
 * repositories and policies never downloads the build, release, environment or work item clients.
 */
import type { BuildRestClient } from "azure-devops-extension-api/Build";
import type { ReleaseRestClient } from "azure-devops-extension-api/Release";
import type { TaskAgentRestClient } from "azure-devops-extension-api/TaskAgent";
import type { WorkItemTrackingRestClient } from "azure-devops-extension-api/WorkItemTracking";

export const loadBuildClient = (): Promise<typeof BuildRestClient> =>
  import(/* webpackChunkName: "api-build" */ "azure-devops-extension-api/Build").then(
    (module) => module.BuildRestClient,
  );
export const loadReleaseClient = (): Promise<typeof ReleaseRestClient> =>
  import(/* webpackChunkName: "api-release" */ "azure-devops-extension-api/Release").then(
    (module) => module.ReleaseRestClient,
  );
export const loadTaskAgentClient = (): Promise<typeof TaskAgentRestClient> =>
  import(/* webpackChunkName: "api-task-agent" */ "azure-devops-extension-api/TaskAgent").then(
    (module) => module.TaskAgentRestClient,
  );
export const loadWorkItemClient = (): Promise<typeof WorkItemTrackingRestClient> =>
  import(
    /* webpackChunkName: "api-work-items" */ "azure-devops-extension-api/WorkItemTracking"
  ).then((module) => module.WorkItemTrackingRestClient);
