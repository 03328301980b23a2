import { terminalText } from "../core/report/text";

/** What the task tells the agent: logging commands and the result, behind one small port. */
export type TaskOutcome = "Succeeded" | "SucceededWithIssues" | "Failed";

export interface Agent {
  /** A line in the task's log. */
  log(line: string): void;
  /** `##vso[task.logissue]`: a finding on the run's summary page. */
  issue(type: "error" | "warning", message: string): void;
  /** `##vso[artifact.upload]`: a folder's files as the named artifact of the run. */
  uploadArtifact(name: string, folder: string): void;
  /** `##vso[task.uploadsummary]`: a Markdown file as a tab of the run's summary. */
  uploadSummary(markdownFile: string): void;
  setResult(outcome: TaskOutcome, message: string): void;
}

/** Where the task runs: what the agent's variables say, already checked. */
export interface TaskEnvironment {
  orgUrl: string;
  project: string;
  /** The job's own token (SystemVssConnection). */
  jobToken: string;
  /** Where artifacts are staged before upload (Build.ArtifactStagingDirectory). */
  stagingDirectory: string;
  /** Base for relative paths such as the baseline (the sources directory). */
  workingDirectory: string;
  now(): Date;
}

/** Findings shown one per issue before the rest are only counted (the report lists all). */
export const MAX_ISSUES = 25;

/** Reports items as issues, at most MAX_ISSUES, then one line counting the rest. */
export function reportIssues(
  agent: Agent,
  items: { type: "error" | "warning"; message: string }[],
  where: string,
): void {
  for (const item of items.slice(0, MAX_ISSUES)) agent.issue(item.type, item.message);
  if (items.length > MAX_ISSUES) {
    agent.issue("warning", `... and ${items.length - MAX_ISSUES} more; ${where} lists every one.`);
  }
}

/**
 * Text for the agent's log: control characters shown escaped (terminalText) and logging-command
 * prefixes (`##vso[`, `##[`) broken, so a repository or stage name can never issue a command.
 */
export function agentText(text: string): string {
  return terminalText(text).replace(/##(?=vso\[|\[)/gi, "# #");
}
