/** Escaping shared by the text writers, so user-controlled names stay inert in every format. */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidirectional embeddings, overrides and isolates: they reorder what a reader sees. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A character as visible text: `\x1b` for C0, DEL and C1, `\u202e` for the others. */
export function escapedChar(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * The one terminal sanitiser. C0 and C1 controls (and with them every ESC, CSI and OSC sequence,
 * title and hyperlink included), DEL, NUL and bidi overrides are shown escaped (`\x1b]0;…`), so
 * text from the organization or a server's error body cannot drive the terminal or reorder what
 * is read. `lines` keeps line feeds and tabs, for stderr and whole documents.
 */
export function terminalText(value: unknown, keep: "nothing" | "lines" = "nothing"): string {
  const text = value === undefined || value === null ? "" : String(value);
  return text.replace(UNSAFE, (char) =>
    keep === "lines" && (char === "\n" || char === "\t") ? char : escapedChar(char),
  );
}

/**
 * JSON text that prints safely and still parses to the same values: C1 controls, DEL and bidi
 * overrides (which JSON.stringify leaves raw inside strings) written as \u escapes.
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * One CSV cell (RFC 4180): raw ESC and other control bytes dropped (line breaks and tabs stay
 * data), bidi overrides shown escaped, spreadsheet formulas (=, +, -, @ at the start) neutralised.
 */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? "" : String(value);
  text = text
    .replace(CONTROLS, (char) => (char === "\n" || char === "\r" || char === "\t" ? char : ""))
    .replace(BIDI, escapedChar);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRows(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * Text for a Markdown table cell or paragraph: no HTML, no table breaks, no link syntax, and
 * control characters and bidi overrides shown escaped (a document printed to a terminal must
 * not carry escape sequences, nor reorder what a reviewer reads).
 */
export function mdText(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return terminalText(text.replace(/\r?\n/g, " "))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#])/g, "\\$1");
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
