import type {
  PolicyConfiguration,
  PolicyEvaluation,
  PolicyEvaluationStatus,
  PolicyScope,
  PolicyType,
} from "../../../core/model";
import {
  asObject,
  compact,
  enumValue,
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

/** `PolicyEvaluationStatus` (§9). */
const POLICY_EVALUATION_STATUS: Readonly<Record<number, PolicyEvaluationStatus>> = {
  0: "queued",
  1: "running",
  2: "approved",
  3: "rejected",
  4: "notApplicable",
  5: "broken",
};

/** One `PolicyEvaluationRecord`; its configuration is mapped like any other configuration. */
export function mapPolicyEvaluation(value: unknown): PolicyEvaluation {
  const what = "policy evaluation";
  const record = asObject(value, what);
  const configuration = optObject(record, "configuration", what);
  if (!configuration) throw malformed(what, "configuration", "is missing");
  const status = enumValue(record, "status", POLICY_EVALUATION_STATUS, what);
  if (status === undefined) throw malformed(what, "status", "is missing");
  return compact({
    evaluationId: reqString(record, "evaluationId", what),
    status,
    configuration: mapPolicyConfiguration(configuration),
    startedDate: optDate(record, "startedDate", what),
    completedDate: optDate(record, "completedDate", what),
  });
}

/** The artifact id policy/evaluations filters on for a pull request (§3.4). */
export function pullRequestArtifactId(projectId: string, pullRequestId: number): string {
  return `vstfs:///CodeReview/CodeReviewId/${projectId}/${pullRequestId}`;
}
