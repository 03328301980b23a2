import * as React from "react";
import type { DeployedCell } from "../../core/trace/types";
import { formatAge, shortBranchName } from "../format";
import type { EnvironmentColumn, PipelineRow } from "../trace/matrix";
import { shortSha, statusText } from "../trace/status";
import { TraceStatus } from "./TraceStatus";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";
import "./trace.css";

/** The cell's own environment name: a column shares names that differ only in case. */
function cellLabel(row: PipelineRow, cell: DeployedCell): string {
  const subject = cell.runId !== undefined ? `run ${cell.name}` : cell.name;
  return `${row.pipeline} to ${cell.environment}: ${subject}, ${statusText(cell.result)}. Show what it contains`;
}

function DeployedCellButton(props: {
  row: PipelineRow;
  cell: DeployedCell;
  now: Date;
  onOpen: (cell: DeployedCell) => void;
}) {
  const { row, cell, now, onOpen } = props;
  const at = cell.deployedAt ? new Date(cell.deployedAt) : undefined;
  const version = [
    shortSha(cell.sourceVersion),
    cell.sourceBranch && shortBranchName(cell.sourceBranch),
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <button
      type="button"
      className="rt-trace-cell"
      aria-label={cellLabel(row, cell)}
      data-result={cell.result ?? ""}
      onClick={() => onOpen(cell)}
    >
      <span className="flex-row flex-center">
        <TraceStatus status={cell.result} iconOnly />
        <span className="margin-left-4 text-ellipsis" title={cell.name}>
          {cell.name}
        </span>
      </span>
      <span className="rt-trace-cell-line" title={cell.sourceVersion ?? undefined}>
        {version || "no source version"}
      </span>
      <span className="rt-trace-cell-line" title={cell.deployedAt ?? undefined}>
        {at ? `${formatAge(at, now)} ago` : "not finished"}
        {cell.deployedBy ? ` · ${cell.deployedBy}` : ""}
      </span>
    </button>
  );
}

/** Row height: a cell shows three lines (name, source version, age and who). */
const ROW_HEIGHT = 72;

/**
 * Pipelines × environments, windowed both ways (only the rows and environment columns in view
 * render), so hundreds of pipelines by forty environments stay cheap. Each cell opens what the
 * deployment contains.
 */
export function TraceDeployedMatrix(props: {
  rows: PipelineRow[];
  columns: EnvironmentColumn[];
  now: Date;
  onOpen: (cell: DeployedCell) => void;
}) {
  const { rows, columns: environments, now, onOpen } = props;
  const columns = React.useMemo<WindowedColumn[]>(
    () => [
      { id: "pipeline", header: "Pipeline", width: 200 },
      ...environments.map((environment): WindowedColumn => ({
        id: environment.key,
        header: environment.name,
        ariaLabel: environment.production ? `${environment.name} (production)` : undefined,
        width: 164,
      })),
    ],
    [environments],
  );
  const names = React.useMemo(
    () => new Map(environments.map((environment) => [environment.key, environment.name])),
    [environments],
  );
  const renderCell = React.useCallback(
    (row: PipelineRow, column: WindowedColumn) => {
      if (column.id === "pipeline") {
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
      const cell = row.cells.get(column.id);
      return cell ? (
        <DeployedCellButton row={row} cell={cell} now={now} onOpen={onOpen} />
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
    <WindowedTable<PipelineRow>
      className="rt-trace-scroll"
      rows={rows}
      columns={columns}
      rowHeight={ROW_HEIGHT}
      rowKey={(row) => row.key}
      renderCell={renderCell}
      ariaLabel="Latest deployment by pipeline and environment"
      height={640}
      stickyFirstColumn
    />
  );
}
