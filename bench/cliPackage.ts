/**
 * The CLI as users install it: `npm pack` (which builds dist-cli/ in `prepare`), installed offline
 * with no scripts and no dev dependencies into an empty prefix, then timed against the sources
 * run through tsx (what `npx release-trace` ran before the bundle). Budgets: `--help` within
 * 0.3 s, the installed footprint within 15 MB, `compliance` on the large demo within 1.5× the
 * source run's wall time. Other Node versions run the same commands when their binaries are
 * listed in RELEASE_TRACE_BENCH_NODES (colon-separated paths).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DEMO_SEED, startEmulator } from "../dev/emulator/index";
import { mdTable } from "../src/core/report/text";
import { ratio, type BenchScenario, type BudgetCheck } from "./lib";

const ROOT = join(__dirname, "..");
const MB = 1024 * 1024;
const HELP_BUDGET_S = 0.3;
const FOOTPRINT_BUDGET_MB = 15;
const COMPLIANCE_RATIO_BUDGET = 1.5;
const HELP_RUNS = 7;
const COMPLIANCE_RUNS = 3;

/** The sources, as bin/release-trace.js runs them without a bundle. */
const FROM_SOURCES = `require("tsx/cjs/api").register(); require("./src/cli/main.ts").runCli({ argv: process.argv.slice(1), env: process.env, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then((code) => { process.exitCode = code; });`;

interface Timed {
  code: number;
  seconds: number;
  stderr: string;
}

function timed(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, maxBuffer: 256 * MB },
      (error, _stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, seconds: (performance.now() - started) / 1000, stderr });
      },
    );
  });
}

/**
 * Runs each command `runs` times, round-robin after one discarded warm-up round, so a burst of
 * load on the machine costs every command alike; the median run of each.
 */
async function interleaved(runs: number, commands: (() => Promise<Timed>)[]): Promise<Timed[]> {
  const results: Timed[][] = commands.map(() => []);
  for (let round = 0; round <= runs; round++) {
    for (const [index, command] of commands.entries()) {
      const result = await command();
      if (round > 0) results[index].push(result);
    }
  }
  return results.map((list) => {
    list.sort((a, b) => a.seconds - b.seconds);
    return list[Math.floor(list.length / 2)];
  });
}

function sizeOf(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

/** Packs the checkout and installs the tarball offline into an empty prefix; returns its bin. */
async function packAndInstall(work: string): Promise<{ bin: string; tarballBytes: number }> {
  const env = { HOME: process.env.HOME, npm_config_cache: join(work, "cache") };
  mkdirSync(join(work, "pack"));
  const pack = await timed("npm", ["pack", "--pack-destination", join(work, "pack")], env);
  if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [tarball] = readdirSync(join(work, "pack")).map((name) => join(work, "pack", name));
  const flags = ["--offline", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund"];
  const prefix = join(work, "prefix");
  const args = ["install", "--global", "--prefix", prefix, ...flags, tarball];
  const install = await timed("npm", args, env);
  if (install.code !== 0) throw new Error(`npm install of the tarball failed: ${install.stderr}`);
  return { bin: join(prefix, "bin", "release-trace"), tarballBytes: statSync(tarball).size };
}

function otherNodes(): string[] {
  return (process.env.RELEASE_TRACE_BENCH_NODES ?? "").split(":").filter((path) => path !== "");
}

interface Figures {
  tarballBytes: number;
  footprintMb: number;
  bare: Timed;
  help: Timed;
  helpSources: Timed;
  helpCold: Timed;
  bundled: Timed;
  sources: Timed;
  repositories: number;
  versions: { version: string; help: Timed; scan: Timed }[];
}

async function nodeVersion(node: string): Promise<string> {
  return new Promise((resolve) =>
    execFile(node, ["--version"], (_error, stdout) => resolve(stdout.trim())),
  );
}

async function measureAll(work: string, orgUrl: string, project: string): Promise<Figures> {
  const { bin, tarballBytes } = await packAndInstall(work);
  const node = process.execPath;
  const scan = ["--org", orgUrl, "--project", project, "--format", "json"];
  scan.push("--out", join(work, "compliance.json"));
  const token = { AZURE_DEVOPS_TOKEN: "bench-token" };
  const [bare, help, helpSources, helpCold] = await interleaved(HELP_RUNS, [
    () => timed(node, ["-e", "0"]),
    () => timed(node, [bin, "--help"]),
    () => timed(node, ["-e", FROM_SOURCES, "--", "--help"]),
    // A fresh agent has no tsx cache: every start compiles the sources again.
    () => timed(node, ["-e", FROM_SOURCES, "--", "--help"], { TSX_DISABLE_CACHE: "1" }),
  ]);
  const [bundled, sources] = await interleaved(COMPLIANCE_RUNS, [
    () => timed(node, [bin, "compliance", ...scan], token),
    () => timed(node, ["-e", FROM_SOURCES, "--", "compliance", ...scan], token),
  ]);
  const footprintMb = sizeOf(join(work, "prefix")) / MB;
  const figures = {
    tarballBytes,
    footprintMb,
    bare,
    help,
    helpSources,
    helpCold,
    bundled,
    sources,
  };
  const versions = [];
  for (const other of otherNodes()) {
    const [otherHelp, otherScan] = await interleaved(1, [
      () => timed(other, [bin, "--help"]),
      () => timed(other, [bin, "compliance", ...scan], token),
    ]);
    versions.push({ version: await nodeVersion(other), help: otherHelp, scan: otherScan });
  }
  versions.unshift({ version: process.version, help, scan: bundled });
  return { ...figures, versions, repositories: 0 };
}

function budgetsOf(figures: Figures): BudgetCheck[] {
  return [
    {
      name: "CLI --help (installed)",
      measured: round(figures.help.seconds),
      limit: HELP_BUDGET_S,
      unit: "s",
    },
    {
      name: "CLI installed footprint",
      measured: round(figures.footprintMb),
      limit: FOOTPRINT_BUDGET_MB,
      unit: "MB",
    },
    {
      name: "CLI compliance (large demo), bundle ÷ sources",
      measured: round(figures.bundled.seconds / figures.sources.seconds),
      limit: COMPLIANCE_RATIO_BUDGET,
      unit: "×",
    },
  ];
}

function markdownOf(figures: Figures): string {
  const { help, helpSources, bundled, sources } = figures;
  return [
    "## CLI package (npm pack, installed offline into an empty prefix)",
    "",
    `The tarball \`npm pack\` writes (\`prepare\` bundles \`dist-cli/release-trace.js\` first) is installed with \`npm install --global --prefix EMPTY --offline --ignore-scripts --omit=dev\`: it has no dependencies to fetch. Times are medians (${HELP_RUNS} runs for \`--help\`, ${COMPLIANCE_RUNS} for \`compliance\`), wall clock, emulator latency 0 ms; "sources" is the same command run from the TypeScript sources through tsx, as the checkout ran it before the bundle. Wall times swing with the machine's load; \`node -e 0\` shows what Node's own start costs in the same run.`,
    "",
    mdTable(
      ["Figure", "Installed bundle", "Sources (tsx)", "Ratio", "Budget"],
      [
        ["Tarball", `${Math.round(figures.tarballBytes / 1024)} KB`, "–", "–", "–"],
        ["Installed footprint", `${figures.footprintMb.toFixed(2)} MB`, "–", "–", "15 MB"],
        [
          "`--help`",
          seconds(help),
          seconds(helpSources),
          ratio(help.seconds, helpSources.seconds),
          "0.3 s",
        ],
        [
          "--help, no tsx cache",
          "–",
          seconds(figures.helpCold),
          ratio(help.seconds, figures.helpCold.seconds),
          "–",
        ],
        ["node -e 0 (Node's own start)", seconds(figures.bare), "–", "–", "–"],
        [
          `compliance, large demo (${figures.repositories} repositories)`,
          seconds(bundled),
          seconds(sources),
          ratio(bundled.seconds, sources.seconds),
          "1.5× sources",
        ],
      ],
    ),
    "",
    "Node versions (the installed bundle; add others with `RELEASE_TRACE_BENCH_NODES=/path/to/node:…`):",
    "",
    mdTable(
      ["Node", "--help", "compliance (large demo)", "Exit"],
      figures.versions.map((row) => [
        row.version,
        seconds(row.help),
        seconds(row.scan),
        row.scan.code,
      ]),
    ),
    "",
  ].join("\n");
}

export const cliPackageScenario: BenchScenario = {
  name: "cli-package",
  async run(log) {
    const work = mkdtempSync(join(tmpdir(), "bench-cli-package-"));
    const emulator = await startEmulator({ port: 0, seed: DEMO_SEED, size: "large" });
    try {
      const figures = await measureAll(work, emulator.orgUrl, emulator.project.name);
      figures.repositories = emulator.summary.repositories;
      const { help, helpSources, bundled, sources, bare } = figures;
      log(
        `  tarball ${Math.round(figures.tarballBytes / 1024)} KB, installed ${figures.footprintMb.toFixed(2)} MB; --help ${seconds(help)} (sources ${seconds(helpSources)}, bare node ${seconds(bare)}); compliance large ${seconds(bundled)} (sources ${seconds(sources)})`,
      );
      for (const row of figures.versions) {
        log(
          `  ${row.version}: --help ${seconds(row.help)}, compliance exit ${row.scan.code} in ${seconds(row.scan)}`,
        );
      }
      const problems = [bundled, sources, ...figures.versions.map((row) => row.scan)]
        .filter((run) => run.code !== 0 && run.code !== 3)
        .map((run) => `compliance exited ${run.code}: ${run.stderr.trim().split("\n").pop()}`);
      return { markdown: markdownOf(figures), problems, budgets: budgetsOf(figures) };
    } finally {
      await emulator.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function seconds(run: Timed): string {
  return `${run.seconds.toFixed(2)} s`;
}
