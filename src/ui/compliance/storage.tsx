import * as React from "react";
import { addSnapshot, readHistory, type ScoreSnapshot } from "./history";

/** Where the compliance views keep small state: extension data in the host, memory in tests. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
}

/** What the compliance views need beyond the data ports. */
export interface ComplianceEnvironment {
  /** The project's id: stored entries are keyed by it (names can change). */
  projectId: string;
  /** Organisation name, as reports name it. */
  organization: string;
  /** Organisation root for web links, without a trailing slash. */
  orgUrl: string;
  store: KeyValueStore;
  /** The clock (injectable so tests and history days are deterministic). */
  now?: () => Date;
}

const ComplianceContext = React.createContext<ComplianceEnvironment | undefined>(undefined);

export function ComplianceProvider(props: ComplianceEnvironment & { children?: React.ReactNode }) {
  const { projectId, organization, orgUrl, store, now, children } = props;
  const value = React.useMemo(
    () => ({ projectId, organization, orgUrl, store, now }),
    [projectId, organization, orgUrl, store, now],
  );
  return <ComplianceContext.Provider value={value}>{children}</ComplianceContext.Provider>;
}

export function useComplianceEnvironment(): ComplianceEnvironment {
  const environment = React.useContext(ComplianceContext);
  if (!environment)
    throw new Error("useComplianceEnvironment needs a ComplianceProvider above it.");
  return environment;
}

/** Keys are per project: one organisation-wide store holds every project's entries. */
export const storeKeys = {
  baselineChoice: (projectId: string) => `compliance-baseline-${projectId}`,
  history: (projectId: string) => `compliance-history-${projectId}`,
};

/** Reads the history, adds today's snapshot and writes it back: two store calls. */
export async function recordSnapshot(
  store: KeyValueStore,
  projectId: string,
  snapshot: ScoreSnapshot,
): Promise<ScoreSnapshot[]> {
  const key = storeKeys.history(projectId);
  const history = addSnapshot(readHistory(await store.get<unknown>(key)), snapshot);
  await store.set(key, history);
  return history;
}
