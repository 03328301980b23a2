import { gapLine, traceMarkdown, traceTableRows } from "../../core/report/trace";
import { traceWorkItem, type WorkItemTrace } from "../../core/trace";
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

function traceTable(trace: WorkItemTrace): string {
  const { workItem } = trace;
  const lines = [
    `${workItem.type} ${workItem.id}: ${workItem.title} (${workItem.state})`,
    `Pull requests: ${trace.pullRequests.map((pr) => `${pr.id} ${pr.status}${pr.policyBypass ? " (policy bypass)" : ""}`).join(", ") || "none"}`,
    `Commits: ${trace.commits.length}; builds: ${trace.builds.map((build) => `${build.pipeline} ${build.number}`).join(", ") || "none"}`,
    "",
  ];
  const table = traceTableRows(trace);
  const deployments =
    table.rows.length === 0
      ? "Not deployed anywhere yet.\n"
      : renderTable(table.header, table.rows);
  const gaps = trace.gaps.map((gap) => `gap: ${gapLine(gap)}`);
  return lines.join("\n") + deployments + (gaps.length > 0 ? `\n${gaps.join("\n")}\n` : "");
}

export const traceCommand: CliCommand = {
  name: "trace",
  summary:
    "Follow one work item through PRs, commits, runs and Classic releases to every environment it reached.",
  formats: ["table", "json", "md"],
  flags: ["work-item", "baseline"],
  async run({ connection, format, write, warn, flags, production, cwd }) {
    const id = parseId("work-item", flags["work-item"]);
    if (id === undefined) throw new UsageError("trace needs --work-item ID.");
    const baseline = gapBaseline(flags.baseline, cwd);
    const project = await checkProject(connection);
    const pattern = await production(project.id);
    let trace: WorkItemTrace;
    try {
      trace = await traceWorkItem(connection.sources, connection.project, id, {
        session: sessionFor(connection, pattern, baseline),
      });
    } catch (error) {
      throw queryError(error, `work item ${id}`);
    }
    write(
      format === "json"
        ? toJson(trace)
        : format === "md"
          ? `${traceMarkdown(trace)}\n${productionLine(pattern)}`
          : `${traceTable(trace)}${productionLine(pattern)}`,
    );
    return partialExit(trace.notAvailable, warn);
  },
};
