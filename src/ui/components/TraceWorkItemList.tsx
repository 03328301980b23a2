import * as React from "react";
import type { WorkItem } from "../../core/model";
import type { WorkItemFilter } from "../../core/sources";
import { Card } from "azure-devops-ui/Card";
import { useUiEnvironment } from "../context";
import { plural } from "../format";
import { useAvailableWidth } from "../hooks/useAvailableWidth";
import { ErrorCard } from "./ErrorCard";
import {
  choicesOf,
  keywordOf,
  ListFilterBar,
  type FilterField,
  type FilterValues,
} from "./ListFilterBar";
import { WebLink } from "./WebLink";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";
import "./trace.css";

/** Ids read per step: the adapter splits them into requests of 200, and the list grows by this. */
const IDS_PER_STEP = 1000;

type ListState =
  | { status: "loading"; items: WorkItem[]; total?: number }
  | { status: "done"; items: WorkItem[]; total: number; missing: number }
  | { status: "failed"; items: WorkItem[]; error: unknown };

const FIXED_COLUMNS: WindowedColumn[] = [
  { id: "id", header: "Id", width: 90 },
  { id: "type", header: "Type", width: 130 },
  { id: "state", header: "State", width: 110 },
  { id: "assignedTo", header: "Assigned to", width: 170 },
  { id: "trace", header: "Trace", width: 120 },
];
/** Below this width the other columns take only what their words need. */
const COMPACT_BELOW = 1000;
const COMPACT_WIDTHS: Record<string, number> = {
  id: 64,
  type: 110,
  state: 96,
  assignedTo: 150,
  trace: 72,
};
const MIN_TITLE = 240;

/**
 * The title takes what the other columns leave of the card's width (never under MIN_TITLE); in a
 * narrow card the others shrink first, so every column stays in view at 900 px.
 */
export function workItemColumns(available: number): WindowedColumn[] {
  const fixed =
    available < COMPACT_BELOW
      ? FIXED_COLUMNS.map((column) => ({ ...column, width: COMPACT_WIDTHS[column.id] }))
      : FIXED_COLUMNS;
  const others = fixed.reduce((sum, column) => sum + column.width, 0);
  const title = {
    id: "title",
    header: "Title",
    width: Math.max(MIN_TITLE, available - others - 2),
  };
  return [fixed[0], title, ...fixed.slice(1)];
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function distinctOptions(values: string[]): Array<{ id: string; text: string }> {
  return [...new Set(values.filter((value) => value !== ""))]
    .sort((left, right) => left.localeCompare(right))
    .map((value) => ({ id: value, text: value }));
}

/**
 * The types and states the project's work items hold, from the unfiltered list (the first one
 * shown): a filtered list would offer only what is already chosen.
 */
function usePresentValues(state: ListState, filter: WorkItemFilter) {
  const unfiltered = !filter.type && !filter.state && !filter.titleContains && !filter.tag;
  const [present, setPresent] = React.useState({
    types: [] as Array<{ id: string; text: string }>,
    states: [] as Array<{ id: string; text: string }>,
  });
  const items = unfiltered ? state.items : undefined;
  React.useEffect(() => {
    if (!items || items.length === 0) return;
    setPresent({
      types: distinctOptions(items.map((item) => item.type)),
      states: distinctOptions(items.map((item) => item.state)),
    });
  }, [items]);
  return present;
}

/**
 * Every work item of the project matching a filter (type, state, words of the title; the service
 * filters), read in id ranges past the WIQL cap and shown as they arrive, windowed. Each row opens
 * the work item's trace.
 */
export function TraceWorkItemList(props: { onTrace: (workItemId: number) => void }) {
  const { onTrace } = props;
  const { sources, project, links } = useUiEnvironment();
  const [filter, setFilter] = React.useState<WorkItemFilter>({});
  const [state, setState] = React.useState<ListState>({ status: "loading", items: [] });
  React.useEffect(() => {
    let current = true;
    setState({ status: "loading", items: [] });
    (async () => {
      const ids = await sources.workItems.listWorkItemIds(project, filter);
      if (!current) return;
      setState({ status: "loading", items: [], total: ids.length });
      let items: WorkItem[] = [];
      for (let start = 0; start < ids.length; start += IDS_PER_STEP) {
        const step = await sources.workItems.getWorkItems(
          project,
          ids.slice(start, start + IDS_PER_STEP),
        );
        if (!current) return;
        items = items.concat(step);
        setState({ status: "loading", items, total: ids.length });
        // Each step's rendering in its own task, apart from the next step's parsing.
        await nextTask();
      }
      if (!current) return;
      setState({ status: "done", items, total: ids.length, missing: ids.length - items.length });
    })().catch((error: unknown) => {
      if (current) setState((previous) => ({ status: "failed", items: previous.items, error }));
    });
    return () => {
      current = false;
    };
  }, [sources, project, filter]);

  const renderCell = React.useCallback(
    (item: WorkItem, column: WindowedColumn) => {
      switch (column.id) {
        case "id":
          return <WebLink href={links.workItem(item.id)}>{item.id}</WebLink>;
        case "title":
          return <span title={item.title}>{item.title}</span>;
        case "type":
          return item.type;
        case "state":
          return item.state;
        case "assignedTo":
          return item.assignedTo?.displayName ?? "–";
        default:
          return (
            <button
              type="button"
              className="rt-link rt-link-button"
              aria-label={`Trace work item ${item.id}`}
              onClick={() => onTrace(item.id)}
            >
              Trace
            </button>
          );
      }
    },
    [links, onTrace],
  );

  const changeFilter = React.useCallback((values: FilterValues) => {
    const [type] = choicesOf(values, "type");
    const [workItemState] = choicesOf(values, "state");
    const titleContains = keywordOf(values, "titleContains").trim() || undefined;
    setFilter({ type, state: workItemState, titleContains });
  }, []);
  const present = usePresentValues(state, filter);
  const fields = React.useMemo<FilterField[]>(
    () => [
      { key: "titleContains", label: "Title contains" },
      { key: "type", label: "Type", options: present.types, single: true },
      { key: "state", label: "State", options: present.states, single: true },
    ],
    [present],
  );
  const { items } = state;
  const loading = state.status === "loading";
  const box = React.useRef<HTMLDivElement>(null);
  // Under jsdom (no layout) the width is that of a 1440 px page.
  const available = useAvailableWidth(box) || 1340;
  const columns = React.useMemo(() => workItemColumns(available), [available]);
  const total = state.status === "failed" ? undefined : state.total;
  return (
    <div
      ref={box}
      className="rt-trace-view flex-column rhythm-vertical-16"
      data-loading={String(loading)}
    >
      <ListFilterBar label="Work item filters" fields={fields} onChange={changeFilter} />
      <div role="status" aria-live="polite" aria-label="Work items loaded">
        {total === undefined
          ? loading
            ? "Listing work item ids…"
            : `${plural(items.length, "work item")} read before the failure.`
          : loading
            ? `Reading work items: ${items.length} of ${total}…`
            : `${plural(items.length, "work item")}${
                state.status === "done" && state.missing > 0
                  ? ` (${state.missing} listed ones no longer exist)`
                  : ""
              }.`}
      </div>
      {state.status === "failed" && (
        <ErrorCard
          error={state.error}
          whatFailed={
            items.length > 0
              ? `Could not read every work item; the ${items.length} read are shown`
              : "Could not list the work items"
          }
        />
      )}
      {items.length > 0 ? (
        <Card className="bolt-table-card" contentProps={{ contentPadding: false }}>
          <div className="rt-trace-matrix-box">
            <WindowedTable<WorkItem>
              className="rt-workitems-scroll rt-trace-scroll"
              rows={items}
              columns={columns}
              rowHeight={32}
              rowKey={(item) => item.id}
              renderCell={renderCell}
              ariaLabel="Work items of the project"
              height={560}
            />
          </div>
        </Card>
      ) : (
        state.status === "done" && <div className="rt-muted">No work item matches.</div>
      )}
    </div>
  );
}
