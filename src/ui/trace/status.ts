/** Words and icon kinds for the results and states the traceability views show. */
import type { GateState } from "../../core/gates/types";
import type { DeploymentState } from "../../core/trace/types";
import { stateLabel, stateTone, type StateId, type StateTone } from "../../core/vocabulary";

/** The azure-devops-ui Status icons the views use (a subset of its StatusType). */
export type StatusIcon =
  "Success" | "Failed" | "Warning" | "Running" | "Waiting" | "Queued" | "Canceled" | "Skipped";

const icons: Record<string, StatusIcon> = {
  succeeded: "Success",
  completed: "Success",
  approved: "Success",
  succeededwithissues: "Warning",
  partiallysucceeded: "Warning",
  failed: "Failed",
  rejected: "Failed",
  "timed-out": "Failed",
  timedout: "Failed",
  canceled: "Canceled",
  abandoned: "Canceled",
  inprogress: "Running",
  "in-progress": "Running",
  "checks-running": "Running",
  running: "Running",
  "waiting-for-approval": "Waiting",
  pending: "Waiting",
  queued: "Queued",
  notstarted: "Queued",
  "not-started": "Queued",
  skipped: "Skipped",
  active: "Running",
};

/** The icon for a run, deployment, release environment, PR or gate state (unknown: Queued). */
export function statusIcon(status: string | null | undefined): StatusIcon {
  return icons[(status ?? "").toLowerCase()] ?? "Queued";
}

/** Raw results and statuses of runs, deployments and releases → the one state vocabulary. */
const rawStates: Record<string, StateId> = {
  succeeded: "succeeded",
  succeededwithissues: "partially-succeeded",
  partiallysucceeded: "partially-succeeded",
  "partially-succeeded": "partially-succeeded",
  failed: "failed",
  rejected: "rejected",
  canceled: "canceled",
  abandoned: "canceled",
  inprogress: "in-progress",
  "in-progress": "in-progress",
  queued: "queued",
  scheduled: "queued",
  notstarted: "not-started",
  "not-started": "not-started",
  skipped: "skipped",
  "waiting-for-approval": "waiting-for-approval",
  "checks-running": "checks-running",
  timedout: "timed-out",
  "timed-out": "timed-out",
};

const pullRequestWords: Record<string, string> = {
  active: "Active",
  completed: "Completed",
  abandoned: "Abandoned",
};

/** Outcomes of approvals and checks that read better as themselves than as a state. */
const decisionWords: Record<string, string> = {
  approved: "Approved",
  pending: "Waiting for approval",
};

/**
 * "succeededWithIssues" → "Partially succeeded": the state vocabulary's label, never the raw
 * value; a value outside it reads "Unknown".
 */
export function statusText(status: string | null | undefined): string {
  const raw = (status ?? "").toLowerCase();
  const state = rawStates[raw];
  if (state) return stateLabel(state);
  return decisionWords[raw] ?? pullRequestWords[raw] ?? "Unknown";
}

/** A pull request's status: Active, Completed or Abandoned (abandoned is not a deployment state). */
export function pullRequestStatusText(status: string | null | undefined): string {
  return pullRequestWords[(status ?? "").toLowerCase()] ?? statusText(status);
}

/** A stage's state in the one vocabulary ("Waiting for approval", "In progress"). */
export function gateStateText(state: GateState): string {
  return stateLabel(state);
}

/** A deployment's state in words, as a sentence starts: "Waiting for approval". */
export function deploymentStateText(state: DeploymentState): string {
  return stateLabel(state);
}

const toneIcons: Record<StateTone, StatusIcon> = {
  success: "Success",
  warning: "Warning",
  failure: "Failed",
  running: "Running",
  waiting: "Waiting",
  queued: "Queued",
  canceled: "Canceled",
  skipped: "Skipped",
};

export function deploymentStateIcon(state: DeploymentState): StatusIcon {
  return toneIcons[stateTone(state)];
}

const votes: Record<number, string> = {
  10: "Approved",
  5: "Approved with suggestions",
  0: "No vote",
  [-5]: "Waiting for author",
  [-10]: "Rejected",
};

export function voteWord(vote: number): string {
  return votes[vote] ?? `Vote ${vote}`;
}

export function voteIcon(vote: number): StatusIcon {
  if (vote >= 5) return "Success";
  if (vote === -5) return "Waiting";
  if (vote <= -10) return "Failed";
  return "Queued";
}

const evidenceWords = {
  link: "direct link",
  "run-order": "run order",
  "classic-link": "Classic link",
  "merge-commit": "merge commit in the run",
} as const;

export function evidenceText(evidence: keyof typeof evidenceWords): string {
  return evidenceWords[evidence];
}

/** The 8-character form of a commit id. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 8) : "";
}
