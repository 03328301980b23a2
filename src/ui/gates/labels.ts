/** Words for gate states, check states and pending kinds: never colour alone. */
import type { CheckItemState, GateState, PendingKind } from "../../core/gates/types";

export const gateStateLabels: Record<GateState, string> = {
  "not-started": "Not started",
  "waiting-for-approval": "Waiting for approval",
  "checks-running": "Checks running",
  "in-progress": "In progress",
  succeeded: "Succeeded",
  failed: "Failed",
  rejected: "Rejected",
  "timed-out": "Timed out",
  canceled: "Canceled",
  skipped: "Skipped",
};

/** Short words for dense cells and small widgets; the full label stays the accessible name. */
export const shortGateStateLabels: Record<GateState, string> = {
  "not-started": "Not started",
  "waiting-for-approval": "Approval",
  "checks-running": "Checks",
  "in-progress": "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  rejected: "Rejected",
  "timed-out": "Timed out",
  canceled: "Canceled",
  skipped: "Skipped",
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
