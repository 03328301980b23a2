import { terminalText } from "../../core/report/text";
import { summarize, type ComplianceEvaluation } from "../../core/compliance/evaluate";
import type { Outcome } from "../../core/compliance/types";
import { beyondRepositories, targetLabel } from "../../core/report/compliance";
import { renderTable } from "../output";

const symbols: Record<Outcome, string> = {
  pass: "✓",
  fail: "✗",
  exempt: "E",
  "not-available": "?",
  "not-applicable": "-",
  error: "!",
};

const legend =
  "✓ pass  ✗ fail  E exempt  ? not available (could not be read)  - not applicable  ! rule error";

/** Names come from the organization: through the one terminal sanitiser. */
function plain(text: string): string {
  return terminalText(text);
}

const kindNames = {
  repository: "repositories",
  environment: "environments",
  "release-stage": "Classic stages",
} as const;

/** "environment.approval-required: 4 of 7 environments match prod*", for pattern rules only. */
function coverageLines(evaluation: ComplianceEvaluation): string[] {
  const lines = Object.entries(evaluation.summary.coverage)
    .filter(([, entry]) => entry.pattern !== undefined)
    .map(
      ([id, entry]) =>
        `${id}: ${entry.evaluated} of ${entry.total ?? "?"} ${kindNames[entry.targetKind]} match ${plain(entry.pattern ?? "")}`,
    );
  return lines.length === 0 ? [] : ["", "Targets evaluated:", ...lines.map((line) => `  ${line}`)];
}

function scoreText(score: number | null): string {
  return score === null ? "n/a" : `${score}%`;
}

/**
 * The terminal form: one row per target (repository, environment, Classic stage) and branch, one
 * column per rule (numbered, with a legend below) holding an outcome symbol, and the row's score;
 * then how many targets each rule evaluated, and the totals.
 */
export function complianceTable(
  evaluation: ComplianceEvaluation,
  heading: { organization: string; project: string; baseline: string; restCalls: number },
): string {
  const severities = new Map(evaluation.results.map((result) => [result.ruleId, result.severity]));
  const ruleIds = [...severities.keys()];
  const rows = new Map<string, { target: string; branch: string; cells: Outcome[][] }>();
  const resultsByRow = new Map<string, ComplianceEvaluation["results"]>();
  for (const result of evaluation.results) {
    const branch = result.branch?.replace(/^refs\/heads\//, "") ?? "-";
    const key = `${result.target.kind}\u0000${result.target.id}\u0000${branch}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        target: plain(targetLabel(result)),
        branch: plain(branch),
        cells: ruleIds.map(() => []),
      };
      rows.set(key, row);
      resultsByRow.set(key, []);
    }
    row.cells[ruleIds.indexOf(result.ruleId)].push(result.outcome);
    resultsByRow.get(key)?.push(result);
  }
  const body = [...rows].map(([key, row]) => [
    row.target,
    row.branch,
    // A rule has one result per branch, so a cell holds one symbol (blank if the rule is absent).
    ...row.cells.map((outcomes) => outcomes.map((outcome) => symbols[outcome]).join("")),
    scoreText(summarize(resultsByRow.get(key) ?? []).score),
  ]);
  const first = beyondRepositories(evaluation.results) ? "Target" : "Repository";
  const header = [first, "Branch", ...ruleIds.map((_, index) => String(index + 1)), "Score"];
  const align = header.map((_, index) => (index === header.length - 1 ? "right" : "left"));
  const { summary } = evaluation;
  const counts = Object.entries(summary.byOutcome)
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(", ");
  return [
    `Organization: ${plain(heading.organization)}`,
    `Project:      ${plain(heading.project)}`,
    `Baseline:     ${plain(heading.baseline)}`,
    "",
    renderTable(header, body, align).trimEnd(),
    "",
    ...ruleIds.map((id, index) => `${index + 1} ${id} (${severities.get(id)})`),
    legend,
    ...coverageLines(evaluation),
    "",
    `Score: ${scoreText(summary.score)} (weighted share of passing results; high 3, medium 2, low 1)`,
    `Results: ${counts}`,
    `REST calls: ${heading.restCalls}`,
    "",
  ].join("\n");
}
