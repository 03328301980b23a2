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
export const RECORDED_EXCEPTIONS: readonly RecordedException[] = [];

/** Applies RECORDED_EXCEPTIONS to the parsed specs (before any validator is compiled). */
export function applyRecordedExceptions(specs: Record<string, SpecDocument>): void {
  for (const exception of RECORDED_EXCEPTIONS) {
    const definition = specs[exception.spec]?.definitions[exception.definition] as
      | { properties?: Record<string, Record<string, unknown>> }
      | undefined;
    const property = definition?.properties?.[exception.property];
    if (!definition?.properties || !property) {
      throw new Error(
        `Recorded exception for a property the spec does not have: ${exception.spec} ${exception.definition}.${exception.property}`,
      );
    }
    definition.properties[exception.property] = exception.patch(property);
  }
}
