import { buildConstants } from "../buildConstants";
import type { ComplianceResult } from "../../core/compliance/evaluate";
import { complianceRules } from "../../core/compliance/rules";
import { scanCompliance, scanStepLabels, type ScanOptions } from "../../core/compliance/scan";
import { severityWeight, type RuleMetadata, type Severity } from "../../core/compliance/types";
import type { Project } from "../../core/model";
import {
  complianceCsv,
  complianceJson,
  complianceMarkdown,
  complianceSarif,
  targetLabel,
  type ComplianceReportContext,
} from "../../core/report/compliance";
import {
  kindWords,
  plainSentence,
  SOURCE_ERROR_KINDS,
  type NotAvailable,
  type SourceErrorKind,
  type Sources,
} from "../../core/sources";
import type { Baseline } from "../../core/compliance/baseline/types";
import { projectLookupError, type Connection } from "../connection";
import type { ProductionResolver } from "../production";
import { ExitCode, RunError, UsageError } from "../errors";
import { allOutputFormats, toJson, type OutputFormat } from "../output";
import type { CliCommand } from "./index";
import { loadBaseline } from "./complianceBaseline";
import { complianceTable } from "./complianceTable";
import { publishScore } from "./publishScore";
import { isMultiProject, runOrgCompliance, selectionFrom } from "./complianceOrg";

const severities: Severity[] = ["high", "medium", "low"];
/** Lines of "not available" detail on stderr before the rest is only counted. */
const UNAVAILABLE_LINES = 10;

/** Scan steps as one rewritten terminal line, each distinct text written once. */
function progressLine(progress: (line: string) => void): ScanOptions["onProgress"] {
  let last = "";
  return (step, done, total) => {
    const text = `${scanStepLabels[step]}${total > 1 ? ` ${done}/${total}` : ""}...`;
    if (text !== last) progress(text);
    last = text;
  };
}

export function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!severities.includes(value as Severity)) {
    throw new UsageError(`--fail-on must be one of ${severities.join(", ")} (got "${value}").`);
  }
  return value as Severity;
}

/** The sources with the project lookup recorded, for its name and to tell its failure apart. */
function recordingProject(sources: Sources): { sources: Sources; project(): Project | undefined } {
  let project: Project | undefined;
  const core = sources.core;
  return {
    sources: {
      ...sources,
      core: {
        getProject: async (name) => (project = await core.getProject(name)),
        listProjects: () => core.listProjects(),
      },
    },
    project: () => project,
  };
}

/**
 * A result's message as a user line: the technical reason a failed read carries
 * ("…: server: GET https://… failed with 500") becomes its kind in words (the JSON keeps it all).
 */
export function plainResultMessage(message: string): string {
  const match = /^(.*?): ([a-z-]+): [\s\S]*$/.exec(message);
  const kind = match?.[2] as SourceErrorKind | undefined;
  return match && kind && SOURCE_ERROR_KINDS.includes(kind)
    ? `${match[1]} (${kindWords(kind)}).`
    : message;
}

export function warnUnavailable(
  scan: { results: ComplianceResult[]; notAvailable: NotAvailable[] },
  warn: (line: string) => void,
): void {
  // First what could not be read, one plain sentence each; then the results it left open.
  const reads = [...new Set(scan.notAvailable.map(plainSentence))];
  for (const line of reads.slice(0, UNAVAILABLE_LINES)) warn(`not available: ${line}`);
  const lines = [
    ...new Set(
      scan.results
        .filter((result) => result.outcome === "not-available" || result.outcome === "error")
        .map(
          (result) =>
            `${result.outcome}: ${targetLabel(result)}: ${plainResultMessage(result.message)}`,
        ),
    ),
  ];
  for (const line of lines.slice(0, UNAVAILABLE_LINES)) warn(line);
  if (lines.length > UNAVAILABLE_LINES) {
    warn(`... and ${lines.length - UNAVAILABLE_LINES} more; the report lists every result.`);
  }
}

/** Failures at or above the --fail-on severity; none without --fail-on. */
export function gateFailures(results: ComplianceResult[], failOn: Severity | undefined): number {
  if (failOn === undefined) return 0;
  const threshold = severityWeight[failOn];
  return results.filter((r) => r.outcome === "fail" && severityWeight[r.severity] >= threshold)
    .length;
}

/**
 * Exit code: 1 when a failure at or above --fail-on exists (a pipeline gate), else 3 when some
 * result could not be decided (not available, rule error), else 0. Usage errors (2) never get
 * this far, so the order is 2, then 1, then 3.
 */
export function exitCodeFor(results: ComplianceResult[], failOn: Severity | undefined): ExitCode {
  if (gateFailures(results, failOn) > 0) return ExitCode.failure;
  const undecided = results.some((r) => r.outcome === "not-available" || r.outcome === "error");
  return undecided ? ExitCode.partial : ExitCode.ok;
}

/** --publish: the score into the project's history; false (said on stderr) when it failed. */
async function publishAfterScan(
  connection: Connection,
  projectId: string,
  scan: { summary: Parameters<typeof publishScore>[1]["summary"] },
  baseline: string,
  warn: (line: string) => void,
): Promise<boolean> {
  try {
    const published = await publishScore(
      connection.settings,
      { projectId, summary: scan.summary },
      baseline,
      connection.now(),
    );
    warn(
      `published the score of ${published.snapshot.date} (UTC) to the project's history (${published.entries} entries).`,
    );
    return true;
  } catch (error) {
    warn(`the score history was not published: ${(error as Error).message}.`);
    return false;
  }
}

export interface ProjectScan {
  scan: Awaited<ReturnType<typeof scanCompliance>>;
  context: ComplianceReportContext;
  project: Project;
}

/**
 * One project's scan and its report context: what `compliance` writes in any format, and what
 * the pipeline task writes in several. Project lookup failures become messages the user can act on.
 */
export async function scanProject(options: {
  connection: Connection;
  baseline: Baseline;
  production: ProductionResolver;
  progress?: (line: string) => void;
}): Promise<ProjectScan> {
  const { connection, baseline, production, progress } = options;
  const recorder = recordingProject(connection.sources);
  let scan;
  try {
    scan = await scanCompliance(recorder.sources, {
      organization: connection.organization,
      project: connection.project,
      baseline,
      now: new Date(),
      productionFor: production,
      onProgress: progress ? progressLine(progress) : undefined,
    });
  } catch (error) {
    if (recorder.project() === undefined) throw projectLookupError(error, connection);
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError(`Could not list the repositories of "${connection.project}": ${reason}`);
  } finally {
    progress?.("");
  }
  const project = recorder.project() ?? { id: scan.projectId, name: connection.project };
  const rules: RuleMetadata[] = [...baseline.rules.keys()].flatMap((id) => {
    const rule = complianceRules.get(id);
    return rule ? [rule.metadata] : [];
  });
  const context: ComplianceReportContext = {
    organization: connection.organization,
    project: { id: project.id, name: project.name },
    generatedAt: new Date(),
    baseline: { name: baseline.name, source: baseline.source },
    rules,
    restCalls: connection.calls().total,
    toolVersion: buildConstants.version,
    orgUrl: connection.orgUrl,
  };
  return { scan, context, project };
}

export const complianceCommand: CliCommand = {
  name: "compliance",
  summary:
    "Check branch and repository policies (and, when the baseline names them, environment checks and Classic approvals) against a baseline; report as table, JSON, SARIF, CSV or Markdown.",
  formats: allOutputFormats,
  flags: ["baseline", "fail-on", "publish", "all-projects", "projects", "shard", "concurrency"],
  async run({ connection, format, write, warn, flags, cwd, progress, production }) {
    const failOn = parseFailOn(flags["fail-on"]);
    // Checked before the baseline is read, so a flag mistake is the first thing reported.
    selectionFrom(flags);
    const baseline = loadBaseline(flags.baseline, cwd);
    if (isMultiProject(flags)) {
      return runOrgCompliance({
        connection,
        format,
        flags,
        baseline,
        failOn,
        write,
        warn,
        progress,
        production,
      });
    }
    const { scan, context, project } = await scanProject({
      connection,
      baseline,
      production,
      progress,
    });
    const restCalls = connection.calls().total;
    const writers: Record<OutputFormat, () => string> = {
      json: () => toJson(complianceJson(scan, context)),
      sarif: () => toJson(complianceSarif(scan, context)),
      csv: () => complianceCsv(scan, context),
      md: () => complianceMarkdown(scan, context),
      table: () =>
        complianceTable(scan, {
          organization: context.organization,
          project: project.name,
          baseline: `${baseline.name} (${baseline.source})`,
          restCalls,
        }),
    };
    write(writers[format]());

    warnUnavailable(scan, warn);
    const code = exitCodeFor(scan.results, failOn);
    if (code === ExitCode.failure) {
      const count = gateFailures(scan.results, failOn);
      warn(`${count} failure(s) at severity ${failOn} or above (--fail-on ${failOn}).`);
    }
    // A scheduled scan that was asked to publish and could not is a failed run (exit 1).
    if (
      flags.publish &&
      !(await publishAfterScan(connection, project.id, scan, baseline.name, warn))
    )
      return ExitCode.failure;
    return code;
  },
};
