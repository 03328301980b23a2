import { isSourceError } from "../../../core/sources";
import type { AdapterContext } from "./shared";
import { guarded } from "./shared";

const EXTENSION_DATA_API_VERSION = "7.1-preview.1";

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
          routeTemplate:
            "_apis/ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents/{documentId}",
          apiVersion: EXTENSION_DATA_API_VERSION,
          routeValues: {
            publisherName: this.ref.publisher,
            extensionName: this.ref.extension,
            scopeType: "Default",
            scopeValue: "Current",
            collectionName: "$settings",
            documentId: key,
          },
        });
        return document?.value ?? undefined;
      } catch (error) {
        // No document yet: nothing stored, which is an answer, not a failure.
        if (isSourceError(error) && error.kind === "not-found") return undefined;
        throw error;
      }
    });
  }
}
