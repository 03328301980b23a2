/**
 * `release-trace metrics`: delivery metrics (DORA) per pipeline × environment and for the whole
 * selection, with every deployment and commit each figure counts (JSON), and `--fail-if`
 * thresholds for a pipeline gate.
 */
import {
  checkThresholds,
  collectDeliverySnapshot,
  defaultWindow,
  deriveDeliveryMetrics,
  parseThreshold,
  DEFAULT_WINDOW_DAYS,
  type DeliveryMetricsReport,
  type DeliverySnapshot,
  type Threshold,
  type ThresholdResult,
} from "../../core/metrics";
import {
  durationText,
  frequencyText,
  metricsCsv,
  metricsHeading,
  metricsMarkdown,
  metricsTableRows,
  rateText,
} from "../../core/report/metrics";
import { plainSentence } from "../../core/sources";
import { sameDisplayName } from "../../core/vocabulary";
import { echo, ExitCode, UsageError } from "../errors";
import { renderTable, toJson } from "../output";
import type { CliCommand } from "./index";
import { checkProject, partialExit, productionLine, queryError } from "./traceShared";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `2026-11-01` (UTC midnight) or an ISO instant with a zone; anything else is a usage error. */
export function parseWindowDate(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const date = DATE.test(text)
    ? new Date(`${text}T00:00:00Z`)
    : INSTANT.test(text)
      ? new Date(text)
      : undefined;
  // A date that rolls over (2026-02-30) is not the date written.
  const valid =
    date &&
    !Number.isNaN(date.getTime()) &&
    (!DATE.test(text) || date.toISOString().startsWith(text));
  if (!valid)
    throw new UsageError(
      `--${flag} must be a UTC date (2026-11-01) or an instant with a zone (2026-11-01T08:00:00Z); got "${echo(value)}".`,
    );
  return date;
}

/** The window from --since/--until; by default the last 30 days up to the end of today (UTC). */
export function windowOf(flags: { since?: string; until?: string }, now: Date) {
  const since = parseWindowDate("since", flags.since);
  const until = parseWindowDate("until", flags.until);
  const fallback = defaultWindow(until ? new Date(until.getTime() - 1) : now, DEFAULT_WINDOW_DAYS);
  const window = { since: since ?? fallback.since, until: until ?? fallback.until };
  if (since && !until && since.getTime() >= window.until.getTime())
    window.until = new Date(since.getTime() + 86_400_000);
  if (window.since.getTime() >= window.until.getTime())
    throw new UsageError("--since must be before --until (since is inclusive, until exclusive).");
  return window;
}

export function parseThresholds(values: readonly string[] | undefined): Threshold[] {
  return (values ?? []).map((value) => {
    const parsed = parseThreshold(value);
    if (!parsed.ok) throw new UsageError(parsed.problem);
    return parsed.threshold;
  });
}

function valueText(result: ThresholdResult): string {
  const value = result.value as number;
  if (result.threshold.metric === "deployment-frequency") return frequencyText(value);
  if (result.threshold.metric.endsWith("rate")) return rateText(value);
  return durationText(value);
}

/** Tells each threshold's outcome; exit 1 when one holds. */
function thresholdExit(
  results: ThresholdResult[],
  warn: (line: string) => void,
): ExitCode | undefined {
  let exit: ExitCode | undefined;
  for (const result of results) {
    const text = result.threshold.text;
    if (result.outcome === "held") {
      warn(`--fail-if ${text}: ${result.threshold.metric} is ${valueText(result)}.`);
      exit = ExitCode.failure;
    } else if (result.outcome === "not-available") {
      warn(`--fail-if ${text}: not checked, ${result.threshold.metric} is not available.`);
      exit ??= ExitCode.partial;
    } else if (result.outcome === "no-value") {
      warn(
        `--fail-if ${text}: not checked, ${result.threshold.metric} has no value in the window.`,
      );
    }
  }
  return exit;
}

/** A --pipeline or --environment that names nothing is a typo (exit 2), not an empty report. */
function checkNames(
  snapshot: DeliverySnapshot,
  flags: { pipeline?: string; environment?: string },
) {
  const listed = (key: string) => snapshot.unread.some((item) => item.key === key);
  const pipelines = [
    ...snapshot.pipelines.map((item) => item.name),
    ...snapshot.deployments.map((item) => item.pipeline.name),
  ];
  if (
    flags.pipeline !== undefined &&
    !listed("pipelines") &&
    !listed("releases") &&
    !pipelines.some((name) => sameDisplayName(name, flags.pipeline as string))
  )
    throw new UsageError(
      `No YAML pipeline or Classic release definition named "${echo(flags.pipeline)}" deploys in "${echo(snapshot.project)}".`,
    );
  const environments = [
    ...snapshot.environments.map((item) => item.name),
    ...snapshot.deployments.map((item) => item.environment),
  ];
  if (
    flags.environment !== undefined &&
    !listed("environments") &&
    !listed("releases") &&
    !environments.some((name) => sameDisplayName(name, flags.environment as string))
  )
    throw new UsageError(
      `No environment or Classic stage named "${echo(flags.environment)}" in "${echo(snapshot.project)}".`,
    );
}

/** The report in one of the command's formats. */
export function renderMetrics(report: DeliveryMetricsReport, format: string): string {
  if (format === "json") return toJson(report);
  if (format === "csv") return metricsCsv(report);
  if (format === "md") return metricsMarkdown(report);
  const table = metricsTableRows(report);
  const heading = metricsHeading(report).join("\n");
  if (report.rows.length === 0) {
    // Empty is earned: with the deployments unread, "no deployments" would be a guess.
    const unread = report.total.figures.deploymentFrequency.notAvailable;
    const why = unread.map((entry) => plainSentence(entry)).join("\n");
    return `${heading}\n\n${unread.length > 0 ? `The deployments could not be read.\n${why}` : "No deployments in this selection."}\n`;
  }
  return `${heading}\n\n${renderTable(table.header, table.rows)}`;
}

export const metricsCommand: CliCommand = {
  name: "metrics",
  summary:
    "Delivery metrics (DORA): frequency, lead time, change failure rate, recovery and rework, per pipeline and environment.",
  formats: ["table", "json", "csv", "md"],
  flags: ["pipeline", "environment", "since", "until", "fail-if"],
  async run({ connection, format, write, warn, flags, production, progress }) {
    const thresholds = parseThresholds(flags["fail-if"]);
    const window = windowOf(flags, connection.now());
    const project = await checkProject(connection);
    const pattern = await production(project.id);
    const options = {
      ...window,
      pipeline: flags.pipeline,
      environment: flags.environment,
      production: pattern,
      now: connection.now(),
    };
    let report: DeliveryMetricsReport;
    try {
      const snapshot = await collectDeliverySnapshot(
        connection.sources,
        connection.project,
        options,
        {
          onProgress: progress
            ? ({ done, total }) => progress(`metrics: reading, step ${done} of ${total}`)
            : undefined,
        },
      );
      checkNames(snapshot, flags);
      report = deriveDeliveryMetrics(snapshot, options);
    } catch (error) {
      throw queryError(error, "the delivery metrics");
    }
    progress?.("");
    write(
      format === "table"
        ? `${renderMetrics(report, format)}${productionLine(pattern)}`
        : renderMetrics(report, format),
    );
    const partial = partialExit(report.notAvailable, warn);
    return thresholdExit(checkThresholds(report, thresholds), warn) ?? partial;
  },
};
