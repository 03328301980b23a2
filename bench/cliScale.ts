/**
 * The CLI at scale: each command runs as its own process (bin/release-trace.js, as users run it)
 * against the small and the large demo organization, under /usr/bin/time for its peak resident
 * set size. The ratio of large to small, next to the ratio of the data, shows whether a command
 * grows with the data or faster (a quadratic blow-up would show as a time ratio far above the
 * data ratio). Emulator latency 0 ms, so the figures are the CLI's own work.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_SEED, startEmulator, type RunningEmulator } from "../dev/emulator/index";
import { anchorFor } from "../dev/emulator/demo/generate";
import { createAdoSources, patAuth } from "../src/adapters/ado";
import type { Sources } from "../src/core/sources";
import { mdTable } from "../src/core/report/text";
import { ratio, type BenchScenario, type BudgetCheck } from "./lib";

const ROOT = join(__dirname, "..");
const TIME = "/usr/bin/time";
/** Peak RSS a command may reach on the large demo. */
const RSS_BUDGET_MB = 1024;
const BULK_WORK_ITEMS = 2000;

interface CommandRun {
  exitCode: number;
  seconds: number;
  peakRssMb: number;
  outputBytes: number;
  stderrTail: string;
  /** Rows written, where the command lists rows (work-items), and how many there should be. */
  rows?: number;
  expectedRows?: number;
}

/** Runs the CLI in a child process under /usr/bin/time; the token goes in the environment. */
function runCli(args: string[], outFile: string): Promise<CommandRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      TIME,
      ["-f", "RT_TIME %M %e", process.execPath, join(ROOT, "bin", "release-trace.js"), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, AZURE_DEVOPS_TOKEN: "bench-token" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const match = /RT_TIME (\d+) ([\d.]+)/.exec(stderr);
      if (!match) {
        reject(new Error(`no /usr/bin/time figures for ${args.join(" ")}: ${stderr}`));
        return;
      }
      resolveRun({
        exitCode: code ?? -1,
        peakRssMb: Math.round(Number(match[1]) / 1024),
        seconds: Number(match[2]),
        outputBytes: existsSync(outFile) ? statSync(outFile).size : 0,
        stderrTail: stderr
          .replace(/RT_TIME .*\n?/, "")
          .trim()
          .split("\n")
          .slice(-2)
          .join(" / "),
      });
    });
  });
}

/** A run of web-app-ci-cd bringing many work items, and one of those work items. */
async function bulkSubjects(
  sources: Sources,
  project: string,
): Promise<{ runId: number; workItemId: number }> {
  const pipelines = await sources.build.listPipelines(project);
  const pipeline = pipelines.find((candidate) => candidate.name === "web-app-ci-cd");
  if (!pipeline) throw new Error("the demo has no web-app-ci-cd pipeline");
  const runs = await sources.build.listRuns(project, {
    pipelineIds: [pipeline.id],
    status: "completed",
  });
  let best: { runId: number; workItemId: number; count: number } | undefined;
  for (const run of runs) {
    const ids = await sources.build.getRunWorkItemIds(project, run.id);
    if (ids.length > 0 && (!best || ids.length > best.count)) {
      best = { runId: run.id, workItemId: ids[0], count: ids.length };
    }
    if (ids.length >= BULK_WORK_ITEMS) break;
  }
  if (!best) throw new Error("no run of web-app-ci-cd links a work item");
  return best;
}

function metricsSince(): string {
  return new Date(anchorFor(DEMO_SEED).getTime() - 90 * 24 * 3600 * 1000).toISOString();
}

interface LabelledRun {
  /** The command line without the connection flags, e.g. "evidence --run 19312". */
  label: string;
  run: CommandRun;
}

interface Row {
  command: string;
  label: string;
  small?: CommandRun;
  large: CommandRun;
}

async function runAll(
  emulator: RunningEmulator,
  outDir: string,
  size: string,
): Promise<Map<string, LabelledRun>> {
  const { sources } = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("bench") });
  const project = emulator.project.name;
  const { runId, workItemId } = await bulkSubjects(sources, project);
  const common = ["--org", emulator.orgUrl, "--project", project, "--format", "json"];
  const commands: [string, string[]][] = [
    ["inventory", ["inventory"]],
    ["compliance", ["compliance"]],
    ["deployed", ["deployed"]],
    ["trace", ["trace", "--work-item", String(workItemId)]],
    ["evidence", ["evidence", "--run", String(runId)]],
    ["work-items", ["work-items"]],
    // The demo's "now" is its anchor: the last 90 days before it, the whole delivery history.
    [
      "metrics",
      ["metrics", "--since", metricsSince(), "--until", anchorFor(DEMO_SEED).toISOString()],
    ],
  ];
  const results = new Map<string, LabelledRun>();
  for (const [name, args] of commands) {
    const out = join(outDir, `${size}-${name}.json`);
    const run = await runCli([...args, ...common, "--out", out], out);
    if (name === "work-items" && existsSync(out)) {
      run.rows = (JSON.parse(readFileSync(out, "utf8")) as { count: number }).count;
      run.expectedRows = (await sources.workItems.listWorkItemIds(project)).length;
    }
    results.set(name, { label: args.join(" "), run });
  }
  return results;
}

export const cliScaleScenario: BenchScenario = {
  name: "cli",
  async run(log) {
    if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak RSS`);
    const outDir = mkdtempSync(join(tmpdir(), "bench-cli-"));
    const problems: string[] = [];
    const budgets: BudgetCheck[] = [];
    const sizes: Record<
      string,
      { runs: Map<string, LabelledRun>; summary: RunningEmulator["summary"] }
    > = {};
    try {
      for (const size of ["small", "large"] as const) {
        const emulator = await startEmulator({ port: 0, seed: DEMO_SEED, size });
        try {
          const runs = await runAll(emulator, outDir, size);
          sizes[size] = { runs, summary: emulator.summary };
        } finally {
          await emulator.close();
        }
      }
      const names = [
        "inventory",
        "compliance",
        "deployed",
        "trace",
        "evidence",
        "work-items",
        "metrics",
      ];
      const rows: Row[] = names.map((command) => {
        const large = sizes.large.runs.get(command) as LabelledRun;
        return {
          command,
          label: large.label,
          small: sizes.small.runs.get(command)?.run,
          large: large.run,
        };
      });
      for (const row of rows) {
        log(
          `  cli ${row.label}: large ${row.large.seconds.toFixed(2)} s, peak RSS ${row.large.peakRssMb} MB, ${Math.round(row.large.outputBytes / 1024)} KB out${row.large.rows !== undefined ? ` (${row.large.rows} rows)` : ""}, exit ${row.large.exitCode}` +
            (row.small
              ? `; small ${row.small.seconds.toFixed(2)} s, ${row.small.peakRssMb} MB`
              : ""),
        );
        if (row.large.exitCode !== 0 && row.large.exitCode !== 3) {
          problems.push(
            `cli ${row.command} on the large demo exited ${row.large.exitCode}: ${row.large.stderrTail}`,
          );
        }
        if (row.command === "work-items" && row.large.rows !== row.large.expectedRows) {
          problems.push(
            `cli work-items on the large demo wrote ${row.large.rows} rows, the project has ${row.large.expectedRows}`,
          );
        }
        budgets.push({
          name: `CLI ${row.command} peak RSS (large demo)`,
          measured: row.large.peakRssMb,
          limit: RSS_BUDGET_MB,
          unit: "MB",
        });
      }
      const small = sizes.small.summary;
      const large = sizes.large.summary;
      const markdown = [
        "## CLI at scale (peak memory, growth from the small to the large demo)",
        "",
        `Each command runs as its own process (\`node bin/release-trace.js <command> --org … --project ${"Fabrikam"} --format json --out FILE\`, token in the environment) under \`/usr/bin/time\` (peak RSS of the CLI process only; the emulator runs in the bench process), emulator latency 0 ms. Small demo: ${small.repositories} repositories, ${small.workItems} work items, ${small.runs} runs; large: ${large.repositories} repositories, ${large.workItems} work items, ${large.runs} runs (×${(large.repositories / small.repositories).toFixed(0)} repositories, ×${(large.runs / small.runs).toFixed(0)} runs, ×${(large.workItems / small.workItems).toFixed(0)} work items). \`trace\` follows a work item of the web-app-ci-cd run with the most work items, \`evidence\` packs that run. Peak-RSS budget: ${RSS_BUDGET_MB} MB. Exit 3 means partial data (the demo holds deliberate gaps).`,
        "",
        mdTable(
          [
            "Command",
            "Large: time",
            "Large: peak RSS",
            "Large: output",
            "Exit",
            "Small: time",
            "Small: peak RSS",
            "Time large/small",
          ],
          rows.map((row) => [
            row.label,
            `${row.large.seconds.toFixed(2)} s`,
            `${row.large.peakRssMb} MB`,
            `${Math.round(row.large.outputBytes / 1024)} KB${row.large.rows !== undefined ? ` (${row.large.rows} rows)` : ""}`,
            row.large.exitCode,
            row.small ? `${row.small.seconds.toFixed(2)} s` : "–",
            row.small ? `${row.small.peakRssMb} MB` : "–",
            row.small ? ratio(row.large.seconds, row.small.seconds) : "–",
          ]),
        ),
        "",
        "The time of each process includes Node start-up and loading the TypeScript sources through tsx (about a second on its own), which dominates the small figures.",
        "",
      ].join("\n");
      return { markdown, problems, budgets };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
