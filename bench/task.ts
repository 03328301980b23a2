/**
 * The ReleaseTrace@1 pipeline task: its one-file bundle (raw and gzip), the .vsix that ships it
 * (tfx extension create, offline), and one compliance run of the bundled task against the small
 * demo with the agent's environment, as tests/task runs it.
 *
 * Needs the production dist/ (the bundles section builds it; BENCH_SKIP_BUILD=1 and a prior
 * `npm run build` also do).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import JSZip from "jszip";
import { startEmulator } from "../dev/emulator";
import { mdTable } from "../src/core/report/text";
import { buildTask, TASK_DIR } from "../scripts/build-task";
import type { BenchScenario, BudgetCheck } from "./lib";

const ROOT = join(__dirname, "..");
const KB = 1024;
/** The task downloads to every agent that runs it: a guard against pulling in the browser stack. */
const TASK_BUNDLE_BUDGET_KB = 1024;

const kb = (bytes: number) => Math.round((bytes / KB) * 10) / 10;

/** What the .vsix says about the task: the contribution it lists and the files of its folder. */
interface VsixTask {
  bytes: number;
  /** The task contribution's folder (`properties.name`), if the packaged manifest lists one. */
  folder?: string;
  files: string[];
}

/** The .vsix tfx creates from this checkout's manifest and dist/: its size and its task. */
async function packedVsix(): Promise<VsixTask> {
  const out = mkdtempSync(join(tmpdir(), "rt-bench-vsix-"));
  try {
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "tfx-cli", "_build", "tfx-cli.js"),
        "extension",
        "create",
        "--manifest-globs",
        "vss-extension.json",
        "--output-path",
        out,
        "--no-prompt",
        "--no-color",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`tfx extension create failed: ${result.stderr}`);
    const vsix = readdirSync(out).find((name) => name.endsWith(".vsix"));
    if (!vsix) throw new Error("tfx wrote no .vsix");
    const bytes = readFileSync(join(out, vsix));
    const zip = await JSZip.loadAsync(bytes);
    const packaged = JSON.parse(
      (await zip.file("extension.vsomanifest")?.async("string")) ?? "{}",
    ) as {
      contributions?: Array<{ type: string; properties?: { name?: string } }>;
    };
    const folder = packaged.contributions?.find(
      (contribution) => contribution.type === "ms.vss-distributed-task.task",
    )?.properties?.name;
    const files = folder
      ? Object.keys(zip.files).filter(
          (path) => path.startsWith(`${folder}/`) && !zip.files[path].dir,
        )
      : [];
    return { bytes: bytes.length, folder, files: files.sort() };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** One `compliance` run of the bundled task against the small demo, in ms. */
async function taskRunMs(taskFile: string): Promise<{ ms: number; result: string }> {
  const emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
  const work = mkdtempSync(join(tmpdir(), "rt-bench-task-"));
  const taskEnv = {
    PATH: process.env.PATH ?? "",
    INPUT_COMMAND: "compliance",
    SYSTEM_COLLECTIONURI: `${emulator.orgUrl}/`,
    SYSTEM_TEAMPROJECT: emulator.project.name,
    AGENT_TEMPDIRECTORY: join(work, "_temp"),
    BUILD_ARTIFACTSTAGINGDIRECTORY: join(work, "a"),
    BUILD_SOURCESDIRECTORY: join(work, "s"),
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: "bench-job-token",
  };
  try {
    for (const folder of ["a", "s", "_temp"]) mkdirSync(join(work, folder));
    const started = Date.now();
    // Asynchronous: the emulator answers from this process while the task runs.
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = "";
      const child = spawn(process.execPath, [taskFile], { cwd: work, env: taskEnv });
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.on("error", reject);
      child.on("close", () => resolve(text));
    });
    const ms = Date.now() - started;
    const result = /##vso\[task\.complete result=(\w+)/.exec(stdout)?.[1] ?? "none";
    return { ms, result };
  } finally {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}
export const taskScenario: BenchScenario = {
  name: "task",
  async run(log) {
    if (!existsSync(join(ROOT, "dist"))) {
      return { markdown: "", problems: ["task: dist/ is missing; run npm run build first"] };
    }
    await buildTask("prod");
    const bundle = readFileSync(join(TASK_DIR, "index.js"));
    const gzip = gzipSync(bundle, { level: 9 }).length;
    const packed = await packedVsix();
    const vsix = packed.bytes;
    const inFolder = packed.files.map((path) => path.slice(`${packed.folder}/`.length));
    const listed = packed.folder ? `${packed.folder}/: ${inFolder.join(", ")}` : "no task";
    const run = await taskRunMs(join(TASK_DIR, "index.js"));
    log(`task bundle ${kb(bundle.length)} KB (${kb(gzip)} KB gzip); .vsix ${kb(vsix)} KB`);
    log(`.vsix task: ${listed}`);
    log(`task compliance run on the small demo: ${run.ms} ms, ${run.result}`);
    const budgets: BudgetCheck[] = [
      {
        name: "task bundle raw",
        measured: kb(bundle.length),
        limit: TASK_BUNDLE_BUDGET_KB,
        unit: "KB",
      },
    ];
    const markdown = [
      "## Pipeline task (ReleaseTrace@1)",
      "",
      "`dist/tasks/ReleaseTrace/index.js` is the whole task (esbuild, minified, task library included); the .vsix is what `tfx extension create` packs from this checkout (offline). The run is the bundled task in a child process with the agent's variables, `command: compliance` on the small demo.",
      "",
      mdTable(
        ["Figure", "Value"],
        [
          ["Task bundle", `${kb(bundle.length)} KB (${kb(gzip)} KB gzip)`],
          [".vsix (extension with the task)", `${kb(vsix)} KB`],
          [".vsix task contribution and folder", listed],
          ["Task compliance run, small demo", `${run.ms} ms (${run.result})`],
        ],
      ),
      "",
    ].join("\n");
    const problems = [
      ...(run.result.startsWith("Succeeded") ? [] : [`task run ended ${run.result}`]),
      ...(packed.files.some((path) => path.endsWith("/index.js"))
        ? []
        : [`the .vsix does not ship the task: ${listed}`]),
    ];
    return { markdown, problems, budgets };
  },
};
