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
