import {
  comparisonSentence,
  contentsCsv,
  contentsHeadline,
  contentsMarkdown,
  contentsSections,
} from "../../core/report/changes";
import { deploymentChanges } from "../../core/trace/changes";
import type { DeploymentContents } from "../../core/trace/contents";
import { UsageError } from "../errors";
import { renderTable, toJson } from "../output";
import type { CliCommand } from "./index";
import {
  checkProject,
  gapBaseline,
  parseId,
  partialExit,
  productionLine,
  queryError,
  sessionFor,
} from "./traceShared";

function changesTable(contents: DeploymentContents): string {
  const parts = [`${contentsHeadline(contents)}\n${comparisonSentence(contents)}\n`];
  for (const section of contentsSections(contents))
    parts.push(
      `\n${section.title} (${section.rows.length})\n` +
        (section.rows.length === 0 ? "None.\n" : renderTable(section.header, section.rows)),
    );
  const gaps = contents.gaps.map((gap) => `gap: ${gap.kind}: ${gap.message}`);
  return parts.join("") + (gaps.length > 0 ? `\n${gaps.join("\n")}\n` : "");
}

function render(contents: DeploymentContents, format: string): string {
  switch (format) {
    case "json":
      return toJson(contents);
    case "md":
      return contentsMarkdown(contents);
    case "csv":
      return contentsCsv(contents);
    default:
      return changesTable(contents);
  }
}

export const changesCommand: CliCommand = {
  name: "changes",
  summary:
    "What one deployment of a pipeline to an environment brought compared with the previous one.",
  formats: ["table", "json", "md", "csv"],
  flags: ["pipeline", "environment", "run", "release", "baseline"],
  async run({ connection, format, write, warn, flags, production, cwd }) {
    const runId = parseId("run", flags.run);
    const releaseId = parseId("release", flags.release);
    if (flags.pipeline === undefined || flags.environment === undefined)
      throw new UsageError("changes needs --pipeline NAME and --environment NAME.");
    if (runId !== undefined && releaseId !== undefined)
      throw new UsageError("changes takes --run ID or --release ID, not both.");
    const baseline = gapBaseline(flags.baseline, cwd);
    const project = await checkProject(connection);
    // Its gaps say "production": the pattern in force decides, and the report names it.
    const pattern = await production(project.id);
    const session = sessionFor(connection, pattern, baseline);
    let contents: DeploymentContents;
    try {
      ({ contents } = await deploymentChanges(session, {
        pipeline: flags.pipeline,
        environment: flags.environment,
        runId,
        releaseId,
      }));
    } catch (error) {
      throw queryError(error, `the deployments of ${flags.pipeline} to ${flags.environment}`);
    }
    const text = render(contents, format);
    write(format === "table" || format === "md" ? `${text}\n${productionLine(pattern)}` : text);
    return partialExit(contents.notAvailable, warn);
  },
};
