import {
  comparisonSentence,
  contentsCsv,
  contentsHeadline,
  contentsMarkdown,
  contentsSections,
} from "../../core/report/changes";
import { TraceSession } from "../../core/trace";
import { deploymentChanges } from "../../core/trace/changes";
import type { DeploymentContents } from "../../core/trace/contents";
import { UsageError } from "../errors";
import { renderTable, toJson } from "../output";
import type { CliCommand } from "./index";
import { checkProject, parseId, partialExit, queryError } from "./traceShared";

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
  flags: ["pipeline", "environment", "run", "release"],
  async run({ connection, format, write, warn, flags }) {
    const runId = parseId("run", flags.run);
    const releaseId = parseId("release", flags.release);
    if (flags.pipeline === undefined || flags.environment === undefined)
      throw new UsageError("changes needs --pipeline NAME and --environment NAME.");
    if (runId !== undefined && releaseId !== undefined)
      throw new UsageError("changes takes --run ID or --release ID, not both.");
    await checkProject(connection);
    const session = new TraceSession(connection.sources, connection.project);
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
    write(render(contents, format));
    return partialExit(contents.notAvailable, warn);
  },
};
