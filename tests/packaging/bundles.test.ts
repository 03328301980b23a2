/**
 * The production bundles in dist/ evaluate no strings as code: no eval, no Function constructor,
 * no string timers, and the pages carry no inline script or inline event handler. Azure DevOps may
 * serve extension pages under a Content-Security-Policy without 'unsafe-eval'; a bundle needing
 * eval would break there, and eval is where injected text turns into running script.
 *
 * `npm test` builds before jest, so a missing dist/ is a failure here, never a silent pass.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname, "..", "..");
const dist = join(root, "dist");

/** Every file under a folder, depth first. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Ways minified code evaluates a string; each with a name for the failure message. */
const STRING_EVALUATION: { name: string; pattern: RegExp }[] = [
  // eval( , (0,eval)( , window.eval( , globalThis["eval"](
  {
    name: "eval",
    pattern: /(?<![\w$])eval\s*\(|[.[]\s*["'`]?eval["'`]?\s*\]?\s*\(|,\s*eval\s*\)/g,
  },
  { name: "new Function", pattern: /\bnew\s+Function\s*\(/g },
  // Function("return this")() and friends: the constructor called with a string.
  { name: "Function(string)", pattern: /(?<![\w$.])Function\s*\(\s*["'`]/g },
  // x.constructor("return this"): the Function constructor reached through a function.
  { name: "constructor(string)", pattern: /\.constructor\s*\(\s*["'`]/g },
  { name: "string timer", pattern: /\bset(?:Timeout|Interval|Immediate)\s*\(\s*["'`]/g },
];

interface Finding {
  file: string;
  kind: string;
  excerpt: string;
}

function findStringEvaluation(file: string, text: string): Finding[] {
  return STRING_EVALUATION.flatMap(({ name, pattern }) =>
    [...text.matchAll(pattern)].map((match) => ({
      file,
      kind: name,
      excerpt: text.slice(Math.max(0, (match.index ?? 0) - 60), (match.index ?? 0) + 60),
    })),
  );
}

describe("the scanner", () => {
  // The checks below can only be trusted if the patterns catch what they are meant to.
  it.each([
    ["eval(code)", "eval"],
    ["var a=(0,eval)(code)", "eval"],
    ['window["eval"](code)', "eval"],
    ["window.eval(code)", "eval"],
    ['var f=new Function("a","return a")', "new Function"],
    ['var g=Function("return this")()', "Function(string)"],
    ['var g=(function(){}).constructor("return this")()', "constructor(string)"],
    ["setTimeout('tick()',10)", "string timer"],
    ['setInterval("tick()",10)', "string timer"],
  ])("finds %s", (code, kind) => {
    expect(findStringEvaluation("sample.js", code).map((finding) => finding.kind)).toContain(kind);
  });

  it.each([
    "setTimeout(function(){},10)",
    "retrieval(x)",
    "medieval(x)",
    "x instanceof Function",
    'typeof x==="function"',
  ])("leaves %s alone", (code) => {
    expect(findStringEvaluation("sample.js", code)).toEqual([]);
  });
});

describe("dist/", () => {
  it("exists (run npm run build; npm test builds before jest)", () => {
    expect(existsSync(dist)).toBe(true);
  });

  const files = existsSync(dist) ? filesUnder(dist) : [];
  const scripts = files.filter((file) => file.endsWith(".js"));
  const pages = files.filter((file) => file.endsWith(".html"));

  it("holds the bundles and their pages", () => {
    expect(scripts.length).toBeGreaterThan(0);
    expect(pages.length).toBeGreaterThan(0);
  });

  it("has no JavaScript bundle that evaluates a string as code", () => {
    const findings = scripts.flatMap((file) =>
      findStringEvaluation(relative(root, file), readFileSync(file, "utf8")),
    );
    expect(findings).toEqual([]);
  });

  it("ships no eval-based source map (webpack devtool eval-*)", () => {
    const evalModules = scripts.filter((file) =>
      /\/\/# sourceURL=webpack:/.test(readFileSync(file, "utf8")),
    );
    expect(evalModules.map((file) => relative(root, file))).toEqual([]);
  });

  it("has pages that load scripts only from files, with no inline handlers", () => {
    const problems = pages.flatMap((file) => {
      const html = readFileSync(file, "utf8");
      const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
        .filter((match) => !/\bsrc\s*=/.test(match[1]) || match[2].trim() !== "")
        .map(() => `${relative(root, file)}: inline <script>`);
      const handlers = [...html.matchAll(/<[^>]+\s(on[a-z]+)\s*=/gi)].map(
        (match) => `${relative(root, file)}: ${match[1]} attribute`,
      );
      const jsUrls = /(?:href|src)\s*=\s*["']?\s*javascript:/i.test(html)
        ? [`${relative(root, file)}: javascript: URL`]
        : [];
      return [...inline, ...handlers, ...jsUrls];
    });
    expect(problems).toEqual([]);
  });
});
