/**
 * Per-contribution gzip JS against the budgets (hub ≤ 250 KB, each widget and widget
 * configuration ≤ 150 KB, the work item form group ≤ 180 KB), with the logic and budgets of
 * scripts/bundle-sizes.js: on-demand chunks count against every page.
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
  scripts: number;
  raw: number;
  gzip: number;
  /** KB (gzip). */
  budget: number;
  over: boolean;
}

interface BundleSizes {
  measureBundles(dist?: string): { rows: BundleRow[]; onDemand: string[] };
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

export const bundlesScenario: BenchScenario = {
  name: "bundles",
  async run(log) {
    buildBundles(log);
    // CommonJS script shared with `npm run build`, so both report the same figures.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sizes = require("../scripts/bundle-sizes.js") as BundleSizes;
    const { rows, onDemand } = sizes.measureBundles(join(ROOT, "dist"));
    for (const file of onDemand) log(`on-demand chunk counted against every page: ${file}`);
    for (const row of rows) {
      log(
        `${row.name.padEnd(28)} ${String(kb(row.gzip)).padStart(6)} KB gzip (budget ${row.budget} KB)${row.over ? "  OVER BUDGET" : ""}`,
      );
    }
    const budgets: BudgetCheck[] = rows.map((row) => ({
      name: `${row.name} gzip JS`,
      measured: kb(row.gzip),
      limit: row.budget,
      unit: "KB",
    }));
    const markdown = [
      "## Bundle sizes (gzip JS per contribution)",
      "",
      "Production build of this checkout (`webpack --mode production`), measured like `scripts/bundle-sizes.js`: every script the contribution's page names, plus every chunk no page names (loaded on demand), each gzipped at level 9.",
      "",
      mdTable(
        ["Contribution", "Scripts", "Raw KB", "Gzip KB", "Budget KB", "Verdict"],
        rows.map((row) => [
          row.name,
          row.scripts,
          kb(row.raw),
          kb(row.gzip),
          row.budget,
          row.over ? "**OVER BUDGET**" : "met",
        ]),
      ),
      "",
      onDemand.length > 0
        ? `On-demand chunks counted against every page: ${onDemand.map((file) => `\`${file}\``).join(", ")}.`
        : "No on-demand chunks.",
      "",
    ].join("\n");
    return { markdown, problems: [], budgets };
  },
};
