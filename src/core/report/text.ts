/** Escaping shared by the text writers, so user-controlled names stay inert in every format. */

/** One CSV cell (RFC 4180), neutralising spreadsheet formulas (=, +, -, @ at the start). */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRows(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * Text for a Markdown table cell or paragraph: no HTML, no table breaks, no link syntax, and no
 * control characters (a document printed to a terminal must not carry escape sequences).
 */
export function mdText(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return (
    text
      .replace(/\r?\n/g, " ")
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, "?")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/([\\`*_[\]|#])/g, "\\$1")
  );
}

/** Markdown that a writer built itself (e.g. a link) and that mdTable must not escape again. */
export interface MdRaw {
  markdown: string;
}

/**
 * A link whose text is escaped and whose URL cannot end the link early. Only http(s) URLs become
 * links; anything else (javascript:, data:) is written as escaped text.
 */
export function mdLink(text: string, url: string): MdRaw {
  if (!/^https?:\/\//i.test(url.trim())) return { markdown: `${mdText(text)} (${mdText(url)})` };
  const safeUrl = url.replace(/[()\s<>]/g, (character) => encodeURIComponent(character));
  return { markdown: `[${mdText(text)}](${safeUrl})` };
}

function mdCell(value: unknown): string {
  if (typeof value === "object" && value !== null && "markdown" in value) {
    return (value as MdRaw).markdown;
  }
  return mdText(value);
}

export function mdTable(header: string[], rows: unknown[][]): string {
  const line = (cells: unknown[]) => `| ${cells.map(mdCell).join(" | ")} |`;
  return [line(header), `|${header.map(() => " --- ").join("|")}|`, ...rows.map(line)].join("\n");
}
