/**
 * Where the strict response check does not apply the 7.1 specs as they are: emulator routes
 * with no spec operation here, and definitions where a real recorded answer
 * (`../shared/ado-recordings`) disagrees with the spec; the recording wins.
 */
import type { SpecDocument } from "./specs";

/** Emulator route name → why no 7.1 spec here describes its answer. */
export const NO_SPEC_ROUTES: Readonly<Record<string, string>> = {
  "core.connectionData":
    "_apis/connectionData belongs to the location service, which has no spec in ado-rest-specs",
  "extensionManagement.document":
    "extension data (ExtensionManagement InstalledExtensions/.../Data) has no spec in ado-rest-specs",
  "extensionManagement.documents":
    "extension data (ExtensionManagement InstalledExtensions/.../Data) has no spec in ado-rest-specs",
  "extensionManagement.createDocument":
    "extension data (ExtensionManagement InstalledExtensions/.../Data) has no spec in ado-rest-specs",
  "extensionManagement.updateDocument":
    "extension data (ExtensionManagement InstalledExtensions/.../Data) has no spec in ado-rest-specs",
  "extensionManagement.setDocument":
    "extension data (ExtensionManagement InstalledExtensions/.../Data) has no spec in ado-rest-specs",
  locations: "OPTIONS _apis/{area} location data is the location service, not in ado-rest-specs",
  "location.resourceareas": "_apis/resourceAreas is the location service, not in ado-rest-specs",
  "release.workitems":
    "GET release/releases/{releaseId}/workitems (the api package's ReleaseRestClient.getReleaseWorkItemsRefs) is not in release.json 7.1",
};

/**
 * Specs whose answers keep enum names in the numbers format. The api package has no client or
 * enums for them, so there are no numbers to check against, and the product asks these routes
 * for names (no `enumsAsNumbers`); the names are checked against the spec instead.
 */
export const NAMES_IN_NUMBERS_FORMAT: Readonly<Record<string, string>> = {
  checks:
    "pipelines/checks: azure-devops-extension-api has no Pipelines Checks client or enums; the product reads these routes with string enums",
  approvals:
    "pipelines/approvals: azure-devops-extension-api has no Pipelines Approvals client or enums (its ApprovalStatus is Release's); the product reads these routes with string enums",
};

export interface RecordedException {
  spec: string;
  definition: string;
  property: string;
  /** What the recording shows, applied to the property's schema. */
  patch: (schema: Record<string, unknown>) => Record<string, unknown>;
  /** The recording (file and interaction) that shows the real answer. */
  source: string;
  reason: string;
}

/** Spec definitions a real recorded answer contradicts. */
export const RECORDED_EXCEPTIONS: readonly RecordedException[] = [
  {
    spec: "git",
    definition: "PolicyConfiguration",
    property: "settings",
    patch: (schema) => ({ description: schema.description, type: "object" }),
    source:
      "test_repos_policies_createUpdateShowListDelete.yaml #13, #14, #17 (policy configurations)",
    reason:
      "git.json types PolicyConfiguration.settings as a string (format JObject); the service sends the settings object, as policy.json and the recorded answers show",
  },
];

/** Applies RECORDED_EXCEPTIONS to the parsed specs (before any validator is compiled). */
export function applyRecordedExceptions(specs: Record<string, SpecDocument>): void {
  for (const exception of RECORDED_EXCEPTIONS) {
    const definition = specs[exception.spec]?.definitions[exception.definition] as
      { properties?: Record<string, Record<string, unknown>> } | undefined;
    const property = definition?.properties?.[exception.property];
    if (!definition?.properties || !property) {
      throw new Error(
        `Recorded exception for a property the spec does not have: ${exception.spec} ${exception.definition}.${exception.property}`,
      );
    }
    definition.properties[exception.property] = exception.patch(property);
  }
}

/**
 * Operations the 7.1 specs lost: OpenAPI 2 allows one operation per path and method, and where
 * two share them the spec kept the other one. The answer is checked against the schema the
 * service documents for the resource.
 */
export const SPEC_GAPS: Readonly<
  Record<
    string,
    {
      method: string;
      /** The lost operation is the one without this query parameter. */
      unlessQuery: string;
      operation: {
        spec: string;
        method: string;
        template: string;
        operationId: string;
        scopeSegments: number;
        segments: string[];
        schema: unknown;
      };
      reason: string;
    }
  >
> = {
  "release.release": {
    method: "GET",
    unlessQuery: "definitionsnapshotrevision",
    operation: {
      spec: "release",
      method: "GET",
      template: "/{organization}/{project}/_apis/release/releases/{releaseId}",
      operationId: "Releases_Get Release",
      scopeSegments: 1,
      segments: ["release", "releases", "{x}"],
      schema: { $ref: "#/definitions/Release" },
    },
    reason:
      "release.json keeps only Releases_Get Release Revision (required definitionSnapshotRevision, a file stream) for GET releases/{releaseId}; Get Release answers a Release, as Update Release does",
  },
  "git.items": {
    method: "GET",
    unlessQuery: "scopepath",
    operation: {
      spec: "git",
      method: "GET",
      template: "/{organization}/{project}/_apis/git/repositories/{repositoryId}/items",
      operationId: "Items_Get",
      scopeSegments: 1,
      segments: ["git", "repositories", "{x}", "items"],
      schema: { $ref: "#/definitions/GitItem" },
    },
    reason:
      "git.json keeps only Items_List (scopePath) for GET repositories/{id}/items; Items_Get (path) answers one GitItem",
  },
  "git.commits": {
    method: "GET",
    unlessQuery: "pushid",
    operation: {
      spec: "git",
      method: "GET",
      template: "/{organization}/{project}/_apis/git/repositories/{repositoryId}/commits",
      operationId: "Commits_Get Commits",
      scopeSegments: 1,
      segments: ["git", "repositories", "{x}", "commits"],
      schema: { type: "array", items: { $ref: "#/definitions/GitCommitRef" } },
    },
    reason:
      "git.json keeps only Commits_Get Push Commits (required pushId) for GET repositories/{id}/commits; Get Commits (searchCriteria) answers a list of GitCommitRef, as Get Push Commits does",
  },
};
