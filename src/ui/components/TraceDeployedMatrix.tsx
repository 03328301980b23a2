import * as React from "react";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import type { DeployedCell } from "../../core/trace/types";
import { formatAge, shortBranchName } from "../format";
import type { EnvironmentColumn, PipelineRow } from "../trace/matrix";
import { shortSha, statusText } from "../trace/status";
import { TraceStatus } from "./TraceStatus";
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

/**
 * Pipelines × environments, virtualised by the library's Table (rows render as they scroll into
 * view), so hundreds of pipelines stay cheap. Each cell opens what the deployment contains.
 */
export function TraceDeployedMatrix(props: {
  rows: PipelineRow[];
  columns: EnvironmentColumn[];
  now: Date;
  onOpen: (cell: DeployedCell) => void;
}) {
  const { rows, columns: environments, now, onOpen } = props;
  const columns = React.useMemo<ITableColumn<PipelineRow>[]>(
    () => [
      {
        id: "pipeline",
        name: "Pipeline",
        width: 200,
        renderCell: (_index, columnIndex, column, row) => (
          <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
            <div className="flex-column" style={{ minWidth: 0 }}>
              <span className="text-ellipsis font-weight-semibold" title={row.pipeline}>
                {row.pipeline}
              </span>
              <span className="rt-trace-cell-line">
                {row.kind === "yaml" ? "YAML pipeline" : "Classic release"}
              </span>
            </div>
          </SimpleTableCell>
        ),
      },
      ...environments.map((environment): ITableColumn<PipelineRow> => ({
        id: `env:${environment.key}`,
        name: environment.name,
        ariaLabel: environment.production ? `${environment.name} (production)` : environment.name,
        width: 164,
        renderCell: (_index, columnIndex, column, row) => {
          const cell = row.cells.get(environment.key);
          return (
            <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={column}>
              {cell ? (
                <DeployedCellButton row={row} cell={cell} now={now} onOpen={onOpen} />
              ) : (
                <span
                  className="rt-muted"
                  aria-label={`${row.pipeline}: not deployed to ${environment.name}`}
                >
                  –
                </span>
              )}
            </SimpleTableCell>
          );
        },
      })),
    ],
    [environments, now, onOpen],
  );
  const provider = React.useMemo(() => new ArrayItemProvider(rows), [rows]);
  return (
    <div className="rt-trace-scroll">
      <Table<PipelineRow>
        columns={columns}
        itemProvider={provider}
        role="table"
        ariaLabel="Latest deployment by pipeline and environment"
        pageSize={40}
      />
    </div>
  );
}
