/**
 * scripts/bundle-sizes.js counts, per page, the scripts it loads first plus the chunks reachable
 * from its entry (dist/bundle-graph.json), and any script no page reaches against every page; the
 * hub's budgets are its first scripts and each tab, a widget's everything it may load.
 * Checked on a small fabricated dist/ so each rule can fail on its own.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

interface Check {
  what: string;
  gzip: number;
  budget: number;
  over: boolean;
}

interface Row {
  name: string;
  initialScripts: number;
  initialGzip: number;
  onDemand: string[];
  parts: { name: string; files: string[]; gzip: number }[];
  scripts: number;
  gzip: number;
  checks: Check[];
  over: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script is CommonJS
const { measureBundles } = require("../../scripts/bundle-sizes.js") as {
  measureBundles(dist: string): { rows: Row[]; unattributed: string[] };
};

const KB = 1024;
/** Random hex (4 bits a character): gzips to a little over `kb` KB. */
const incompressible = (kb: number) => randomBytes(kb * KB).toString("hex");

const gz = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

describe("bundle-sizes", () => {
  let dist: string;
  const files: Record<string, string> = {
    "hub/hub.js": "console.log('hub entry');".repeat(20),
    "widget/widget.js": "console.log('widget entry');".repeat(20),
    "chunks/tab.js": "console.log('a tab');".repeat(20),
    "chunks/shared.js": "console.log('shared by tabs');".repeat(20),
  };

  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), "bundle-sizes-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dist, path, ".."), { recursive: true });
      writeFileSync(join(dist, path), text);
    }
    for (const page of ["hub", "widget"]) {
      writeFileSync(
        join(dist, page, `${page}.html`),
        `<html><body><script defer src="${page}.js"></script></body></html>`,
      );
    }
    writeFileSync(
      join(dist, "bundle-graph.json"),
      JSON.stringify({
        pages: {
          hub: {
            initial: ["hub/hub.js"],
            onDemand: ["chunks/shared.js", "chunks/tab.js"],
            parts: { "hub-tab": ["chunks/shared.js", "chunks/tab.js"] },
          },
          widget: { initial: ["widget/widget.js"], onDemand: [] },
        },
      }),
    );
  });

  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  it("counts a page's on-demand chunks against that page only", () => {
    const { rows, unattributed } = measureBundles(dist);
    const hub = rows.find((row) => row.name === "hub") as Row;
    const widget = rows.find((row) => row.name === "widget") as Row;
    expect(unattributed).toEqual([]);
    expect(hub.initialGzip).toBe(gz(files["hub/hub.js"]));
    expect(hub.gzip).toBe(
      gz(files["hub/hub.js"]) + gz(files["chunks/tab.js"]) + gz(files["chunks/shared.js"]),
    );
    expect(hub.onDemand).toEqual(["chunks/shared.js", "chunks/tab.js"]);
    expect([hub.initialScripts, hub.scripts]).toEqual([1, 3]);
    expect(widget.gzip).toBe(gz(files["widget/widget.js"]));
    expect(widget.scripts).toBe(1);
  });

  it("counts a script no page reaches against every page", () => {
    writeFileSync(join(dist, "chunks", "stray.js"), "console.log('stray');");
    const { rows, unattributed } = measureBundles(dist);
    expect(unattributed).toEqual(["chunks/stray.js"]);
    const widget = rows.find((row) => row.name === "widget") as Row;
    expect(widget.gzip).toBe(gz(files["widget/widget.js"]) + gz("console.log('stray');"));
  });

  it("budgets the hub's first scripts and each tab, a widget's whole", () => {
    const { rows } = measureBundles(dist);
    const hub = rows.find((row) => row.name === "hub") as Row;
    const widget = rows.find((row) => row.name === "widget") as Row;
    expect(hub.parts).toEqual([
      {
        name: "hub-tab",
        files: ["chunks/shared.js", "chunks/tab.js"],
        gzip: gz(files["chunks/tab.js"]) + gz(files["chunks/shared.js"]),
      },
    ]);
    expect(hub.checks.map(({ what, budget }) => [what, budget])).toEqual([
      ["first scripts", 180],
      ["hub-tab", 80],
    ]);
    expect(hub.checks[0].gzip).toBe(hub.initialGzip);
    expect(widget.checks).toEqual([
      { what: "all it may load", gzip: widget.gzip, budget: 150, over: false },
    ]);
    expect([hub.over, widget.over]).toEqual([false, false]);
  });

  it("flags a tab over 80 KB though the hub's first scripts are within theirs", () => {
    writeFileSync(join(dist, "chunks", "tab.js"), incompressible(90));
    const hub = measureBundles(dist).rows.find((row) => row.name === "hub") as Row;
    expect(hub.checks.map(({ what, over }) => [what, over])).toEqual([
      ["first scripts", false],
      ["hub-tab", true],
    ]);
    expect(hub.over).toBe(true);
  });

  it("flags a widget over 150 KB counting its on-demand chunks", () => {
    writeFileSync(join(dist, "widget", "widget.js"), incompressible(100));
    writeFileSync(join(dist, "chunks", "lazy.js"), incompressible(60));
    const graph = {
      pages: {
        hub: { initial: ["hub/hub.js"], onDemand: [], parts: {} },
        widget: { initial: ["widget/widget.js"], onDemand: ["chunks/lazy.js"], parts: {} },
      },
    };
    writeFileSync(join(dist, "bundle-graph.json"), JSON.stringify(graph));
    rmSync(join(dist, "chunks", "tab.js"));
    rmSync(join(dist, "chunks", "shared.js"));
    const widget = measureBundles(dist).rows.find((row) => row.name === "widget") as Row;
    expect(widget.initialGzip).toBeLessThan(150 * KB);
    expect(widget.checks).toMatchObject([{ what: "all it may load", over: true }]);
  });

  it("refuses a bundle graph without the hub's parts (an older build)", () => {
    writeFileSync(
      join(dist, "bundle-graph.json"),
      JSON.stringify({ pages: { hub: { initial: ["hub/hub.js"], onDemand: [] } } }),
    );
    expect(() => measureBundles(dist)).toThrow(/no parts for hub/);
  });

  it("leaves the pipeline task out: it runs on agents, no page loads it", () => {
    mkdirSync(join(dist, "tasks", "ReleaseTrace"), { recursive: true });
    writeFileSync(join(dist, "tasks", "ReleaseTrace", "index.js"), incompressible(200));
    const { rows, unattributed } = measureBundles(dist);
    expect(unattributed).toEqual([]);
    expect(rows.some((row) => row.over)).toBe(false);
  });

  it("refuses a dist/ without the bundle graph", () => {
    rmSync(join(dist, "bundle-graph.json"));
    expect(() => measureBundles(dist)).toThrow(/bundle-graph\.json is missing/);
  });
});
