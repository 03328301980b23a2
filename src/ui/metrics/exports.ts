/** Downloads of the Delivery tab: the report as the CLI writes it (CSV, JSON contract). */
import type { DeliveryMetricsReport } from "../../core/metrics/types";
import { metricsCsv } from "../../core/report/metrics";
import { jsonTerminalSafe } from "../../core/report/text";
import { safeFileName } from "../compliance/exports";
import type { TextFile } from "../trace/exports";

/** `release-trace metrics --format csv|json` for the same selection, as a file. */
export function deliveryFile(
  report: DeliveryMetricsReport,
  format: "csv" | "json",
  project: string,
): TextFile {
  const scope = [report.selection.pipeline, report.selection.environment ?? "production"]
    .filter((part): part is string => Boolean(part))
    .map(safeFileName)
    .join("-");
  const base = `delivery-${safeFileName(project)}-${scope}-${report.window.since.slice(0, 10)}`;
  return format === "csv"
    ? { fileName: `${base}.csv`, mediaType: "text/csv", content: metricsCsv(report) }
    : {
        fileName: `${base}.json`,
        mediaType: "application/json",
        // As the CLI writes it: C1 controls and bidi overrides as \u escapes.
        content: `${jsonTerminalSafe(JSON.stringify(report, null, 2))}\n`,
      };
}
