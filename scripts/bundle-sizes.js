#!/usr/bin/env node
/*
 * Gzip size of each contribution's JavaScript: every script its page loads (entry + chunks), read
 * from dist/<name>/<name>.html after `npm run build`. Fails when a budget is exceeded.
 * Scripts no page names (chunks loaded on demand) would escape the count, so they are added to
 * every page's total: the budget is what a page may load, not only what it loads first.
 * `npm run bench` requires this file and uses measureBundles(), so both report the same figures.
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const DIST = path.resolve(__dirname, "..", "dist");
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

/**
 * The gzip JS of every contribution page in `dist`: { rows: [{ name, scripts, raw, gzip, budget,
 * over }] (bytes; budget in KB), onDemand: [relative paths] }. Throws when dist has no pages.
 */
function measureBundles(dist = DIST) {
  if (!fs.existsSync(dist)) {
    throw new Error(
      "dist/ does not exist: run `npm run build` (or `npx webpack --mode production`) first.",
    );
  }
  const pages = fs
    .readdirSync(dist, { withFileTypes: true })
    .filter(
      (dirent) =>
        dirent.isDirectory() && fs.existsSync(path.join(dist, dirent.name, `${dirent.name}.html`)),
    )
    .map((dirent) => dirent.name)
    .sort();
  if (pages.length === 0) throw new Error("No contribution pages found in dist/.");
  const named = new Set(pages.flatMap((name) => scriptsOf(path.join(dist, name, `${name}.html`))));
  const onDemand = listScripts(dist).filter((file) => !named.has(file));
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
    return { name, scripts: scripts.length, raw, gzip, budget, over: gzip > budget * KB };
  });
  return { rows, onDemand: onDemand.map((file) => path.relative(dist, file)) };
}

function main() {
  let measured;
  try {
    measured = measureBundles();
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  for (const file of measured.onDemand) {
    console.log(`on-demand chunk counted against every page: ${file}`);
  }
  const { rows } = measured;
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
  if (rows.some((row) => row.over)) {
    console.error("One or more contributions exceed their gzip budget.");
    process.exit(1);
  }
}

module.exports = { measureBundles, budgets };

if (require.main === module) main();
