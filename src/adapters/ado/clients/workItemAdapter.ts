import type { WorkItem } from "../../../core/model";
import type { WorkItemSource } from "../../../core/sources";
import { WorkItemTrackingRestClient } from "../apiClients";
import { distinct, runInBatches, WORK_ITEM_BATCH_SIZE } from "../batching";
import { mapWiqlIds, mapWorkItem } from "../mappers";
import { collectWiqlIds, itemsOf } from "../paging";
import { guarded, type AdapterContext } from "./shared";

/** WorkItemExpand Relations (1). */
const EXPAND_RELATIONS = 1;
/** WorkItemErrorPolicy Omit (2): ids that do not exist come back as null instead of failing. */
const OMIT_MISSING = 2;

export class WorkItemAdapter implements WorkItemSource {
  private readonly wit: WorkItemTrackingRestClient;

  constructor(context: AdapterContext) {
    this.wit = context.client(WorkItemTrackingRestClient, "workItems");
  }

  getWorkItems(project: string, ids: number[]): Promise<WorkItem[]> {
    return guarded(`get ${ids.length} work items`, async () =>
      runInBatches(distinct(ids), WORK_ITEM_BATCH_SIZE, async (batch) => {
        const body = await this.wit.getWorkItems(
          batch,
          project,
          undefined,
          undefined,
          EXPAND_RELATIONS,
          OMIT_MISSING,
        );
        return itemsOf(body, "work items")
          .filter((item) => item !== null && item !== undefined)
          .map(mapWorkItem);
      }),
    );
  }

  listWorkItemIds(project: string): Promise<number[]> {
    const what = `work item ids of ${project}`;
    return guarded(`list ${what}`, () =>
      collectWiqlIds(
        async (query, top) =>
          mapWiqlIds(await this.wit.queryByWiql({ query }, project, undefined, undefined, top)),
        "[System.TeamProject] = @project",
        what,
      ),
    );
  }
}
