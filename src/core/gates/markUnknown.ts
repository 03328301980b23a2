import type { NotAvailable } from "../sources";
import type { StageGate } from "./types";

/**
 * Secondary reads of the YAML derivation that failed. Without them a stage is still derived from
 * its timeline, but some of its fields fall back (no environment, no timeout, a check's type read
 * from its record); the stage is marked so that a fallback never reads as "there is none".
 */
export interface YamlReadFailures {
  /** Check suites that could not be read, by Checkpoint record id. */
  suites: Map<string, NotAvailable>;
  /** Check suites that were read (their runs name check configurations). */
  suitesRead: Set<string>;
  configurations?: NotAvailable;
  approvals?: NotAvailable;
  /**
   * Approvals not found under their Checkpoint.Approval record's id, by Checkpoint record id:
   * the ids do not match (see checkpointIds.ts), so who may approve, and until when, is unknown.
   */
  approvalRecords?: Map<string, NotAvailable>;
}

/** Check types a timeline record names by itself; any other type comes from a suite. */
const TYPES_FROM_RECORDS = new Set(["approval", "requiredTemplate", "authorization"]);

function stageLabel(stage: StageGate): string {
  const owner =
    stage.source === "yaml"
      ? `run ${stage.runName ?? stage.runId}`
      : (stage.releaseName ?? `release ${stage.releaseId}`);
  return `stage ${stage.stage} of ${stage.pipeline.name} ${owner}`;
}

function withMarker(stage: StageGate, failure: NotAvailable, fields: string[]): StageGate {
  if (fields.length === 0) return stage;
  const marker: NotAvailable = { ...failure, what: stageLabel(stage), fields };
  return { ...stage, unknown: [...(stage.unknown ?? []), marker] };
}

/** Fields a missing check configuration leaves unknown on this stage. */
function configurationFields(stage: StageGate): string[] {
  const fields: string[] = [];
  if (stage.waiting.length > 0) fields.push("timeoutAt");
  if (stage.checks.some((check) => !TYPES_FROM_RECORDS.has(check.type))) {
    fields.push("checks.type");
  }
  return fields;
}

/**
 * Fields a missing check suite leaves unknown: the suite's check runs carry the checks' states,
 * result messages (a waiting check's instructions) and the checks seen only as runs, so the
 * list of checks itself is unknown, not only their types.
 */
function suiteFields(stage: StageGate): string[] {
  const fields = configurationFields(stage);
  if (stage.environment === undefined) fields.unshift("environment");
  if (stage.waiting.some((waiting) => waiting.kind === "check")) fields.push("instructions");
  fields.push("checks");
  return fields;
}

/** Marks the fields of YAML stages that the failed reads left unknown (pure). */
export function markYamlUnknown(stages: StageGate[], failed: YamlReadFailures): StageGate[] {
  return stages.map((stage) => {
    let marked = stage;
    const checkpoint = stage.evidence.find((entry) => entry.kind === "checkpoint-record")?.id;
    const suiteFailure = checkpoint === undefined ? undefined : failed.suites.get(checkpoint);
    if (suiteFailure) marked = withMarker(marked, suiteFailure, suiteFields(stage));
    const usedConfigurations = checkpoint !== undefined && failed.suitesRead.has(checkpoint);
    if (failed.configurations && !suiteFailure && usedConfigurations) {
      marked = withMarker(marked, failed.configurations, configurationFields(stage));
    }
    const unreadApproval =
      stage.checks.some((check) => check.type === "approval") &&
      !stage.evidence.some((entry) => entry.kind === "approval");
    // The approvals read failed, or none has this stage's approval record id.
    const approvalFailure =
      failed.approvals ?? (checkpoint && failed.approvalRecords?.get(checkpoint));
    if (approvalFailure && unreadApproval && stage.state === "waiting-for-approval") {
      marked = withMarker(marked, approvalFailure, ["approvers", "timeoutAt"]);
    }
    return marked;
  });
}

/**
 * Marks the Classic stages while the release definitions could not be read (pure): they hold the
 * approval and gate timeouts, and the configured gates (a gate not yet evaluated is known only
 * from them), so every stage's checks may be incomplete.
 */
export function markClassicUnknown(
  stages: StageGate[],
  failure: NotAvailable | undefined,
): StageGate[] {
  if (!failure) return stages;
  return stages.map((stage) =>
    withMarker(stage, failure, stage.waiting.length > 0 ? ["timeoutAt", "checks"] : ["checks"]),
  );
}

/**
 * Marks the Classic stages of releases whose gate samples (Get Release) could not be read (pure):
 * their gate checks' results, and a waiting gate's messages, are those of the listing, which
 * carries no samples.
 */
export function markClassicSamplesUnread(
  stages: StageGate[],
  unread: ReadonlyMap<number, NotAvailable>,
): StageGate[] {
  return stages.map((stage) => {
    const failure = stage.releaseId === undefined ? undefined : unread.get(stage.releaseId);
    if (!failure || !stage.checks.some((check) => check.type === "gate")) return stage;
    const waitsOnGates = stage.waiting.some((waiting) => waiting.kind === "gate");
    return withMarker(stage, failure, waitsOnGates ? ["checks", "instructions"] : ["checks"]);
  });
}
