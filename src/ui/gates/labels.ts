/** Words for gate states, check states and pending kinds: never colour alone. */
import type { CheckItemState, Decision, GateState, PendingKind } from "../../core/gates/types";
import { STATE_IDS, stateLabel } from "../../core/vocabulary/states";

/** The state vocabulary's labels ("Waiting for approval"): the same words on every surface. */
export const gateStateLabels: Record<GateState, string> = Object.fromEntries(
  STATE_IDS.map((state) => [state, stateLabel(state)]),
) as Record<GateState, string>;

/** Short words for dense cells and small widgets; the full label stays the accessible name. */
export const shortGateStateLabels: Record<GateState, string> = {
  ...gateStateLabels,
  "waiting-for-approval": "Approval",
  "checks-running": "Checks",
};

/** Who or what decided a stage that did not pass, after its state ("Rejected" "by a gate"). */
export const decisionCauseLabels: Record<Decision["cause"], string> = {
  approval: "by an approver",
  check: "by a check",
  gate: "by a gate",
  deployment: "in the deployment",
  run: "with the run",
};

export const checkStateLabels: Record<CheckItemState, string> = {
  pending: "Pending",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  rejected: "Rejected",
  "timed-out": "Timed out",
  canceled: "Canceled",
  skipped: "Skipped",
};

export const pendingKindLabels: Record<PendingKind, string> = {
  approval: "Approval",
  check: "Check",
  gate: "Classic gate",
};

/** Check kinds as Azure DevOps names them in the environment's "Approvals and checks". */
const checkKindLabels: Record<string, string> = {
  approval: "Approvals",
  businessHours: "Business hours",
  branchControl: "Branch control",
  invokeRestApi: "Invoke REST API",
  invokeAzureFunction: "Invoke Azure Function",
  azureMonitor: "Query Azure Monitor alerts",
  artifactPolicy: "Evaluate artifact",
  requiredTemplate: "Required template",
  exclusiveLock: "Exclusive lock",
  authorization: "Authorization",
  taskCheck: "Check",
  gate: "Gate",
  other: "Other check",
};

export function checkKindLabel(kind: string): string {
  return checkKindLabels[kind] ?? kind;
}
