import { summarize, type ComplianceResult } from "../../core/compliance/evaluate";
import type { Outcome, RuleMetadata, Severity } from "../../core/compliance/types";

/** Worst first: the outcome a cell shows when a rule was checked on several branches. */
export const outcomeOrder: Outcome[] = [
  "fail",
  "error",
  "not-available",
  "exempt",
  "pass",
  "not-applicable",
];

export const outcomeLabels: Record<Outcome, string> = {
  pass: "Pass",
  fail: "Fail",
  exempt: "Exempt",
  "not-available": "Not available",
  "not-applicable": "Not applicable",
  error: "Error",
};

export type TargetKind = ComplianceResult["target"]["kind"];

export interface MatrixCell {
  outcome: Outcome;
  /** One per branch the rule was checked on (or one without a branch). */
  results: ComplianceResult[];
}

export interface MatrixRow {
  id: string;
  name: string;
  kind: TargetKind;
  score: number | null;
  cells: Map<string, MatrixCell>;
}

export interface MatrixFilters {
  ruleId?: string;
  outcome?: Outcome;
  severity?: Severity;
  search: string;
}

export const noFilters: MatrixFilters = { search: "" };

function worst(results: ComplianceResult[]): Outcome {
  let best = outcomeOrder.length - 1;
  for (const result of results) best = Math.min(best, outcomeOrder.indexOf(result.outcome));
  return outcomeOrder[best];
}

export interface MatrixRows {
  repositories: MatrixRow[];
  others: MatrixRow[];
}

/** Targets per slice of buildRowsInSlices: a few milliseconds of work between yields. */
const TARGETS_PER_SLICE = 100;

/** Lets the browser paint and handle input before the next slice of work. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** buildRows, a slice of targets per browser task (for a thousand repositories' results). */
export async function buildRowsInSlices(results: ComplianceResult[]): Promise<MatrixRows> {
  const grouped = groupByTarget(results);
  const rows: MatrixRow[] = [];
  let inSlice = 0;
  for (const list of grouped.values()) {
    rows.push(rowOf(list));
    if (++inSlice === TARGETS_PER_SLICE) {
      inSlice = 0;
      await nextTask();
    }
  }
  return splitRows(rows);
}

function groupByTarget(results: ComplianceResult[]): Map<string, ComplianceResult[]> {
  const grouped = new Map<string, ComplianceResult[]>();
  for (const result of results) {
    const target = result.target ?? { kind: "repository", ...result.repository };
    const key = `${target.kind}|${target.id}`;
    const list = grouped.get(key) ?? [];
    list.push(result);
    grouped.set(key, list);
  }
  return grouped;
}

function rowOf(list: ComplianceResult[]): MatrixRow {
  const first = list[0];
  const target = first.target ?? { kind: "repository", ...first.repository };
  const byRule = new Map<string, ComplianceResult[]>();
  for (const result of list) {
    const ruleResults = byRule.get(result.ruleId) ?? [];
    ruleResults.push(result);
    byRule.set(result.ruleId, ruleResults);
  }
  const cells = new Map<string, MatrixCell>();
  for (const [ruleId, ruleResults] of byRule) {
    cells.set(ruleId, { outcome: worst(ruleResults), results: ruleResults });
  }
  return { id: target.id, name: target.name, kind: target.kind, score: scoreOf(list), cells };
}

function splitRows(rows: MatrixRow[]): MatrixRows {
  rows.sort((left, right) => left.name.localeCompare(right.name));
  return {
    repositories: rows.filter((row) => row.kind === "repository"),
    others: rows.filter((row) => row.kind !== "repository"),
  };
}

/** Rows per target (repository, environment, release stage), cells per rule. */
export function buildRows(results: ComplianceResult[]): MatrixRows {
  return splitRows([...groupByTarget(results).values()].map(rowOf));
}

/** The engine's weighted score over one target's results. */
function scoreOf(results: ComplianceResult[]): number | null {
  const anyRepository = results.map((result) => ({
    ...result,
    // summarize groups by repository; a non-repository target is grouped under itself.
    repository: result.repository ?? { id: result.target.id, name: result.target.name },
  }));
  return summarize(anyRepository).score;
}

/** Effective severity per rule, as the results carry it (the baseline may override a default). */
export function ruleSeverities(
  rules: RuleMetadata[],
  results: ComplianceResult[],
): Map<string, Severity> {
  const severities = new Map(rules.map((rule) => [rule.id, rule.severity]));
  for (const result of results) severities.set(result.ruleId, result.severity);
  return severities;
}

export function visibleRules(
  rules: RuleMetadata[],
  severities: Map<string, Severity>,
  filters: MatrixFilters,
): RuleMetadata[] {
  return rules.filter(
    (rule) =>
      (filters.ruleId === undefined || rule.id === filters.ruleId) &&
      (filters.severity === undefined || severities.get(rule.id) === filters.severity),
  );
}

/** Rows whose name matches the search and that have a visible cell with the chosen outcome. */
export function filterRows(
  rows: MatrixRow[],
  rules: RuleMetadata[],
  filters: MatrixFilters,
): MatrixRow[] {
  const needle = filters.search.trim().toLowerCase();
  return rows.filter((row) => {
    if (needle && !row.name.toLowerCase().includes(needle)) return false;
    const cells = rules.flatMap((rule) => {
      const cell = row.cells.get(rule.id);
      return cell ? [cell] : [];
    });
    if (cells.length === 0) return false;
    if (filters.outcome === undefined) return true;
    return cells.some((cell) => cell.results.some((result) => result.outcome === filters.outcome));
  });
}

export interface Gap {
  ruleId: string;
  title: string;
  /** Failing results of the rule. */
  failures: number;
  /** Their weight (severity) in the score. */
  weight: number;
  /** Score points they cost: their weight as a share of all decided weight (one decimal). */
  points: number;
}

/**
 * Rules with the most failing weight, heaviest first (ties: more failures, then id): the points
 * each costs the score is what ranks them, so it is what the list shows.
 */
export function topGaps(
  results: ComplianceResult[],
  weights: Record<Severity, number>,
  count = 3,
): Gap[] {
  const gaps = new Map<string, Gap>();
  let decided = 0;
  for (const result of results) {
    if (result.outcome === "pass" || result.outcome === "fail") decided += weights[result.severity];
    if (result.outcome !== "fail") continue;
    const gap = gaps.get(result.ruleId) ?? {
      ruleId: result.ruleId,
      title: result.title,
      failures: 0,
      weight: 0,
      points: 0,
    };
    gap.failures += 1;
    gap.weight += weights[result.severity];
    gaps.set(result.ruleId, gap);
  }
  return [...gaps.values()]
    .map((gap) => ({ ...gap, points: Math.round((gap.weight / decided) * 1000) / 10 }))
    .sort(
      (left, right) =>
        right.weight - left.weight ||
        right.failures - left.failures ||
        left.ruleId.localeCompare(right.ruleId),
    )
    .slice(0, count);
}

export function kindLabel(kind: TargetKind): string {
  return kind === "release-stage"
    ? "Release stage"
    : kind === "environment"
      ? "Environment"
      : "Repository";
}
