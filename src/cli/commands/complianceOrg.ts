/*
 * `compliance --all-projects` / `--projects A,B`: many projects through one connection (one
 * transport, so one request budget and one throttling back-off), one merged report. Also the
 * pieces `merge` shares: the writers per format and the exit code of an organization report.
 */
import type { ProductionResolver } from "../production";
import { terminalText } from "../../core/report/text";
import { createHash } from "node:crypto";
import { buildConstants } from "../buildConstants";
import type { Baseline } from "../../core/compliance/baseline/types";
import {
  parseShard,
  PROJECT_CONCURRENCY,
  scanProjects,
  UnknownProjectsError,
  type ProjectScan as OrgProjectScan,
  type ProjectSelection,
} from "../../core/compliance/orgScan";
import { severityWeight, type Severity } from "../../core/compliance/types";
import {
  buildOrgReport,
  orgCsv,
  orgMarkdown,
  orgSarif,
  scoreText,
  type OrgBaselineJson,
  type OrgComplianceReport,
} from "../../core/report/complianceOrg";
import { isSourceError } from "../../core/sources";
import { checkPathName, type Connection } from "../connection";
import { ExitCode, RunError, UsageError } from "../errors";
import { renderTable, toJson, type Alignment, type OutputFormat } from "../output";
import type { CommandFlags } from "./index";
import { publishScore } from "./publishScore";

/** Does the command line ask for a multi-project scan? */
export function isMultiProject(flags: CommandFlags): boolean {
  return flags["all-projects"] === true || flags.projects !== undefined;
}

/** --concurrency: how many projects are scanned at once. */
export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return PROJECT_CONCURRENCY.default;
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || number < 1 || number > PROJECT_CONCURRENCY.max) {
    throw new UsageError(
      `--concurrency must be a whole number from 1 to ${PROJECT_CONCURRENCY.max} (got "${value}").`,
    );
  }
  return number;
}

/** The projects to scan from --all-projects, --projects and --shard, checked together. */
export function selectionFrom(flags: CommandFlags): ProjectSelection {
  if (flags["all-projects"] && flags.projects !== undefined) {
    throw new UsageError("--all-projects and --projects conflict: give one of them.");
  }
  if (flags.shard !== undefined && !flags["all-projects"]) {
    throw new UsageError("--shard needs --all-projects (it picks a slice of all projects).");
  }
  if (flags.concurrency !== undefined && !isMultiProject(flags)) {
    throw new UsageError("--concurrency applies to --all-projects or --projects.");
  }
  if (flags.projects !== undefined) {
    const names = flags.projects
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name.length > 0);
    if (names.length === 0) {
      throw new UsageError(
        '--projects needs a comma-separated list of project names or ids, e.g. --projects "Web,Payments".',
      );
    }
    for (const name of names) checkPathName("--projects", name);
    return { kind: "selected-projects", names };
  }
  if (flags.shard === undefined) return { kind: "all-projects", shard: null };
  const shard = parseShard(flags.shard);
  if (typeof shard === "string") throw new UsageError(`--shard: ${shard}.`);
  return { kind: "all-projects", shard };
}

/** Same rules, branches and exceptions → same digest, whatever the file was called. */
export function baselineDigest(baseline: Baseline): string {
  const canonical = JSON.stringify({
    branches: baseline.branches,
    rules: [...baseline.rules].map(([id, config]) => [
      id,
      config.severity ?? null,
      sortKeys(config.params),
    ]),
    exceptions: baseline.exceptions.map((exception) => sortKeys({ ...exception })),
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/** How an organization report names its baseline (merge compares the digest). */
export function orgBaselineJson(baseline: Baseline): OrgBaselineJson {
  return {
    name: baseline.name,
    source: baseline.source,
    digest: baselineDigest(baseline),
    rules: [...baseline.rules.keys()],
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** Names come from the organization: through the one terminal sanitiser. */
function plain(text: string): string {
  return terminalText(text);
}

/** The terminal form: one row per project, the organization's totals, what was not read. */
export function orgTable(report: OrgComplianceReport): string {
  const { summary } = report;
  const rows = report.projects.map((entry) =>
    entry.status === "scanned"
      ? [
          plain(entry.project.name),
          "scanned",
          String(entry.summary.byOutcome.pass),
          String(entry.summary.byOutcome.fail),
          String(entry.summary.byOutcome.exempt),
          String(entry.summary.byOutcome["not-available"] + entry.summary.byOutcome.error),
          scoreText(entry.score),
        ]
      : [plain(entry.project.name), "not available", "", "", "", "", "n/a"],
  );
  const header = ["Project", "Status", "Pass", "Fail", "Exempt", "Not read", "Score"];
  const align: Alignment[] = header.map((_, index) => (index >= 2 ? "right" : "left"));
  const scope =
    report.selection.kind === "selected-projects"
      ? `${report.selection.names.length} named project(s)`
      : report.selection.shard
        ? `shard ${report.selection.shard.index}/${report.selection.shard.count} of all projects`
        : "all projects";
  return [
    `Organization: ${plain(report.organization)}`,
    `Scope:        ${scope} (${summary.projectsInOrganization} in the organization)`,
    `Baseline:     ${plain(report.baseline.name)} (${plain(report.baseline.source)})`,
    "",
    renderTable(header, rows, align).trimEnd(),
    "",
    ...summary.notAvailable.map(
      (entry) => `Not available: ${plain(entry.project.name)}: ${plain(entry.reason)}`,
    ),
    ...(summary.notAvailable.length > 0 ? [""] : []),
    `Projects: ${summary.projectsScanned} scanned, ${summary.projectsNotAvailable} not available`,
    `Score: ${scoreText(summary.score)} (weighted share of passing results over every scanned project; high 3, medium 2, low 1)`,
    `Results: ${Object.entries(summary.byOutcome)
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(", ")}`,
    `REST calls: ${summary.restCalls ?? "not counted"}`,
    "",
  ].join("\n");
}

export const orgWriters: Record<OutputFormat, (report: OrgComplianceReport) => string> = {
  json: (report) => toJson(report),
  sarif: (report) => toJson(orgSarif(report)),
  csv: orgCsv,
  md: orgMarkdown,
  table: orgTable,
};

/**
 * 1 when a failure at or above --fail-on exists anywhere, else 3 when a project or a result could
 * not be read, else 0 (the single-project order: 2, then 1, then 3).
 */
export function orgExitCode(
  report: OrgComplianceReport,
  failOn: Severity | undefined,
  warn: (line: string) => void,
): ExitCode {
  const results = report.projects.flatMap((entry) =>
    entry.status === "scanned" ? entry.results : [],
  );
  if (failOn !== undefined) {
    const threshold = severityWeight[failOn];
    const failures = results.filter(
      (r) => r.outcome === "fail" && severityWeight[r.severity] >= threshold,
    ).length;
    if (failures > 0) {
      warn(`${failures} failure(s) at severity ${failOn} or above (--fail-on ${failOn}).`);
      return ExitCode.failure;
    }
  }
  const undecided = results.filter(
    (r) => r.outcome === "not-available" || r.outcome === "error",
  ).length;
  if (report.summary.projectsNotAvailable > 0 || undecided > 0) {
    warn(
      `Partial data: ${report.summary.projectsNotAvailable} project(s) not available, ${undecided} result(s) could not be decided; the report says why.`,
    );
    return ExitCode.partial;
  }
  return ExitCode.ok;
}

export interface OrgRunInput {
  connection: Connection;
  format: OutputFormat;
  flags: CommandFlags;
  baseline: Baseline;
  failOn: Severity | undefined;
  write(text: string): void;
  warn(line: string): void;
  progress?: (line: string) => void;
  production: ProductionResolver;
}

export async function runOrgCompliance(input: OrgRunInput): Promise<ExitCode> {
  const { connection, baseline } = input;
  const selection = selectionFrom(input.flags);
  const concurrency = parseConcurrency(input.flags.concurrency);
  let scanned;
  try {
    scanned = await scanProjects(connection.sources, {
      organization: connection.organization,
      baseline,
      now: new Date(),
      selection,
      concurrency,
      productionFor: input.production,
      onProgress: input.progress
        ? (done, total) => input.progress?.(`Scanning projects ${done}/${total}...`)
        : undefined,
    });
  } catch (error) {
    if (error instanceof UnknownProjectsError) {
      throw new UsageError(
        `--projects: ${error.unknown.map((name) => `"${name}"`).join(", ")} not found in ${connection.description} (projects: ${error.known.join(", ")}).`,
      );
    }
    if (!isSourceError(error)) throw error;
    const where = connection.description;
    if (error.kind === "auth") {
      throw new UsageError(
        `${where} rejected the token: check that ${connection.tokenVariable ?? "the token"} is valid and not expired.`,
      );
    }
    if (error.kind === "permission") {
      throw new UsageError(
        `The token may not list the projects of ${where}: it needs the Project and Team (read) scope.`,
      );
    }
    throw new RunError(`Could not list the projects of ${where}: ${error.message}`);
  } finally {
    input.progress?.("");
  }
  const report = buildOrgReport(scanned.projects, {
    organization: connection.organization,
    orgUrl: connection.orgUrl,
    generatedAt: new Date(),
    toolVersion: buildConstants.version,
    baseline: orgBaselineJson(baseline),
    selection:
      selection.kind === "selected-projects"
        ? { kind: "selected-projects", names: scanned.projects.map((entry) => entry.project.name) }
        : selection,
    projectsInOrganization: scanned.projectsInOrganization,
    restCalls: connection.calls().total,
  });
  input.write(orgWriters[input.format](report));
  for (const entry of report.summary.notAvailable) {
    input.warn(`not-available: project ${entry.project.name}: ${entry.reason}`);
  }
  const code = orgExitCode(report, input.failOn, input.warn);
  // A scheduled org scan that was asked to publish and could not is a failed run (exit 1).
  if (input.flags.publish && !(await publishEach(connection, scanned.projects, baseline, input)))
    return ExitCode.failure;
  return code;
}

/**
 * --publish: each scanned project's score into its own history, one project after the other
 * (a few calls each). Stops at the first failure: the next ones would fail the same way.
 */
async function publishEach(
  connection: Connection,
  projects: OrgProjectScan[],
  baseline: Baseline,
  input: Pick<OrgRunInput, "warn">,
): Promise<boolean> {
  const scanned = projects.filter((entry) => entry.status === "scanned");
  for (const [index, entry] of scanned.entries()) {
    try {
      await publishScore(
        connection.settings,
        { projectId: entry.project.id, summary: entry.scan.summary },
        baseline.name,
        connection.now(),
      );
    } catch (error) {
      const left = scanned.length - index;
      input.warn(
        `the score history of ${entry.project.name} was not published: ${(error as Error).message}; stopped (${left} of ${scanned.length} project(s) not published).`,
      );
      return false;
    }
  }
  input.warn(`published the score of ${scanned.length} project(s) to their histories.`);
  return true;
}
