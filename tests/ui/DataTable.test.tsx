import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import { DataTable, PLAIN_TABLE_ROWS, type DataColumn } from "../../src/ui/components/DataTable";

interface Row {
  id: number;
  name: string;
}
const columns: DataColumn<Row>[] = [
  { id: "id", header: "Id", width: 80, render: (row) => `#${row.id}` },
  { id: "name", header: "Name", render: (row) => <strong>{row.name}</strong> },
];
const rowsOf = (count: number): Row[] =>
  Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `item ${index + 1}` }));

describe("DataTable", () => {
  it("draws a short list as a plain table in the one table style, rows named", () => {
    render(
      <DataTable
        rows={rowsOf(2)}
        columns={columns}
        rowKey={(row) => row.id}
        rowLabel={(row) => `Item ${row.id}`}
        ariaLabel="Items"
        windowed={{ rowHeight: 32, height: 480 }}
      />,
    );
    const table = screen.getByRole("table", { name: "Items" });
    expect(table.className).toContain("rt-table");
    expect(table.getAttribute("aria-rowcount")).toBeNull();
    const row = screen.getByRole("row", { name: "Item 2" });
    expect(
      within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["#2", "item 2"]);
  });

  it("windows a long list with the same columns and cells", () => {
    render(
      <DataTable
        rows={rowsOf(PLAIN_TABLE_ROWS + 1)}
        columns={columns}
        rowKey={(row) => row.id}
        ariaLabel="Items"
        windowed={{ rowHeight: 32, height: 480 }}
      />,
    );
    const table = screen.getByRole("table", { name: "Items" });
    expect(table.className).toContain("rt-table rt-window-table");
    expect(table.getAttribute("aria-rowcount")).toBe(String(PLAIN_TABLE_ROWS + 2));
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual(["Id", "Name"]);
    expect(within(table).getByText("item 1").tagName).toBe("STRONG");
  });

  it("keeps a long list plain when it is not to be windowed", () => {
    render(
      <DataTable
        rows={rowsOf(PLAIN_TABLE_ROWS + 1)}
        columns={columns}
        rowKey={(row) => row.id}
        ariaLabel="Items"
      />,
    );
    expect(screen.getAllByRole("row")).toHaveLength(PLAIN_TABLE_ROWS + 2);
  });
});
