import type { DeploymentRecord, Environment } from "../../../core/model";
import type { EnvironmentSource } from "../../../core/sources";
import type { TaskAgentRestClient } from "azure-devops-extension-api/TaskAgent";
import { loadTaskAgentClient } from "../apiClients";
import { mapDeploymentRecord, mapEnvironment } from "../mappers";
import {
  collectAllByContinuationToken,
  collectByContinuationToken,
  reachesIdNewestFirst,
  tokenPageOf,
} from "../paging";
import { byId, guardedList, type AdapterContext } from "./shared";

const PAGE_SIZE = 500;

export class EnvironmentAdapter implements EnvironmentSource {
  private readonly taskAgent: () => Promise<TaskAgentRestClient>;

  constructor(context: AdapterContext) {
    this.taskAgent = context.lazyClient(loadTaskAgentClient, "environments");
  }

  listEnvironments(project: string): Promise<Environment[]> {
    const what = `environments of ${project}`;
    return guardedList(`list ${what}`, byId, async () => {
      const items = await collectAllByContinuationToken(
        async (token) =>
          tokenPageOf(
            await (await this.taskAgent()).getEnvironments(project, undefined, token, PAGE_SIZE),
            what,
          ),
        what,
      );
      return items.map(mapEnvironment);
    });
  }

  listDeploymentRecords(
    project: string,
    environmentId: number,
    options: { downToId?: number } = {},
  ): Promise<DeploymentRecord[]> {
    const what = `deployment records of environment ${environmentId}`;
    const { downToId } = options;
    // Newest first: a page holding an id at or below the stop has everything above it.
    const reached =
      downToId === undefined
        ? undefined
        : (page: readonly unknown[]) =>
            reachesIdNewestFirst(
              page.map((record) => Number((record as { id?: unknown }).id)),
              downToId,
            );
    return guardedList(`list ${what}`, byId, async () => {
      const { items } = await collectByContinuationToken(
        async (token) =>
          tokenPageOf(
            await (
              await this.taskAgent()
            ).getEnvironmentDeploymentExecutionRecords(project, environmentId, token, PAGE_SIZE),
            what,
          ),
        what,
        undefined,
        reached,
      );
      return items.map((record) => mapDeploymentRecord(record, environmentId));
    });
  }
}
