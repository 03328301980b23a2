import type { WorkItem } from "../../../core/model";
import type { WorkItemFilter, WorkItemSource } from "../../../core/sources";
import type { WorkItemTrackingRestClient } from "azure-devops-extension-api/WorkItemTracking";
import { loadWorkItemClient } from "../apiClients";
import { distinct, runInBatches, WORK_ITEM_BATCH_SIZE } from "../batching";
import { mapWiqlIds, mapWorkItem } from "../mappers";
import { collectWiqlIds, itemsOf } from "../paging";
import { guarded, type AdapterContext } from "./shared";

/** WorkItemExpand Relations (1). */
const EXPAND_RELATIONS = 1;
/** WorkItemErrorPolicy Omit (2): ids that do not exist come back as null instead of failing. */
const OMIT_MISSING = 2;

export class WorkItemAdapter implements WorkItemSource {
  private readonly wit: () => Promise<WorkItemTrackingRestClient>;

  constructor(context: AdapterContext) {
    this.wit = context.lazyClient(loadWorkItemClient, "workItems");
  }

  getWorkItems(project: string, ids: number[]): Promise<WorkItem[]> {
    return guarded(`get ${ids.length} work items`, async () =>
      runInBatches(distinct(ids), WORK_ITEM_BATCH_SIZE, async (batch) => {
        const body = await (
          await this.wit()
        ).getWorkItems(batch, project, undefined, undefined, EXPAND_RELATIONS, OMIT_MISSING);
        return itemsOf(body, "work items")
          .filter((item) => item !== null && item !== undefined)
          .map(mapWorkItem);
      }),
    );
  }

  listWorkItemIds(project: string, filter: WorkItemFilter = {}): Promise<number[]> {
    const what = `work item ids of ${project}`;
    return guarded(`list ${what}`, () =>
      collectWiqlIds(
        async (query, top) =>
          mapWiqlIds(
            await (await this.wit()).queryByWiql({ query }, project, undefined, undefined, top),
          ),
        wiqlWhere(filter),
        what,
      ),
    );
  }
}

/** A WIQL string literal: single quotes doubled, so a title cannot end the literal. */
function wiqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The WHERE clause of a project's work items matching `filter` (empty parts match anything). */
export function wiqlWhere(filter: WorkItemFilter): string {
  const clauses = ["[System.TeamProject] = @project"];
  if (filter.type) clauses.push(`[System.WorkItemType] = ${wiqlLiteral(filter.type)}`);
  if (filter.state) clauses.push(`[System.State] = ${wiqlLiteral(filter.state)}`);
  if (filter.titleContains)
    clauses.push(`[System.Title] CONTAINS ${wiqlLiteral(filter.titleContains)}`);
  // On System.Tags, CONTAINS matches one whole tag.
  if (filter.tag) clauses.push(`[System.Tags] CONTAINS ${wiqlLiteral(filter.tag)}`);
  return clauses.join(" AND ");
}
