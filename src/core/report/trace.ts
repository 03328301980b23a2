/** Text writers for the traceability answers: Markdown, CSV and plain tables. */
import type {
  DeployedMatrix,
  EvidencePack,
  NotAvailable,
  TraceGap,
  WorkItemTrace,
} from "../trace/types";
import { fieldWords, kindWords, plainSentence } from "../sources/notAvailable";
import { stateWord } from "../vocabulary";
import { rawStateWord } from "../vocabulary/rawStates";
import { csvRows, mdTable, mdText } from "./text";

function cell(value: unknown): string {
  return value === undefined || value === null || value === "" ? "-" : String(value);
}

function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 8) : "-";
}

/** "medium", "medium, exempt", "high, not available": a gap's severity and, unless a plain gap, its outcome. */
function gapGrade(gap: TraceGap): string {
  const outcome = gap.outcome === "not-available" ? "not available" : gap.outcome;
  return gap.outcome === "gap" ? gap.severity : `${gap.severity}, ${outcome}`;
}

/** ", of run 2025.10 which first brought it to staging": whose gap it is, on a work item's trace. */
function broughtByText(gap: TraceGap): string {
  const by = gap.broughtBy;
  if (!by) return "";
  const what =
    by.runId !== undefined ? `run ${by.name ?? by.runId}` : `release ${by.name ?? by.releaseId}`;
  return ` (a gap of ${what} of ${by.pipeline}, which first brought it to ${by.environments.join(", ")})`;
}

/**
 * " (not read: the environments (server error))": an item kept although a read that fills some
 * of its fields failed, so those fields may be wrong or thin. Empty without a marker.
 */
export function unknownText(entries: readonly NotAvailable[] | undefined): string {
  if (!entries || entries.length === 0) return "";
  const fields = [...new Set(entries.flatMap((entry) => entry.fields ?? []))];
  const kinds = [...new Set(entries.map((entry) => kindWords(entry.kind)))].join(", ");
  return ` (not read: ${fieldWords(fields)} (${kinds}))`;
}

/** One line per gap: its rule's title and severity, then the finding. */
export function gapLine(gap: TraceGap): string {
  return `${gap.title} (${gapGrade(gap)}): ${gap.message}${broughtByText(gap)}${unknownText(gap.unknown)}`;
}

/** A Markdown list item: the rule's title, grade and id, then the finding. */
export function gapMarkdownLine(gap: TraceGap): string {
  return `- **${mdText(gap.title)}** (${mdText(gapGrade(gap))}, \`${mdText(gap.ruleId)}\`): ${mdText(gap.message)}${mdText(broughtByText(gap))}${mdText(unknownText(gap.unknown))}`;
}

function gapsMarkdown(gaps: TraceGap[]): string[] {
  if (gaps.length === 0) return ["No gaps found."];
  return gaps.map(gapMarkdownLine);
}

function notAvailableMarkdown(notAvailable: NotAvailable[]): string[] {
  if (notAvailable.length === 0) return [];
  return [
    "",
    "## Not available",
    "",
    ...notAvailable.map((entry) => `- ${mdText(entry.what)}: ${mdText(entry.reason)}`),
  ];
}

/** A "## title" section holding a table of the items, or a sentence when there are none. */
function tableSection<T>(
  title: string,
  items: readonly T[],
  none: string,
  header: string[],
  row: (item: T) => unknown[],
): string[] {
  return [`## ${title}`, "", items.length === 0 ? none : mdTable(header, items.map(row)), ""];
}

const VOTES: Record<number, string> = {
  10: "approved",
  5: "approved with suggestions",
  0: "no vote",
  [-5]: "waiting for author",
  [-10]: "rejected",
};

export function voteText(vote: number): string {
  return VOTES[vote] ?? String(vote);
}

function reviewersText(reviewers: ReadonlyArray<{ name: string; vote: number }>): string {
  return reviewers.map((reviewer) => `${reviewer.name} (${voteText(reviewer.vote)})`).join("; ");
}

function bypassText(bypass: { by?: unknown; reason?: unknown } | null | undefined): string {
  return bypass ? `${cell(bypass.by)}: ${cell(bypass.reason)}` : "-";
}

/** Deployment columns shared by the Markdown and terminal tables (only the run header differs). */
function deploymentHeader(runOrRelease: string): string[] {
  return [
    "Kind",
    "Pipeline",
    "Environment",
    "Stage",
    runOrRelease,
    "Status",
    "Reached",
    "Evidence",
  ];
}

function deploymentRow(deployment: WorkItemTrace["deployments"][number]): string[] {
  return [
    deployment.kind,
    deployment.pipeline,
    deployment.environment,
    deployment.stage,
    deployment.runId !== undefined ? `run ${deployment.name}` : deployment.name,
    stateWord(deployment.state),
    cell(deployment.reachedAt),
    deployment.evidence,
  ];
}

export function traceMarkdown(trace: WorkItemTrace): string {
  const { workItem } = trace;
  const lines = [
    `# ${mdText(workItem.type)} ${workItem.id}: ${mdText(workItem.title)}`,
    "",
    `State: ${mdText(workItem.state)}`,
    "",
    ...tableSection(
      "Pull requests",
      trace.pullRequests,
      "None linked.",
      ["PR", "Repository", "Status", "Merge commit", "Reviewers", "Policy bypass"],
      (pr) => [
        pr.id,
        pr.repository,
        pr.status,
        shortSha(pr.mergeCommit),
        reviewersText(pr.reviewers),
        bypassText(pr.policyBypass),
      ],
    ),
    ...tableSection(
      "Commits",
      trace.commits,
      "None linked.",
      ["Commit", "Repository"],
      (commit) => [commit.id, `${commit.repository}${unknownText(commit.unknown)}`],
    ),
    ...tableSection(
      "Builds",
      trace.builds,
      "None linked.",
      ["Run", "Pipeline", "Number", "Branch", "Result"],
      (build) => [build.id, build.pipeline, build.number, build.branch, cell(build.result)],
    ),
    ...tableSection(
      "Deployments",
      trace.deployments,
      "Not deployed anywhere yet.",
      deploymentHeader("Run / release"),
      deploymentRow,
    ),
    "## Gaps",
    "",
    ...gapsMarkdown(trace.gaps),
    ...notAvailableMarkdown(trace.notAvailable),
  ];
  return lines.join("\n") + "\n";
}

/** Plain-text rows for a terminal table writer. */
export function traceTableRows(trace: WorkItemTrace): { header: string[]; rows: string[][] } {
  return {
    header: deploymentHeader("Run/release"),
    rows: trace.deployments.map(deploymentRow),
  };
}

const DEPLOYED_HEADER = [
  "pipeline",
  "kind",
  "environment",
  "runId",
  "releaseId",
  "name",
  "sourceBranch",
  "sourceVersion",
  "result",
  "deployedAt",
  "deployedBy",
  "state",
  "latestAttemptId",
  "latestAttemptName",
  "latestAttemptState",
  "latestAttemptAt",
  "unknownFields",
];

type DeployedCellValue = DeployedMatrix["cells"][number];

function deployedRow(cellValue: DeployedCellValue): unknown[] {
  const attempt = cellValue.latestAttempt;
  return [
    cellValue.pipeline,
    cellValue.kind,
    cellValue.environment,
    cellValue.runId,
    cellValue.releaseId,
    cellValue.name,
    cellValue.sourceBranch,
    cellValue.sourceVersion,
    cellValue.result === null ? null : rawStateWord(cellValue.result),
    cellValue.deployedAt,
    cellValue.deployedBy,
    cellValue.state === null ? null : stateWord(cellValue.state),
    attempt?.runId ?? attempt?.releaseId,
    attempt?.name,
    attempt && stateWord(attempt.state),
    attempt?.at,
    cellValue.unknown?.fields?.join(" "),
  ];
}

export function deployedCsv(matrix: DeployedMatrix): string {
  return csvRows(DEPLOYED_HEADER, matrix.cells.map(deployedRow));
}

/** A field the service did not answer for reads "unknown", never "-" (which means none). */
function known(cellValue: DeployedCellValue, field: string, value: string): string {
  return cellValue.unknown?.fields?.includes(field) ? "unknown" : value;
}

function attemptText(cellValue: DeployedCellValue): string {
  const attempt = cellValue.latestAttempt;
  if (!attempt) return "-";
  const subject = attempt.runId !== undefined ? `run ${attempt.name}` : attempt.name;
  return `${subject}: ${stateWord(attempt.state)}${attempt.at ? ` (${attempt.at})` : ""}`;
}

function deployedColumns(item: DeployedCellValue): string[] {
  // A run is named by its number, a release by its name; ids stay in JSON and CSV.
  const subject =
    item.runId !== undefined
      ? `run ${item.name}`
      : item.releaseId !== undefined
        ? `${item.name}`
        : "-";
  return [
    item.pipeline,
    item.kind,
    item.environment,
    subject,
    known(item, "sourceBranch", cell(item.sourceBranch)),
    known(item, "sourceVersion", shortSha(item.sourceVersion)),
    item.state ? stateWord(item.state) : "nothing deployed",
    cell(item.deployedAt),
    known(item, "deployedBy", cell(item.deployedBy)),
    attemptText(item),
  ];
}

const DEPLOYED_TABLE_HEADER = [
  "Pipeline",
  "Kind",
  "Environment",
  "Runs there now",
  "Branch",
  "Version",
  "State",
  "Deployed",
  "By",
  "Newer attempt (not deployed)",
];

/** The cells whose fields are partly unknown, one line each, with the reason. */
function unknownLines(matrix: DeployedMatrix): string[] {
  return matrix.cells.flatMap((item) => (item.unknown ? [plainSentence(item.unknown)] : []));
}

export function deployedTableRows(matrix: DeployedMatrix): {
  header: string[];
  rows: string[][];
  notes: string[];
} {
  return {
    header: DEPLOYED_TABLE_HEADER,
    rows: matrix.cells.map(deployedColumns),
    notes: unknownLines(matrix),
  };
}

export function deployedMarkdown(matrix: DeployedMatrix): string {
  const lines = [
    "# Deployed where",
    "",
    "Each cell is what runs there now: the newest deployment that succeeded (or partially succeeded). A newer attempt that did not deploy (in progress, waiting for approval, failed...) is listed apart.",
    "",
    matrix.cells.length === 0
      ? "No deployments."
      : mdTable(DEPLOYED_TABLE_HEADER, matrix.cells.map(deployedColumns)),
  ];
  const notes = unknownLines(matrix);
  if (notes.length > 0)
    lines.push("", "## Unknown fields", "", ...notes.map((line) => `- ${mdText(line)}`));
  lines.push(...notAvailableMarkdown(matrix.notAvailable));
  return lines.join("\n") + "\n";
}

export function evidenceMarkdown(
  pack: EvidencePack,
  context: { organization: string; project: string; generatedAt: Date },
): string {
  const { subject } = pack;
  const title =
    subject.kind === "run"
      ? `Evidence pack: run ${subject.name} of ${subject.pipeline}`
      : `Evidence pack: release ${subject.name} of ${subject.pipeline}`;
  const policies = pack.branchPolicies;
  const lines = [
    `# ${mdText(title)}`,
    "",
    `Organization ${mdText(context.organization)}, project ${mdText(context.project)}. Branch ${mdText(cell(subject.branch))}, started ${mdText(cell(subject.at))}. Generated ${context.generatedAt.toISOString()}.`,
    "",
    ...tableSection(
      `Work items (${pack.workItems.length})`,
      pack.workItems,
      "None.",
      ["Id", "Type", "Title", "State"],
      (item) => [item.id, item.type, item.title, item.state],
    ),
    ...tableSection(
      `Pull requests (${pack.pullRequests.length})`,
      pack.pullRequests,
      "None.",
      [
        "PR",
        "Repository",
        "Title",
        "Status",
        "Merged here",
        "Approvers and votes",
        "Policy bypass",
        "Policy evaluations",
      ],
      (pr) => [
        pr.id,
        pr.repository,
        pr.title,
        pr.status,
        pr.mergedInThis ? "yes" : "no",
        reviewersText(pr.reviewers),
        bypassText(pr.policyBypass),
        pr.policyEvaluations === null
          ? "-"
          : pr.policyEvaluations
              .map((evaluation) => `${evaluation.type}: ${evaluation.status}`)
              .join("; "),
      ],
    ),
    ...tableSection(
      "Builds",
      pack.builds,
      "None.",
      ["Run", "Pipeline", "Number", "Branch", "Version", "Result", "Finished"],
      (build) => [
        build.id,
        build.pipeline,
        build.number,
        build.branch,
        shortSha(build.sourceVersion),
        cell(build.result),
        cell(build.finishTime),
      ],
    ),
    ...tableSection(
      "Stages",
      pack.stages,
      "None.",
      ["Stage", "Environment", "Result", "Finished"],
      (stage) => [
        stage.name,
        cell(stage.environment),
        stateWord(stage.state),
        cell(stage.finishTime),
      ],
    ),
    ...tableSection(
      "Approvals",
      pack.approvals,
      "None.",
      ["Stage", "Status", "Approver", "Time", "Comment"],
      (approval) => [
        approval.stage,
        approval.status,
        cell(approval.approver),
        cell(approval.time),
        cell(approval.comment),
      ],
    ),
    ...tableSection(
      "Checks and gates",
      pack.checks,
      "None.",
      ["Stage", "Check", "Status", "Message", "Completed"],
      (check) => [
        check.stage,
        check.name,
        check.status.replace(/^\S+/, (raw) => rawStateWord(raw)),
        cell(check.message),
        cell(check.completedAt),
      ],
    ),
    "## Branch policies in force",
    "",
    `Repository ${mdText(cell(policies.repository))}, branch ${mdText(cell(policies.branch))}, at ${mdText(cell(policies.at))}. ${mdText(policies.note)}`,
    "",
    policies.policies.length === 0
      ? "None."
      : mdTable(
          ["Configuration", "Revision", "Type", "Blocking", "Since", "Settings"],
          policies.policies.map((policy) => [
            policy.configurationId,
            policy.revision,
            policy.type,
            policy.isBlocking ? "yes" : "no",
            cell(policy.since),
            JSON.stringify(policy.settings),
          ]),
        ),
    "",
    "## Gaps",
    "",
    ...gapsMarkdown(pack.gaps),
    ...notAvailableMarkdown(pack.notAvailable),
  ];
  return lines.join("\n") + "\n";
}
