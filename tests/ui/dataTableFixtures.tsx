import * as React from "react";
import type { DataColumn } from "../../src/ui/components/DataTable";

export interface Row {
  id: number;
  name: string;
}
export const columns: DataColumn<Row>[] = [
  { id: "id", header: "Id", width: 80, render: (row) => `#${row.id}` },
  { id: "name", header: "Name", render: (row) => <strong>{row.name}</strong> },
];
export const rowsOf = (count: number): Row[] =>
  Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `item ${index + 1}` }));
