import type { ReleaseRestClient } from "azure-devops-extension-api/Release";

export const loadReleaseClient = (): Promise<typeof ReleaseRestClient> =>
  import(/* webpackChunkName: "api-release" */ "azure-devops-extension-api/Release").then(
    (module) => module.ReleaseRestClient,
  );
