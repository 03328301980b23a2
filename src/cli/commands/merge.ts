import { resolve } from "node:path";
import {
  mergeOrgReports,
  mergeOrgSarif,
  ReportMergeError,
  type NamedInput,
} from "../../core/report/complianceOrgMerge";
import { echo, ExitCode, UsageError } from "../errors";
import { FileReadError, readBoundedText } from "../readBoundedText";
import { allOutputFormats, toJson } from "../output";
import { parseFailOn } from "./compliance";
import { orgExitCode, orgWriters } from "./complianceOrg";
import type { LocalCommand } from "./index";

/** Far above any organization report; a device or a runaway file stops here. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

function readReport(file: string, cwd: string): NamedInput<unknown> {
  let text: string;
  try {
    text = readBoundedText(resolve(cwd, file), MAX_REPORT_BYTES);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new UsageError(`cannot read ${echo(file)}: ${error.reason}`);
  }
  try {
    // A byte order mark is what some Windows tools put in front of JSON.
    return { name: file, value: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${echo(file)} is not JSON (${reason}); expected a compliance report.`);
  }
}

/**
 * `merge`: the parts of a sharded organization scan into one report. JSON parts merge into any
 * compliance format (the writers are the ones --all-projects uses); SARIF parts merge into SARIF.
 * Exit codes as for `compliance --all-projects` on the merged report.
 */
export const mergeCommand: LocalCommand = {
  name: "merge",
  summary:
    "Merge the JSON or SARIF reports of `compliance --all-projects --shard i/n` (or --projects) jobs into one organization report.",
  local: true,
  arguments: "REPORT...",
  formats: allOutputFormats,
  flags: ["fail-on"],
  async run({ files, format, write, warn, flags, cwd }) {
    const failOn = parseFailOn(flags["fail-on"]);
    if (files.length === 0) {
      throw new UsageError(
        "merge needs the report files to merge, e.g. release-trace merge --format sarif --out org.sarif shard-*.json",
      );
    }
    const inputs = files.map((file) => readReport(file, cwd));
    const sarifInputs = inputs.filter((input) => {
      const value = input.value as { version?: unknown; runs?: unknown };
      return value?.version === "2.1.0" && Array.isArray(value.runs);
    });
    try {
      if (sarifInputs.length === inputs.length) {
        if (format !== "sarif") {
          throw new UsageError(
            `SARIF parts merge into SARIF only (--format sarif); for --format ${format}, merge the JSON parts.`,
          );
        }
        const { merged, notes } = mergeOrgSarif(inputs);
        write(toJson(merged));
        for (const note of notes) warn(note);
        const notRead = merged.runs[0].invocations[0].toolExecutionNotifications.length;
        if (notRead > 0)
          warn(
            `Partial data: ${notRead} project(s) not available; the log's notifications say why.`,
          );
        const failures =
          failOn === undefined ? 0 : countSarifFailures(merged.runs[0].results, failOn);
        if (failures > 0) {
          warn(`${failures} failure(s) at severity ${failOn} or above (--fail-on ${failOn}).`);
          return ExitCode.failure;
        }
        return notRead > 0 ? ExitCode.partial : ExitCode.ok;
      }
      if (sarifInputs.length > 0) {
        throw new UsageError(
          `Mixed inputs: ${sarifInputs.map((input) => input.name).join(", ")} ${sarifInputs.length === 1 ? "is" : "are"} SARIF, the rest JSON; merge parts of one format.`,
        );
      }
      const { merged, notes } = mergeOrgReports(inputs, new Date());
      write(orgWriters[format](merged));
      for (const note of notes) warn(note);
      warn(
        `Merged ${inputs.length - notes.length} report(s): ${merged.summary.projectsScanned} project(s) scanned, ${merged.summary.projectsNotAvailable} not available.`,
      );
      return orgExitCode(merged, failOn, warn);
    } catch (error) {
      if (error instanceof ReportMergeError) throw new UsageError(error.message);
      throw error;
    }
  },
};

const severityOfLevel: Record<string, number> = { error: 3, warning: 2, note: 1 };
const weightOf: Record<string, number> = { high: 3, medium: 2, low: 1 };

function countSarifFailures(results: readonly object[], failOn: string): number {
  const threshold = weightOf[failOn];
  return results.filter(
    (result) => (severityOfLevel[String((result as { level?: unknown }).level)] ?? 0) >= threshold,
  ).length;
}
