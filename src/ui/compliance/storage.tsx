import * as React from "react";
import {
  historyKey,
  recordSnapshot as recordShared,
  type ScoreSnapshot,
  type VersionedStore,
} from "../../core/compliance/scoreHistory";

/** Where the compliance views keep small state: extension data in the host, memory in tests. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  /** The same documents with their versions, for writes others may race (the score history). */
  versioned?: VersionedStore;
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
  history: historyKey,
};

/**
 * A store without versions (an in-memory one) as a versioned one: one writer, so every write
 * succeeds. Extension data in the host has versions and goes through them.
 */
function versionedOf(store: KeyValueStore): VersionedStore {
  if (store.versioned) return store.versioned;
  return {
    read: async (key) => {
      const value = await store.get<unknown>(key);
      return value === undefined ? undefined : { value, etag: 0 };
    },
    write: async (key, value) => {
      await store.set(key, value);
      return true;
    },
  };
}

/** Adds the snapshot to the project's history with the shared etag-checked merge. */
export function recordSnapshot(
  store: KeyValueStore,
  projectId: string,
  snapshot: ScoreSnapshot,
): Promise<ScoreSnapshot[]> {
  return recordShared(versionedOf(store), projectId, snapshot);
}

/** The project's stored score history as read through the same versioned path the writers use. */
export async function readStoredHistory(store: KeyValueStore, projectId: string): Promise<unknown> {
  return (await versionedOf(store).read(historyKey(projectId)))?.value;
}
