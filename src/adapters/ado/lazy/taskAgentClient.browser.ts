import type { TaskAgentRestClient } from "azure-devops-extension-api/TaskAgent";

export const loadTaskAgentClient = (): Promise<typeof TaskAgentRestClient> =>
  import(/* webpackChunkName: "api-task-agent" */ "azure-devops-extension-api/TaskAgent").then(
    (module) => module.TaskAgentRestClient,
  );
