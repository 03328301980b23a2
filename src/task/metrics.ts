import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Agent, TaskEnvironment } from "./agent";
import { runCommand } from "./runCommand";
import type { TaskInputs } from "./inputs";
import { failedToRun, outcomeOf, partialWarning } from "./outcome";

/** The delivery metrics of the project's production deployments (the last 30 days). */
export async function runMetrics(agent: Agent, environment: TaskEnvironment, inputs: TaskInputs) {
  const folder = join(environment.stagingDirectory, "release-trace", "metrics");
  mkdirSync(folder, { recursive: true });
  const flags = [
    ...(inputs.project ? ["--project", inputs.project] : []),
    ...(inputs.production ? ["--production", inputs.production] : []),
    ...(inputs.pipeline ? ["--pipeline", inputs.pipeline] : []),
    ...(inputs.environment ? ["--environment", inputs.environment] : []),
    ...(inputs.failIf ?? []).flatMap((expression) => ["--fail-if", expression]),
  ];
  const markdown = join(folder, "metrics.md");
  const run = await runCommand(environment, [
    "metrics",
    ...flags,
    "--format",
    "md",
    "--out",
    markdown,
  ]);
  if (failedToRun(agent, run, existsSync(markdown))) return;
  const json = join(folder, "metrics.json");
  const asJson = await runCommand(environment, [
    "metrics",
    ...flags,
    "--format",
    "json",
    "--out",
    json,
  ]);
  if (failedToRun(agent, asJson, existsSync(json))) return;
  agent.uploadArtifact("release-trace-metrics", folder);
  agent.uploadSummary(markdown);
  partialWarning(agent, run);
  if (run.code === 1) {
    // A --fail-if threshold holds: the CLI's own line says which.
    const reason = run.lines.filter((line) => line.includes("fail-if")).pop();
    if (reason) agent.issue("error", reason.replace(/^release-trace: /, ""));
  }
  agent.setResult(outcomeOf(run.code), "Delivery metrics of the production deployments.");
}
