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

/** How much of a value from the command line or a file a message repeats. */
export const ECHO_LIMIT = 200;
/** How many problems of one file a message lists before it counts the rest. */
export const PROBLEM_LIMIT = 20;

/** A value for a message, cut to ECHO_LIMIT characters so a huge --project cannot flood stderr. */
export function echo(value: string): string {
  const characters = Array.from(value);
  if (characters.length <= ECHO_LIMIT) return value;
  const rest = characters.length - ECHO_LIMIT;
  return `${characters.slice(0, ECHO_LIMIT).join("")}… (${rest} more characters)`;
}

/** A file's problems, one a line: the first PROBLEM_LIMIT, then how many more there are. */
export function clipProblems(
  problems: readonly { path: string; expected: string }[],
  heading: string,
): string {
  const shown = problems
    .slice(0, PROBLEM_LIMIT)
    .map((problem) => `  ${echo(problem.path)}: expected ${problem.expected}`);
  const more = problems.length - PROBLEM_LIMIT;
  if (more > 0) shown.push(`  … and ${more} more problem${more === 1 ? "" : "s"}`);
  return `${heading}\n${shown.join("\n")}`;
}
