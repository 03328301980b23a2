/** What a table in an extension frame shows: header words and, per row, each cell's text. */
import type { Locator } from "playwright-core";

export interface DomCell {
  /** The rendered text, one entry per line. */
  lines: string[];
  /** Accessible names inside the cell (icons that carry a state only in their label). */
  labels: string[];
  /** Link targets inside the cell. */
  hrefs: string[];
}

export interface DomRow {
  label: string | null;
  /** Cells by lower-case header; when headers are missing, by position ("0", "1", …). */
  cells: Record<string, DomCell>;
}

/** Reads every body row of the table (the locator must be the table element). */
export async function domTable(table: Locator): Promise<DomRow[]> {
  return table.evaluate((element) => {
    const headers = [...element.querySelectorAll("thead th")].map((th) =>
      (th.textContent ?? "").trim().toLowerCase(),
    );
    const rows = [...element.querySelectorAll(":scope > tbody > tr")];
    return rows.map((row) => {
      const cells: Record<string, DomCell> = {};
      [...row.children].forEach((cell, index) => {
        const text = (cell as HTMLElement).innerText ?? cell.textContent ?? "";
        cells[headers[index] || String(index)] = {
          lines: text
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean),
          // Status icons name themselves with an SVG <desc>, other elements with aria-label.
          labels: [
            ...[...cell.querySelectorAll("[aria-label]")].map(
              (node) => node.getAttribute("aria-label") ?? "",
            ),
            ...[...cell.querySelectorAll("svg[role=img] desc")].map(
              (node) => node.textContent ?? "",
            ),
          ],
          hrefs: [...cell.querySelectorAll("a[href]")].map(
            (node) => node.getAttribute("href") ?? "",
          ),
        };
      });
      return { label: row.getAttribute("aria-label"), cells };
    });
  });
}

/** The cell whose header starts with `header` (case-insensitive), or an empty one. */
export function cellOf(row: DomRow, header: string): DomCell {
  const key = Object.keys(row.cells).find((name) => name.startsWith(header.toLowerCase()));
  return key ? row.cells[key] : { lines: [], labels: [], hrefs: [] };
}
