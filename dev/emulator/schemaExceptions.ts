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
    "extension data (ExtensionManagement _apis/ExtensionManagement/InstalledExtensions/.../Data) has no spec in ado-rest-specs",
  locations: "OPTIONS _apis/{area} location data is the location service, not in ado-rest-specs",
  "location.resourceareas": "_apis/resourceAreas is the location service, not in ado-rest-specs",
  "release.workitems":
    "GET release/releases/{releaseId}/workitems (the api package's ReleaseRestClient.getReleaseWorkItemsRefs) is not in release.json 7.1",
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
};
