import * as SDK from "azure-devops-extension-sdk";
import type { IExtensionDataManager, IExtensionDataService } from "azure-devops-extension-api";
import type { VersionedStore } from "../core/compliance/scoreHistory";
import { ServiceIds } from "./serviceIds";

export type DataScope = "Default" | "User";

async function dataManager(): Promise<IExtensionDataManager> {
  const service = await SDK.getService<IExtensionDataService>(ServiceIds.extensionData);
  const token = await SDK.getAccessToken();
  return service.getExtensionDataManager(SDK.getExtensionContext().id, token);
}

/** The settings collection the SDK's getValue/setValue read and write. */
export const SETTINGS_COLLECTION = "$settings";

/**
 * A value stored for the extension (project collection wide by default, or per user). The
 * settings collection is listed rather than the document asked for: a missing document is a 404,
 * which the browser logs as an error although "nothing stored yet" is an ordinary answer.
 */
export async function getExtensionValue<T>(
  key: string,
  scope: DataScope = "Default",
): Promise<T | undefined> {
  const document = await settingsDocument(key, scope);
  return (document?.value as T | undefined) ?? undefined;
}

/** The documents of a collection (none stored: an empty list, never a 404). */
export async function listDocuments(
  scope: DataScope = "Default",
  collectionName = SETTINGS_COLLECTION,
): Promise<unknown[]> {
  const manager = await dataManager();
  const [collection] = await manager.queryCollections([
    {
      collectionName,
      scopeType: scope,
      scopeValue: scope === "User" ? "me" : "Current",
      documents: [],
    },
  ]);
  return collection?.documents ?? [];
}

/**
 * Several collections of the shared (Default) scope listed in one request: the data manager's
 * queryCollections sends them all in one collection query. Answers each collection's documents by
 * name (one not stored: an empty list).
 */
export async function listCollections(collectionNames: string[]): Promise<Map<string, unknown[]>> {
  const manager = await dataManager();
  const collections = await manager.queryCollections(
    collectionNames.map((collectionName) => ({
      collectionName,
      scopeType: "Default",
      scopeValue: "Current",
      documents: [],
    })),
  );
  const byName = new Map<string, unknown[]>(collectionNames.map((name) => [name, []]));
  for (const collection of collections ?? [])
    if (byName.has(collection.collectionName))
      byName.set(collection.collectionName, collection.documents ?? []);
  return byName;
}

/** The document `key` (of the settings, or `collectionName`) with its `__etag`, found by listing. */
async function settingsDocument(
  key: string,
  scope: DataScope,
  collectionName = SETTINGS_COLLECTION,
): Promise<{ value?: unknown; __etag?: number } | undefined> {
  return storedDocument(await listDocuments(scope, collectionName), key);
}

/** The settings document `key` in a listed collection (none listed: undefined). */
export function storedDocument(
  documents: unknown[] | null | undefined,
  key: string,
): { id: string; value?: unknown; __etag?: number } | undefined {
  return (documents ?? []).find(
    (candidate): candidate is { id: string; value?: unknown; __etag?: number } =>
      typeof candidate === "object" &&
      candidate !== null &&
      (candidate as { id?: unknown }).id === key,
  );
}

/** The value of the settings document `key` in a listed collection (none listed: undefined). */
export function storedValue<T>(
  documents: unknown[] | null | undefined,
  key: string,
): T | undefined {
  return (storedDocument(documents, key)?.value as T | undefined) ?? undefined;
}

export async function setExtensionValue<T>(
  key: string,
  value: T,
  scope: DataScope = "Default",
): Promise<T> {
  const manager = await dataManager();
  return manager.setValue<T>(key, value, { scopeType: scope });
}

/** get/set over extension data, the shape the compliance views take as their store. */
export interface ExtensionValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  versioned: VersionedStore;
}

const SETTINGS = "$settings";
const CONFLICT_TYPES = new Set(["InvalidDocumentVersionException", "DocumentExistsException"]);

function errorFacts(error: unknown): { status?: number; typeKey?: string } {
  const facts = (error ?? {}) as {
    status?: number;
    typeKey?: string;
    serverError?: { typeKey?: string };
  };
  return { status: facts.status, typeKey: facts.typeKey ?? facts.serverError?.typeKey };
}

/** Another writer got there first: the service's 409 on a stale `__etag` or an existing id. */
function isConflict(error: unknown): boolean {
  const { status, typeKey } = errorFacts(error);
  return status === 409 || (typeKey !== undefined && CONFLICT_TYPES.has(typeKey));
}

/** A collection's documents with their `__etag`: create-if-absent and replace-this-version. */
function versionedSettings(scope: DataScope, collection = SETTINGS): VersionedStore {
  return {
    // Listed, not probed: a document not written yet would be a 404 the browser logs in red.
    read: async (key) => {
      const document = await settingsDocument(key, scope, collection);
      return document && { value: document.value, etag: Number(document.__etag ?? 0) };
    },
    write: async (key, value, etag) => {
      const manager = await dataManager();
      try {
        if (etag === undefined) {
          await manager.createDocument(collection, { id: key, value }, { scopeType: scope });
        } else {
          await manager.updateDocument(
            collection,
            { id: key, value, __etag: etag },
            { scopeType: scope },
          );
        }
        return true;
      } catch (error) {
        if (isConflict(error)) return false;
        throw error;
      }
    },
  };
}

/** Values shared by the project collection (Default scope): what every user of a project sees. */
export function extensionValueStore(scope: DataScope = "Default"): ExtensionValueStore {
  return {
    get: <T>(key: string) => getExtensionValue<T>(key, scope),
    set: async <T>(key: string, value: T) => {
      await setExtensionValue<T>(key, value, scope);
    },
    versioned: versionedSettings(scope),
  };
}

/**
 * The user's own view preferences (User scope). Read by listing the user's settings collection,
 * not by asking for one document: a preference never saved is no 404 in the browser's console.
 */
export function userPreferenceStore(): Pick<ExtensionValueStore, "get" | "set"> {
  return {
    get: async <T>(key: string) => {
      const manager = await dataManager();
      const documents: { id?: string; value?: T }[] = await manager.getDocuments("$settings", {
        scopeType: "User",
      });
      return documents.find((document) => document.id === key)?.value;
    },
    set: async <T>(key: string, value: T) => {
      await setExtensionValue<T>(key, value, "User");
    },
  };
}

/**
 * The project's deployment index (its own collection, shared scope), read by listing that
 * collection (one document; none yet is an empty list, not a 404) and written etag-checked.
 */
export function deploymentIndexStore(collection: string): VersionedStore {
  return versionedSettings("Default", collection);
}
