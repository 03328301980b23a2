/** Exit codes of `release-trace`, documented in the README. */
export const ExitCode = {
  ok: 0,
  /** The command could not run: the organization was unreachable or something unexpected broke. */
  failure: 1,
  /** Usage or input error: bad flag, bad URL, missing token, unknown command or project. */
  usage: 2,
  /** The command ran but some data could not be read; the output says what. */
  partial: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can fix by changing the command line or the environment (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The command could not run at all (exit 1), with a message that says why. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}

/** Why a file could not be read or written, in words instead of an errno dump. */
export function fileProblem(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EISDIR":
      return "it is a directory, not a file";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
