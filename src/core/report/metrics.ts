/**
 * The delivery metrics report as text: figures in words ("2.1/day", "3 h 20 min", "7.3%"), the
 * table, CSV and Markdown of `release-trace metrics`. Values stay the engine's; only the
 * wording is made here.
 */
import { BAND_TEXT, BANDS_SOURCE } from "../metrics/bands";
import type {
  DeliveryMetricsReport,
  MetricFigures,
  MetricId,
  MetricsRow,
  MetricsSlice,
  TrendWeek,
} from "../metrics/types";
import { csvRows, mdTable, mdText } from "./text";

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Seconds in the two largest units: "45 s", "35 min", "3 h 20 min", "2 d 4 h". */
export function durationText(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < MINUTE) return `${whole} s`;
  if (whole < HOUR) return `${Math.floor(whole / MINUTE)} min`;
  if (whole < DAY) {
    const minutes = Math.floor((whole % HOUR) / MINUTE);
    return `${Math.floor(whole / HOUR)} h${minutes > 0 ? ` ${minutes} min` : ""}`;
  }
  const hours = Math.floor((whole % DAY) / HOUR);
  return `${Math.floor(whole / DAY)} d${hours > 0 ? ` ${hours} h` : ""}`;
}

/** A ratio as a percentage with one decimal where it matters: "7.3%", "0%", "100%". */
export function rateText(ratio: number): string {
  const percent = Math.round(ratio * 1000) / 10;
  return `${percent}%`;
}

/** Deployments per day, or per week when fewer than one a day: "2.1/day", "3/week". */
export function frequencyText(perDay: number): string {
  if (perDay >= 1) return `${Math.round(perDay * 10) / 10}/day`;
  return `${Math.round(perDay * 70) / 10}/week`;
}

/** What a figure without a value says: why there is none. */
function noValueText(figures: MetricFigures, metric: keyof MetricFigures): string {
  const figure = figures[metric];
  if (figure.outcome === "not-available") return "not available";
  if (figure.metric === "recovery-time")
    return figure.open ? `none recovered (${figure.open} open)` : "no failures";
  return figure.metric === "lead-time" ? "no commits" : "no deployments";
}

/** One figure in words, with its band and universe: "7.3% (3 of 41 deployments, high)". */
export function figureText(figures: MetricFigures, metric: keyof MetricFigures): string {
  const figure = figures[metric];
  if (figure.value === null) return noValueText(figures, metric);
  const band = figure.band ? `, ${figure.band}` : "";
  switch (figure.metric) {
    case "deployment-frequency":
      return `${frequencyText(figure.value)} (${figure.successful} on ${figure.deploymentDays} days${band})`;
    case "lead-time":
      return `${durationText(figure.value)} (median of ${figure.count}; p90 ${durationText(figure.p90Seconds ?? 0)}${band})`;
    case "change-failure-rate":
      return `${rateText(figure.value)} (${figure.failing} of ${figure.total}${band})`;
    case "recovery-time":
      return `${durationText(figure.value)} (median of ${figure.count}${figure.open ? `, ${figure.open} open` : ""}${band})`;
    case "rework-rate":
      return `${rateText(figure.value)} (${figure.rework} of ${figure.successful})`;
  }
}

const METRIC_KEYS: readonly (keyof MetricFigures)[] = [
  "deploymentFrequency",
  "leadTime",
  "changeFailureRate",
  "recoveryTime",
  "reworkRate",
];

const TITLES = ["Frequency", "Lead time", "Change failure rate", "Recovery", "Rework"];

function rowCells(label: [string, string], slice: MetricsSlice): string[] {
  return [...label, ...METRIC_KEYS.map((key) => figureText(slice.figures, key))];
}

function rowLabel(row: MetricsRow): [string, string] {
  return [row.scope.pipeline.name, row.scope.environment];
}

export function metricsTableRows(report: DeliveryMetricsReport): {
  header: string[];
  rows: string[][];
} {
  return {
    header: ["Pipeline", "Environment", ...TITLES],
    rows: [
      ...report.rows.map((row) => rowCells(rowLabel(row), row)),
      rowCells(["Total", ""], report.total),
    ],
  };
}

/** The first lines of every text form: the project, window and what was selected. */
export function metricsHeading(report: DeliveryMetricsReport): string[] {
  const scope = report.selection.environment
    ? `environment ${report.selection.environment}`
    : `production (${report.selection.production})`;
  return [
    `Delivery metrics of ${report.project}, ${report.window.since.slice(0, 10)} to ${report.window.until.slice(0, 10)} (until exclusive, ${Math.round(report.window.days * 10) / 10} days)`,
    `Scope: ${report.selection.pipeline ? `pipeline ${report.selection.pipeline}, ` : ""}${scope}`,
  ];
}

/** One row per pipeline × environment and a total, with raw values for spreadsheets. */
export function metricsCsv(report: DeliveryMetricsReport): string {
  const header = [
    "pipeline",
    "environment",
    "deployments_per_day",
    "frequency_band",
    "lead_time_median_seconds",
    "lead_time_p90_seconds",
    "lead_time_commits",
    "lead_time_band",
    "change_failure_rate",
    "failing_deployments",
    "deployments",
    "change_failure_band",
    "recovery_median_seconds",
    "recovered",
    "open_failures",
    "recovery_band",
    "rework_rate",
  ];
  const cells = (label: [string, string], { figures }: MetricsSlice) => [
    ...label,
    figures.deploymentFrequency.value ?? figures.deploymentFrequency.outcome,
    figures.deploymentFrequency.band ?? "",
    figures.leadTime.medianSeconds ?? figures.leadTime.outcome,
    figures.leadTime.p90Seconds ?? "",
    figures.leadTime.count ?? "",
    figures.leadTime.band ?? "",
    figures.changeFailureRate.value ?? figures.changeFailureRate.outcome,
    figures.changeFailureRate.failing ?? "",
    figures.changeFailureRate.total ?? "",
    figures.changeFailureRate.band ?? "",
    figures.recoveryTime.medianSeconds ?? figures.recoveryTime.outcome,
    figures.recoveryTime.count ?? "",
    figures.recoveryTime.open ?? "",
    figures.recoveryTime.band ?? "",
    figures.reworkRate.value ?? figures.reworkRate.outcome,
  ];
  return csvRows(header, [
    ...report.rows.map((row) => cells(rowLabel(row), row)),
    cells(["(total)", ""], report.total),
  ]);
}

function failureLines(report: DeliveryMetricsReport): string[] {
  const names = new Map(report.deployments.map((item) => [item.key, item]));
  return report.failures.map((failure) => {
    const deployment = names.get(failure.deployment);
    const why = failure.reasons
      .map((reason) =>
        reason.rule === "result"
          ? `result ${reason.state}`
          : reason.rule === "rollback"
            ? `rolled back by ${names.get(reason.by)?.name ?? reason.by}`
            : `incident ${reason.incidentId}`,
      )
      .join(", ");
    const recovery = failure.open
      ? `open for ${durationText(failure.ageSeconds ?? 0)}`
      : `recovered in ${durationText(failure.recoverySeconds ?? 0)}`;
    return `- ${mdText(deployment?.pipeline.name)} ${mdText(deployment?.name)} to ${mdText(deployment?.environment)}: ${mdText(why)}; ${recovery}`;
  });
}

const TREND_METRICS: readonly MetricId[] = [
  "deployment-frequency",
  "lead-time",
  "change-failure-rate",
  "recovery-time",
  "rework-rate",
];

function trendValue(week: TrendWeek, metric: MetricId): string {
  const value = week.values[metric];
  if (value === null) return week.outcomes[metric] === "not-available" ? "not available" : "–";
  if (metric === "deployment-frequency") return frequencyText(value);
  return metric.endsWith("rate") ? rateText(value) : durationText(value);
}

/** The total's weekly trend: one row per ISO week (a partial week says so). */
export function trendRows(report: DeliveryMetricsReport): string[][] {
  return report.total.trend.map((week) => [
    week.partial ? `${week.week} (part)` : week.week,
    ...TREND_METRICS.map((metric) => trendValue(week, metric)),
  ]);
}

export function metricsMarkdown(report: DeliveryMetricsReport): string {
  const table = metricsTableRows(report);
  const bands = Object.entries(BAND_TEXT).map(([metric, text]) => `- ${metric}: ${mdText(text)}`);
  const failures = failureLines(report);
  return [
    `# ${mdText(metricsHeading(report)[0])}`,
    "",
    mdText(metricsHeading(report)[1]),
    "",
    mdTable(table.header, table.rows),
    "",
    "## Weekly trend",
    "",
    mdTable(["Week", ...TITLES], trendRows(report)),
    "",
    "## Failures",
    "",
    ...(failures.length > 0 ? failures : ["None in the window."]),
    "",
    "## Bands",
    "",
    mdText(BANDS_SOURCE),
    "",
    ...bands,
    "",
  ].join("\n");
}
