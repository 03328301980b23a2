/**
 * The deployment index as the views use it: the hub saves what its deployed-where view listed
 * (every environment, to the end), the work item form reads it. The store comes from the entry
 * (extension data in the host); without one (tests, widgets) nothing is saved.
 */
import * as React from "react";
import type { VersionedStore } from "../../core/sources/versionedDocument";
import { fullRead, saveIndex } from "../../core/trace/deploymentIndex/refreshIndex";
import type { TraceSession } from "../../core/trace/session";
import type { NotAvailable } from "../../core/sources";

export interface DeploymentIndexTarget {
  projectId: string;
  store: VersionedStore;
}

const IndexContext = React.createContext<DeploymentIndexTarget | undefined>(undefined);

export function DeploymentIndexProvider(props: {
  value: DeploymentIndexTarget | undefined;
  children: React.ReactNode;
}) {
  return <IndexContext.Provider value={props.value}>{props.children}</IndexContext.Provider>;
}

export function useDeploymentIndexTarget(): DeploymentIndexTarget | undefined {
  return React.useContext(IndexContext);
}

/**
 * Saves the session's full listing of every environment as the index. A listing with anything
 * not read (an environment that failed, a list that may miss items) is not saved: an index is
 * never made from a partial read. Answers whether it was saved.
 */
export async function saveSessionIndex(
  session: TraceSession,
  target: DeploymentIndexTarget,
  at: Date,
): Promise<boolean> {
  const notes: NotAvailable[] = [];
  const deployments = await session.environmentDeployments(notes);
  // Every failed or possibly incomplete read is a note (attempt): any note, no index.
  if (notes.length > 0) return false;
  // Classic releases go in only when listed whole; else the index keeps the releases it had.
  const releaseNotes: NotAvailable[] = [];
  const releases = await session.releases(releaseNotes);
  const read = { ...deployments, ...(releaseNotes.length === 0 ? { releases } : {}) };
  await saveIndex(target.store, fullRead(target.projectId, at, read));
  return true;
}
