/** Text writers for what a deployment brought (`changes`, the hub's contents panel exports). */
import type { DeploymentContents } from "../trace/contents";
import { stateWord } from "../vocabulary";
import { rawStateWord } from "../vocabulary/rawStates";
import { csvRows, mdTable, mdText } from "./text";
import { gapLine, gapMarkdownLine, unknownText } from "./trace";

function subjectName(item: { kind: "run" | "release"; name: string }): string {
  return item.kind === "run" ? `run ${item.name}` : item.name;
}

/** "run 20250304.1 to prod from refs/heads/main: succeeded, deployed 2025-03-04T09:09:50Z." */
export function contentsHeadline(contents: DeploymentContents): string {
  const { current } = contents;
  const from = current.branch ? ` from ${current.branch}` : "";
  const state = current.state ? stateWord(current.state) : "no deployment there";
  const when = current.deployedAt ? `, deployed ${current.deployedAt}` : ", not deployed there";
  return `${contents.pipeline}: ${subjectName(current)} to ${contents.environment}${from}: ${state}${when}.`;
}

/** How the deployment was compared, in one sentence. */
export function comparisonSentence(contents: DeploymentContents): string {
  const unit = contents.kind === "yaml" ? "run" : "release";
  const previous = contents.previous;
  switch (contents.comparison) {
    case "since-previous":
      return `Compared with the previous deployment there, ${subjectName(previous!)} (deployed ${previous!.deployedAt ?? "-"}): ${contents.included.length} ${unit}(s) brought in.`;
    case "other-branch":
      return `The previous deployment there (${subjectName(previous!)}) came from another branch: only this ${unit}'s own changes are listed.`;
    case "first-deployment":
      return `Nothing of this pipeline was deployed there before: only this ${unit}'s own changes are listed.`;
  }
}

export interface ContentsSection {
  title: string;
  header: string[];
  rows: string[][];
}

function text(value: unknown): string {
  return value === undefined || value === null || value === "" ? "-" : String(value);
}

/**
 * "already in Production since Release-5" when an earlier deployment first brought the work item
 * to this environment; "-" when this deployment did.
 */
export function alreadyThere(
  contents: Pick<DeploymentContents, "environment">,
  item: DeploymentContents["workItems"][number],
): string {
  return item.firstBroughtBy
    ? `already in ${contents.environment} since ${item.firstBroughtBy.name}`
    : "-";
}

/** The lists of the answer as plain rows, for a terminal table or Markdown. */
export function contentsSections(contents: DeploymentContents): ContentsSection[] {
  // Runs and releases by their names (ids stay in JSON and CSV).
  const names = new Map(contents.included.map((item) => [item.id, item.name]));
  const ids = (list: readonly number[]) => list.map((id) => names.get(id) ?? String(id)).join(", ");
  return [
    {
      title: contents.kind === "yaml" ? "Runs brought in" : "Releases brought in",
      header: ["Name", "Branch", contents.kind === "yaml" ? "Queued" : "Created"],
      rows: contents.included.map((item) => [item.name, text(item.branch), text(item.at)]),
    },
    {
      title: "Work items",
      header: ["Id", "Type", "Title", "State", "In", "Already there"],
      rows: contents.workItems.map((item) => [
        String(item.id),
        item.type,
        item.title,
        item.state,
        ids(item.in),
        alreadyThere(contents, item),
      ]),
    },
    {
      title: "Pull requests",
      header: ["PR", "Repository", "Title", "Status", "Merged here", "In"],
      rows: contents.pullRequests.map((pr) => [
        String(pr.id),
        pr.repository,
        pr.title,
        pr.status,
        pr.mergedInThis ? "yes" : "no",
        ids(pr.in),
      ]),
    },
    {
      title: "Commits",
      header: ["Commit", "Repository", "Message", "Author", "Work items"],
      rows: contents.commits.map((commit) => [
        commit.id.slice(0, 8),
        `${commit.repository}${unknownText(commit.unknown)}`,
        text(commit.message),
        text(commit.author),
        commit.workItemIds === null ? "unknown" : text(commit.workItemIds.join(" ")),
      ]),
    },
  ];
}

export function contentsMarkdown(contents: DeploymentContents): string {
  const lines = [
    `# ${mdText(`${contents.pipeline} → ${contents.environment}`)}`,
    "",
    mdText(contentsHeadline(contents)),
    "",
    mdText(comparisonSentence(contents)),
    "",
  ];
  for (const section of contentsSections(contents))
    lines.push(
      `## ${section.title} (${section.rows.length})`,
      "",
      section.rows.length === 0 ? "None." : mdTable(section.header, section.rows),
      "",
    );
  lines.push("## Gaps", "");
  if (contents.gaps.length === 0) lines.push("No gaps found.");
  for (const gap of contents.gaps) lines.push(gapMarkdownLine(gap));
  if (contents.notAvailable.length > 0) {
    lines.push("", "## Not available", "");
    for (const note of contents.notAvailable)
      lines.push(`- ${mdText(note.what)} (${mdText(note.kind)}): ${mdText(note.reason)}`);
  }
  return lines.join("\n") + "\n";
}

/** One row per item, so a spreadsheet can filter by section. */
export function contentsCsv(contents: DeploymentContents): string {
  const rows: unknown[][] = [];
  for (const item of contents.workItems)
    rows.push(["work item", item.id, item.title, item.state, item.type, item.in.join(" ")]);
  for (const pr of contents.pullRequests)
    rows.push([
      "pull request",
      pr.id,
      pr.title,
      pr.status,
      pr.reviewers.map((reviewer) => `${reviewer.name} (${reviewer.vote})`).join("; "),
      pr.in.join(" "),
    ]);
  for (const commit of contents.commits)
    rows.push([
      "commit",
      commit.id,
      commit.message,
      `${commit.repository}${unknownText(commit.unknown)}`,
      commit.author,
      commit.runId,
    ]);
  for (const approval of contents.approvals)
    rows.push([
      "approval",
      approval.stage,
      approval.comment,
      approval.status,
      approval.approver,
      approval.time,
    ]);
  for (const check of contents.checks)
    rows.push([
      "check",
      check.stage,
      check.name,
      rawStateWord(check.status),
      check.message,
      check.completedAt,
    ]);
  for (const gap of contents.gaps)
    rows.push(["gap", gap.ruleId, gap.title, gap.outcome, gapLine(gap), ""]);
  for (const note of contents.notAvailable)
    rows.push(["not available", note.what, note.reason, "", "", ""]);
  return csvRows(["section", "id", "title", "status", "detail", "in"], rows);
}
