import * as React from "react";
import { DataTable, type DataColumn } from "./DataTable";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";

/** Past this many rows only the rows in view render (a deployment may bring thousands). */
export const PLAIN_TABLE_ROWS = 100;

const DEFAULT_WIDTH = 160;

/**
 * A DataTable that, past PLAIN_TABLE_ROWS rows, becomes a WindowedTable of the same columns and
 * cells (fixed row height, a scroll box of `height`). Its own file, so pages whose lists stay
 * short do not carry the windowing code.
 */
export function WindowedDataTable<T>(props: {
  rows: readonly T[];
  columns: readonly DataColumn<T>[];
  rowKey: (row: T, index: number) => string | number;
  ariaLabel: string;
  rowHeight: number;
  height: number;
}) {
  const { rows, columns, rowKey, ariaLabel } = props;
  if (rows.length <= PLAIN_TABLE_ROWS)
    return <DataTable rows={rows} columns={columns} rowKey={rowKey} ariaLabel={ariaLabel} />;
  const byId = new Map(columns.map((column) => [column.id, column]));
  const windowedColumns: WindowedColumn[] = columns.map((column) => ({
    id: column.id,
    header: column.header,
    width: column.width ?? DEFAULT_WIDTH,
  }));
  return (
    <WindowedTable
      rows={rows}
      columns={windowedColumns}
      rowHeight={props.rowHeight}
      height={props.height}
      rowKey={rowKey}
      ariaLabel={ariaLabel}
      renderCell={(row, column) => byId.get(column.id)?.render(row)}
    />
  );
}
