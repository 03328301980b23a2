import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import { DataTable } from "../../src/ui/components/DataTable";
import { columns, rowsOf } from "./dataTableFixtures";

describe("DataTable", () => {
  it("draws the rows in the one table style, each cell from its column, rows named", () => {
    render(
      <DataTable
        rows={rowsOf(2)}
        columns={columns}
        rowKey={(row) => row.id}
        rowLabel={(row) => `Item ${row.id}`}
        ariaLabel="Items"
      />,
    );
    const table = screen.getByRole("table", { name: "Items" });
    expect(table.className).toContain("rt-table");
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual(["Id", "Name"]);
    const row = screen.getByRole("row", { name: "Item 2" });
    expect(
      within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["#2", "item 2"]);
    expect(within(row).getByText("item 2").tagName).toBe("STRONG");
  });
});
