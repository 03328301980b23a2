import type {
  DeploymentAttempt,
  GatesPolicy,
  Release,
  ReleaseApproval,
  ReleaseApprovalPolicy,
  ReleaseDefinition,
  ReleaseDefinitionEnvironment,
  ReleaseEnvironment,
  ReleaseGates,
} from "../model";
import { releaseEnvironmentState } from "../vocabulary/rawStates";
import type {
  CheckItemState,
  Decision,
  Evidence,
  GateCheck,
  GateState,
  StageGate,
  Waiting,
} from "./types";

const MINUTE = 60_000;

function plus(date: Date | undefined, minutes: number | undefined): Date | undefined {
  return date && minutes ? new Date(date.getTime() + minutes * MINUTE) : undefined;
}

function manual(approvals: ReleaseApproval[]): ReleaseApproval[] {
  return approvals.filter((approval) => !approval.isAutomated);
}

/** The newest attempt of a deployment (redeploys add attempts). */
export function latestAttempt(environment: ReleaseEnvironment): DeploymentAttempt | undefined {
  return [...environment.deploySteps].sort((a, b) => b.attempt - a.attempt)[0];
}

/** Approvals of the latest attempt only; older attempts' approvals are history. */
function ofAttempt(approvals: ReleaseApproval[], attempt: number | undefined): ReleaseApproval[] {
  if (attempt === undefined) return approvals;
  const current = approvals.filter((approval) => (approval.attempt ?? 1) === attempt);
  return current.length > 0 ? current : approvals;
}

function approvalState(approval: ReleaseApproval): CheckItemState {
  switch (approval.status) {
    case "approved":
      return "succeeded";
    case "rejected":
      return "rejected";
    case "canceled":
      return "canceled";
    case "skipped":
      return "skipped";
    case "reassigned":
    case "pending":
    case "undefined":
      return "pending";
  }
}

function gateResultState(status: string): CheckItemState {
  switch (status.toLowerCase()) {
    case "succeeded":
    case "success":
    case "partiallysucceeded":
      return "succeeded";
    case "failed":
    case "failure":
      return "failed";
    case "canceled":
      return "canceled";
    case "skipped":
      return "skipped";
    case "inprogress":
      return "running";
    default:
      return "pending";
  }
}

function gateChecks(
  phase: "Pre-deployment" | "Post-deployment",
  policy: GatesPolicy | undefined,
  gates: ReleaseGates | undefined,
): GateCheck[] {
  const last = gates?.samples[gates.samples.length - 1];
  const names = new Set<string>([
    ...(policy?.gates ?? []).filter((gate) => gate.enabled).map((gate) => gate.name),
    ...(last?.results ?? []).map((result) => result.name),
  ]);
  const open = gates?.status === "inProgress" || gates?.status === "pending";
  return [...names].map((name) => {
    const result = last?.results.find((candidate) => candidate.name === name);
    const ignored = gates?.ignoredGates.includes(name) ?? false;
    // No sample read: a step that succeeded passed every gate (or ignored it), one canceled ended
    // them all; only such steps go without samples (the release list carries none).
    const settled = gates?.status === "succeeded" || gates?.status === "canceled";
    let state: CheckItemState = result
      ? gateResultState(result.status)
      : settled
        ? (gates.status as CheckItemState)
        : "pending";
    // A gate failing its latest sample while the step still evaluates is being retried.
    if (open && state === "failed") state = "running";
    if (ignored) state = "skipped";
    return {
      type: "gate",
      name: `${phase} gate: ${name}`,
      state,
      ...(result?.message ? { message: result.message } : {}),
    };
  });
}

function approvalChecks(
  phase: "Pre-deployment" | "Post-deployment",
  approvals: ReleaseApproval[],
): GateCheck[] {
  return manual(approvals).map((approval) => ({
    type: "approval",
    name: `${phase} approval${approval.approver ? `: ${approval.approver.displayName}` : ""}`,
    state: approvalState(approval),
    ...(approval.comments ? { message: approval.comments } : {}),
  }));
}

function gateEvidence(gates: ReleaseGates | undefined): Evidence[] {
  if (!gates || gates.status === "none") return [];
  return [
    { kind: "gate-step", id: String(gates.id), status: gates.status },
    ...gates.samples.map((sample, index): Evidence => ({
      kind: "gate-sample",
      id: `${gates.id}#${index + 1}`,
      status: sample.status,
      note: sample.results
        .map(
          (result) =>
            `${result.name}: ${result.status}${result.message ? ` (${result.message})` : ""}`,
        )
        .join("; "),
    })),
  ];
}

function approvalWaiting(
  approvals: ReleaseApproval[],
  policy: ReleaseApprovalPolicy | undefined,
  phase: string,
): Waiting | undefined {
  const pending = manual(approvals).filter((approval) => approval.status === "pending");
  if (pending.length === 0) return undefined;
  const since = pending
    .map((approval) => approval.createdOn)
    .filter((date): date is Date => date !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const all = manual(approvals);
  return {
    kind: "approval",
    id: String(pending[0].id),
    since,
    timeoutAt: plus(since, policy?.timeoutMinutes),
    approvers: pending.flatMap((approval) => (approval.approver ? [approval.approver] : [])),
    required:
      policy && policy.requiredApproverCount > 0 ? policy.requiredApproverCount : all.length,
    approved: all.filter((approval) => approval.status === "approved").length,
    holding: [`${phase} approval`],
  };
}

function gatesWaiting(
  gates: ReleaseGates | undefined,
  policy: GatesPolicy | undefined,
  checks: GateCheck[],
): Waiting | undefined {
  if (!gates || (gates.status !== "inProgress" && gates.status !== "pending")) return undefined;
  const failing = checks.filter(
    (check) => check.state !== "succeeded" && check.state !== "skipped",
  );
  const messages = failing.map((check) => check.message).filter(Boolean);
  return {
    kind: "gate",
    id: String(gates.id),
    since: gates.startedOn,
    timeoutAt: plus(gates.startedOn, policy?.timeoutMinutes),
    approvers: [],
    instructions: messages.length > 0 ? messages.join("; ") : undefined,
    holding: failing.map((check) => check.name),
  };
}

/** One gate state for one environment of a Classic release. */
export function deriveReleaseEnvironment(
  release: Release,
  environment: ReleaseEnvironment,
  definition: ReleaseDefinitionEnvironment | undefined,
): StageGate {
  const step = latestAttempt(environment);
  const pre = ofAttempt(environment.preApprovals, step?.attempt);
  const post = ofAttempt(environment.postApprovals, step?.attempt);
  const preGateChecks = gateChecks("Pre-deployment", definition?.preGates, step?.preGates);
  const postGateChecks = gateChecks("Post-deployment", definition?.postGates, step?.postGates);
  const checks = [
    ...approvalChecks("Pre-deployment", pre),
    ...preGateChecks,
    ...postGateChecks,
    ...approvalChecks("Post-deployment", post),
  ];
  const evidence: Evidence[] = [
    { kind: "release-environment", id: String(environment.id), status: environment.status },
  ];
  if (step) {
    evidence.push({
      kind: "deploy-step",
      id: String(step.id),
      status: `${step.status}/${step.operationStatus}`,
    });
  }
  for (const approval of manual([...pre, ...post])) {
    evidence.push({ kind: "release-approval", id: String(approval.id), status: approval.status });
  }
  evidence.push(...gateEvidence(step?.preGates), ...gateEvidence(step?.postGates));

  const base = {
    source: "classic" as const,
    pipeline: release.definition,
    releaseId: release.id,
    releaseName: release.name,
    stage: environment.name,
    environment: environment.name,
    checks,
    evidence,
  };
  const finished = step?.lastModifiedOn;
  const result = (state: GateState, extra: Partial<StageGate> = {}): StageGate => ({
    ...base,
    state,
    waiting: [],
    ...(finished && state !== "not-started" && state !== "skipped" ? { since: finished } : {}),
    ...extra,
  });

  const waiting = [
    approvalWaiting(pre, definition?.preApproval, "Pre-deployment"),
    gatesWaiting(step?.preGates, definition?.preGates, preGateChecks),
    gatesWaiting(step?.postGates, definition?.postGates, postGateChecks),
    approvalWaiting(post, definition?.postApproval, "Post-deployment"),
  ].filter((entry): entry is Waiting => entry !== undefined);
  const stillOpen = environment.status === "inProgress" || environment.status === "queued";
  if (waiting.length > 0 && stillOpen) {
    const approval = waiting.some((entry) => entry.kind === "approval");
    return result(approval ? "waiting-for-approval" : "checks-running", {
      waiting,
      since: waiting.map((entry) => entry.since).find((date) => date !== undefined),
    });
  }

  const rejected = manual([...pre, ...post]).find((approval) => approval.status === "rejected");
  if (rejected) {
    const decision: Decision = {
      cause: "approval",
      ...(rejected.approvedBy ? { by: rejected.approvedBy } : {}),
      ...(rejected.comments ? { comment: rejected.comments } : {}),
      ...(rejected.modifiedOn ? { at: rejected.modifiedOn } : {}),
    };
    return result("rejected", { decision });
  }
  const gatesFailed =
    step?.preGates?.status === "failed" ||
    step?.postGates?.status === "failed" ||
    step?.operationStatus.toLowerCase() === "gatefailed";
  if (gatesFailed) {
    const failing = [...preGateChecks, ...postGateChecks].find((check) => check.state === "failed");
    const gates = step?.preGates?.status === "failed" ? step.preGates : step?.postGates;
    // Azure DevOps rejects a deployment whose gates fail (environment status rejected).
    return result("rejected", {
      decision: {
        cause: "gate",
        comment: failing?.message ?? `${failing?.name ?? "A gate"} did not pass`,
        ...(gates?.lastModifiedOn ? { at: gates.lastModifiedOn } : {}),
      },
    });
  }
  // Classic approvals have no timed-out status: an approval canceled once its timeout elapsed.
  const timedOut = manual([...pre, ...post]).find((approval) => {
    if (approval.status !== "canceled" || !approval.createdOn || !approval.modifiedOn) return false;
    const policy =
      approval.approvalType === "preDeploy" ? definition?.preApproval : definition?.postApproval;
    const limit = plus(approval.createdOn, policy?.timeoutMinutes);
    return limit !== undefined && approval.modifiedOn.getTime() >= limit.getTime();
  });
  if (timedOut) {
    return result("timed-out", {
      decision: {
        cause: "approval",
        comment: "The approval timed out",
        ...(timedOut.modifiedOn ? { at: timedOut.modifiedOn } : {}),
      },
    });
  }

  switch (environment.status) {
    case "succeeded":
    case "partiallySucceeded":
    case "queued":
    case "scheduled":
    case "inProgress":
      return result(releaseEnvironmentState(environment.status, step));
    case "canceled":
      return result("canceled", { decision: { cause: "run" } });
    case "rejected":
      // No approval or gate rejected it (those are above): its deployment failed.
      return result("failed", { decision: { cause: "deployment" } });
    default:
      // Never reached in an abandoned release: it will not start.
      return release.status === "abandoned" && !step ? result("skipped") : result("not-started");
  }
}

/** Every environment of every release, joined with its definition environment by id. */
export function deriveReleases(releases: Release[], definitions: ReleaseDefinition[]): StageGate[] {
  const environments = new Map<number, ReleaseDefinitionEnvironment>();
  for (const definition of definitions) {
    for (const environment of definition.environments)
      environments.set(environment.id, environment);
  }
  return releases.flatMap((release) =>
    [...release.environments]
      .sort((a, b) => a.rank - b.rank)
      .map((environment) =>
        deriveReleaseEnvironment(
          release,
          environment,
          environments.get(environment.definitionEnvironmentId),
        ),
      ),
  );
}
