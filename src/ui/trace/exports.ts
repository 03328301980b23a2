/** Downloads of every traceability view: CSV and JSON, Markdown where a report writer exists. */
import { contentsCsv } from "../../core/report/changes";
import { stateWord } from "../../core/vocabulary";
import { rawStateWord } from "../../core/vocabulary/rawStates";
import { csvRows } from "../../core/report/text";
import { deployedCsv, evidenceMarkdown, gapLine, traceMarkdown } from "../../core/report/trace";
import type {
  DeployedCell,
  DeployedMatrix,
  EvidencePack,
  NotAvailable,
  WorkItemTrace,
} from "../../core/trace/types";
import { safeFileName } from "../compliance/exports";
import type { DeploymentContents } from "../../core/trace/contents";

export interface TextFile {
  fileName: string;
  mediaType: string;
  content: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const day = (at: Date) => at.toISOString().slice(0, 10);

/** The matrix as shown (after filters), in the `deployed` contract. */
export function deployedFile(
  view: { environments: string[]; cells: DeployedCell[]; notAvailable: NotAvailable[] },
  format: "csv" | "json",
  project: string,
  at: Date,
): TextFile {
  const matrix: DeployedMatrix = { schemaVersion: 1, ...view };
  const base = `deployed-${safeFileName(project)}-${day(at)}`;
  return format === "csv"
    ? { fileName: `${base}.csv`, mediaType: "text/csv", content: deployedCsv(matrix) }
    : { fileName: `${base}.json`, mediaType: "application/json", content: json(matrix) };
}

/** One row per step of the work item's path, so a spreadsheet can filter by section. */
export function traceCsv(trace: WorkItemTrace): string {
  const rows: unknown[][] = [];
  for (const pr of trace.pullRequests)
    rows.push([
      "pull request",
      pr.id,
      pr.repository,
      pr.status,
      pr.mergeCommit,
      pr.reviewers.map((reviewer) => `${reviewer.name} (${reviewer.vote})`).join("; "),
      pr.policyBypass
        ? `bypassed by ${pr.policyBypass.by ?? "?"}: ${pr.policyBypass.reason ?? ""}`
        : "",
      "",
    ]);
  for (const commit of trace.commits)
    rows.push(["commit", commit.id, commit.repository, "", "", "", "", ""]);
  for (const build of trace.builds)
    rows.push([
      "build",
      build.id,
      build.pipeline,
      build.result === null ? null : rawStateWord(build.result),
      build.number,
      build.branch,
      "",
      "",
    ]);
  for (const deployment of trace.deployments)
    rows.push([
      "deployment",
      deployment.runId ?? deployment.releaseId,
      `${deployment.pipeline} (${deployment.kind})`,
      stateWord(deployment.state),
      deployment.environment,
      deployment.stage,
      deployment.evidence,
      deployment.reachedAt,
    ]);
  for (const gap of trace.gaps)
    rows.push(["gap", gap.ruleId, gap.title, gap.outcome, gap.severity, "", gapLine(gap), ""]);
  for (const note of trace.notAvailable)
    rows.push(["not available", note.what, "", "", "", "", note.reason, ""]);
  return csvRows(["section", "id", "name", "status", "detail", "more", "evidence", "at"], rows);
}

export function traceFile(trace: WorkItemTrace, format: "csv" | "json" | "md"): TextFile {
  const base = `trace-work-item-${trace.workItem.id}`;
  switch (format) {
    case "csv":
      return { fileName: `${base}.csv`, mediaType: "text/csv", content: traceCsv(trace) };
    case "md":
      return { fileName: `${base}.md`, mediaType: "text/markdown", content: traceMarkdown(trace) };
    case "json":
      return { fileName: `${base}.json`, mediaType: "application/json", content: json(trace) };
  }
}

export function contentsFile(contents: DeploymentContents, format: "csv" | "json"): TextFile {
  const subject = contents.current.kind === "run" ? "run" : "release";
  // Named like the run or release is everywhere: its number or name, not its id.
  const name = safeFileName(contents.current.name ?? String(contents.current.id));
  const base = `contents-${subject}-${name}-${safeFileName(contents.environment)}`;
  return format === "csv"
    ? { fileName: `${base}.csv`, mediaType: "text/csv", content: contentsCsv(contents) }
    : { fileName: `${base}.json`, mediaType: "application/json", content: json(contents) };
}

export function evidenceFile(
  pack: EvidencePack,
  format: "md" | "json",
  context: { organization: string; project: string; generatedAt: Date },
): TextFile {
  const base = `evidence-${pack.subject.kind}-${safeFileName(pack.subject.name ?? String(pack.subject.id))}`;
  return format === "md"
    ? {
        fileName: `${base}.md`,
        mediaType: "text/markdown",
        content: evidenceMarkdown(pack, context),
      }
    : { fileName: `${base}.json`, mediaType: "application/json", content: json(pack) };
}

/** Offers a file as a download (Blob + object URL; nothing leaves the browser). */
export function downloadFile(file: TextFile): string {
  const blob = new Blob([file.content], { type: `${file.mediaType};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.rel = "noopener";
  anchor.style.display = "none";
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoke once the click has been handled, so the download can start.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return file.fileName;
}
