import type { WorkItem } from "../../core/model";
import { csvRows, mdLink, mdTable } from "../../core/report/text";
import type { WorkItemFilter } from "../../core/sources";
import { UsageError } from "../errors";
import { renderTable, toJson } from "../output";
import type { CliCommand } from "./index";
import { checkProject, queryError } from "./traceShared";

/** Longest filter text taken: WIQL literals have limits, and a longer title search is a mistake. */
const MAX_FILTER_LENGTH = 256;

function filterValue(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_FILTER_LENGTH) {
    throw new UsageError(`--${flag} takes 1 to ${MAX_FILTER_LENGTH} characters.`);
  }
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    throw new UsageError(`--${flag} must not contain control characters.`);
  }
  return text;
}

/** One listed work item, as every format writes it. */
export interface WorkItemRow {
  id: number;
  type: string;
  state: string;
  title: string;
  assignedTo: string | null;
  changedDate: string | null;
  url: string;
}

function rowOf(item: WorkItem, orgUrl: string, project: string): WorkItemRow {
  return {
    id: item.id,
    type: item.type,
    state: item.state,
    title: item.title,
    assignedTo: item.assignedTo?.displayName ?? null,
    changedDate: item.changedDate ? item.changedDate.toISOString() : null,
    url: `${orgUrl}/${encodeURIComponent(project)}/_workitems/edit/${item.id}`,
  };
}

const HEADER = ["Id", "Type", "State", "Title", "Assigned to", "Changed"];

function cellsOf(row: WorkItemRow): string[] {
  return [
    String(row.id),
    row.type,
    row.state,
    row.title,
    row.assignedTo ?? "",
    row.changedDate ?? "",
  ];
}

/** The work items of a project matching a filter, as a file or a table. */
export const workItemsCommand: CliCommand = {
  name: "work-items",
  summary:
    "Every work item of the project, or those matching --type, --state and --title-contains (no cap).",
  formats: ["table", "json", "csv", "md"],
  flags: ["type", "state", "title-contains"],
  async run({ connection, format, write, warn, flags, progress }) {
    const filter: WorkItemFilter = {
      type: filterValue("type", flags.type),
      state: filterValue("state", flags.state),
      titleContains: filterValue("title-contains", flags["title-contains"]),
    };
    await checkProject(connection);
    const { sources, project, orgUrl } = connection;
    let items: WorkItem[];
    try {
      progress?.("Listing work item ids…");
      const ids = await sources.workItems.listWorkItemIds(project, filter);
      progress?.(`Reading ${ids.length} work items…`);
      items = await sources.workItems.getWorkItems(project, ids);
      // An id listed but not returned was deleted in between: say so rather than drop it quietly.
      if (items.length < ids.length) {
        warn(
          `${ids.length - items.length} of ${ids.length} listed work items no longer exist and are not shown.`,
        );
      }
    } catch (error) {
      throw queryError(error, "the work items");
    }
    const rows = items
      .sort((left, right) => left.id - right.id)
      .map((item) => rowOf(item, orgUrl, project));
    if (format === "json") {
      write(toJson({ schemaVersion: 1, project, filter, count: rows.length, workItems: rows }));
    } else if (format === "csv") {
      write(
        csvRows(
          [...HEADER, "URL"],
          rows.map((row) => [...cellsOf(row), row.url]),
        ),
      );
    } else if (format === "md") {
      const table = mdTable(
        HEADER,
        rows.map((row) => [mdLink(String(row.id), row.url), ...cellsOf(row).slice(1)]),
      );
      write(
        `# Work items of ${project}\n\n${rows.length} work items.\n\n${rows.length > 0 ? `${table}\n` : ""}`,
      );
    } else {
      write(rows.length === 0 ? "No work items.\n" : renderTable(HEADER, rows.map(cellsOf)));
    }
    return 0;
  },
};
