/**
 * The failing rule of the change failure rate (pure): a deployment is failing when its result
 * failed, when a rollback follows it, or when an incident is attributed to it (whenever the
 * incident was created; incidents only attribute to production deployments). Each rule that
 * holds is kept as evidence; the deployment still counts once.
 */
import type { Classified } from "./context";
import type { FailingReason, IncidentEvidence } from "./types";

export function failingReasons(
  deployments: readonly Classified[],
  rolledBackBy: ReadonlyMap<string, string>,
  incidents: readonly IncidentEvidence[],
): Map<string, FailingReason[]> {
  const reasons = new Map<string, FailingReason[]>();
  const add = (key: string, reason: FailingReason) =>
    reasons.set(key, [...(reasons.get(key) ?? []), reason]);
  for (const deployment of deployments) {
    if (deployment.classification === "failed")
      add(deployment.key, { rule: "result", state: deployment.state });
    const by = rolledBackBy.get(deployment.key);
    if (by !== undefined) add(deployment.key, { rule: "rollback", by });
  }
  for (const incident of incidents)
    if (incident.deployment !== null)
      add(incident.deployment, { rule: "incident", incidentId: incident.id });
  return reasons;
}
