import type { Project } from "../../../core/model";
import type { CoreSource } from "../../../core/sources";
import { CoreRestClient } from "../apiClients";
import { mapProject } from "../mappers";
import { collectAllByContinuationToken, tokenPageOf } from "../paging";
import { byId, guarded, guardedList, type AdapterContext } from "./shared";

const PAGE_SIZE = 100;

export class CoreAdapter implements CoreSource {
  private readonly core: CoreRestClient;

  constructor(context: AdapterContext) {
    this.core = context.client(CoreRestClient, "core");
  }

  getProject(project: string): Promise<Project> {
    return guarded(`get project ${project}`, async () =>
      mapProject(await this.core.getProject(project)),
    );
  }

  listProjects(): Promise<Project[]> {
    return guardedList("list projects", byId, async () => {
      const items = await collectAllByContinuationToken(
        async (token) =>
          tokenPageOf(
            await this.core.getProjects(
              undefined,
              PAGE_SIZE,
              undefined,
              // The header token is an integer in text form; passed through as the service gave it.
              token === undefined ? undefined : (token as unknown as number),
            ),
            "projects",
          ),
        "projects",
      );
      return items.map(mapProject);
    });
  }
}
