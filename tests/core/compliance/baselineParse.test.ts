import {
  BaselineParseError,
  duplicateJsonKey,
  MAX_ALIASED_VALUES,
  parseBaselineDocument,
} from "../../../src/core/compliance/baseline/parse";

function problemOf(run: () => unknown): BaselineParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof BaselineParseError) return error;
    throw error;
  }
  throw new Error("expected a BaselineParseError");
}

describe("parseBaselineDocument", () => {
  it("merges merge keys and keeps dates, including date-times, as the text written", () => {
    const document = parseBaselineDocument(
      "base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\nwhen: 2026-12-31\nat: 2026-12-31T10:00:00Z\n",
      "b.yml",
      "yaml",
    );
    expect(document).toEqual({
      base: { a: 1, b: 2 },
      x: { a: 1, b: 3 },
      when: "2026-12-31",
      at: "2026-12-31T10:00:00Z",
    });
  });

  it("copies aliased values apart, so changing one place changes no other", () => {
    const document = parseBaselineDocument("a: &x {k: 1}\nb: *x\n", "b.yml", "yaml") as {
      a: { k: number };
      b: { k: number };
    };
    document.a.k = 2;
    expect(document.b.k).toBe(1);
  });

  it("refuses an alias bomb before anything walks it", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    ].join("\n");
    expect(problemOf(() => parseBaselineDocument(bomb, "b.yml", "yaml")).reason).toBe(
      `its aliases expand to more than ${MAX_ALIASED_VALUES} values`,
    );
  });

  it("refuses nesting deeper than 64 levels, in YAML and JSON", () => {
    const deep = "[".repeat(70) + "]".repeat(70);
    for (const name of ["b.yml", "b.json"] as const) {
      const format = name.endsWith(".yml") ? "yaml" : "json";
      expect(problemOf(() => parseBaselineDocument(deep, name, format)).reason).toBe(
        "it nests deeper than 64 levels",
      );
    }
    // Far deeper: the YAML parser's own bound answers first, still as a parse problem.
    const veryDeep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(problemOf(() => parseBaselineDocument(veryDeep, "b.yml", "yaml")).reason).toMatch(
      /nest/,
    );
  });

  it("keeps a __proto__ key an ordinary key", () => {
    const json = parseBaselineDocument('{"__proto__": {"polluted": true}}', "b.json", "json");
    const yaml = parseBaselineDocument("__proto__: {polluted: true}\n", "b.yml", "yaml");
    for (const document of [json, yaml]) {
      expect(Object.getPrototypeOf(document)).toBe(Object.prototype);
      expect(Object.keys(document as object)).toEqual(["__proto__"]);
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("ignores a byte-order mark and reads empty or comment-only text as nothing", () => {
    expect(parseBaselineDocument('\uFEFF{"a": 1}', "b.json", "json")).toEqual({ a: 1 });
    expect(parseBaselineDocument("\uFEFFa: 1\n", "b.yml", "yaml")).toEqual({ a: 1 });
    expect(parseBaselineDocument("  \n", "b.json", "json")).toBeNull();
    expect(parseBaselineDocument("# nothing\n", "b.yml", "yaml") ?? null).toBeNull();
  });

  it("names the line and column of a JSON syntax error", () => {
    const problem = problemOf(() => parseBaselineDocument('{\n  "a": 1,\n}', "b.json", "json"));
    expect(problem.position).toEqual({ line: 3, column: 1 });
    expect(problem.message).toMatch(/^Baseline b\.json is not valid JSON at line 3, column 1: /);
  });
});

describe("duplicateJsonKey", () => {
  it.each([
    ['{"a": 1, "a": 2}', "a", 9],
    ['{"a": {"b": 1}, "c": {"b": 2}}', undefined, 0],
    ['{"x": [{"k": 1}, {"k": 2}], "y": {"k": 1, "k\\u0000": 2}}', undefined, 0],
    ['{"s": "\\"a\\": 1, \\"a\\"", "a": 1}', undefined, 0],
    ['{"o": {"k": 1, "\\u006b": 2}}', "k", 15],
  ])("%s", (text, key, offset) => {
    const found = duplicateJsonKey(text);
    if (key === undefined) expect(found).toBeUndefined();
    else expect(found).toEqual({ key, offset });
  });
});
