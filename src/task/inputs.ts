/**
 * The task's inputs, read and checked before anything runs: each problem is one sentence that
 * names the input as the pipeline author wrote it.
 */

export const taskCommands = ["compliance", "gates", "evidence", "metrics"] as const;
export type TaskCommand = (typeof taskCommands)[number];

const failOnLevels = ["none", "high", "medium", "low"] as const;
/** Ten years, as the CLI's --fail-if-pending-over. */
const MAX_HOURS = 87_600;

export interface TaskInputs {
  command: TaskCommand;
  project?: string;
  baseline?: string;
  failOn?: "high" | "medium" | "low";
  pipeline?: string;
  failIfPendingOverHours?: string;
  runId?: string;
  /** metrics: an environment instead of production, and --fail-if expressions (one a line). */
  environment?: string;
  failIf?: string[];
  production?: string;
  /** A token for the score history; set only when publishing was asked for. */
  historyToken?: string;
  /** Publish the compliance score to the history (with historyToken). */
  publishHistory?: boolean;
  /** Refresh the project's deployment index after the command (with historyToken). */
  refreshDeploymentIndex?: boolean;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** How the task reads an input (the agent's INPUT_* variables through the task library). */
export type InputReader = (name: string) => string | undefined;

function text(read: InputReader, name: string): string | undefined {
  const value = read(name)?.trim();
  return value ? value : undefined;
}

function oneOf<T extends string>(
  read: InputReader,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = text(read, name) ?? fallback;
  if (!allowed.includes(value as T)) {
    throw new InputError(
      `Input ${name} must be one of ${allowed.join(", ")} (got "${value.slice(0, 40)}").`,
    );
  }
  return value as T;
}

/** A multi-line input: one entry a line, blank lines dropped. */
function lines(read: InputReader, name: string): string[] | undefined {
  const value = text(read, name);
  if (value === undefined) return undefined;
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function hours(read: InputReader): string | undefined {
  const value = text(read, "failIfPendingOverHours");
  if (value === undefined) return undefined;
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= 0 && number <= MAX_HOURS)) {
    throw new InputError(
      `Input failIfPendingOverHours must be a number of hours from 0 to ${MAX_HOURS}, or empty (got "${value.slice(0, 40)}").`,
    );
  }
  return value;
}

function runId(read: InputReader): string {
  const value = text(read, "runId");
  if (value === undefined) {
    throw new InputError(
      "Input runId is empty: the evidence command needs a run id, e.g. $(Build.BuildId).",
    );
  }
  if (!/^[1-9]\d{0,9}$/.test(value)) {
    throw new InputError(
      `Input runId must be a pipeline run id, a positive whole number (got "${value.slice(0, 40)}").`,
    );
  }
  return value;
}

function historyToken(
  read: InputReader,
  command: TaskCommand,
  asked: { publish: boolean; refreshIndex: boolean },
): string | undefined {
  const token = text(read, "historyToken");
  if (!asked.publish && !asked.refreshIndex) return undefined;
  if (asked.publish && command !== "compliance") {
    throw new InputError("Input publishHistory applies to the compliance command only.");
  }
  const input = asked.publish ? "publishHistory" : "refreshDeploymentIndex";
  if (token === undefined) {
    throw new InputError(
      `Input ${input} is true but historyToken is empty: set historyToken to a secret variable holding a personal access token with the Extension data (read & write) scope, vso.extension.data_write.`,
    );
  }
  if (/\s/.test(token)) {
    throw new InputError(
      "Input historyToken contains spaces or line breaks: give the token alone.",
    );
  }
  return token;
}

/** The checked inputs, or an InputError naming the first problem. */
export function readInputs(read: InputReader, readBool: (name: string) => boolean): TaskInputs {
  const command = oneOf(read, "command", taskCommands, "compliance");
  const failOn = oneOf(read, "failOn", failOnLevels, "none");
  return {
    command,
    project: text(read, "project"),
    baseline: text(read, "baseline"),
    failOn: command === "compliance" && failOn !== "none" ? failOn : undefined,
    pipeline: command === "gates" || command === "metrics" ? text(read, "pipeline") : undefined,
    environment: command === "metrics" ? text(read, "environment") : undefined,
    failIf: command === "metrics" ? lines(read, "failIf") : undefined,
    failIfPendingOverHours: command === "gates" ? hours(read) : undefined,
    runId: command === "evidence" ? runId(read) : undefined,
    production: text(read, "production"),
    historyToken: historyToken(read, command, {
      publish: readBool("publishHistory"),
      refreshIndex: readBool("refreshDeploymentIndex"),
    }),
    ...(readBool("publishHistory") ? { publishHistory: true } : {}),
    ...(readBool("refreshDeploymentIndex") ? { refreshDeploymentIndex: true } : {}),
  };
}
