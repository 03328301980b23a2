import * as SDK from "azure-devops-extension-sdk";
import type { IWorkItemFormService } from "azure-devops-extension-api/WorkItemTracking";
import { mapWorkItem } from "../adapters/ado";
import type { WorkItem } from "../core/model";
import type { Sources, WorkItemSource } from "../core/sources";
import { ServiceIds } from "./serviceIds";

/** Events the work item form sends to a contributed group (subset the extension uses). */
export interface WorkItemFormEvents {
  onLoaded(args: { id: number; isNew: boolean; isReadOnly: boolean }): void;
  onRefreshed(args: { id: number }): void;
  onSaved(args: { id: number }): void;
  onUnloaded(args: { id: number }): void;
}

/** The id of the work item open in the form (0 for a new, unsaved work item). */
export async function getFormWorkItemId(): Promise<number> {
  const form = await SDK.getService<IWorkItemFormService>(ServiceIds.workItemForm);
  return form.getId();
}

/**
 * The fields the trace reads of a work item (see `mapWorkItem`); the form has them loaded. Only
 * text fields: the form may answer dates and identities in other shapes than the REST API's, and
 * the trace does not read them.
 */
const FORM_FIELDS = ["System.Title", "System.WorkItemType", "System.State", "System.TeamProject"];

/**
 * The work item open in the form, shaped as the service answers a read of it ({id, rev, fields,
 * relations}), when it is saved and unchanged: only then is it what a read would answer.
 * Undefined for a new work item or one with unsaved changes.
 */
export async function savedFormWorkItem(): Promise<unknown> {
  const form = await SDK.getService<IWorkItemFormService>(ServiceIds.workItemForm);
  const [id, isNew, isDirty] = await Promise.all([form.getId(), form.isNew(), form.isDirty()]);
  if (isNew || isDirty) return undefined;
  const [rev, fields, relations] = await Promise.all([
    form.getRevision(),
    form.getFieldValues(FORM_FIELDS, { returnOriginalValue: true }),
    form.getWorkItemRelations(),
  ]);
  return { id, rev, fields, relations };
}

/**
 * Work items read from the service, except the one open in the form: the form already holds it
 * (fields and links), so reading it again would be one REST call more on every open. It is
 * checked like the service's answer; when the form cannot say, says another work item, or
 * answers something unusable, the service is asked as before. `source` is asked for the port at
 * each read (sources may resolve their ports lazily).
 */
export function withFormWorkItem(
  source: () => WorkItemSource,
  readForm: () => Promise<unknown> = savedFormWorkItem,
): WorkItemSource {
  const fromForm = async (id: number): Promise<WorkItem | undefined> => {
    try {
      const value = await readForm();
      const item = value === undefined ? undefined : mapWorkItem(value);
      return item?.id === id ? item : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    listWorkItemIds: (project, filter) => source().listWorkItemIds(project, filter),
    async getWorkItems(project, ids) {
      const open = ids.length === 1 ? await fromForm(ids[0]) : undefined;
      return open ? [open] : source().getWorkItems(project, ids);
    },
  };
}

/** `sources` with the work items port of `withFormWorkItem`; every other port as it is. */
export function withFormWorkItemSources(sources: Sources): Sources {
  const workItems = withFormWorkItem(() => sources.workItems);
  return new Proxy(sources, {
    get: (target, area) => (area === "workItems" ? workItems : Reflect.get(target, area)),
  });
}
