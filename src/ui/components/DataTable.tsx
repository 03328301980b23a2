import * as React from "react";

/** A column: its header, how a row shows in it, and its width once the table is windowed. */
export interface DataColumn<T> {
  id: string;
  header: string;
  render: (row: T) => React.ReactNode;
  /** Width in px when windowed (fixed layout); a plain table sizes to its content. */
  width?: number;
}

/**
 * A table of rows in the one table style, its columns defined once (header and cell). The
 * evidence and contents panels (Delivery, Traceability) draw their lists with it; a list that
 * may run to thousands of rows takes WindowedDataTable, which keeps the same columns.
 */
export function DataTable<T>(props: {
  rows: readonly T[];
  columns: readonly DataColumn<T>[];
  rowKey: (row: T, index: number) => string | number;
  ariaLabel: string;
  /** The row's accessible name ("Commit 1a2b3c4d"). */
  rowLabel?: (row: T) => string;
}) {
  const { rows, columns, rowKey, ariaLabel, rowLabel } = props;
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
