import { settingsLink } from "../compliance/links";
import type { ComplianceEvaluation, ComplianceResult } from "../compliance/evaluate";
import { complianceRules } from "../compliance/rules";
import type { RuleKind, RuleMetadata } from "../compliance/types";
import { csvRows, mdLink, mdTable, mdText } from "./text";

/**
 * How a result's target reads in reports: the repository name for repository targets,
 * "environment prod-eu", "release web-app-release / Production", or "all environments" when the
 * list itself could not be read.
 */
export function targetLabel(result: Pick<ComplianceResult, "target">): string {
  const { kind, id, name } = result.target;
  if (id === "*") return `all ${name}`;
  if (kind === "environment") return `environment ${name}`;
  if (kind === "release-stage") return `release ${name}`;
  return name;
}

/** Do the results cover more than repositories (so reports say "target", not "repository")? */
export function beyondRepositories(results: ComplianceResult[]): boolean {
  return results.some((result) => result.target.kind !== "repository");
}

const sarifTags: Record<RuleKind, string> = {
  branch: "branch-policy",
  repository: "repository-policy",
  environment: "environment-check",
  "release-stage": "classic-release",
};

export interface ComplianceReportContext {
  organization: string;
  project: { id: string; name: string };
  generatedAt: Date;
  baseline: { name: string; source: string };
  rules: RuleMetadata[];
  /** REST requests made, or null when the sources do not count them. */
  restCalls: number | null;
  /** Product version, for SARIF's tool.driver. */
  toolVersion: string;
  /** Organization URL; with it every result carries a link to where it is fixed. */
  orgUrl?: string;
}

/**
 * The stable JSON contract (schemaVersion 1); other tools read it. Additions stay additive:
 * `target` on every result; `repository` null for environment and release-stage results;
 * `summary.coverage`.
 */
export function complianceJson(
  evaluation: ComplianceEvaluation,
  context: ComplianceReportContext,
): object {
  return {
    schemaVersion: 1,
    organization: context.organization,
    project: context.project,
    generatedAt: context.generatedAt.toISOString(),
    baseline: context.baseline,
    results: evaluation.results.map((result) => ({
      ruleId: result.ruleId,
      severity: result.severity,
      outcome: result.outcome,
      repository: result.repository,
      branch: result.branch,
      message: result.message,
      policyIds: result.policyIds,
      remediation: result.remediation,
      target: result.target,
      ...linkOf(result, context),
      ...(result.exception ? { exception: result.exception } : {}),
    })),
    summary: { ...evaluation.summary, restCalls: context.restCalls },
  };
}

/** `{ link }` where the organization URL is known and the target exists. */
function linkOf(result: ComplianceResult, context: ComplianceReportContext): { link?: string } {
  if (!context.orgUrl) return {};
  const link = settingsLink(context.orgUrl, context.project.name, result);
  return link ? { link } : {};
}

const sarifLevel = { high: "error", medium: "warning", low: "note" } as const;

/** SARIF 2.1.0: one result per failure, rules carrying their metadata. */
export function complianceSarif(
  evaluation: ComplianceEvaluation,
  context: ComplianceReportContext,
): object {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const failures = evaluation.results.filter((result) => result.outcome === "fail");
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Release Trace",
            version: context.toolVersion,
            rules: context.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[^A-Za-z0-9]+(.)/g, (_m, next: string) => next.toUpperCase()),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              help: { text: rule.remediation },
              defaultConfiguration: { level: sarifLevel[rule.severity] },
              properties: {
                severity: rule.severity,
                tags: ["compliance", sarifTags[complianceRules.get(rule.id)?.kind ?? "branch"]],
              },
            })),
          },
        },
        automationDetails: { id: `release-trace/compliance/${context.project.name}/` },
        results: failures.map((result) => ({
          ruleId: result.ruleId,
          ruleIndex: ruleIndex.get(result.ruleId),
          level: sarifLevel[result.severity],
          message: {
            text: `${targetLabel(result)} ${result.branch ?? ""}: ${result.message}`.replace(
              /\s+:/,
              ":",
            ),
          },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri: sarifUri(result) } },
              logicalLocations: [
                {
                  name: result.branch ?? result.target.name,
                  fullyQualifiedName: `${context.project.name}/${result.target.name}/${result.branch ?? ""}`,
                  kind: result.target.kind === "repository" ? "branch" : "resource",
                },
              ],
            },
          ],
          partialFingerprints: {
            // Repository results keep the first fingerprint form, so earlier uploads still match.
            "releaseTrace/v1": `${result.ruleId}|${
              result.repository ? result.repository.id : `${result.target.kind}:${result.target.id}`
            }|${result.branch ?? ""}`,
          },
          properties: {
            ...(result.repository ? { repositoryId: result.repository.id } : {}),
            targetKind: result.target.kind,
            targetId: result.target.id,
            policyIds: result.policyIds,
            remediation: result.remediation,
          },
        })),
      },
    ],
  };
}

/** A relative, encoded location per target and branch (no file paths exist for settings). */
function sarifUri(result: ComplianceResult): string {
  const { kind, id, name } = result.target;
  if (kind === "environment") return `environments/${encodeURIComponent(name)}`;
  if (kind === "release-stage") {
    const [definitionId, stageId] = id.split(":");
    return stageId === undefined
      ? `release-definitions/${encodeURIComponent(id)}`
      : `release-definitions/${encodeURIComponent(definitionId)}/stages/${encodeURIComponent(stageId)}`;
  }
  const branch = result.branch
    ? `/${result.branch.split("/").map(encodeURIComponent).join("/")}`
    : "";
  return `repositories/${encodeURIComponent(name)}${branch}`;
}

export function complianceCsv(
  evaluation: ComplianceEvaluation,
  context: ComplianceReportContext,
): string {
  const titles = new Map(context.rules.map((rule) => [rule.id, rule.title]));
  return csvRows(
    [
      "ruleId",
      "title",
      "severity",
      "outcome",
      "repository",
      "repositoryId",
      "branch",
      "message",
      "policyIds",
      "remediation",
      "exceptionJustification",
      "exceptionExpires",
      // Added after the first columns so readers by position keep working.
      "targetKind",
      "targetId",
      "targetName",
    ],
    evaluation.results.map((r) => [
      r.ruleId,
      titles.get(r.ruleId),
      r.severity,
      r.outcome,
      r.repository?.name,
      r.repository?.id,
      r.branch,
      r.message,
      r.policyIds.join(" "),
      r.remediation,
      r.exception?.justification,
      r.exception?.expires,
      r.target.kind,
      r.target.id,
      r.target.name,
    ]),
  );
}

/** A report an auditor can read: scope, score, what fails and how to fix it, what was not read. */
export function complianceMarkdown(
  evaluation: ComplianceEvaluation,
  context: ComplianceReportContext,
): string {
  const { summary, results } = evaluation;
  const titles = new Map(context.rules.map((rule) => [rule.id, rule.title]));
  const by = (outcome: string) => results.filter((result) => result.outcome === outcome);
  const targets = beyondRepositories(results);
  const where = targets ? "Target" : "Repository";
  const label = (result: ComplianceResult) => targetLabel(result);
  const coverage = Object.entries(summary.coverage);
  const lines = [
    `# ${targets ? "Compliance" : "Branch-policy compliance"}: ${mdText(context.project.name)}`,
    "",
    `- Organization: ${mdText(context.organization)}`,
    `- Baseline: ${mdText(context.baseline.name)} (${mdText(context.baseline.source)})`,
    `- Generated: ${context.generatedAt.toISOString()}`,
    `- Score: **${summary.score === null ? "n/a" : `${summary.score}%`}** (weighted share of passing results; high 3, medium 2, low 1)`,
    `- REST calls: ${context.restCalls ?? "not counted"}`,
    "",
    "## Results by outcome",
    "",
    mdTable(["Outcome", "Count"], Object.entries(summary.byOutcome)),
    "",
    "## Results by rule",
    "",
    mdTable(
      ["Rule", "Title", "Pass", "Fail", "Exempt", "Not available", "Not applicable"],
      Object.entries(summary.byRule).map(([id, counts]) => [
        id,
        titles.get(id),
        counts.pass,
        counts.fail,
        counts.exempt,
        counts["not-available"],
        counts["not-applicable"],
      ]),
    ),
    "",
    ...(coverage.length === 0
      ? []
      : [
          "## Targets evaluated",
          "",
          mdTable(
            ["Rule", "Targets", "Evaluated", "Of", "Pattern"],
            coverage.map(([id, entry]) => [
              id,
              entry.targetKind,
              entry.evaluated,
              entry.total ?? "could not be read",
              entry.pattern,
            ]),
          ),
          "",
        ]),
    "## Failures",
    "",
    by("fail").length === 0
      ? "No failures."
      : mdTable(
          [where, "Branch", "Rule", "Severity", "Finding", "Policies", "Remediation"],
          by("fail").map((r) => {
            const link = linkOf(r, context).link;
            return [
              label(r),
              r.branch,
              r.ruleId,
              r.severity,
              r.message,
              r.policyIds.join(", "),
              link
                ? { markdown: `${mdText(r.remediation)} ${mdLink("Open settings", link).markdown}` }
                : r.remediation,
            ];
          }),
        ),
    "",
    "## Exemptions",
    "",
    by("exempt").length === 0
      ? "None."
      : mdTable(
          [where, "Branch", "Rule", "Justification", "Expires"],
          by("exempt").map((r) => [
            label(r),
            r.branch,
            r.ruleId,
            r.exception?.justification,
            r.exception?.expires,
          ]),
        ),
    "",
    "## Not available (could not be read)",
    "",
    by("not-available").length === 0
      ? "Everything needed was read."
      : mdTable(
          [where, "Rule", "Reason"],
          by("not-available").map((r) => [label(r), r.ruleId, r.message]),
        ),
    "",
    `Not applicable (disabled or empty repositories): ${summary.byOutcome["not-applicable"]} result(s).`,
    "",
  ];
  return lines.join("\n");
}
