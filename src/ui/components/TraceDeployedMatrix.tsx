import * as React from "react";
import { plainSentence } from "../../core/sources/notAvailable";
import type { DeployedCell, LatestAttempt } from "../../core/trace/types";
import { formatAge, shortBranchName } from "../format";
import { useAvailableWidth } from "../hooks/useAvailableWidth";
import {
  pinnedCount,
  type CellPart,
  type EnvironmentColumn,
  type PipelineRow,
} from "../trace/matrix";
import { deploymentStateIcon, deploymentStateText, shortSha } from "../trace/status";
import { TraceStatus } from "./TraceStatus";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";
import "./trace.css";

function subjectText(kind: "yaml" | "classic", name: string | null): string {
  return kind === "yaml" ? `run ${name ?? ""}` : (name ?? "");
}

/** The cell's own environment name: a column shares names that differ only in case. */
function cellLabel(row: PipelineRow, cell: DeployedCell): string {
  const state = cell.state ? deploymentStateText(cell.state) : "Not deployed";
  return `${row.pipeline} to ${cell.environment}: ${subjectText(cell.kind, cell.name)}, ${state}. Show what it contains`;
}

function attemptLabel(row: PipelineRow, cell: DeployedCell, attempt: LatestAttempt): string {
  return `${row.pipeline} to ${cell.environment}: newer attempt ${subjectText(cell.kind, attempt.name)}, ${deploymentStateText(attempt.state)}, not deployed. Show what it contains`;
}

/** Every detail of what runs there, one per line: the cell's tooltip (the cell shows two lines). */
function cellTooltip(cell: DeployedCell, now: Date): string {
  const at = cell.deployedAt ? new Date(cell.deployedAt) : undefined;
  return [
    [cell.name, cell.state && deploymentStateText(cell.state)].filter(Boolean).join(": "),
    [
      cell.sourceVersion ?? "no source version",
      cell.sourceBranch && shortBranchName(cell.sourceBranch),
    ]
      .filter(Boolean)
      .join(" on "),
    [at ? `${formatAge(at, now)} ago (${cell.deployedAt})` : "not finished", cell.deployedBy]
      .filter(Boolean)
      .join(" by "),
    cell.unknown ? plainSentence(cell.unknown) : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** What runs there now, on two lines: its name, then source version and age (the rest in the tooltip). */
function CurrentButton(props: {
  row: PipelineRow;
  cell: DeployedCell;
  now: Date;
  onOpen: (cell: DeployedCell, which: CellPart) => void;
}) {
  const { row, cell, now, onOpen } = props;
  const at = cell.deployedAt ? new Date(cell.deployedAt) : undefined;
  const unknown = cell.unknown?.fields?.some((field) => !field.startsWith("latestAttempt."));
  const age = at ? `${formatAge(at, now)} ago` : "not finished";
  return (
    <button
      type="button"
      className="rt-trace-cell"
      aria-label={cellLabel(row, cell)}
      title={cellTooltip(cell, now)}
      data-result={cell.result ?? ""}
      onClick={() => onOpen(cell, "current")}
    >
      <span className="flex-row flex-center">
        {cell.state && (
          <TraceStatus
            status={cell.result}
            label={deploymentStateText(cell.state)}
            icon={deploymentStateIcon(cell.state)}
            iconOnly
          />
        )}
        <span className="margin-left-4 text-ellipsis">{cell.name}</span>
      </span>
      <span className="rt-trace-cell-line">
        {unknown && cell.unknown ? (
          <span className="rt-trace-unknown" title={plainSentence(cell.unknown)}>
            ⚠ version unknown
          </span>
        ) : (
          shortSha(cell.sourceVersion) || "no version"
        )}
        {` · ${age}`}
      </span>
    </button>
  );
}

/** A newer attempt than what runs there, kept apart from it (never called deployed). */
function AttemptButton(props: {
  row: PipelineRow;
  cell: DeployedCell;
  attempt: LatestAttempt;
  onOpen: (cell: DeployedCell, which: CellPart) => void;
}) {
  const { row, cell, attempt, onOpen } = props;
  return (
    <button
      type="button"
      className="rt-trace-cell rt-trace-attempt"
      aria-label={attemptLabel(row, cell, attempt)}
      data-state={attempt.state}
      title={`Newer attempt, not deployed: ${attempt.name}, ${deploymentStateText(attempt.state).toLowerCase()}`}
      onClick={() => onOpen(cell, "attempt")}
    >
      <span className="flex-row flex-center rt-trace-cell-line">
        <TraceStatus
          status={attempt.result}
          label={deploymentStateText(attempt.state)}
          icon={deploymentStateIcon(attempt.state)}
          iconOnly
        />
        <span className="margin-left-4 text-ellipsis">
          Newer: {attempt.name}, {deploymentStateText(attempt.state).toLowerCase()}
        </span>
      </span>
    </button>
  );
}

function DeployedCellView(props: {
  row: PipelineRow;
  cell: DeployedCell;
  now: Date;
  onOpen: (cell: DeployedCell, which: CellPart) => void;
}) {
  const { row, cell, now, onOpen } = props;
  return (
    <div className="flex-column" style={{ minWidth: 0, width: "100%" }}>
      {cell.state ? (
        <CurrentButton row={row} cell={cell} now={now} onOpen={onOpen} />
      ) : (
        <span className="rt-muted rt-trace-cell-line">Nothing deployed</span>
      )}
      {cell.latestAttempt && (
        <AttemptButton row={row} cell={cell} attempt={cell.latestAttempt} onOpen={onOpen} />
      )}
    </div>
  );
}

/** Row height: a cell shows two lines (name; source version and age) and a newer attempt. */
const ROW_HEIGHT = 68;
const HEADER = 36;
/** Up to this many rows show whole; more scroll inside the card (with its scroll bar). */
const ROWS_SHOWN = 10;
/** A scroll bar's thickness, reserved when the rows or columns overflow the box. */
const SCROLL_BAR = 18;
const MIN_COLUMN = 124;
const MAX_COLUMN = 200;

/**
 * Column widths that fill the card: environments share what the pipeline column leaves (so 8
 * fit at 1440 px), never narrower than MIN_COLUMN (then the middle ones scroll, production stays).
 * The pipeline column keeps room for a typical name (the full one is in its tooltip).
 */
export function matrixWidths(available: number, environments: number) {
  const pipeline = available < 1100 ? 180 : 200;
  const share = Math.floor((available - pipeline) / Math.max(1, environments));
  return { pipeline, environment: Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, share)) };
}

/** The box's height: every row up to ROWS_SHOWN (never a half-cut last row), and the scroll bar. */
export function matrixHeight(rows: number, sidewaysScroll: boolean): number {
  return HEADER + ROW_HEIGHT * Math.min(rows, ROWS_SHOWN) + (sidewaysScroll ? SCROLL_BAR : 0) + 2;
}

/**
 * Pipelines × environments in delivery order, windowed both ways (only the rows and environment
 * columns in view render), so hundreds of pipelines by forty environments stay cheap. The
 * pipeline column stays at the left and production columns at the right while scrolling. A
 * WAI-ARIA grid: one Tab stop, arrow keys move between cells; each cell opens what the
 * deployment contains.
 */
export function TraceDeployedMatrix(props: {
  rows: PipelineRow[];
  columns: EnvironmentColumn[];
  now: Date;
  onOpen: (cell: DeployedCell, which: CellPart) => void;
}) {
  const { rows, columns: environments, now, onOpen } = props;
  const box = React.useRef<HTMLDivElement>(null);
  // Under jsdom (no layout) the widths are those of a 1440 px page.
  const available = useAvailableWidth(box) || 1376;
  // A vertical scroll bar, when the rows overflow the box, takes its width from the columns.
  const scrollBar = rows.length > ROWS_SHOWN ? SCROLL_BAR : 0;
  const widths = matrixWidths(available - scrollBar, environments.length);
  const sideways =
    widths.pipeline + widths.environment * environments.length > available - scrollBar;
  const columns = React.useMemo<WindowedColumn[]>(
    () => [
      { id: "pipeline", header: "Pipeline", width: widths.pipeline },
      ...environments.map((environment): WindowedColumn => ({
        id: environment.key,
        header: environment.name,
        ariaLabel: environment.production ? `${environment.name} (production)` : undefined,
        title: environment.production ? `${environment.name} (production)` : environment.name,
        width: widths.environment,
      })),
    ],
    [environments, widths.pipeline, widths.environment],
  );
  const names = React.useMemo(
    () => new Map(environments.map((environment) => [environment.key, environment.name])),
    [environments],
  );
  const renderCell = React.useCallback(
    (row: PipelineRow, column: WindowedColumn) => {
      if (column.id === "pipeline") return <PipelineName row={row} />;
      const cell = row.cells.get(column.id);
      return cell ? (
        <DeployedCellView row={row} cell={cell} now={now} onOpen={onOpen} />
      ) : (
        <span
          className="rt-muted"
          aria-label={`${row.pipeline}: not deployed to ${names.get(column.id) ?? column.id}`}
        >
          –
        </span>
      );
    },
    [names, now, onOpen],
  );
  return (
    <div ref={box} className="rt-trace-matrix-box">
      <WindowedTable<PipelineRow>
        className="rt-trace-scroll rt-deployed-scroll"
        rows={rows}
        columns={columns}
        rowHeight={ROW_HEIGHT}
        rowKey={(row) => row.key}
        renderCell={renderCell}
        ariaLabel="What runs where, by pipeline and environment"
        height={matrixHeight(rows.length, sideways)}
        stickyFirstColumn
        pinnedColumns={pinnedCount(environments)}
        grid
      />
    </div>
  );
}

function PipelineName(props: { row: PipelineRow }) {
  const { row } = props;
  return (
    <div className="flex-column" style={{ minWidth: 0 }}>
      <span className="text-ellipsis font-weight-semibold" title={row.pipeline}>
        {row.pipeline}
      </span>
      <span className="rt-trace-cell-line">
        {row.kind === "yaml" ? "YAML pipeline" : "Classic release"}
      </span>
    </div>
  );
}
