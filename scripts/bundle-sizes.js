#!/usr/bin/env node
/*
 * Gzip size of each contribution's JavaScript after `npm run build`: the scripts its page loads
 * first (dist/<name>/<name>.html) and, separately, with the chunks it may load on demand (those
 * reachable from its entry, from dist/bundle-graph.json that the build writes). Fails when a
 * budget is exceeded; the budget is what a page may load, not only what it loads first.
 * `npm run bench` requires this file and uses measureBundles(), so both report the same figures.
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const DIST = path.resolve(__dirname, "..", "dist");
const KB = 1024;
/** Budgets in KB (gzip). */
const budgets = {
  // 251: reading Classic gate samples through Get Release, checking the YAML checkpoint-id joins
  // and pacing when rate-limit headers are hidden cost the hub 0.9 KB (it was within 0.1 KB of 250).
  hub: 251,
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

function sizeOf(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const content = fs.readFileSync(file);
    raw += content.length;
    gzip += zlib.gzipSync(content, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** dist/bundle-graph.json, written by the build (BundleGraphPlugin in webpack.config.js). */
function readGraph(dist) {
  const file = path.join(dist, "bundle-graph.json");
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: rebuild with \`npm run build\` (webpack writes it).`);
  }
  return JSON.parse(fs.readFileSync(file, "utf8")).pages;
}

/**
 * The gzip JS of every contribution page in `dist`: { rows, unattributed }. Per page (bytes;
 * budget in KB): `initial*` are the scripts its HTML loads, `raw`/`gzip`/`scripts` add the chunks
 * it may load on demand (listed in `onDemand`); the budget applies to the latter. Scripts in dist/
 * that no page loads or reaches (`unattributed`) are counted against every page, so nothing
 * escapes the budget. Throws when dist has no pages or no bundle graph.
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
  const graph = readGraph(dist);
  const inDist = (relative) => path.resolve(dist, relative);
  const plans = pages.map((name) => {
    // What the page's HTML loads, plus what the graph says it loads first (normally the same).
    const initial = new Set([
      ...scriptsOf(path.join(dist, name, `${name}.html`)),
      ...(graph[name]?.initial ?? []).map(inDist),
    ]);
    const onDemand = (graph[name]?.onDemand ?? []).map(inDist).filter((file) => !initial.has(file));
    return { name, initial: [...initial], onDemand };
  });
  const attributed = new Set(plans.flatMap((plan) => [...plan.initial, ...plan.onDemand]));
  const unattributed = listScripts(dist).filter((file) => !attributed.has(file));
  const rows = plans.map(({ name, initial, onDemand }) => {
    const first = sizeOf(initial);
    const later = sizeOf([...onDemand, ...unattributed]);
    const budget = budgets[name] ?? budgets.default;
    const gzip = first.gzip + later.gzip;
    return {
      name,
      initialScripts: initial.length,
      initialRaw: first.raw,
      initialGzip: first.gzip,
      onDemand: onDemand.map((file) => path.relative(dist, file)),
      scripts: initial.length + onDemand.length + unattributed.length,
      raw: first.raw + later.raw,
      gzip,
      budget,
      over: gzip > budget * KB,
    };
  });
  return { rows, unattributed: unattributed.map((file) => path.relative(dist, file)) };
}

function main() {
  let measured;
  try {
    measured = measureBundles();
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  for (const file of measured.unattributed) {
    console.log(`script no page loads or reaches, counted against every page: ${file}`);
  }
  const { rows } = measured;
  const width = Math.max(...rows.map((row) => row.name.length), "contribution".length);
  const kb = (bytes, pad) => (bytes / KB).toFixed(1).padStart(pad);
  console.log(
    `${"contribution".padEnd(width)}  scripts  initial gzip KB  with on-demand: raw KB  gzip KB  budget KB`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(width)}  ${`${row.initialScripts}+${row.scripts - row.initialScripts}`.padStart(7)}  ${kb(row.initialGzip, 15)}  ${kb(row.raw, 22)}  ${kb(row.gzip, 7)}  ${String(row.budget).padStart(9)}${row.over ? "  OVER BUDGET" : ""}`,
    );
  }
  if (rows.some((row) => row.over)) {
    console.error("One or more contributions exceed their gzip budget.");
    process.exit(1);
  }
}

module.exports = { measureBundles, budgets };

if (require.main === module) main();
