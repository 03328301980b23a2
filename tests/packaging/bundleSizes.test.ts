/**
 * scripts/bundle-sizes.js counts, per page, the scripts it loads first plus the chunks reachable
 * from its entry (dist/bundle-graph.json), and any script no page reaches against every page.
 * Checked on a small fabricated dist/ so each rule can fail on its own.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

interface Row {
  name: string;
  initialScripts: number;
  initialGzip: number;
  onDemand: string[];
  scripts: number;
  gzip: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script is CommonJS
const { measureBundles } = require("../../scripts/bundle-sizes.js") as {
  measureBundles(dist: string): { rows: Row[]; unattributed: string[] };
};

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
          hub: { initial: ["hub/hub.js"], onDemand: ["chunks/shared.js", "chunks/tab.js"] },
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

  it("refuses a dist/ without the bundle graph", () => {
    rmSync(join(dist, "bundle-graph.json"));
    expect(() => measureBundles(dist)).toThrow(/bundle-graph\.json is missing/);
  });
});
