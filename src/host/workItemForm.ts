import * as SDK from "azure-devops-extension-sdk";
import type { IWorkItemFormService } from "azure-devops-extension-api/WorkItemTracking";
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
