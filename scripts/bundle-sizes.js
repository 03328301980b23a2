#!/usr/bin/env node
/*
 * Gzip size of each contribution's JavaScript: every script its page loads (entry + chunks), read
 * from dist/<name>/<name>.html after `npm run build`. Fails when a budget is exceeded.
 * Scripts no page names (chunks loaded on demand) would escape the count, so they are added to
 * every page's total: the budget is what a page may load, not only what it loads first.
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const dist = path.resolve(__dirname, "..", "dist");
const KB = 1024;
/** Budgets in KB (gzip). */
const budgets = {
  hub: 250,
  "work-item-deployments": 180,
  default: 150, // widgets and their configurations
};

function scriptsOf(htmlFile) {
  const html = fs.readFileSync(htmlFile, "utf8");
  // Attribute values may be quoted or not (the page is minified).
  const sources = [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)].map(
    (match) => match[1] ?? match[2] ?? match[3],
  );
  return sources.map((src) => path.resolve(path.dirname(htmlFile), decodeURI(src.split("?")[0])));
}

function listScripts(folder) {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((dirent) => {
    const full = path.join(folder, dirent.name);
    if (dirent.isDirectory()) return listScripts(full);
    return dirent.name.endsWith(".js") ? [full] : [];
  });
}

function main() {
  if (!fs.existsSync(dist)) {
    console.error(
      "dist/ does not exist: run `npm run build` (or `npx webpack --mode production`) first.",
    );
    process.exit(2);
  }
  const pages = fs
    .readdirSync(dist, { withFileTypes: true })
    .filter(
      (dirent) =>
        dirent.isDirectory() && fs.existsSync(path.join(dist, dirent.name, `${dirent.name}.html`)),
    )
    .map((dirent) => dirent.name)
    .sort();
  if (pages.length === 0) {
    console.error("No contribution pages found in dist/.");
    process.exit(2);
  }
  const named = new Set(pages.flatMap((name) => scriptsOf(path.join(dist, name, `${name}.html`))));
  const onDemand = listScripts(dist).filter((file) => !named.has(file));
  for (const file of onDemand) {
    console.log(`on-demand chunk counted against every page: ${path.relative(dist, file)}`);
  }
  let failed = false;
  const rows = pages.map((name) => {
    const scripts = [...scriptsOf(path.join(dist, name, `${name}.html`)), ...onDemand];
    let raw = 0;
    let gzip = 0;
    for (const script of scripts) {
      const content = fs.readFileSync(script);
      raw += content.length;
      gzip += zlib.gzipSync(content, { level: 9 }).length;
    }
    const budget = budgets[name] ?? budgets.default;
    const over = gzip > budget * KB;
    if (over) failed = true;
    return { name, scripts: scripts.length, raw, gzip, budget, over };
  });
  const width = Math.max(...rows.map((row) => row.name.length), "contribution".length);
  console.log(`${"contribution".padEnd(width)}  scripts  raw KB   gzip KB  budget KB`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(width)}  ${String(row.scripts).padStart(7)}  ${(row.raw / KB).toFixed(1).padStart(6)}  ${(
        row.gzip / KB
      )
        .toFixed(1)
        .padStart(8)}  ${String(row.budget).padStart(9)}${row.over ? "  OVER BUDGET" : ""}`,
    );
  }
  if (failed) {
    console.error("One or more contributions exceed their gzip budget.");
    process.exit(1);
  }
}

main();
