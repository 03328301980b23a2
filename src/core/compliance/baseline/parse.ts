import { CORE_SCHEMA, load, Type, YAMLException } from "js-yaml";

/**
 * The one baseline parser of the hub and the CLI, so a file gets the same reading everywhere.
 * YAML 1.2 core schema plus merge keys (`<<:`): `expires: 2026-12-31` stays the string the
 * author wrote (no timestamp type), and a key given twice is an error, in YAML and JSON alike.
 */

export type BaselineFormat = "json" | "yaml";

/** Where a parse problem is, 1-based, when the parser knows. */
export interface TextPosition {
  line: number;
  column: number;
}

/** A baseline text that is not JSON or YAML at all (or breaks a parsing bound). */
export class BaselineParseError extends Error {
  constructor(
    readonly source: string,
    readonly format: BaselineFormat,
    readonly reason: string,
    readonly position?: TextPosition | null,
  ) {
    const where = position ? ` at line ${position.line}, column ${position.column}` : "";
    super(`Baseline ${source} is not valid ${formatName(format)}${where}: ${reason}`);
    this.name = "BaselineParseError";
  }
}

function formatName(format: BaselineFormat): string {
  return format === "json" ? "JSON" : "YAML";
}

/** The format a file name implies: .yml and .yaml are YAML, everything else JSON. */
export function baselineFormatOf(source: string): BaselineFormat {
  return /\.ya?ml$/i.test(source) ? "yaml" : "json";
}

// js-yaml's own merge type, declared here because its typings do not export `types`.
const mergeKey = new Type("tag:yaml.org,2002:merge", {
  kind: "scalar",
  resolve: (data: unknown) => data === "<<" || data === null,
});
const BASELINE_SCHEMA = CORE_SCHEMA.extend({ implicit: [mergeKey] });

/** Aliases share one object; copying them out may add at most this many values (an alias bomb). */
export const MAX_ALIASED_VALUES = 10_000;
const MAX_DEPTH = 64;

/**
 * Parses a baseline text (a leading byte-order mark is ignored) into plain data: every alias
 * expanded into its own copy, bounded by MAX_ALIASED_VALUES. Empty or comment-only text is null.
 */
export function parseBaselineDocument(
  text: string,
  source: string,
  format: BaselineFormat,
): unknown {
  const body = text.replace(/^\uFEFF/, "");
  const document = format === "json" ? parseJson(body, source) : parseYaml(body, source);
  return expand(document, source, format);
}

function parseYaml(text: string, source: string): unknown {
  try {
    return load(text, { schema: BASELINE_SCHEMA });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const mark = error.mark;
    const position = mark ? { line: mark.line + 1, column: mark.column + 1 } : undefined;
    throw new BaselineParseError(source, "yaml", error.reason ?? error.message, position);
  }
}

function parseJson(text: string, source: string): unknown {
  if (text.trim() === "") return null;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 names an offset ("… in JSON at position 35"); the line and column are what an editor finds.
    const offset = /at position (\d+)/.exec(error.message);
    const reason = error.message.replace(/ in JSON at position[^]*$/, "");
    throw new BaselineParseError(source, "json", reason, offset && positionAt(text, +offset[1]));
  }
  const duplicate = duplicateJsonKey(text);
  if (duplicate) {
    throw new BaselineParseError(
      source,
      "json",
      `duplicated key "${duplicate.key}"`,
      positionAt(text, duplicate.offset),
    );
  }
  return document;
}

function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

interface JsonFrame {
  keys?: Set<string>;
  expectKey: boolean;
}

/**
 * The first key that appears twice in one object of a JSON text that already parsed. JSON.parse
 * keeps the last silently; a baseline whose second `rules` hides the first must not pass.
 */
export function duplicateJsonKey(text: string): { key: string; offset: number } | undefined {
  const stack: JsonFrame[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const top = stack[stack.length - 1];
    if (char === '"') {
      const end = stringEnd(text, index);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(index, end + 1)) as string;
        if (top.keys.has(key)) return { key, offset: index };
        top.keys.add(key);
        top.expectKey = false;
      }
      index = end;
    } else if (char === "{") stack.push({ keys: new Set(), expectKey: true });
    else if (char === "[") stack.push({ expectKey: false });
    else if (char === "}" || char === "]") stack.pop();
    else if (char === "," && top?.keys) top.expectKey = true;
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
  return index;
}

/**
 * A deep copy with every shared (aliased) value copied out, so later steps may change one place
 * without changing another, and an alias bomb is refused before anything walks it.
 */
function expand(document: unknown, source: string, format: BaselineFormat): unknown {
  let budget = MAX_ALIASED_VALUES;
  const seen = new Set<object>();
  const copy = (value: unknown, depth: number, aliased: boolean): unknown => {
    if (depth > MAX_DEPTH) {
      throw new BaselineParseError(source, format, `it nests deeper than ${MAX_DEPTH} levels`);
    }
    const isObject = typeof value === "object" && value !== null;
    // A value met a second time came through an alias, and so does everything inside it.
    const copied = aliased || (isObject && seen.has(value));
    if (copied && (budget -= 1) < 0) {
      throw new BaselineParseError(
        source,
        format,
        `its aliases expand to more than ${MAX_ALIASED_VALUES} values`,
      );
    }
    if (!isObject) return value;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1, copied));
    // fromEntries defines own properties, so a `__proto__` key stays an ordinary key.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, copy(item, depth + 1, copied)]),
    );
  };
  return copy(document, 0, false);
}
