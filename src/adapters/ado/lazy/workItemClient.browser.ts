import type { WorkItemTrackingRestClient } from "azure-devops-extension-api/WorkItemTracking";

export const loadWorkItemClient = (): Promise<typeof WorkItemTrackingRestClient> =>
  import(
    /* webpackChunkName: "api-work-items" */ "azure-devops-extension-api/WorkItemTracking"
  ).then((module) => module.WorkItemTrackingRestClient);
