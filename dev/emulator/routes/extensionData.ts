/**
 * Extension management: an installed extension's data documents (what the SDK's extension data
 * manager reads and writes). Documents are held per emulator; `/_emulator/extension-data` and the
 * `extensionData` option put them there.
 */
import { notFound, type Route } from "../http";

/** The key of one document: scope, collection and id, as the service matches them (no case). */
export function extensionDocumentKey(
  scopeType: string,
  scopeValue: string,
  collection: string,
  id: string,
): string {
  return [scopeType, scopeValue, collection, id].map((part) => part.toLowerCase()).join("/");
}

export const extensionDataRoutes: Route[] = [
  {
    method: "GET",
    pattern:
      "ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents/{documentId}",
    project: "none",
    name: "extensionManagement.document",
    handler: (ctx) => {
      const { scopeType, scopeValue, collectionName, documentId } = ctx.params;
      const document = ctx.store.extensionData.get(
        extensionDocumentKey(scopeType, scopeValue, collectionName, documentId),
      );
      if (!document) {
        throw notFound(
          `The document ${documentId} does not exist in collection ${collectionName}.`,
          "Microsoft.VisualStudio.Services.ExtensionManagement.WebApi.DocumentDoesNotExistException, Microsoft.VisualStudio.Services.ExtensionManagement.WebApi",
          "DocumentDoesNotExistException",
        );
      }
      return { body: document };
    },
  },
];
