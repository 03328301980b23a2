/**
 * The shared settings (`$settings`, Default scope) kept where Azure DevOps keeps them: in the
 * service, through the ExtensionManagement data routes the real host's data manager calls. With
 * it the harness shows what a pipeline task or `release-trace compliance --publish` wrote to the
 * emulator (the score history), and the emulator's `__etag` checks apply to the views' writes.
 * Other collections and the User scope stay in the harness's own store.
 */
import {
  ExtensionDataError,
  SETTINGS_COLLECTION,
  type ExtensionDataRequest,
} from "./extensionData";
import { atServerVersion } from "./atServerVersion";
import type { Upstream } from "./upstream";

const FORWARDED_OPS = new Map([
  ["getDocument", "GET"],
  ["getDocuments", "GET"],
  ["createDocument", "POST"],
  ["setDocument", "PUT"],
  ["updateDocument", "PATCH"],
]);
const API_VERSION = "7.1-preview.1";

export class ServiceExtensionData {
  constructor(
    private readonly upstream: Upstream,
    private readonly publisher: string,
    private readonly extension: string,
  ) {}

  /** Whether the service, not the harness's file, answers this request. */
  forwards(request: ExtensionDataRequest): boolean {
    if (request.op === "queryCollectionsByName") {
      return (
        (request.collectionNames ?? []).length === 1 &&
        request.collectionNames?.[0] === SETTINGS_COLLECTION &&
        (request.scopeType ?? "Default") === "Default"
      );
    }
    return (
      request.collectionName === SETTINGS_COLLECTION &&
      (request.scopeType ?? "Default") === "Default" &&
      FORWARDED_OPS.has(request.op)
    );
  }

  async handle(request: ExtensionDataRequest): Promise<unknown> {
    if (request.op === "queryCollectionsByName") {
      // The settings collection as the service lists it (Get Documents By Name).
      const listed = (await this.handle({ ...request, op: "getDocuments" })) as {
        value?: unknown[];
      };
      return [
        {
          collectionName: SETTINGS_COLLECTION,
          scopeType: "Default",
          scopeValue: "",
          documents: listed.value ?? [],
        },
      ];
    }
    const method = FORWARDED_OPS.get(request.op) as string;
    const documents =
      `_apis/ExtensionManagement/InstalledExtensions/${encodeURIComponent(this.publisher)}/` +
      `${encodeURIComponent(this.extension)}/Data/Scopes/Default/Current/Collections/` +
      `${encodeURIComponent(SETTINGS_COLLECTION)}/Documents`;
    const path =
      request.op === "getDocument"
        ? `${documents}/${encodeURIComponent(request.id ?? "")}`
        : documents;
    const response = await fetch(
      atServerVersion(
        `${this.upstream.organizationRoot}${path}?api-version=${API_VERSION}`,
        this.upstream.server,
      ),
      {
        method,
        headers: {
          Accept: "application/json",
          Authorization: this.upstream.authorization,
          ...(method === "GET" ? {} : { "Content-Type": "application/json" }),
        },
        body: method === "GET" ? undefined : JSON.stringify(request.doc ?? {}),
      },
    );
    const body = (await response.json().catch(() => ({}))) as {
      message?: string;
      typeKey?: string;
    };
    if (!response.ok) {
      throw new ExtensionDataError(
        response.status as 400 | 404 | 409,
        body.typeKey ?? "ServiceError",
        body.message ?? `${response.status} from the extension data service`,
      );
    }
    return body;
  }
}
