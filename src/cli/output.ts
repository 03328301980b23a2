import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { jsonTerminalSafe, terminalText } from "../core/report/text";
import { fileProblem, UsageError } from "./errors";

/** Where text goes: process.stdout/stderr in the binary, a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  /** True for a terminal (process.stderr has it); progress is shown only there. */
  isTTY?: boolean;
}

export type OutputFormat = "json" | "table" | "sarif" | "csv" | "md";
/** What a command accepts unless it names its own formats. */
export const outputFormats: readonly OutputFormat[] = ["json", "table"];
export const allOutputFormats: readonly OutputFormat[] = ["json", "table", "sarif", "csv", "md"];

/** JSON with C1 controls and bidi overrides \u-escaped: the same values, safe on a terminal. */
export function toJson(value: unknown): string {
  return jsonTerminalSafe(JSON.stringify(value, null, 2)) + "\n";
}

export type Alignment = "left" | "right";

/**
 * A plain-text table: a header row, then rows, columns padded to their widest cell. The last
 * column is not padded so lines carry no trailing spaces.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Alignment[] = [],
): string {
  // Cells come from the organization: escaped before widths are measured.
  const all = [header, ...rows].map((row) => row.map((cell) => terminalText(cell ?? "")));
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? "").length)),
  );
  const lines = all.map((row) =>
    row
      .map((cell, column) => {
        const isLast = column === row.length - 1;
        if (align[column] === "right") return cell.padStart(widths[column]);
        return isLast ? cell : cell.padEnd(widths[column]);
      })
      .join("  ")
      .trimEnd(),
  );
  return lines.join("\n") + "\n";
}

/** Longest stderr line: a message that repeats a huge value is cut, never megabytes. */
export const MAX_MESSAGE_LINE = 1_000;

/**
 * Every stderr line through the terminal sanitiser (controls, escape sequences and bidi
 * overrides shown escaped; line feeds kept) and cut at MAX_MESSAGE_LINE characters.
 */
export function terminalSink(sink: TextSink): TextSink {
  return {
    isTTY: sink.isTTY,
    write: (text: string) =>
      sink.write(
        terminalText(text, "lines")
          .split("\n")
          .map((line) => clipLine(line, MAX_MESSAGE_LINE))
          .join("\n"),
      ),
  };
}

function clipLine(line: string, limit: number): string {
  return line.length <= limit
    ? line
    : `${line.slice(0, limit)}… (${line.length - limit} more characters)`;
}

/**
 * A command's whole output made safe for a terminal (and for a file someone will `cat`): table
 * and Markdown text through the sanitiser, CSV without control bytes other than its line
 * breaks, JSON and SARIF with \u escapes (still exactly the same values).
 */
export function safeOutput(text: string, format: OutputFormat): string {
  switch (format) {
    case "json":
    case "sarif":
      return jsonTerminalSafe(text);
    case "csv":
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "");
    default:
      return terminalText(text, "lines");
  }
}

/** A sink that replaces every secret with `***` before it writes; secrets shorter than 4 are left. */
export function redactingSink(sink: TextSink, secrets: readonly string[]): TextSink {
  const hidden = secrets.filter((secret) => secret.length >= 4);
  return {
    write: (text: string) => sink.write(redact(text, hidden)),
  };
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join("***");
  }
  return result;
}

/**
 * Writes a command's result to `--out FILE` (and says so on stderr) or to stdout. The text is
 * redacted either way, so a token can never reach a file either.
 */
export function emit(
  text: string,
  target: { out?: string; cwd: string; stdout: TextSink; stderr: TextSink; secrets: string[] },
): void {
  if (target.out === undefined) {
    target.stdout.write(text);
    return;
  }
  const path = resolve(target.cwd, target.out);
  try {
    writeFileSync(path, redact(text, target.secrets), "utf8");
  } catch (error) {
    throw new UsageError(`--out: cannot write ${path}: ${fileProblem(error)}.`);
  }
  target.stderr.write(`Wrote ${path}\n`);
}
