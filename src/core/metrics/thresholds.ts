/**
 * `--fail-if` thresholds (pure): `METRIC OP VALUE[UNIT]`, e.g. `change-failure-rate>15%`,
 * `lead-time>=2d`, `recovery-time>4h`, `deployment-frequency<1/week`, `rework-rate>20%`.
 * Operators: `>`, `>=`, `<`, `<=`. Rates take `%`; times take `s`, `m`, `h`, `d` or `w`;
 * frequency takes `/day`, `/week` or `/month` (30 days). A threshold holds (and a gate fails)
 * when the project total's figure compares true; a figure that is not available cannot be
 * checked, and one with no value (no deployment) never holds.
 */
import type { DeliveryMetricsReport, MetricFigures, MetricId } from "./types";

export type ThresholdOperator = ">" | ">=" | "<" | "<=";

export interface Threshold {
  metric: MetricId;
  operator: ThresholdOperator;
  /** In the figure's unit: per day, seconds, or a ratio 0..1. */
  value: number;
  /** As written, for messages. */
  text: string;
}

export type ParsedThreshold = { ok: true; threshold: Threshold } | { ok: false; problem: string };

const METRIC_NAMES: Readonly<Record<string, MetricId>> = {
  "deployment-frequency": "deployment-frequency",
  frequency: "deployment-frequency",
  "lead-time": "lead-time",
  "change-failure-rate": "change-failure-rate",
  "recovery-time": "recovery-time",
  recovery: "recovery-time",
  "rework-rate": "rework-rate",
  rework: "rework-rate",
};

const SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const PER_DAY: Readonly<Record<string, number>> = { "/day": 1, "/week": 1 / 7, "/month": 1 / 30 };

const UNITS_OF: Record<MetricId, string> = {
  "deployment-frequency": "/day, /week or /month (e.g. 1/week)",
  "lead-time": "s, m, h, d or w (e.g. 2d)",
  "recovery-time": "s, m, h, d or w (e.g. 4h)",
  "change-failure-rate": "% (e.g. 15%)",
  "rework-rate": "% (e.g. 20%)",
};

const GRAMMAR =
  /^\s*([a-z-]+)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(%|[smhdw]|\/day|\/week|\/month)?\s*$/i;

function scaled(metric: MetricId, amount: number, unit: string): number | undefined {
  if (metric === "change-failure-rate" || metric === "rework-rate")
    return unit === "%" && amount <= 100 ? amount / 100 : undefined;
  if (metric === "deployment-frequency")
    return PER_DAY[unit] === undefined ? undefined : amount * PER_DAY[unit];
  return SECONDS[unit] === undefined ? undefined : amount * SECONDS[unit];
}

export function parseThreshold(text: string): ParsedThreshold {
  const match = GRAMMAR.exec(text);
  if (!match)
    return {
      ok: false,
      problem: `--fail-if "${text}" is not METRIC OP VALUE (e.g. change-failure-rate>15%, lead-time>2d).`,
    };
  const metric = METRIC_NAMES[match[1].toLowerCase()];
  if (!metric)
    return {
      ok: false,
      problem: `--fail-if "${text}": unknown metric "${match[1]}" (deployment-frequency, lead-time, change-failure-rate, recovery-time, rework-rate).`,
    };
  const value = scaled(metric, Number(match[3]), (match[4] ?? "").toLowerCase());
  if (value === undefined)
    return {
      ok: false,
      problem: `--fail-if "${text}": ${metric} needs a unit of ${UNITS_OF[metric]}${metric.endsWith("rate") ? ", at most 100%" : ""}.`,
    };
  return {
    ok: true,
    threshold: { metric, operator: match[2] as ThresholdOperator, value, text: text.trim() },
  };
}

const FIGURE_OF: Record<MetricId, keyof MetricFigures> = {
  "deployment-frequency": "deploymentFrequency",
  "lead-time": "leadTime",
  "change-failure-rate": "changeFailureRate",
  "recovery-time": "recoveryTime",
  "rework-rate": "reworkRate",
};

function compare(left: number, operator: ThresholdOperator, right: number): boolean {
  if (operator === ">") return left > right;
  if (operator === ">=") return left >= right;
  if (operator === "<") return left < right;
  return left <= right;
}

export interface ThresholdResult {
  threshold: Threshold;
  /** held: the gate fails; clear: it passes; no-value: nothing to compare; not-available. */
  outcome: "held" | "clear" | "no-value" | "not-available";
  value: number | null;
}

/** Each threshold checked against the report's total. */
export function checkThresholds(
  report: Pick<DeliveryMetricsReport, "total">,
  thresholds: readonly Threshold[],
): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const figure = report.total.figures[FIGURE_OF[threshold.metric]];
    if (figure.outcome === "not-available")
      return { threshold, outcome: "not-available", value: null };
    if (figure.value === null) return { threshold, outcome: "no-value", value: null };
    const held = compare(figure.value, threshold.operator, threshold.value);
    return { threshold, outcome: held ? "held" : "clear", value: figure.value };
  });
}
