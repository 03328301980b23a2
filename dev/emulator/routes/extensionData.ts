/**
 * Extension management: an installed extension's data documents (what the SDK's extension data
 * manager reads and writes). Documents are held per emulator; `/_emulator/extension-data` and the
 * `extensionData` option put them there.
 */
import { randomUUID } from "node:crypto";
import { ApiError, badRequest, notFound, type RequestContext, type Route } from "../http";

/** The extension whose data the control route and the `extensionData` option seed. */
export const DEFAULT_EXTENSION = { publisher: "release-trace", extension: "release-trace" };

/**
 * The key of one document: the installed extension, scope, collection and id, as the service
 * matches them (no case). Each extension has its own data: a dev build never sees prod's.
 */
export function extensionDocumentKey(
  scopeType: string,
  scopeValue: string,
  collection: string,
  id: string,
  extension: { publisher: string; extension: string } = DEFAULT_EXTENSION,
): string {
  return [extension.publisher, extension.extension, scopeType, scopeValue, collection, id]
    .map((part) => part.toLowerCase())
    .join("/");
}

function extensionOf(ctx: RequestContext) {
  return { publisher: ctx.params.publisherName, extension: ctx.params.extensionName };
}

const DOCUMENT_ROUTE =
  "ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents";
const WEB_API = "Microsoft.VisualStudio.Services.ExtensionManagement.WebApi";

/** The service refuses larger documents (MaximumDocumentSizeException). */
export const MAX_DOCUMENT_BYTES = 5_244_928;

type ExtensionDocument = Record<string, unknown> & { id: string; __etag: number };

function documentMissing(id: string, collection: string): ApiError {
  return notFound(
    `The document ${id} does not exist in collection ${collection}.`,
    `${WEB_API}.DocumentDoesNotExistException, ${WEB_API}`,
    "DocumentDoesNotExistException",
  );
}

function conflict(typeKey: string, message: string): ApiError {
  return new ApiError(409, message, `${WEB_API}.${typeKey}, ${WEB_API}`, typeKey);
}

/** The body of a write: a JSON object whose `id` names the document (generated when absent). */
function documentBody(ctx: RequestContext): Record<string, unknown> & { id: string } {
  const body = ctx.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest("The document must be a JSON object.");
  }
  const size = Buffer.byteLength(JSON.stringify(body), "utf8");
  if (size > MAX_DOCUMENT_BYTES) {
    throw new ApiError(
      400,
      `Document size cannot be larger than ${MAX_DOCUMENT_BYTES}B. Current size: ${size}B.`,
      `${WEB_API}.MaximumDocumentSizeException, ${WEB_API}`,
      "MaximumDocumentSizeException",
    );
  }
  const record = body as Record<string, unknown>;
  const id = typeof record.id === "string" && record.id !== "" ? record.id : randomUUID();
  return { ...record, id };
}

/**
 * One write, as the service checks it: create refuses an existing id; update needs the document
 * and (unless `__etag` is -1) the stored version; set (upsert) checks the version when the
 * document exists. A stale or missing `__etag` on an existing document is a conflict, never an
 * overwrite: only -1 means "last writer wins".
 */
function writeDocument(ctx: RequestContext, mode: "create" | "update" | "set") {
  const { scopeType, scopeValue, collectionName } = ctx.params;
  const doc = documentBody(ctx);
  const key = extensionDocumentKey(scopeType, scopeValue, collectionName, doc.id, extensionOf(ctx));
  const current = ctx.store.extensionData.get(key) as ExtensionDocument | undefined;
  const etag = typeof doc.__etag === "number" ? doc.__etag : undefined;
  if (current && mode === "create") {
    throw conflict(
      "DocumentExistsException",
      `A document with id ${doc.id} already exists in collection ${collectionName}.`,
    );
  }
  if (!current && mode === "update") throw documentMissing(doc.id, collectionName);
  if (current && etag !== -1 && etag !== current.__etag) {
    throw conflict(
      "InvalidDocumentVersionException",
      `The document ${doc.id} has been modified since it was read (etag ${String(etag)} is not ${current.__etag}).`,
    );
  }
  const stored: ExtensionDocument = { ...doc, __etag: (current?.__etag ?? 0) + 1 };
  ctx.store.extensionData.set(key, stored);
  return { body: stored };
}

export const extensionDataRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${DOCUMENT_ROUTE}/{documentId}`,
    project: "none",
    name: "extensionManagement.document",
    handler: (ctx) => {
      const { scopeType, scopeValue, collectionName, documentId } = ctx.params;
      const document = ctx.store.extensionData.get(
        extensionDocumentKey(scopeType, scopeValue, collectionName, documentId, extensionOf(ctx)),
      );
      if (!document) throw documentMissing(documentId, collectionName);
      return { body: document };
    },
  },
  {
    // Get Documents By Name: the collection's documents (what the SDK's getDocuments and
    // queryCollectionsByName read); an empty collection is an empty list, never a 404.
    method: "GET",
    pattern: DOCUMENT_ROUTE,
    project: "none",
    name: "extensionManagement.documents",
    handler: (ctx) => {
      const { scopeType, scopeValue, collectionName } = ctx.params;
      const extension = extensionOf(ctx);
      const value = [...ctx.store.extensionData.entries()]
        .filter(([key, document]) => {
          const id = (document as { id?: unknown }).id;
          return (
            typeof id === "string" &&
            key === extensionDocumentKey(scopeType, scopeValue, collectionName, id, extension)
          );
        })
        .map(([, document]) => document);
      return { body: { count: value.length, value } };
    },
  },
  {
    method: "POST",
    pattern: DOCUMENT_ROUTE,
    project: "none",
    name: "extensionManagement.createDocument",
    handler: (ctx) => writeDocument(ctx, "create"),
  },
  {
    method: "PATCH",
    pattern: DOCUMENT_ROUTE,
    project: "none",
    name: "extensionManagement.updateDocument",
    handler: (ctx) => writeDocument(ctx, "update"),
  },
  {
    method: "PUT",
    pattern: DOCUMENT_ROUTE,
    project: "none",
    name: "extensionManagement.setDocument",
    handler: (ctx) => writeDocument(ctx, "set"),
  },
];
