import type { VersionedStore } from "../../../core/compliance/scoreHistory";
import { isSourceError } from "../../../core/sources";
import type { AdapterContext } from "./shared";
import { guarded } from "./shared";

const EXTENSION_DATA_API_VERSION = "7.1-preview.1";
const DOCUMENTS_ROUTE =
  "_apis/ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents";

/** Which installed extension's data to read (vss-extension.json's publisher and id). */
export interface ExtensionRef {
  publisher: string;
  extension: string;
}

/**
 * Reads the extension's shared settings (collection `$settings`, scope Default/Current): the
 * documents the hub writes with the SDK's extension data manager (`setValue`).
 */
export class ExtensionDataAdapter {
  private readonly raw;

  constructor(
    context: AdapterContext,
    private readonly ref: ExtensionRef,
  ) {
    this.raw = context.raw("extensionData", "strings", "extensions");
  }

  /** The stored value of `key`, or undefined when no document has that key. */
  getSetting(key: string): Promise<unknown> {
    return guarded(`read extension setting ${key}`, async () => {
      try {
        const document = await this.raw.request<{ value?: unknown } | null>({
          routeTemplate: `${DOCUMENTS_ROUTE}/{documentId}`,
          apiVersion: EXTENSION_DATA_API_VERSION,
          routeValues: { ...this.settingsRoute(), documentId: key },
        });
        return document?.value ?? undefined;
      } catch (error) {
        // No document yet: nothing stored, which is an answer, not a failure.
        if (isSourceError(error) && error.kind === "not-found") return undefined;
        throw error;
      }
    });
  }

  /**
   * The shared settings with their `__etag`, for writes that others may race (the score
   * history): a new document is created (POST, refused if it exists), an existing one replaced
   * at the version read (PUT with that `__etag`). The service answers 409 when either is stale.
   */
  versionedSettings(): VersionedStore {
    return this.versionedDocuments("$settings");
  }

  /** The same over another shared collection (the deployment index's). */
  versionedDocuments(collectionName: string): VersionedStore {
    const route = { ...this.settingsRoute(), collectionName };
    return {
      read: (key) =>
        guarded(`read extension setting ${key}`, async () => {
          try {
            const document = await this.raw.request<{ value?: unknown; __etag?: unknown }>({
              routeTemplate: `${DOCUMENTS_ROUTE}/{documentId}`,
              apiVersion: EXTENSION_DATA_API_VERSION,
              routeValues: { ...route, documentId: key },
            });
            if (typeof document?.__etag !== "number") {
              throw new Error(`the document ${key} has no __etag`);
            }
            return { value: document.value, etag: document.__etag };
          } catch (error) {
            if (isSourceError(error) && error.kind === "not-found") return undefined;
            throw error;
          }
        }),
      write: async (key, value, etag) => {
        try {
          await this.raw.request<unknown>({
            routeTemplate: DOCUMENTS_ROUTE,
            apiVersion: EXTENSION_DATA_API_VERSION,
            routeValues: route,
            method: etag === undefined ? "POST" : "PUT",
            body: etag === undefined ? { id: key, value } : { id: key, value, __etag: etag },
          });
          return true;
        } catch (error) {
          if (isSourceError(error) && error.status === 409) return false;
          throw error;
        }
      },
    };
  }

  private settingsRoute() {
    return {
      publisherName: this.ref.publisher,
      extensionName: this.ref.extension,
      scopeType: "Default",
      scopeValue: "Current",
      collectionName: "$settings",
    };
  }
}
