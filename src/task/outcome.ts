import type { Agent, TaskOutcome } from "./agent";
import type { CliRun } from "./runCommand";

/** The CLI's exit codes as task results: 0 ok, 1 failure (a gate), 2 input, 3 partial data. */
export function outcomeOf(code: number): TaskOutcome {
  if (code === 0) return "Succeeded";
  if (code === 3) return "SucceededWithIssues";
  return "Failed";
}

/**
 * Forwards the CLI's stderr to the log and, when the command could not run at all (exit 1 with
 * no report, or 2), fails the task with its last line as the reason. Returns true when it did.
 */
export function failedToRun(agent: Agent, run: CliRun, reportWritten: boolean): boolean {
  for (const line of run.lines) agent.log(line);
  if (run.code === 2 || (run.code === 1 && !reportWritten)) {
    const reason = run.lines.filter((line) => !line.startsWith("Run ")).pop() ?? "no reason given";
    agent.setResult("Failed", reason.replace(/^release-trace: /, ""));
    return true;
  }
  return false;
}

/** What a partial run could not read, as one warning the summary page shows. */
export function partialWarning(agent: Agent, run: CliRun): void {
  if (run.code !== 3) return;
  const first = run.lines.find((line) => line.includes("not available")) ?? "see the log";
  agent.issue(
    "warning",
    `Some data could not be read, so the result is partial: ${first.replace(/^release-trace: /, "")}`,
  );
}
