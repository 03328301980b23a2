/** Tables as a user reads them in CLI output: fixed-width text tables and Markdown tables. */

export type Row = Record<string, string>;

/**
 * The fixed-width table whose header line starts with `firstHeader` (case-insensitive), to the
 * next blank line or line that is not a row. Columns start where the header words start; headers are keyed lower-case.
 */
export function fixedWidthTable(text: string, firstHeader: string, from = 0): Row[] {
  const lines = text.split("\n").slice(from);
  const start = lines.findIndex((line) =>
    line.trimStart().toLowerCase().startsWith(firstHeader.toLowerCase()),
  );
  if (start < 0) return [];
  const header = lines[start];
  const columns = [...header.matchAll(/\S+(?: \S+)*/g)].map((match) => ({
    name: match[0].toLowerCase(),
    at: match.index ?? 0,
  }));
  const rows: Row[] = [];
  for (const line of lines.slice(start + 1)) {
    // A row is padded to the columns: a line with text across a column edge (a note printed
    // right under the table) ends it, as a blank line does.
    const across = columns.some((column) => column.at > 0 && (line[column.at - 1] ?? " ") !== " ");
    if (line.trim() === "" || across) break;
    const row: Row = {};
    columns.forEach((column, index) => {
      const end = index + 1 < columns.length ? columns[index + 1].at : undefined;
      row[column.name] = line.slice(column.at, end).trim();
    });
    rows.push(row);
  }
  return rows;
}

/** The line number where `marker` (e.g. "Stages (") first starts a line, or -1. */
export function lineOf(text: string, marker: string): number {
  return text.split("\n").findIndex((line) => line.startsWith(marker));
}

function markdownCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\(.)/g, "$1"));
}

/** The first Markdown table under the heading that starts with `heading` (e.g. "## Stages"). */
export function markdownTable(text: string, heading: string): Row[] {
  const lines = text.split("\n");
  const at = lines.findIndex((line) => line.startsWith(heading));
  if (at < 0) return [];
  const start = lines.findIndex((line, index) => index > at && line.startsWith("|"));
  if (start < 0 || lines.slice(at + 1, start).some((line) => line.startsWith("#"))) return [];
  const names = markdownCells(lines[start]).map((name) => name.toLowerCase());
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const cells = markdownCells(line);
    rows.push(Object.fromEntries(names.map((name, index) => [name, cells[index] ?? ""])));
  }
  return rows;
}
