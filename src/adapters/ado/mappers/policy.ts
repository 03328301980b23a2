import type { PolicyConfiguration, PolicyScope, PolicyType } from "../../../core/model";
import {
  asObject,
  compact,
  malformed,
  optArray,
  optBool,
  optDate,
  optObject,
  optString,
  reqInt,
  reqString,
} from "./read";

export function mapPolicyType(value: unknown): PolicyType {
  const what = "policy type";
  const type = asObject(value, what);
  return compact({
    id: reqString(type, "id", what),
    displayName: optString(type, "displayName", what) ?? reqString(type, "id", what),
    description: optString(type, "description", what),
  });
}

/**
 * A policy configuration. `settings` is kept without `scope` and untouched otherwise (a missing
 * boolean there means false; the engines read it that way). Unknown type ids are carried through.
 */
export function mapPolicyConfiguration(value: unknown): PolicyConfiguration {
  const what = "policy configuration";
  const configuration = asObject(value, what);
  const type = optObject(configuration, "type", what);
  if (!type) throw malformed(what, "type", "is missing");
  return buildConfiguration(configuration, type, what);
}

function buildConfiguration(
  configuration: Record<string, unknown>,
  type: Record<string, unknown>,
  what: string,
): PolicyConfiguration {
  const settingsObject = optObject(configuration, "settings", what) ?? {};
  const settings: Record<string, unknown> = { ...settingsObject };
  delete settings.scope;
  return compact({
    id: reqInt(configuration, "id", what),
    revision: reqInt(configuration, "revision", what),
    typeId: reqString(type, "id", `${what}.type`),
    typeDisplayName: optString(type, "displayName", `${what}.type`),
    isEnabled: optBool(configuration, "isEnabled", what),
    isBlocking: optBool(configuration, "isBlocking", what),
    isDeleted: optBool(configuration, "isDeleted", what),
    settings,
    scopes: optArray(settingsObject, "scope", `${what}.settings`).map((scope) =>
      mapScope(scope, `${what}.settings.scope[]`),
    ),
    createdDate: optDate(configuration, "createdDate", what),
  });
}

function mapScope(value: unknown, what: string): PolicyScope {
  const scope = asObject(value, what);
  const mapped: PolicyScope = { repositoryId: optString(scope, "repositoryId", what) ?? null };
  // Keep refName/matchKind exactly as given, null included: their absence marks a repository policy.
  if ("refName" in scope) mapped.refName = optString(scope, "refName", what) ?? null;
  if ("matchKind" in scope) mapped.matchKind = optString(scope, "matchKind", what) ?? null;
  return mapped;
}
