#!/usr/bin/env node
/*
 * Gzip size of each contribution's JavaScript after `npm run build`, against budgets for what a
 * user loads: a widget, configuration page or form group loads all of it (the scripts its page
 * names, dist/<name>/<name>.html, and every chunk reachable from its entry), so its budget is the
 * whole; the hub loads its first scripts, then one tab at a time, so it has a budget for its first
 * scripts and one for each import() of its entry (a tab with what that tab may load in turn), from
 * dist/bundle-graph.json that the build writes.
 * `npm run bench` requires this file and uses measureBundles(), so both report the same figures.
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const DIST = path.resolve(__dirname, "..", "dist");
const KB = 1024;
/**
 * Budgets in KB (gzip): `total` covers everything a page may load; `initial` the scripts it loads
 * first and `eachPart` each of its on-demand parts (a hub tab with what it needs).
 */
const budgets = {
  hub: { initial: 180, eachPart: 80 },
  "work-item-deployments": { total: 180 },
  default: { total: 150 }, // widgets and their configurations
};

function scriptsOf(htmlFile) {
  const html = fs.readFileSync(htmlFile, "utf8");
  // Attribute values may be quoted or not (the page is minified).
  const sources = [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)].map(
    (match) => match[1] ?? match[2] ?? match[3],
  );
  return sources.map((src) => path.resolve(path.dirname(htmlFile), decodeURI(src.split("?")[0])));
}

/** dist/tasks holds the pipeline task (`npm run build:task`): it runs on agents, no page loads it. */
const NOT_PAGE_SCRIPTS = new Set(["tasks"]);

function listScripts(folder, top = true) {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((dirent) => {
    const full = path.join(folder, dirent.name);
    if (dirent.isDirectory())
      return top && NOT_PAGE_SCRIPTS.has(dirent.name) ? [] : listScripts(full, false);
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

/** The budget checks of one page: [{ what, gzip, budget, over }], gzip in bytes, budget in KB. */
function checksOf(budget, sizes) {
  const check = (what, gzip, limit) => ({ what, gzip, budget: limit, over: gzip > limit * KB });
  const checks = [];
  if (budget.total !== undefined) checks.push(check("all it may load", sizes.total, budget.total));
  if (budget.initial !== undefined)
    checks.push(check("first scripts", sizes.first, budget.initial));
  if (budget.eachPart !== undefined) {
    for (const part of sizes.parts) checks.push(check(part.name, part.gzip, budget.eachPart));
  }
  return checks;
}

/**
 * The gzip JS of every contribution page in `dist`: { rows, unattributed }. Per page (bytes;
 * budgets in KB): `initial*` are the scripts its HTML loads, `raw`/`gzip`/`scripts` add the chunks
 * it may load on demand (listed in `onDemand`), `parts` are the import()s of its entry with what
 * each may load, and `checks` the page's budgets with their figures (`budget` is the first one's,
 * `over` whether any is exceeded). Scripts in dist/ that no page loads or reaches
 * (`unattributed`) are counted in every page's first scripts, so nothing escapes a budget. Throws
 * when dist has no pages or no bundle graph.
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
    if ((budgets[name] ?? budgets.default).eachPart !== undefined && !graph[name]?.parts) {
      throw new Error(
        `bundle-graph.json has no parts for ${name}: rebuild with \`npm run build\`.`,
      );
    }
    const parts = Object.entries(graph[name]?.parts ?? {}).map(([part, files]) => ({
      name: part,
      files: files.map(inDist).filter((file) => !initial.has(file)),
    }));
    return { name, initial: [...initial], onDemand, parts };
  });
  const attributed = new Set(plans.flatMap((plan) => [...plan.initial, ...plan.onDemand]));
  const unattributed = listScripts(dist).filter((file) => !attributed.has(file));
  const rows = plans.map(({ name, initial, onDemand, parts }) => {
    const first = sizeOf([...initial, ...unattributed]);
    const later = sizeOf(onDemand);
    const partSizes = parts.map((part) => ({
      name: part.name,
      files: part.files.map((file) => path.relative(dist, file)),
      gzip: sizeOf(part.files).gzip,
    }));
    const gzip = first.gzip + later.gzip;
    const checks = checksOf(budgets[name] ?? budgets.default, {
      total: gzip,
      first: first.gzip,
      parts: partSizes,
    });
    return {
      name,
      initialScripts: initial.length,
      initialRaw: first.raw,
      initialGzip: first.gzip,
      onDemand: onDemand.map((file) => path.relative(dist, file)),
      parts: partSizes,
      scripts: initial.length + onDemand.length + unattributed.length,
      raw: first.raw + later.raw,
      gzip,
      checks,
      budget: checks[0].budget,
      over: checks.some((check) => check.over),
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
    `${"contribution".padEnd(width)}  scripts  initial gzip KB  with on-demand: raw KB  gzip KB`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(width)}  ${`${row.initialScripts}+${row.scripts - row.initialScripts}`.padStart(7)}  ${kb(row.initialGzip, 15)}  ${kb(row.raw, 22)}  ${kb(row.gzip, 7)}`,
    );
    for (const check of row.checks) {
      console.log(
        `  budget ${check.what}: ${kb(check.gzip, 0)} of ${check.budget} KB${check.over ? "  OVER BUDGET" : ""}`,
      );
    }
  }
  if (rows.some((row) => row.over)) {
    console.error("One or more contributions exceed their gzip budget.");
    process.exit(1);
  }
}

module.exports = { measureBundles, budgets };

if (require.main === module) main();
