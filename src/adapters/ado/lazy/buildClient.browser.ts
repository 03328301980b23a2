import type { BuildRestClient } from "azure-devops-extension-api/Build";

export const loadBuildClient = (): Promise<typeof BuildRestClient> =>
  import(/* webpackChunkName: "api-build" */ "azure-devops-extension-api/Build").then(
    (module) => module.BuildRestClient,
  );
