import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createAdoSources, patAuth } from "../adapters/ado";
import {
  exitCodeFor,
  gateFailures,
  parseFailOn,
  plainResultMessage,
  scanProject,
  warnUnavailable,
  type ProjectScan,
} from "../cli/commands/compliance";
import { loadBaseline } from "../cli/commands/complianceBaseline";
import { publishScore } from "../cli/commands/publishScore";
import { EXTENSION } from "../cli/connection";
import { toJson } from "../cli/output";
import { parseProductionFlag, productionResolver } from "../cli/production";
import { severityWeight, type Severity } from "../core/compliance/types";
import {
  complianceJson,
  complianceMarkdown,
  complianceSarif,
  targetLabel,
} from "../core/report/compliance";
import { reportIssues, type Agent, type TaskEnvironment } from "./agent";
import { openTaskConnection } from "./connection";
import type { TaskInputs } from "./inputs";
import { outcomeOf } from "./outcome";

/** Failures at or above failOn are errors; other failures and undecided results warnings. */
function findings({ scan }: ProjectScan, failOn: Severity | undefined) {
  const threshold = failOn ? severityWeight[failOn] : Number.POSITIVE_INFINITY;
  return scan.results
    .filter((result) => ["fail", "not-available", "error"].includes(result.outcome))
    .map((result) => ({
      type:
        result.outcome === "fail" && severityWeight[result.severity] >= threshold
          ? ("error" as const)
          : ("warning" as const),
      message: `${result.ruleId} (${result.severity}, ${result.outcome}) ${targetLabel(result)}: ${plainResultMessage(result.message)}`,
    }));
}

/** The report as JSON and Markdown (one artifact) and SARIF (CodeAnalysisLogs). */
function writeReports(agent: Agent, environment: TaskEnvironment, { scan, context }: ProjectScan) {
  const folder = join(environment.stagingDirectory, "release-trace", "compliance");
  const sarifFolder = join(environment.stagingDirectory, "release-trace", "CodeAnalysisLogs");
  mkdirSync(folder, { recursive: true });
  mkdirSync(sarifFolder, { recursive: true });
  const markdown = join(folder, "compliance.md");
  writeFileSync(join(folder, "compliance.json"), toJson(complianceJson(scan, context)));
  writeFileSync(markdown, complianceMarkdown(scan, context));
  writeFileSync(join(sarifFolder, "compliance.sarif"), toJson(complianceSarif(scan, context)));
  agent.uploadArtifact("CodeAnalysisLogs", sarifFolder);
  agent.uploadArtifact("release-trace-compliance", folder);
  agent.uploadSummary(markdown);
}

export async function runCompliance(
  agent: Agent,
  environment: TaskEnvironment,
  inputs: TaskInputs,
) {
  const failOn = parseFailOn(inputs.failOn);
  const warnings: string[] = [];
  const warn = (line: string) => (warnings.push(line), agent.log(`release-trace: ${line}`));
  const baseline = loadBaseline(inputs.baseline, environment.workingDirectory);
  const connection = await openTaskConnection(environment, warn);
  const production = productionResolver(
    parseProductionFlag(inputs.production),
    connection.readSetting,
    warn,
  );
  const projectScan = await scanProject({ connection, baseline, production });
  writeReports(agent, environment, projectScan);
  reportIssues(agent, findings(projectScan, failOn), "compliance.md");
  warnUnavailable(projectScan.scan, warn);
  const code = exitCodeFor(projectScan.scan.results, failOn);
  if (code === 3) {
    const unread = warnings.find((line) => /^not[ -]available/.test(line)) ?? "see the log";
    agent.issue("warning", `Some data could not be read, so the result is partial: ${unread}`);
  }
  if (
    inputs.publishHistory &&
    inputs.historyToken &&
    !(await publish(agent, environment, projectScan, inputs.historyToken))
  )
    return;
  const { score } = projectScan.scan.summary;
  const scoreText = score === null ? "no score" : `score ${score}`;
  const failures =
    code === 1
      ? `, ${gateFailures(projectScan.scan.results, failOn)} failure(s) at ${failOn} or above`
      : "";
  agent.setResult(
    outcomeOf(code),
    `Compliance of ${projectScan.project.name}: ${scoreText}${failures}.`,
  );
}

/** The score into the project's history, with the history token; false (task failed) if not. */
async function publish(
  agent: Agent,
  environment: TaskEnvironment,
  { scan, context }: ProjectScan,
  token: string,
): Promise<boolean> {
  const settings = createAdoSources({
    orgUrl: environment.orgUrl,
    auth: patAuth(token),
    target: "detect",
  })
    .extensionData(EXTENSION)
    .versionedSettings();
  try {
    const published = await publishScore(
      settings,
      { projectId: context.project.id, summary: scan.summary },
      context.baseline.name,
      environment.now(),
    );
    agent.log(
      `Published the score of ${published.snapshot.date} (UTC) to the project's history (${published.entries} entries).`,
    );
    return true;
  } catch (error) {
    agent.setResult("Failed", `The score history was not published: ${(error as Error).message}.`);
    return false;
  }
}
