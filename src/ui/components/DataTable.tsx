import * as React from "react";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";

/** A column: its header, how a row shows in it, and its width once the table is windowed. */
export interface DataColumn<T> {
  id: string;
  header: string;
  render: (row: T) => React.ReactNode;
  /** Width in px when windowed (fixed layout); a plain table sizes to its content. */
  width?: number;
}

/** Past this many rows only the rows in view render (a deployment may bring thousands). */
export const PLAIN_TABLE_ROWS = 100;

const DEFAULT_WIDTH = 160;

/**
 * A table of rows in the one table style, defined once per list: a plain table, or, with
 * `windowed` and more than PLAIN_TABLE_ROWS rows, a WindowedTable of the same columns and cells.
 * The evidence and contents panels (Delivery, Traceability) draw every list with it.
 */
export function DataTable<T>(props: {
  rows: readonly T[];
  columns: readonly DataColumn<T>[];
  rowKey: (row: T, index: number) => string | number;
  ariaLabel: string;
  /** The row's accessible name ("Commit 1a2b3c4d"). */
  rowLabel?: (row: T) => string;
  /** Fixed row height and box height once the list is long. */
  windowed?: { rowHeight: number; height: number };
}) {
  const { rows, columns, rowKey, ariaLabel, rowLabel, windowed } = props;
  if (windowed && rows.length > PLAIN_TABLE_ROWS) {
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
        rowHeight={windowed.rowHeight}
        height={windowed.height}
        rowKey={rowKey}
        ariaLabel={ariaLabel}
        renderCell={(row, column) => byId.get(column.id)?.render(row)}
      />
    );
  }
  return (
    <table className="rt-table body-s" aria-label={ariaLabel}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.id} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)} aria-label={rowLabel?.(row)}>
            {columns.map((column) => (
              <td key={column.id}>{column.render(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
