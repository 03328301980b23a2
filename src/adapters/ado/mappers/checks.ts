import type {
  ApprovalStatus,
  ApprovalStep,
  CheckConfiguration,
  CheckKind,
  CheckResource,
  CheckRun,
  CheckStatus,
  CheckSuite,
  PipelineApproval,
} from "../../../core/model";
import {
  asObject,
  compact,
  enumValue,
  identityOf,
  malformed,
  optArray,
  optBool,
  optDate,
  optIdentity,
  optInt,
  optObject,
  optString,
  reqInt,
  reqString,
  type JsonObject,
} from "./read";

/** Check configuration type ids (contracts §5.3). */
export const CheckTypeIds = {
  approval: "8c6f20a7-a545-4486-9777-f762fafe0d4d",
  taskCheck: "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7",
  requiredTemplate: "4020e66e-b0f3-47e1-bc88-48f3cc59b5f3",
  exclusiveLock: "2ef31ad6-baa0-403a-8b45-2cbc9b4e5563",
  authorization: "e1a1fc6c-c278-4492-ae1c-c42f8697612c",
} as const;

/** Task checks are told apart by `settings.definitionRef.id` (§5.3). */
const TASK_CHECK_KINDS: Readonly<Record<string, CheckKind>> = {
  "445fde2f-6c39-441c-807f-8a59ff2e075f": "businessHours",
  "86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b": "branchControl",
  "9c3e8943-130d-4c78-ac63-8af81df62dfb": "invokeRestApi",
  "537fdb7a-a601-4537-aa70-92645a2b5ce4": "invokeAzureFunction",
  "99a72e7f-25e4-4576-bf38-22a42b995ed8": "azureMonitor",
  "1b4fdd02-b979-480d-9a7e-0b7af7fe471f": "artifactPolicy",
};

const TYPE_KINDS: Readonly<Record<string, CheckKind>> = {
  [CheckTypeIds.approval]: "approval",
  [CheckTypeIds.requiredTemplate]: "requiredTemplate",
  [CheckTypeIds.exclusiveLock]: "exclusiveLock",
  [CheckTypeIds.authorization]: "authorization",
};

/** The check kind from its type id and, for task checks, its task definition id. */
export function checkKindOf(typeId: string, definitionRefId?: string): CheckKind {
  const type = typeId.toLowerCase();
  if (type === CheckTypeIds.taskCheck) {
    return (definitionRefId && TASK_CHECK_KINDS[definitionRefId.toLowerCase()]) || "other";
  }
  return TYPE_KINDS[type] ?? "other";
}

/*
 * Status names (§5.4, §5.5). The checks and approvals endpoints are asked for string enums:
 * their numeric values are in no client typings, so numbers are not guessed here.
 */
const CHECK_STATUSES: readonly CheckStatus[] = [
  "none",
  "queued",
  "running",
  "approved",
  "rejected",
  "canceled",
  "timedOut",
  "failed",
  "completed",
];
const APPROVAL_STATUSES: readonly ApprovalStatus[] = [
  "undefined",
  "uninitiated",
  "pending",
  "approved",
  "rejected",
  "skipped",
  "canceled",
  "timedOut",
  "deferred",
  "failed",
  "completed",
];

function named<T extends string>(names: readonly T[]): Record<number, T> {
  // enumValue matches names case-insensitively against the table's values; the keys are unused
  // (negative so no real number can hit them).
  return Object.fromEntries(names.map((name, index) => [-1 - index, name])) as Record<number, T>;
}
const CHECK_STATUS_NAMES = named(CHECK_STATUSES);
const APPROVAL_STATUS_NAMES = named(APPROVAL_STATUSES);

function mapResource(value: unknown, what: string): CheckResource {
  const resource = asObject(value, what);
  return compact({
    type: reqString(resource, "type", what),
    id: reqString(resource, "id", what),
    name: optString(resource, "name", what) || undefined,
  });
}

export function mapCheckConfiguration(value: unknown): CheckConfiguration {
  const what = "check configuration";
  const configuration = asObject(value, what);
  const type = optObject(configuration, "type", what);
  if (!type) throw malformed(what, "type", "is missing");
  const typeId = reqString(type, "id", `${what}.type`);
  const typeName = optString(type, "name", `${what}.type`) ?? "";
  const settings = optObject(configuration, "settings", what) ?? {};
  const definitionRef = optObject(settings, "definitionRef", `${what}.settings`);
  const definitionRefId = definitionRef
    ? optString(definitionRef, "id", `${what}.settings.definitionRef`)
    : undefined;
  const resource = configuration.resource;
  if (resource === undefined || resource === null) throw malformed(what, "resource", "is missing");
  const displayName = optString(settings, "displayName", `${what}.settings`);
  return compact({
    id: reqInt(configuration, "id", what),
    kind: checkKindOf(typeId, definitionRefId),
    typeId,
    typeName,
    displayName: displayName || typeName,
    resource: mapResource(resource, `${what}.resource`),
    timeoutMinutes: optInt(configuration, "timeout", what),
    isDisabled: optBool(configuration, "isDisabled", what),
    settings,
  });
}

export function mapCheckSuite(value: unknown): CheckSuite {
  const what = "check suite";
  const suite = asObject(value, what);
  return {
    id: reqString(suite, "id", what),
    status: enumValue(suite, "status", CHECK_STATUS_NAMES, what, "none") ?? "none",
    checkRuns: optArray(suite, "checkRuns", what).map((run) => mapCheckRun(run)),
  };
}

function mapCheckRun(value: unknown): CheckRun {
  const what = "check run";
  const run = asObject(value, what);
  const reference = optObject(run, "checkConfigurationRef", what);
  const referenceWhat = `${what}.checkConfigurationRef`;
  const type = reference ? optObject(reference, "type", referenceWhat) : undefined;
  const resource = reference ? reference.resource : undefined;
  return compact({
    id: reqString(run, "id", what),
    status: enumValue(run, "status", CHECK_STATUS_NAMES, what, "none") ?? "none",
    resultMessage: optString(run, "resultMessage", what) || undefined,
    createdDate: optDate(run, "createdDate", what),
    completedDate: optDate(run, "completedDate", what),
    configurationId: reference ? optInt(reference, "id", referenceWhat) : undefined,
    typeName: type ? optString(type, "name", `${referenceWhat}.type`) : undefined,
    resource:
      resource === undefined || resource === null
        ? undefined
        : mapResource(resource, `${referenceWhat}.resource`),
  });
}

/** `executionOrder` as a name or the number the service may send (1 any order, 2 in sequence). */
function executionOrderOf(approval: JsonObject, what: string): "anyOrder" | "inSequence" {
  const value = approval.executionOrder;
  if (value === 2 || (typeof value === "string" && value.toLowerCase() === "insequence")) {
    return "inSequence";
  }
  if (value === undefined || value === null || value === 1 || typeof value === "string") {
    return "anyOrder";
  }
  throw malformed(what, "executionOrder", `has the unknown value ${String(value)}`);
}

export function mapPipelineApproval(value: unknown): PipelineApproval {
  const what = "pipeline approval";
  const approval = asObject(value, what);
  const pipeline = optObject(approval, "pipeline", what);
  const owner = pipeline ? optObject(pipeline, "owner", `${what}.pipeline`) : undefined;
  return compact({
    id: reqString(approval, "id", what),
    status: enumValue(approval, "status", APPROVAL_STATUS_NAMES, what, "undefined") ?? "undefined",
    createdOn: optDate(approval, "createdOn", what),
    lastModifiedOn: optDate(approval, "lastModifiedOn", what),
    executionOrder: executionOrderOf(approval, what),
    minRequiredApprovers: optInt(approval, "minRequiredApprovers", what) ?? 0,
    instructions: optString(approval, "instructions", what) || undefined,
    steps: optArray(approval, "steps", what).map((step) => mapApprovalStep(step)),
    pipeline:
      pipeline && owner
        ? compact({
            id: reqInt(pipeline, "id", `${what}.pipeline`),
            name: optString(pipeline, "name", `${what}.pipeline`) ?? "",
            runId: reqInt(owner, "id", `${what}.pipeline.owner`),
            runName: optString(owner, "name", `${what}.pipeline.owner`),
          })
        : undefined,
  });
}

function mapApprovalStep(value: unknown): ApprovalStep {
  const what = "approval step";
  const step = asObject(value, what);
  const assigned = optObject(step, "assignedApprover", what);
  if (!assigned) throw malformed(what, "assignedApprover", "is missing");
  return compact({
    assignedApprover: identityOf(assigned, `${what}.assignedApprover`),
    actualApprover: optIdentity(step, "actualApprover", what),
    status: enumValue(step, "status", APPROVAL_STATUS_NAMES, what, "undefined") ?? "undefined",
    comment: optString(step, "comment", what) || undefined,
    initiatedOn: optDate(step, "initiatedOn", what),
    lastModifiedOn: optDate(step, "lastModifiedOn", what),
    order: optInt(step, "order", what),
  });
}
