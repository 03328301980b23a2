import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Agent, TaskEnvironment } from "./agent";
import { runCommand } from "./runCommand";
import type { TaskInputs } from "./inputs";
import { failedToRun, outcomeOf, partialWarning } from "./outcome";

/** The evidence pack of one run, as Markdown (the summary tab) and JSON, one artifact. */
export async function runEvidence(agent: Agent, environment: TaskEnvironment, inputs: TaskInputs) {
  const folder = join(environment.stagingDirectory, "release-trace", "evidence");
  mkdirSync(folder, { recursive: true });
  const flags = [
    ...(inputs.project ? ["--project", inputs.project] : []),
    ...(inputs.production ? ["--production", inputs.production] : []),
    ...(inputs.baseline ? ["--baseline", inputs.baseline] : []),
    "--run",
    inputs.runId ?? "",
  ];
  const markdown = join(folder, `evidence-run-${inputs.runId}.md`);
  const run = await runCommand(environment, [
    "evidence",
    ...flags,
    "--format",
    "md",
    "--out",
    markdown,
  ]);
  if (failedToRun(agent, run, existsSync(markdown))) return;
  const json = join(folder, `evidence-run-${inputs.runId}.json`);
  const asJson = await runCommand(environment, [
    "evidence",
    ...flags,
    "--format",
    "json",
    "--out",
    json,
  ]);
  if (failedToRun(agent, asJson, existsSync(json))) return;
  agent.uploadArtifact("release-trace-evidence", folder);
  agent.uploadSummary(markdown);
  // The worse of the two reads decides (a read that failed the second time is still partial).
  const code = Math.max(run.code, asJson.code);
  partialWarning(agent, code === run.code ? run : asJson);
  agent.setResult(outcomeOf(code), `Evidence pack of run ${inputs.runId}.`);
}
