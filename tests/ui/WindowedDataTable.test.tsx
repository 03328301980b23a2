import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import { PLAIN_TABLE_ROWS, WindowedDataTable } from "../../src/ui/components/WindowedDataTable";
import { columns, rowsOf } from "./dataTableFixtures";

const table = (count: number) =>
  render(
    <WindowedDataTable
      rows={rowsOf(count)}
      columns={columns}
      rowKey={(row) => row.id}
      ariaLabel="Items"
      rowHeight={32}
      height={480}
    />,
  );

describe("WindowedDataTable", () => {
  it("draws a short list as a plain table", () => {
    table(PLAIN_TABLE_ROWS);
    const element = screen.getByRole("table", { name: "Items" });
    expect(element.getAttribute("aria-rowcount")).toBeNull();
    expect(screen.getAllByRole("row")).toHaveLength(PLAIN_TABLE_ROWS + 1);
  });

  it("windows a long list with the same columns and cells, in the same style", () => {
    table(PLAIN_TABLE_ROWS + 1);
    const element = screen.getByRole("table", { name: "Items" });
    expect(element.className).toContain("rt-table rt-window-table");
    expect(element.getAttribute("aria-rowcount")).toBe(String(PLAIN_TABLE_ROWS + 2));
    expect(
      within(element)
        .getAllByRole("columnheader")
        .map((cell) => cell.textContent),
    ).toEqual(["Id", "Name"]);
    expect(within(element).getByText("item 1").tagName).toBe("STRONG");
  });
});
