/**
 * The recovery rule (pure): a failing deployment recovers with the first successful, non-failing
 * deployment to the same pipeline and environment that finishes after the failure began: its
 * finish, or (when only incidents make it failing) the earliest incident's creation. A failure
 * without one yet is open, with its age at "now".
 */
import type { Classified, DeriveContext } from "./context";
import { secondsBetween } from "./stats";
import type { FailingReason, FailureEvidence, IncidentEvidence } from "./types";

/** When the failure began. */
export function failureStart(
  deployment: Classified,
  reasons: readonly FailingReason[],
  incidents: ReadonlyMap<number, IncidentEvidence>,
): number {
  if (reasons.some((reason) => reason.rule !== "incident")) return deployment.at;
  const created = reasons.flatMap((reason) =>
    reason.rule === "incident"
      ? [Date.parse(incidents.get(reason.incidentId)?.createdAt ?? "")]
      : [],
  );
  const earliest = Math.min(...created.filter((time) => !Number.isNaN(time)));
  return Number.isFinite(earliest) ? earliest : deployment.at;
}

export function recoveryOf(
  context: Pick<DeriveContext, "byRow" | "now">,
  deployment: Classified,
  failing: ReadonlyMap<string, FailingReason[]>,
  incidents: ReadonlyMap<number, IncidentEvidence>,
): FailureEvidence {
  const reasons = failing.get(deployment.key) ?? [];
  const from = failureStart(deployment, reasons, incidents);
  const recovered = (context.byRow.get(deployment.row) ?? []).find(
    (candidate) =>
      candidate.at > from &&
      candidate.classification === "successful" &&
      (failing.get(candidate.key) ?? []).length === 0,
  );
  const start = new Date(from);
  if (!recovered)
    return {
      deployment: deployment.key,
      from: start.toISOString(),
      reasons,
      recoveredBy: null,
      recoveredAt: null,
      recoverySeconds: null,
      open: true,
      ageSeconds: secondsBetween(start, context.now),
    };
  return {
    deployment: deployment.key,
    from: start.toISOString(),
    reasons,
    recoveredBy: recovered.key,
    recoveredAt: recovered.finishedAt,
    recoverySeconds: secondsBetween(start, new Date(recovered.at)),
    open: false,
    ageSeconds: null,
  };
}
