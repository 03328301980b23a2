/** Words and icon kinds for the results and states the traceability views show. */
import type { GateState } from "../../core/gates/types";
import { deploymentStateWord } from "../../core/trace/deploymentState";
import type { DeploymentState } from "../../core/trace/types";

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

const words: Record<string, string> = {
  succeeded: "Succeeded",
  succeededwithissues: "Succeeded with issues",
  partiallysucceeded: "Partially succeeded",
  failed: "Failed",
  rejected: "Rejected",
  canceled: "Canceled",
  abandoned: "Abandoned",
  inprogress: "In progress",
  queued: "Queued",
  notstarted: "Not started",
  skipped: "Skipped",
  completed: "Completed",
  active: "Active",
};

/** "succeededWithIssues" → "Succeeded with issues"; unknown words are shown as they came. */
export function statusText(status: string | null | undefined): string {
  if (!status) return "Unknown";
  return words[status.toLowerCase()] ?? status;
}

const gateWords: Record<GateState, string> = {
  "not-started": "Not started",
  "waiting-for-approval": "Waiting for approval",
  "checks-running": "Checks running",
  "in-progress": "Deploying",
  succeeded: "Succeeded",
  failed: "Failed",
  rejected: "Rejected",
  "timed-out": "Timed out",
  canceled: "Canceled",
  skipped: "Skipped",
};

export function gateStateText(state: GateState): string {
  return gateWords[state];
}

/** A deployment's state in words, as a sentence starts: "Waiting for approval". */
export function deploymentStateText(state: DeploymentState): string {
  const word = deploymentStateWord(state);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const deploymentIcons: Record<DeploymentState, StatusIcon> = {
  "not-started": "Queued",
  queued: "Queued",
  "waiting-for-approval": "Waiting",
  "checks-running": "Running",
  "in-progress": "Running",
  succeeded: "Success",
  "partially-succeeded": "Warning",
  failed: "Failed",
  rejected: "Failed",
  "timed-out": "Failed",
  canceled: "Canceled",
  skipped: "Skipped",
};

export function deploymentStateIcon(state: DeploymentState): StatusIcon {
  return deploymentIcons[state];
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
} as const;

export function evidenceText(evidence: keyof typeof evidenceWords): string {
  return evidenceWords[evidence];
}

const gapWords: Record<string, string> = {
  "prod-without-completed-pr": "In production without a completed PR",
  "pr-policy-bypass": "PR completed bypassing policies",
  "commit-without-work-item": "Commit without a work item",
  "prod-without-approval": "Production deployment without approval",
  "open-work-item-deployed": "Open work item deployed",
};

export function gapTitle(kind: string): string {
  return gapWords[kind] ?? kind;
}

/** The 8-character form of a commit id. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 8) : "";
}
