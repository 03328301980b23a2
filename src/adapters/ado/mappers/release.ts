import type {
  DeploymentAttempt,
  GateDefinition,
  GateSample,
  GateStatus,
  GatesPolicy,
  Identity,
  Release,
  ReleaseApproval,
  ReleaseApprovalPolicy,
  ReleaseApprovalStatus,
  ReleaseArtifact,
  ReleaseArtifactSource,
  ReleaseDefinition,
  ReleaseDefinitionEnvironment,
  ReleaseEnvironment,
  ReleaseEnvironmentStatus,
  ReleaseGates,
} from "../../../core/model";
import {
  asObject,
  compact,
  enumValue,
  optArray,
  optBool,
  optDate,
  optIdName,
  optIdentity,
  optInt,
  optObject,
  optString,
  reqInt,
  reqString,
  type JsonObject,
} from "./read";

/** Release `ReleaseStatus` (§9). */
export const RELEASE_STATUS: Readonly<Record<number, Release["status"]>> = {
  0: "undefined",
  1: "draft",
  2: "active",
  4: "abandoned",
};

/** Release `EnvironmentStatus` (§9). */
export const ENVIRONMENT_STATUS: Readonly<Record<number, ReleaseEnvironmentStatus>> = {
  0: "undefined",
  1: "notStarted",
  2: "inProgress",
  4: "succeeded",
  8: "canceled",
  16: "rejected",
  32: "queued",
  64: "scheduled",
  128: "partiallySucceeded",
};

/** Release `ApprovalStatus` (§9). */
export const RELEASE_APPROVAL_STATUS: Readonly<Record<number, ReleaseApprovalStatus>> = {
  0: "undefined",
  1: "pending",
  2: "approved",
  4: "rejected",
  6: "reassigned",
  7: "canceled",
  8: "skipped",
};

/** Query values for `statusFilter` on release approvals. */
export const RELEASE_APPROVAL_STATUS_QUERY: Readonly<
  Record<Exclude<ReleaseApprovalStatus, "undefined">, number>
> = { pending: 1, approved: 2, rejected: 4, reassigned: 6, canceled: 7, skipped: 8 };

/** Release `ApprovalType` (§9). */
export const APPROVAL_TYPE: Readonly<Record<number, ReleaseApproval["approvalType"]>> = {
  1: "preDeploy",
  2: "postDeploy",
};

/** Release `GateStatus` (§9). */
export const GATE_STATUS: Readonly<Record<number, GateStatus>> = {
  0: "none",
  1: "pending",
  2: "inProgress",
  4: "succeeded",
  8: "failed",
  16: "canceled",
};

/** Release `DeploymentStatus` (§9). */
export const DEPLOYMENT_STATUS: Readonly<Record<number, string>> = {
  0: "undefined",
  1: "notDeployed",
  2: "inProgress",
  4: "succeeded",
  8: "partiallySucceeded",
  16: "failed",
};

/** Release `DeploymentOperationStatus` (§9). Names arrive in varying case; kept as given. */
export const DEPLOYMENT_OPERATION_STATUS: Readonly<Record<number, string>> = {
  0: "undefined",
  1: "queued",
  2: "scheduled",
  4: "pending",
  8: "approved",
  16: "rejected",
  32: "deferred",
  64: "queuedForAgent",
  128: "phaseInProgress",
  256: "phaseSucceeded",
  512: "phasePartiallySucceeded",
  1024: "phaseFailed",
  2048: "canceled",
  4096: "phaseCanceled",
  8192: "manualInterventionPending",
  16384: "queuedForPipeline",
  32768: "cancelling",
  65536: "evaluatingGates",
  131072: "gateFailed",
};

/** Release `TaskStatus` (§9): the status of one gate evaluation and its gates. */
export const RELEASE_TASK_STATUS: Readonly<Record<number, string>> = {
  0: "unknown",
  1: "pending",
  2: "inProgress",
  3: "success",
  4: "failure",
  5: "canceled",
  6: "skipped",
  7: "succeeded",
  8: "failed",
  9: "partiallySucceeded",
};

/** A numeric enum as its name, a string as given (unknown numbers kept as digits). */
function nameOf(
  object: JsonObject,
  key: string,
  table: Readonly<Record<number, string>>,
  what: string,
) {
  const value = object[key];
  if (typeof value === "number") return table[value] ?? String(value);
  return optString(object, key, what) ?? "undefined";
}

// ---- definitions -------------------------------------------------------------------------

export function mapReleaseDefinition(value: unknown): ReleaseDefinition {
  const what = "release definition";
  const definition = asObject(value, what);
  return {
    id: reqInt(definition, "id", what),
    name: optString(definition, "name", what) ?? "",
    path: optString(definition, "path", what) ?? "\\",
    environments: optArray(definition, "environments", what).map((environment) =>
      mapDefinitionEnvironment(environment),
    ),
    artifacts: optArray(definition, "artifacts", what).map((artifact) =>
      mapArtifactSource(artifact),
    ),
  };
}

function mapDefinitionEnvironment(value: unknown): ReleaseDefinitionEnvironment {
  const what = "release definition environment";
  const environment = asObject(value, what);
  return {
    id: reqInt(environment, "id", what),
    name: optString(environment, "name", what) ?? "",
    rank: optInt(environment, "rank", what) ?? 0,
    preApproval: mapApprovalPolicy(environment.preDeployApprovals, `${what}.preDeployApprovals`),
    postApproval: mapApprovalPolicy(environment.postDeployApprovals, `${what}.postDeployApprovals`),
    preGates: mapGatesPolicy(environment.preDeploymentGates, `${what}.preDeploymentGates`),
    postGates: mapGatesPolicy(environment.postDeploymentGates, `${what}.postDeploymentGates`),
  };
}

/** An approval step; `isAutomated` without an approver means no approval is configured. */
function mapApprovalPolicy(value: unknown, what: string): ReleaseApprovalPolicy {
  if (value === undefined || value === null) {
    return { hasApprovers: false, approvers: [], requiredApproverCount: 0 };
  }
  const step = asObject(value, what);
  const approvers: Identity[] = [];
  for (const entry of optArray(step, "approvals", what)) {
    const approval = asObject(entry, `${what}.approvals[]`);
    const approver = optIdentity(approval, "approver", `${what}.approvals[]`);
    if (!optBool(approval, "isAutomated", `${what}.approvals[]`) && approver) {
      approvers.push(approver);
    }
  }
  const options = optObject(step, "approvalOptions", what);
  const optionsWhat = `${what}.approvalOptions`;
  const timeout = options ? optInt(options, "timeoutInMinutes", optionsWhat) : undefined;
  return compact({
    hasApprovers: approvers.length > 0,
    approvers,
    requiredApproverCount: options
      ? (optInt(options, "requiredApproverCount", optionsWhat) ?? 0)
      : 0,
    timeoutMinutes: timeout ? timeout : undefined,
    releaseCreatorCanBeApprover: options
      ? optBool(options, "releaseCreatorCanBeApprover", optionsWhat)
      : undefined,
  });
}

function mapGatesPolicy(value: unknown, what: string): GatesPolicy {
  if (value === undefined || value === null) return { isEnabled: false, gates: [] };
  const step = asObject(value, what);
  const options = optObject(step, "gatesOptions", what);
  const optionsWhat = `${what}.gatesOptions`;
  const gates: GateDefinition[] = [];
  for (const gate of optArray(step, "gates", what)) {
    for (const task of optArray(asObject(gate, `${what}.gates[]`), "tasks", `${what}.gates[]`)) {
      gates.push(mapGateTask(task, `${what}.gates[].tasks[]`));
    }
  }
  return compact({
    isEnabled: options ? optBool(options, "isEnabled", optionsWhat) : false,
    timeoutMinutes: options ? optInt(options, "timeout", optionsWhat) : undefined,
    samplingIntervalMinutes: options ? optInt(options, "samplingInterval", optionsWhat) : undefined,
    stabilizationTimeMinutes: options
      ? optInt(options, "stabilizationTime", optionsWhat)
      : undefined,
    minimumSuccessDurationMinutes: options
      ? optInt(options, "minimumSuccessDuration", optionsWhat)
      : undefined,
    gates,
  });
}

function mapGateTask(value: unknown, what: string): GateDefinition {
  const task = asObject(value, what);
  const inputs: Record<string, string> = {};
  for (const [key, input] of Object.entries(optObject(task, "inputs", what) ?? {})) {
    if (input !== undefined && input !== null) inputs[key] = String(input);
  }
  return {
    name: optString(task, "name", what) ?? "",
    taskId: reqString(task, "taskId", what),
    // A gate without `enabled` is enabled (the designer writes it explicitly only when off).
    enabled:
      task.enabled === undefined || task.enabled === null ? true : optBool(task, "enabled", what),
    inputs,
  };
}

function mapArtifactSource(value: unknown): ReleaseArtifactSource {
  const what = "release definition artifact";
  const artifact = asObject(value, what);
  return compact({
    alias: optString(artifact, "alias", what) ?? "",
    type: optString(artifact, "type", what) ?? "",
    buildDefinitionId: buildDefinitionIdOf(artifact, what),
  });
}

/** Build artifacts name their definition in definitionReference.definition (a string id). */
function buildDefinitionIdOf(artifact: JsonObject, what: string): number | undefined {
  const reference = optObject(artifact, "definitionReference", what);
  const definition = reference
    ? optObject(reference, "definition", `${what}.definitionReference`)
    : undefined;
  if (definition) {
    const id = optInt(definition, "id", `${what}.definitionReference.definition`);
    if (id !== undefined) return id;
  }
  // Fallback: sourceId is "{projectId}:{buildDefinitionId}".
  const sourceId = optString(artifact, "sourceId", what);
  const match = sourceId ? /:(\d+)$/.exec(sourceId) : null;
  const type = optString(artifact, "type", what);
  return match && type?.toLowerCase() === "build" ? Number(match[1]) : undefined;
}

// ---- releases ----------------------------------------------------------------------------

export function mapRelease(value: unknown): Release {
  const what = "release";
  const release = asObject(value, what);
  const definition = optIdName(release, "releaseDefinition", what);
  return compact({
    id: reqInt(release, "id", what),
    name: optString(release, "name", what) ?? "",
    status: enumValue(release, "status", RELEASE_STATUS, what, "undefined") ?? "undefined",
    createdOn: optDate(release, "createdOn", what),
    createdBy: optIdentity(release, "createdBy", what),
    definition: definition ?? { id: 0, name: "" },
    artifacts: optArray(release, "artifacts", what).map((artifact) => mapReleaseArtifact(artifact)),
    environments: optArray(release, "environments", what).map((environment) =>
      mapReleaseEnvironment(environment),
    ),
  });
}

function refId(reference: JsonObject | undefined, key: string, what: string): string | undefined {
  const entry = reference ? optObject(reference, key, what) : undefined;
  return entry ? optString(entry, "id", `${what}.${key}`) || undefined : undefined;
}

function mapReleaseArtifact(value: unknown): ReleaseArtifact {
  const what = "release artifact";
  const artifact = asObject(value, what);
  const reference = optObject(artifact, "definitionReference", what);
  const referenceWhat = `${what}.definitionReference`;
  const version = reference ? optObject(reference, "version", referenceWhat) : undefined;
  const versionId = version ? optString(version, "id", `${referenceWhat}.version`) : undefined;
  const isBuild = optString(artifact, "type", what)?.toLowerCase() === "build";
  return compact({
    alias: optString(artifact, "alias", what) ?? "",
    type: optString(artifact, "type", what) ?? "",
    isPrimary: optBool(artifact, "isPrimary", what),
    buildDefinitionId: isBuild ? buildDefinitionIdOf(artifact, what) : undefined,
    buildId: isBuild && versionId && /^\d+$/.test(versionId) ? Number(versionId) : undefined,
    buildNumber: version
      ? optString(version, "name", `${referenceWhat}.version`) || undefined
      : undefined,
    branch: refId(reference, "branch", referenceWhat),
    sourceVersion: refId(reference, "sourceVersion", referenceWhat),
    repositoryId: refId(reference, "repository", referenceWhat),
  });
}

function mapReleaseEnvironment(value: unknown): ReleaseEnvironment {
  const what = "release environment";
  const environment = asObject(value, what);
  return {
    id: reqInt(environment, "id", what),
    releaseId: optInt(environment, "releaseId", what) ?? 0,
    name: optString(environment, "name", what) ?? "",
    rank: optInt(environment, "rank", what) ?? 0,
    status: enumValue(environment, "status", ENVIRONMENT_STATUS, what, "undefined") ?? "undefined",
    definitionEnvironmentId: optInt(environment, "definitionEnvironmentId", what) ?? 0,
    preApprovals: optArray(environment, "preDeployApprovals", what).map((approval) =>
      mapReleaseApproval(approval),
    ),
    postApprovals: optArray(environment, "postDeployApprovals", what).map((approval) =>
      mapReleaseApproval(approval),
    ),
    deploySteps: optArray(environment, "deploySteps", what).map((step) =>
      mapDeploymentAttempt(step),
    ),
  };
}

function mapDeploymentAttempt(value: unknown): DeploymentAttempt {
  const what = "deployment attempt";
  const attempt = asObject(value, what);
  const preGates = optObject(attempt, "preDeploymentGates", what);
  const postGates = optObject(attempt, "postDeploymentGates", what);
  return compact({
    id: reqInt(attempt, "id", what),
    attempt: optInt(attempt, "attempt", what) ?? 1,
    status: nameOf(attempt, "status", DEPLOYMENT_STATUS, what),
    operationStatus: nameOf(attempt, "operationStatus", DEPLOYMENT_OPERATION_STATUS, what),
    queuedOn: optDate(attempt, "queuedOn", what),
    lastModifiedOn: optDate(attempt, "lastModifiedOn", what),
    requestedFor: optIdentity(attempt, "requestedFor", what),
    preGates: preGates ? mapReleaseGates(preGates, `${what}.preDeploymentGates`) : undefined,
    postGates: postGates ? mapReleaseGates(postGates, `${what}.postDeploymentGates`) : undefined,
  });
}

function mapReleaseGates(gates: JsonObject, what: string): ReleaseGates {
  return compact<ReleaseGates>({
    id: optInt(gates, "id", what) ?? 0,
    status: enumValue(gates, "status", GATE_STATUS, what, "none") ?? "none",
    startedOn: optDate(gates, "startedOn", what),
    lastModifiedOn: optDate(gates, "lastModifiedOn", what),
    stabilizationCompletedOn: optDate(gates, "stabilizationCompletedOn", what),
    succeedingSince: optDate(gates, "succeedingSince", what),
    ignoredGates: optArray(gates, "ignoredGates", what).map(
      (ignored) => optString(asObject(ignored, `${what}.ignoredGates[]`), "name", what) ?? "",
    ),
    // Each deployment job is one sampling evaluation; its tasks are the gate results.
    samples: optArray(gates, "deploymentJobs", what).map((job) =>
      mapGateSample(job, `${what}.deploymentJobs[]`),
    ),
  });
}

function mapGateSample(value: unknown, what: string): GateSample {
  const deploymentJob = asObject(value, what);
  const job = optObject(deploymentJob, "job", what) ?? {};
  return compact({
    startTime: optDate(job, "startTime", `${what}.job`),
    finishTime: optDate(job, "finishTime", `${what}.job`),
    status: nameOf(job, "status", RELEASE_TASK_STATUS, `${what}.job`),
    results: optArray(deploymentJob, "tasks", what).map((entry) => {
      const task = asObject(entry, `${what}.tasks[]`);
      const definition = optObject(task, "task", `${what}.tasks[]`);
      const issues = optArray(task, "issues", `${what}.tasks[]`);
      const firstIssue =
        issues.length > 0 ? asObject(issues[0], `${what}.tasks[].issues[]`) : undefined;
      return compact({
        name: optString(task, "name", `${what}.tasks[]`) ?? "",
        status: nameOf(task, "status", RELEASE_TASK_STATUS, `${what}.tasks[]`),
        taskId: definition ? optString(definition, "id", `${what}.tasks[].task`) : undefined,
        message: firstIssue
          ? optString(firstIssue, "message", `${what}.tasks[].issues[]`)
          : undefined,
      });
    }),
  });
}

export function mapReleaseApproval(value: unknown): ReleaseApproval {
  const what = "release approval";
  const approval = asObject(value, what);
  return compact({
    id: reqInt(approval, "id", what),
    approvalType: enumValue(approval, "approvalType", APPROVAL_TYPE, what) ?? "preDeploy",
    status:
      enumValue(approval, "status", RELEASE_APPROVAL_STATUS, what, "undefined") ?? "undefined",
    approver: optIdentity(approval, "approver", what),
    approvedBy: optIdentity(approval, "approvedBy", what),
    comments: optString(approval, "comments", what) || undefined,
    isAutomated: optBool(approval, "isAutomated", what),
    createdOn: optDate(approval, "createdOn", what),
    modifiedOn: optDate(approval, "modifiedOn", what),
    attempt: optInt(approval, "attempt", what),
    rank: optInt(approval, "rank", what),
    release: optIdName(approval, "release", what),
    releaseDefinition: optIdName(approval, "releaseDefinition", what),
    releaseEnvironment: optIdName(approval, "releaseEnvironment", what),
  });
}
