/**
 * Server side of the harness's extension-data service: documents in named collections, scoped
 * like Azure DevOps (Default = shared, User = per user), with `__etag` concurrency, persisted to a
 * JSON file so settings survive a harness restart.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** The collection the manager's getValue/setValue use, as in the real service. */
export const SETTINGS_COLLECTION = "$settings";

export type ExtensionDocument = Record<string, unknown> & { id: string; __etag: number };

export interface ExtensionDataRequest {
  op:
    | "getDocument"
    | "getDocuments"
    | "createDocument"
    | "setDocument"
    | "updateDocument"
    | "deleteDocument"
    | "queryCollectionsByName"
    | "queryCollections";
  collectionName?: string;
  collectionNames?: string[];
  /** queryCollections: each collection with its own scope. */
  collections?: { collectionName?: unknown; scopeType?: unknown; scopeValue?: unknown }[];
  id?: string;
  doc?: Record<string, unknown>;
  scopeType?: string;
  scopeValue?: string;
}

/**
 * A collection query (several collections, each in its own scope, one request) as the
 * single-collection reads that answer it, in order; a malformed query is refused.
 */
export function splitCollectionQuery(request: ExtensionDataRequest): ExtensionDataRequest[] {
  const collections = request.collections;
  if (!Array.isArray(collections) || collections.length === 0) {
    throw new ExtensionDataError(400, "ArgumentException", "collections is required");
  }
  return collections.map((collection) => {
    const { collectionName, scopeType, scopeValue } = collection ?? {};
    if (typeof collectionName !== "string" || collectionName === "") {
      throw new ExtensionDataError(400, "ArgumentException", "collectionName is required");
    }
    return {
      op: "queryCollectionsByName",
      collectionNames: [collectionName],
      scopeType: typeof scopeType === "string" ? scopeType : undefined,
      scopeValue: typeof scopeValue === "string" ? scopeValue : undefined,
    };
  });
}

export class ExtensionDataError extends Error {
  constructor(
    readonly status: 404 | 409 | 400,
    readonly typeKey: string,
    message: string,
  ) {
    super(message);
  }
}

interface StoreFile {
  collections: Record<string, Record<string, ExtensionDocument>>;
}

export class ExtensionDataStore {
  private readonly data: StoreFile;

  constructor(
    private readonly filePath: string,
    private readonly userId: string,
  ) {
    this.data = existsSync(filePath)
      ? (JSON.parse(readFileSync(filePath, "utf8")) as StoreFile)
      : { collections: {} };
    if (!this.data.collections) this.data.collections = {};
  }

  handle(request: ExtensionDataRequest): unknown {
    const scopeType = request.scopeType === "User" ? "User" : "Default";
    const scopeValue =
      scopeType === "User"
        ? !request.scopeValue || request.scopeValue === "me"
          ? this.userId
          : request.scopeValue
        : // "Current" names the collection the page is in, the default scope value.
          request.scopeValue === "Current"
          ? ""
          : (request.scopeValue ?? "");
    if (request.op === "queryCollectionsByName") {
      return (request.collectionNames ?? []).map((collectionName) => ({
        collectionName,
        scopeType,
        scopeValue,
        documents: Object.values(this.collection(scopeType, scopeValue, collectionName, false)),
      }));
    }
    const collectionName = request.collectionName;
    if (!collectionName) {
      throw new ExtensionDataError(400, "ArgumentException", "collectionName is required");
    }
    const documents = this.collection(scopeType, scopeValue, collectionName, true);
    switch (request.op) {
      case "getDocuments":
        return Object.values(documents);
      case "getDocument":
        return this.existing(documents, request.id, collectionName);
      case "deleteDocument":
        this.existing(documents, request.id, collectionName);
        delete documents[request.id as string];
        this.persist();
        return null;
      case "createDocument": {
        const doc = request.doc ?? {};
        const id = typeof doc.id === "string" && doc.id ? doc.id : randomUUID();
        if (documents[id]) {
          throw new ExtensionDataError(
            409,
            "DocumentExistsException",
            `A document with id ${id} already exists in collection ${collectionName}.`,
          );
        }
        return this.write(documents, { ...doc, id, __etag: 1 });
      }
      case "setDocument":
      case "updateDocument": {
        const doc = request.doc ?? {};
        const id = typeof doc.id === "string" && doc.id ? doc.id : randomUUID();
        const current = documents[id];
        if (!current && request.op === "updateDocument") {
          this.existing(documents, id, collectionName);
        }
        // __etag -1 (or none) means "overwrite"; any other value must match the stored one.
        const etag = typeof doc.__etag === "number" ? doc.__etag : -1;
        if (current && etag !== -1 && etag !== current.__etag) {
          throw new ExtensionDataError(
            409,
            "InvalidDocumentVersionException",
            `The document ${id} has been modified since it was read (etag ${etag} ≠ ${current.__etag}).`,
          );
        }
        return this.write(documents, { ...doc, id, __etag: (current?.__etag ?? 0) + 1 });
      }
      default:
        throw new ExtensionDataError(400, "ArgumentException", "unknown operation");
    }
  }

  private collection(
    scopeType: string,
    scopeValue: string,
    collectionName: string,
    create: boolean,
  ): Record<string, ExtensionDocument> {
    const key = `${scopeType}|${scopeValue}|${collectionName}`;
    const existing = this.data.collections[key];
    if (existing) return existing;
    const created: Record<string, ExtensionDocument> = {};
    if (create) this.data.collections[key] = created;
    return created;
  }

  private existing(
    documents: Record<string, ExtensionDocument>,
    id: string | undefined,
    collectionName: string,
  ): ExtensionDocument {
    const doc = id ? documents[id] : undefined;
    if (!doc) {
      throw new ExtensionDataError(
        404,
        "DocumentDoesNotExistException",
        `The document ${id ?? "(no id)"} does not exist in collection ${collectionName}.`,
      );
    }
    return doc;
  }

  private write(
    documents: Record<string, ExtensionDocument>,
    doc: ExtensionDocument,
  ): ExtensionDocument {
    documents[doc.id] = doc;
    this.persist();
    return doc;
  }

  private persist(): void {
    mkdirSync(dirname(this.filePath), { recursive: true });
    // Write-then-rename so a crash never leaves half a file behind.
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data, null, 2));
    renameSync(temporary, this.filePath);
  }
}
