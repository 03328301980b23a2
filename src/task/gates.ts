import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mdTable } from "../core/report/text";
import { reportIssues, type Agent, type TaskEnvironment } from "./agent";
import { runCommand } from "./runCommand";
import type { TaskInputs } from "./inputs";
import { failedToRun, outcomeOf, partialWarning } from "./outcome";

/** The parts of the gates JSON report (schemaVersion 1) the task reads. */
interface GatesReport {
  pending: {
    kind: string;
    pipeline: string;
    stage: string;
    environment: string | null;
    since: string | null;
  }[];
}

const HOUR = 3_600_000;

function waitingHours(since: string | null, now: Date): number | undefined {
  return since === null ? undefined : (now.getTime() - Date.parse(since)) / HOUR;
}

/** The summary tab: what waits, oldest first. */
function gatesMarkdown(report: GatesReport, now: Date): string {
  const rows = [...report.pending]
    .sort((left, right) => (left.since ?? "").localeCompare(right.since ?? ""))
    .map((item) => {
      const hours = waitingHours(item.since, now);
      return [
        item.kind,
        item.pipeline,
        item.stage,
        item.environment ?? "",
        hours === undefined ? "unknown" : `${Math.floor(hours)} h`,
      ];
    });
  const body =
    rows.length === 0
      ? "Nothing is waiting for an approval, a check or a gate."
      : mdTable(["Waiting on", "Pipeline", "Stage", "Environment", "Waiting for"], rows);
  return `# Release Trace: gates\n\n${body}\n`;
}

export async function runGates(agent: Agent, environment: TaskEnvironment, inputs: TaskInputs) {
  const folder = join(environment.stagingDirectory, "release-trace", "gates");
  mkdirSync(folder, { recursive: true });
  const json = join(folder, "gates.json");
  const run = await runCommand(environment, [
    "gates",
    ...(inputs.project ? ["--project", inputs.project] : []),
    ...(inputs.production ? ["--production", inputs.production] : []),
    ...(inputs.pipeline ? ["--pipeline", inputs.pipeline] : []),
    ...(inputs.failIfPendingOverHours
      ? ["--fail-if-pending-over", inputs.failIfPendingOverHours]
      : []),
    "--format",
    "json",
    "--out",
    json,
  ]);
  if (failedToRun(agent, run, existsSync(json))) return;
  const report = JSON.parse(readFileSync(json, "utf8")) as GatesReport;
  const now = environment.now();
  const limit = inputs.failIfPendingOverHours ? Number(inputs.failIfPendingOverHours) : undefined;
  const late = report.pending.filter((item) => {
    const hours = waitingHours(item.since, now);
    return limit !== undefined && hours !== undefined && hours > limit;
  });
  reportIssues(
    agent,
    late.map((item) => ({
      type: "error",
      message: `${item.kind} of ${item.pipeline} / ${item.stage} has waited ${Math.floor(waitingHours(item.since, now) ?? 0)} h, over ${limit} h.`,
    })),
    "gates.json",
  );
  const markdown = join(folder, "gates.md");
  writeFileSync(markdown, gatesMarkdown(report, now));
  agent.uploadArtifact("release-trace-gates", folder);
  agent.uploadSummary(markdown);
  partialWarning(agent, run);
  agent.setResult(outcomeOf(run.code), `${report.pending.length} waiting, ${late.length} overdue.`);
}
