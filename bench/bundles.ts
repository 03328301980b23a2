/**
 * Per-contribution gzip JS against the budgets of what a user loads (the hub's first scripts
 * ≤ 180 KB and each tab's on-demand chunks ≤ 80 KB; each widget and widget configuration ≤ 150 KB
 * and the work item form group ≤ 180 KB with everything they may load), with the logic and budgets
 * of scripts/bundle-sizes.js.
 *
 * Builds the production bundles first (about a minute), so the figures are those of the sources
 * in this checkout; BENCH_SKIP_BUILD=1 measures the dist/ already there instead.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { mdTable } from "../src/core/report/text";
import type { BenchScenario, BudgetCheck } from "./lib";

interface BundleRow {
  name: string;
  /** The scripts the page loads first. */
  initialScripts: number;
  initialGzip: number;
  /** Chunks reachable from the page's entry through import(), relative to dist/. */
  onDemand: string[];
  /** With the on-demand chunks (and any script no page reaches): what the budget applies to. */
  scripts: number;
  raw: number;
  gzip: number;
  /** The page's budgets: what each covers, its gzip bytes and its limit in KB. */
  checks: { what: string; gzip: number; budget: number; over: boolean }[];
  over: boolean;
}

interface BundleSizes {
  measureBundles(dist?: string): { rows: BundleRow[]; unattributed: string[] };
}

const ROOT = join(__dirname, "..");
const KB = 1024;

/** Runs the production webpack build; the bench's browser section uses the same bundles. */
export function buildBundles(log: (line: string) => void): void {
  if (process.env.BENCH_SKIP_BUILD === "1") {
    log("BENCH_SKIP_BUILD=1: measuring the dist/ already built");
    return;
  }
  log("Building the production bundles (webpack --mode production)…");
  const result = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"), "--mode", "production"],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`webpack failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

function kb(bytes: number): number {
  return Math.round((bytes / KB) * 10) / 10;
}

/** "first scripts 150.2 of 180 KB; hub-delivery 20.1 of 80 KB". */
function budgetText(row: BundleRow): string {
  return row.checks
    .map((check) => `${check.what} ${kb(check.gzip)} of ${check.budget} KB`)
    .join("; ");
}

export const bundlesScenario: BenchScenario = {
  name: "bundles",
  async run(log) {
    buildBundles(log);
    // CommonJS script shared with `npm run build`, so both report the same figures.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sizes = require("../scripts/bundle-sizes.js") as BundleSizes;
    const { rows, unattributed } = sizes.measureBundles(join(ROOT, "dist"));
    for (const file of unattributed) {
      log(`script no page loads or reaches, counted against every page: ${file}`);
    }
    for (const row of rows) {
      log(
        `${row.name.padEnd(28)} ${String(kb(row.initialGzip)).padStart(6)} KB gzip initial, ${String(kb(row.gzip)).padStart(6)} KB with on-demand (${budgetText(row)})${row.over ? "  OVER BUDGET" : ""}`,
      );
    }
    const budgets: BudgetCheck[] = rows.flatMap((row) =>
      row.checks.map((check) => ({
        name: `${row.name} gzip JS, ${check.what}`,
        measured: kb(check.gzip),
        limit: check.budget,
        unit: "KB",
      })),
    );
    const markdown = [
      "## Bundle sizes (gzip JS per contribution)",
      "",
      "Production build of this checkout (`webpack --mode production`), measured like `scripts/bundle-sizes.js`, each script gzipped at level 9. *Initial*: the scripts the contribution's page names. *With on-demand*: plus the chunks reachable from its entry through `import()` (from `dist/bundle-graph.json`, written by the build), and any script no page reaches. Budgets are per what a user loads: a widget, configuration page or the form group loads all of it; the hub loads its first scripts, then each tab (an `import()` of its entry with what it may load in turn) when it is opened.",
      "",
      mdTable(
        [
          "Contribution",
          "Scripts (initial + on demand)",
          "Initial gzip KB",
          "With on-demand raw KB",
          "With on-demand gzip KB",
          "Budgets (gzip KB)",
          "Verdict",
        ],
        rows.map((row) => [
          row.name,
          `${row.initialScripts} + ${row.scripts - row.initialScripts}`,
          kb(row.initialGzip),
          kb(row.raw),
          kb(row.gzip),
          budgetText(row),
          row.over ? "**OVER BUDGET**" : "met",
        ]),
      ),
      "",
      ...rows
        .filter((row) => row.onDemand.length > 0)
        .map(
          (row) =>
            `On-demand chunks of ${row.name}: ${row.onDemand.map((file) => `\`${file}\``).join(", ")}.`,
        ),
      unattributed.length > 0
        ? `Scripts no page loads or reaches, counted against every page: ${unattributed.map((file) => `\`${file}\``).join(", ")}.`
        : "Every script in dist/ is loaded or reachable by some page.",
      "",
    ].join("\n");
    return { markdown, problems: [], budgets };
  },
};
