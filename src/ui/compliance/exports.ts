import packageJson from "../../../package.json";
import {
  complianceCsv,
  complianceJson,
  complianceMarkdown,
  complianceSarif,
  type ComplianceReportContext,
} from "../../core/report/compliance";
import type { ComplianceScan } from "./scan";

export type ExportFormat = "json" | "csv" | "sarif" | "md";

export const exportFormats: { format: ExportFormat; label: string }[] = [
  { format: "json", label: "JSON" },
  { format: "csv", label: "CSV" },
  { format: "sarif", label: "SARIF" },
  { format: "md", label: "Markdown" },
];

const mediaTypes: Record<ExportFormat, string> = {
  json: "application/json",
  csv: "text/csv",
  sarif: "application/sarif+json",
  md: "text/markdown",
};

const extensions: Record<ExportFormat, string> = {
  json: "json",
  csv: "csv",
  sarif: "sarif",
  md: "md",
};

/** A file-name-safe form of a project name: letters, digits, dot, dash and underscore only. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+|\.{2,}/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
  return cleaned || "project";
}

export function exportFileName(scan: ComplianceScan, format: ExportFormat): string {
  const day = scan.generatedAt.toISOString().slice(0, 10);
  return `compliance-${safeFileName(scan.project.name)}-${day}.${extensions[format]}`;
}

export function reportContext(scan: ComplianceScan): ComplianceReportContext {
  return {
    organization: scan.organization,
    project: { id: scan.project.id, name: scan.project.name },
    generatedAt: scan.generatedAt,
    baseline: { name: scan.baseline.name, source: scan.baseline.source },
    rules: scan.rules,
    restCalls: scan.restCalls ?? null,
    toolVersion: packageJson.version,
    orgUrl: scan.orgUrl,
  };
}

/** The report in one format, as the CLI writes it. */
export function exportContent(scan: ComplianceScan, format: ExportFormat): string {
  const context = reportContext(scan);
  switch (format) {
    case "json":
      return `${JSON.stringify(complianceJson(scan, context), null, 2)}\n`;
    case "sarif":
      return `${JSON.stringify(complianceSarif(scan, context), null, 2)}\n`;
    case "csv":
      return complianceCsv(scan, context);
    case "md":
      return complianceMarkdown(scan, context);
  }
}

/** Offers the report as a download (Blob + object URL; nothing leaves the browser). */
export function downloadExport(scan: ComplianceScan, format: ExportFormat): string {
  const fileName = exportFileName(scan, format);
  const blob = new Blob([exportContent(scan, format)], {
    type: `${mediaTypes[format]};charset=utf-8`,
  });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = "noopener";
  anchor.style.display = "none";
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoke after the click has been handled, so the download can start.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return fileName;
}
