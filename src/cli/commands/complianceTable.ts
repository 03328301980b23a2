import { summarize, type ComplianceEvaluation } from "../../core/compliance/evaluate";
import type { Outcome } from "../../core/compliance/types";
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

/** Names come from the organization: keep control characters (escape sequences) off the terminal. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

function scoreText(score: number | null): string {
  return score === null ? "n/a" : `${score}%`;
}

/**
 * The terminal form: one row per repository and branch, one column per rule (numbered, with a
 * legend below) holding an outcome symbol, and the row's score; then the totals.
 */
export function complianceTable(
  evaluation: ComplianceEvaluation,
  heading: { organization: string; project: string; baseline: string; restCalls: number },
): string {
  const severities = new Map(evaluation.results.map((result) => [result.ruleId, result.severity]));
  const ruleIds = [...severities.keys()];
  const rows = new Map<string, { repository: string; branch: string; cells: Outcome[][] }>();
  const resultsByRow = new Map<string, ComplianceEvaluation["results"]>();
  for (const result of evaluation.results) {
    const branch = result.branch?.replace(/^refs\/heads\//, "") ?? "-";
    const key = `${result.repository.id}\u0000${branch}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        repository: plain(result.repository.name),
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
    row.repository,
    row.branch,
    // A rule has one result per branch, so a cell holds one symbol (blank if the rule is absent).
    ...row.cells.map((outcomes) => outcomes.map((outcome) => symbols[outcome]).join("")),
    scoreText(summarize(resultsByRow.get(key) ?? []).score),
  ]);
  const header = ["Repository", "Branch", ...ruleIds.map((_, index) => String(index + 1)), "Score"];
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
    "",
    `Score: ${scoreText(summary.score)} (weighted share of passing results; high 3, medium 2, low 1)`,
    `Results: ${counts}`,
    `REST calls: ${heading.restCalls}`,
    "",
  ].join("\n");
}
