/*
 * The organization-wide compliance report: one JSON model (what `compliance --all-projects`
 * writes and what `merge` reads and writes), and every other format rendered from that model, so
 * a report merged from shards renders exactly like the one a single process would have written.
 */
import {
  emptyCounts,
  weightedScore,
  type ComplianceEvaluation,
  type ComplianceResult,
  type ComplianceSummary,
  type OutcomeCounts,
} from "../compliance/evaluate";
import { byProjectName, type ProjectScan, type Shard } from "../compliance/orgScan";
import { complianceRules } from "../compliance/rules";
import type { Outcome, RuleMetadata, Severity } from "../compliance/types";
import { complianceJson, complianceSarif, targetLabel } from "./compliance";
import { csvRows, mdLink, mdTable, mdText } from "./text";

/** Marks an organization report, so `merge` can tell it from anything else that is JSON. */
export const ORG_REPORT_KIND = "compliance-organization";

export interface ProjectRef {
  id: string;
  name: string;
}

/** One result as the single-project JSON contract writes it (schemaVersion 1). */
export interface ResultJson {
  ruleId: string;
  severity: Severity;
  outcome: Outcome;
  repository: { id: string; name: string } | null;
  branch: string | null;
  message: string;
  policyIds: number[];
  remediation: string;
  target: ComplianceResult["target"];
  link?: string;
  exception?: ComplianceResult["exception"];
}

export type ProjectReport =
  | {
      project: ProjectRef;
      status: "scanned";
      score: number | null;
      summary: ComplianceSummary;
      results: ResultJson[];
    }
  | { project: ProjectRef; status: "not-available"; score: null; reason: string };

export type SelectionJson =
  { kind: "all-projects"; shard: Shard | null } | { kind: "selected-projects"; names: string[] };

export interface OrgSummary {
  projectsInOrganization: number;
  projectsSelected: number;
  projectsScanned: number;
  projectsNotAvailable: number;
  notAvailable: { project: ProjectRef; reason: string }[];
  byProject: { project: ProjectRef; status: ProjectReport["status"]; score: number | null }[];
  /** Weighted share of passing results over every scanned project (high 3, medium 2, low 1). */
  score: number | null;
  byOutcome: OutcomeCounts;
  /** REST requests made; for a merged report, the sum over its parts; null when not counted. */
  restCalls: number | null;
}

export interface OrgBaselineJson {
  name: string;
  source: string;
  /** Digest of the rules, branches and exceptions: reports merge only when it is the same. */
  digest: string;
  /** The rule ids the baseline names, in its order (SARIF's rule table). */
  rules: string[];
}

export interface OrgComplianceReport {
  schemaVersion: 1;
  report: typeof ORG_REPORT_KIND;
  organization: string;
  /** With it every result carries a link to where it is fixed. */
  orgUrl: string | null;
  generatedAt: string;
  toolVersion: string;
  baseline: OrgBaselineJson;
  selection: SelectionJson;
  /** Ordered by project name, then id. */
  projects: ProjectReport[];
  summary: OrgSummary;
}

export interface OrgReportContext {
  organization: string;
  orgUrl?: string;
  generatedAt: Date;
  toolVersion: string;
  baseline: OrgBaselineJson;
  selection: SelectionJson;
  projectsInOrganization: number;
  restCalls: number | null;
}

/** The organization summary, computed from the project entries (so merging recomputes it). */
export function orgSummary(
  projects: readonly ProjectReport[],
  projectsInOrganization: number,
  restCalls: number | null,
): OrgSummary {
  const byOutcome = emptyCounts();
  const all: ResultJson[] = [];
  for (const entry of projects) {
    if (entry.status !== "scanned") continue;
    for (const result of entry.results) {
      byOutcome[result.outcome] += 1;
      all.push(result);
    }
  }
  const missing = projects.filter((entry) => entry.status === "not-available");
  return {
    projectsInOrganization,
    projectsSelected: projects.length,
    projectsScanned: projects.length - missing.length,
    projectsNotAvailable: missing.length,
    notAvailable: missing.map((entry) => ({
      project: entry.project,
      reason: entry.status === "not-available" ? entry.reason : "",
    })),
    byProject: projects.map((entry) => ({
      project: entry.project,
      status: entry.status,
      score: entry.score,
    })),
    score: weightedScore(all),
    byOutcome,
    restCalls,
  };
}

function ruleMetadata(ids: readonly string[]): RuleMetadata[] {
  return ids.flatMap((id) => {
    const rule = complianceRules.get(id);
    return rule ? [rule.metadata] : [];
  });
}

/** The single-project JSON of one scan, typed (complianceJson returns its stable contract). */
interface ProjectJson {
  results: ResultJson[];
  summary: ComplianceSummary & { restCalls: number | null };
}

function projectReport(scan: ProjectScan, context: OrgReportContext): ProjectReport {
  const project = { id: scan.project.id, name: scan.project.name };
  if (scan.status === "not-available") {
    return { project, status: "not-available", score: null, reason: scan.reason };
  }
  // complianceJson is typed `object` as the published contract; its shape is ProjectJson.
  const json = complianceJson(scan.scan, {
    organization: context.organization,
    project,
    generatedAt: context.generatedAt,
    baseline: context.baseline,
    rules: ruleMetadata(context.baseline.rules),
    restCalls: null,
    toolVersion: context.toolVersion,
    orgUrl: context.orgUrl,
  }) as ProjectJson;
  // Requests are counted for the whole scan (one transport), not per project.
  const summary: ComplianceSummary = {
    score: json.summary.score,
    byOutcome: json.summary.byOutcome,
    byRule: json.summary.byRule,
    byRepository: json.summary.byRepository,
    coverage: json.summary.coverage,
  };
  return { project, status: "scanned", score: summary.score, summary, results: json.results };
}

/** The report of a multi-project scan. */
export function buildOrgReport(
  scans: readonly ProjectScan[],
  context: OrgReportContext,
): OrgComplianceReport {
  const projects = scans
    .map((scan) => projectReport(scan, context))
    .sort((a, b) => byProjectName(a.project, b.project));
  return {
    schemaVersion: 1,
    report: ORG_REPORT_KIND,
    organization: context.organization,
    orgUrl: context.orgUrl ?? null,
    generatedAt: context.generatedAt.toISOString(),
    toolVersion: context.toolVersion,
    baseline: context.baseline,
    selection: context.selection,
    projects,
    summary: orgSummary(projects, context.projectsInOrganization, context.restCalls),
  };
}

// ---------------------------------------------------------------------------------------------
// SARIF

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SarifNotification {
  level: "warning";
  message: { text: string };
  descriptor: { id: string };
  properties: { projectId: string; projectName: string };
}

export interface SarifDriver {
  name: string;
  version: string;
  rules: { id: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** What an organization SARIF run carries besides results, for merging. */
export interface OrgSarifProperties {
  report: typeof ORG_REPORT_KIND;
  organization: string;
  baselineName: string;
  baselineDigest: string;
  selection: SelectionJson;
  projectsInOrganization: number;
  projects: { id: string; name: string; status: ProjectReport["status"] }[];
}

export interface OrgSarifRun {
  tool: { driver: SarifDriver };
  automationDetails: { id: string };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
  results: SarifResult[];
  properties: OrgSarifProperties;
}

export interface OrgSarifLog {
  $schema: string;
  version: "2.1.0";
  runs: OrgSarifRun[];
}

/** The pieces an organization SARIF log is assembled from, by scan or by merge. */
export interface OrgSarifParts {
  driver: SarifDriver;
  properties: OrgSarifProperties;
  /** Results per project id. */
  results: Map<string, SarifResult[]>;
  notifications: Map<string, SarifNotification[]>;
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * One run for the whole organization (viewers group by tool; one run keeps one rule table), its
 * results ordered by project, each result's location prefixed with `projects/<name>/` and its
 * project in `properties`; projects that could not be read are tool notifications, so a SARIF
 * viewer shows that the scan was partial.
 */
export function assembleOrgSarif(parts: OrgSarifParts): OrgSarifLog {
  const order = [...parts.properties.projects].sort(byProjectName);
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: parts.driver },
        automationDetails: {
          id: `release-trace/compliance/organization/${parts.properties.organization}/`,
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: order.flatMap(
              (project) => parts.notifications.get(project.id) ?? [],
            ),
          },
        ],
        results: order.flatMap((project) => parts.results.get(project.id) ?? []),
        properties: { ...parts.properties, projects: order },
      },
    ],
  };
}

/** The single-project SARIF writer's output for one project, with the project made explicit. */
function projectSarifResults(
  entry: ProjectReport & { status: "scanned" },
  report: OrgComplianceReport,
): SarifResult[] {
  const evaluation: ComplianceEvaluation = {
    results: entry.results.map((result) => ({
      ...result,
      title: complianceRules.get(result.ruleId)?.metadata.title ?? result.ruleId,
    })),
    summary: entry.summary,
  };
  const log = complianceSarif(evaluation, sarifContext(report, entry.project)) as OrgSarifLog;
  const prefix = `projects/${encodeURIComponent(entry.project.name)}/`;
  return log.runs[0].results.map((result) => ({
    ...result,
    locations: result.locations.map((location) => ({
      ...location,
      physicalLocation: {
        ...location.physicalLocation,
        artifactLocation: { uri: prefix + location.physicalLocation.artifactLocation.uri },
      },
    })),
    properties: {
      ...result.properties,
      projectId: entry.project.id,
      projectName: entry.project.name,
    },
  }));
}

function sarifContext(report: OrgComplianceReport, project: ProjectRef) {
  return {
    organization: report.organization,
    project,
    generatedAt: new Date(report.generatedAt),
    baseline: report.baseline,
    rules: ruleMetadata(report.baseline.rules),
    restCalls: null,
    toolVersion: report.toolVersion,
    orgUrl: report.orgUrl ?? undefined,
  };
}

export function notAvailableNotification(project: ProjectRef, reason: string): SarifNotification {
  return {
    level: "warning",
    message: { text: `Project ${project.name} was not scanned: ${reason}` },
    descriptor: { id: "project-not-available" },
    properties: { projectId: project.id, projectName: project.name },
  };
}

export function orgSarif(report: OrgComplianceReport): OrgSarifLog {
  const empty: ComplianceEvaluation = {
    results: [],
    summary: { score: null, byOutcome: emptyCounts(), byRule: {}, byRepository: {}, coverage: {} },
  };
  const driverLog = complianceSarif(
    empty,
    sarifContext(report, { id: "", name: report.organization }),
  ) as OrgSarifLog;
  const results = new Map<string, SarifResult[]>();
  const notifications = new Map<string, SarifNotification[]>();
  for (const entry of report.projects) {
    if (entry.status === "scanned")
      results.set(entry.project.id, projectSarifResults(entry, report));
    else
      notifications.set(entry.project.id, [notAvailableNotification(entry.project, entry.reason)]);
  }
  return assembleOrgSarif({
    driver: driverLog.runs[0].tool.driver,
    properties: {
      report: ORG_REPORT_KIND,
      organization: report.organization,
      baselineName: report.baseline.name,
      baselineDigest: report.baseline.digest,
      selection: report.selection,
      projectsInOrganization: report.summary.projectsInOrganization,
      projects: report.projects.map((entry) => ({ ...entry.project, status: entry.status })),
    },
    results,
    notifications,
  });
}

// ---------------------------------------------------------------------------------------------
// CSV, Markdown

/** Every result of every project, one row each; a project that was not read is one row too. */
export function orgCsv(report: OrgComplianceReport): string {
  const titles = new Map(ruleMetadata(report.baseline.rules).map((rule) => [rule.id, rule.title]));
  return csvRows(
    [
      "projectId",
      "projectName",
      "ruleId",
      "title",
      "severity",
      "outcome",
      "targetKind",
      "targetId",
      "targetName",
      "repositoryId",
      "branch",
      "message",
      "policyIds",
      "remediation",
      "exceptionJustification",
      "exceptionExpires",
    ],
    report.projects.flatMap((entry) =>
      entry.status === "not-available"
        ? [
            [
              entry.project.id,
              entry.project.name,
              "",
              "",
              "",
              "not-available",
              "project",
              entry.project.id,
              entry.project.name,
              "",
              "",
              entry.reason,
            ],
          ]
        : entry.results.map((r) => [
            entry.project.id,
            entry.project.name,
            r.ruleId,
            titles.get(r.ruleId),
            r.severity,
            r.outcome,
            r.target.kind,
            r.target.id,
            r.target.name,
            r.repository?.id,
            r.branch,
            r.message,
            r.policyIds.join(" "),
            r.remediation,
            r.exception?.justification,
            r.exception?.expires,
          ]),
    ),
  );
}

export function scoreText(score: number | null): string {
  return score === null ? "n/a" : `${score}%`;
}

function selectionText(selection: SelectionJson): string {
  if (selection.kind === "selected-projects") return `projects ${selection.names.join(", ")}`;
  return selection.shard
    ? `shard ${selection.shard.index}/${selection.shard.count} of all projects`
    : "all projects";
}

/** The organization summary: one row per project, then failures and what was not read. */
export function orgMarkdown(report: OrgComplianceReport): string {
  const { summary } = report;
  const scanned = report.projects.flatMap((entry) =>
    entry.status === "scanned" ? [{ entry, results: entry.results }] : [],
  );
  const failures = scanned.flatMap(({ entry, results }) =>
    results.filter((r) => r.outcome === "fail").map((r) => ({ project: entry.project, r })),
  );
  const undecided = scanned.flatMap(({ entry, results }) =>
    results
      .filter((r) => r.outcome === "not-available" || r.outcome === "error")
      .map((r) => ({ project: entry.project, r })),
  );
  const lines = [
    `# Compliance: ${mdText(report.organization)}`,
    "",
    `- Scope: ${mdText(selectionText(report.selection))}`,
    `- Baseline: ${mdText(report.baseline.name)} (${mdText(report.baseline.source)})`,
    `- Generated: ${report.generatedAt}`,
    `- Projects: ${summary.projectsScanned} scanned, ${summary.projectsNotAvailable} not available, of ${summary.projectsSelected} selected (${summary.projectsInOrganization} in the organization)`,
    `- Score: **${scoreText(summary.score)}** (weighted share of passing results over every scanned project; high 3, medium 2, low 1)`,
    `- REST calls: ${summary.restCalls ?? "not counted"}`,
    "",
    "## Projects",
    "",
    mdTable(
      ["Project", "Status", "Score", "Pass", "Fail", "Exempt", "Not available", "Not applicable"],
      report.projects.map((entry) =>
        entry.status === "scanned"
          ? [
              entry.project.name,
              "scanned",
              scoreText(entry.score),
              entry.summary.byOutcome.pass,
              entry.summary.byOutcome.fail,
              entry.summary.byOutcome.exempt,
              entry.summary.byOutcome["not-available"] + entry.summary.byOutcome.error,
              entry.summary.byOutcome["not-applicable"],
            ]
          : [entry.project.name, `not available: ${entry.reason}`, "n/a", "", "", "", "", ""],
      ),
    ),
    "",
    "## Failures",
    "",
    failures.length === 0
      ? "No failures."
      : mdTable(
          ["Project", "Target", "Branch", "Rule", "Severity", "Finding", "Remediation"],
          failures.map(({ project, r }) => [
            project.name,
            targetLabel(r),
            r.branch,
            r.ruleId,
            r.severity,
            r.message,
            r.link
              ? { markdown: `${mdText(r.remediation)} ${mdLink("Open settings", r.link).markdown}` }
              : r.remediation,
          ]),
        ),
    "",
    "## Not available (could not be read)",
    "",
    summary.projectsNotAvailable === 0 && undecided.length === 0
      ? "Everything needed was read."
      : mdTable(
          ["Project", "Target", "Rule", "Reason"],
          [
            ...summary.notAvailable.map((entry) => [
              entry.project.name,
              "whole project",
              "",
              entry.reason,
            ]),
            ...undecided.map(({ project, r }) => [
              project.name,
              targetLabel(r),
              r.ruleId,
              r.message,
            ]),
          ],
        ),
    "",
  ];
  return lines.join("\n");
}
