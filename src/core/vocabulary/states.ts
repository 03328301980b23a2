/**
 * The one state vocabulary of every surface (hub, form group, widgets, CLI). Raw values of the
 * YAML and Classic sources map here and nowhere else; no raw enum value reaches a user.
 */

export type StateId =
  | "not-started"
  | "queued"
  | "waiting-for-approval"
  | "checks-running"
  | "in-progress"
  | "succeeded"
  | "partially-succeeded"
  | "failed"
  | "rejected"
  | "timed-out"
  | "canceled"
  | "skipped";

/** Every state, in the order a deployment goes through them (for tables and legends). */
export const STATE_IDS: readonly StateId[] = [
  "not-started",
  "queued",
  "waiting-for-approval",
  "checks-running",
  "in-progress",
  "succeeded",
  "partially-succeeded",
  "failed",
  "rejected",
  "timed-out",
  "canceled",
  "skipped",
];

const WORDS: Record<StateId, string> = {
  "not-started": "not started",
  queued: "queued",
  "waiting-for-approval": "waiting for approval",
  "checks-running": "checks running",
  "in-progress": "in progress",
  succeeded: "succeeded",
  "partially-succeeded": "partially succeeded",
  failed: "failed",
  rejected: "rejected",
  "timed-out": "timed out",
  canceled: "canceled",
  skipped: "skipped",
};

/** The word inside a sentence: "waiting for approval". */
export function stateWord(state: StateId): string {
  return WORDS[state];
}

/** The word as a label or cell of its own: "Waiting for approval". */
export function stateLabel(state: StateId): string {
  const word = WORDS[state];
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Does a deployment in this state run there now? Partially succeeded does (with issues); one in
 * progress or waiting for approval never does.
 */
export function countsAsDeployed(state: StateId): boolean {
  return state === "succeeded" || state === "partially-succeeded";
}

/** Has the state stopped changing (nothing more will happen without a new attempt)? */
export function isFinalState(state: StateId): boolean {
  return ![
    "not-started",
    "queued",
    "waiting-for-approval",
    "checks-running",
    "in-progress",
  ].includes(state);
}

/** How the state should look (icon and colour), never shown without its word. */
export type StateTone =
  "success" | "warning" | "failure" | "running" | "waiting" | "queued" | "canceled" | "skipped";

const TONES: Record<StateId, StateTone> = {
  "not-started": "queued",
  queued: "queued",
  "waiting-for-approval": "waiting",
  "checks-running": "running",
  "in-progress": "running",
  succeeded: "success",
  "partially-succeeded": "warning",
  failed: "failure",
  rejected: "failure",
  "timed-out": "failure",
  canceled: "canceled",
  skipped: "skipped",
};

export function stateTone(state: StateId): StateTone {
  return TONES[state];
}

/** Is this text one of the state ids (`waiting-for-approval`)? */
export function isStateId(value: string): value is StateId {
  return (STATE_IDS as readonly string[]).includes(value);
}
