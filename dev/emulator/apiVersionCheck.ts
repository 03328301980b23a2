/**
 * Strict api-version checking, as the service does it: against the route's range on the
 * emulated server (the product's api-version table), with the service's own error bodies. The
 * messages and type names are those of Microsoft.VisualStudio.Services.WebApi (WebApiResources
 * and its resource-version exceptions).
 */
import {
  routeForPath,
  TARGET_MAX_VERSION,
  versionsOn,
  type ApiRoute,
  type ServerTarget,
  type TargetVersions,
} from "../../src/adapters/ado/apiVersions";
import { ApiError } from "./http";

const WEB_API = "Microsoft.VisualStudio.Services.WebApi";

interface ParsedVersion {
  /** major * 1000 + minor, to compare. */
  value: number;
  text: string;
  preview: boolean;
}

/** `{Major}.{Minor}[-preview[.{ResourceVersion}]]`, as ApiResourceVersion parses it. */
export function parseApiVersion(text: string): ParsedVersion | undefined {
  const match = /^\s*(\d+)\.(\d+)(?:-(preview)(?:\.(\d+))?)?\s*$/i.exec(text);
  if (!match) return undefined;
  return {
    value: Number(match[1]) * 1000 + Number(match[2]),
    text: `${Number(match[1])}.${Number(match[2])}`,
    preview: match[3] !== undefined,
  };
}

function versionValue(text: string): number {
  return parseApiVersion(text)?.value ?? 0;
}

function versionError(typeKey: string, message: string): ApiError {
  return new ApiError(400, message, `${WEB_API}.${typeKey}, ${WEB_API}`, typeKey);
}

/** What the emulated server makes of a request's route: its versions, or why it has none. */
export type RouteLookup =
  { found: true; route: ApiRoute; versions: TargetVersions } | { found: false; route?: ApiRoute };

/** The route of the path after `_apis` and its versions on `profile`. */
export function lookUpRoute(afterApis: readonly string[], profile: ServerTarget): RouteLookup {
  const route = routeForPath(afterApis);
  const versions = route ? versionsOn(route, profile) : undefined;
  return route && versions ? { found: true, route, versions } : { found: false, route };
}

/**
 * The error the service answers for `requested` on this route, or undefined when it serves it.
 * A GET with no version is served at the latest released one; a resource version above the
 * route's is served too (the official clients send 7.2-preview.8 to builds, resource version 7).
 */
export function apiVersionProblem(
  lookup: { route: ApiRoute; versions: TargetVersions },
  requested: string | undefined,
  profile: ServerTarget,
): ApiError | undefined {
  if (requested === undefined) return undefined;
  const version = parseApiVersion(requested);
  if (!version) {
    return versionError(
      "VssInvalidApiResourceVersionException",
      `Invalid api version string: "${requested}". Api version string must be in the format: {Major}.{Minor}[-preview[.{ResourceVersion}]].`,
    );
  }
  const serverMax = TARGET_MAX_VERSION[profile];
  if (version.value > versionValue(serverMax)) {
    return versionError(
      "VssVersionOutOfRangeException",
      `The requested REST API version of ${version.text} is out of range for this server. The latest REST API version this server supports is ${serverMax}.`,
    );
  }
  const { versions, route } = lookup;
  if (
    version.value < versionValue(versions.minVersion) ||
    version.value > versionValue(versions.maxVersion)
  ) {
    return versionError(
      "VssVersionOutOfRangeException",
      `The request matched route ${route.key}, but the requested REST API version ${requested.trim()} was outside the valid version range for this route.`,
    );
  }
  if (!version.preview && version.value > versionValue(versions.releasedVersion)) {
    return versionError(
      "VssInvalidPreviewVersionException",
      `The requested version "${version.text}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version.text}-preview"`,
    );
  }
  return undefined;
}
