import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../dev/emulator";
import { runInProcess } from "../cli/helpers";
import packageJson from "../../package.json";

const ROOT = join(__dirname, "..", "..");
const MB = 1024 * 1024;
/** The installed footprint budget (the whole prefix: the package and its dependencies). */
const FOOTPRINT_BUDGET = 15 * MB;
/** What the bundle may carry from node_modules: the CLI's runtime needs, nothing of the browser. */
const BUNDLED_PACKAGES = ["azure-devops-extension-api", "js-yaml", "whatwg-fetch"];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<Run>((resolve) => {
    execFile(
      file,
      args,
      { ...options, timeout: 120_000, maxBuffer: 64 * MB },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** npm with no token, no registry it could reach, and its own empty cache. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: cache };
  for (const name of Object.keys(env)) {
    if (/TOKEN|_PAT$|^npm_config_(registry|prefix|global|dry_run)/i.test(name)) delete env[name];
  }
  // An address nothing listens on: any registry request fails instead of reaching a network.
  env.npm_config_registry = "http://127.0.0.1:9/";
  return env;
}

function sizeOf(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

/** The source path esbuild writes above each module it bundled ("// src/cli/main.ts"). */
function bundledModules(bundle: string): string[] {
  return [...bundle.matchAll(/^\/\/ ((?:src|dev|node_modules|bench|tests|scripts)\/\S+)$/gm)].map(
    (match) => match[1],
  );
}

function packageOf(modulePath: string): string {
  const parts = modulePath.split("/");
  return parts[1].startsWith("@") ? `${parts[1]}/${parts[2]}` : parts[1];
}

/** A report with the clock's fields removed, to compare two runs of one command. */
function withoutClock(json: string): unknown {
  return JSON.parse(json, (key, value) => (key === "generatedAt" ? undefined : value));
}

jest.setTimeout(240_000);

describe("the CLI package (npm pack, installed offline into an empty prefix)", () => {
  const work = mkdtempSync(join(tmpdir(), "release-trace-package-"));
  const prefix = join(work, "prefix");
  const env = npmEnv(join(work, "cache"));
  const installed = join(prefix, "lib", "node_modules", "release-trace");
  const bin = join(prefix, "bin", "release-trace");
  let tarball = "";
  let emulator: RunningEmulator;

  beforeAll(async () => {
    mkdirSync(join(work, "pack"));
    // npm pack runs `prepare`, which builds dist-cli/release-trace.js from the sources.
    const pack = await run("npm", ["pack", "--pack-destination", join(work, "pack")], {
      cwd: ROOT,
      env,
    });
    expect(pack).toMatchObject({ code: 0 });
    tarball = join(work, "pack", `release-trace-${packageJson.version}.tgz`);
    const install = await run(
      "npm",
      [
        "install",
        "--global",
        "--prefix",
        prefix,
        "--offline",
        "--ignore-scripts",
        "--omit=dev",
        "--no-audit",
        "--no-fund",
        tarball,
      ],
      { cwd: work, env },
    );
    expect(install).toMatchObject({ code: 0 });
    emulator = await startEmulator({ port: 0, size: "small" });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it("ships the whitelisted files only, and installs no dependency", async () => {
    const listing = await run("tar", ["-tzf", tarball], {});
    expect(listing.stdout.trim().split("\n").sort()).toEqual(
      [
        "package/CHANGELOG.md",
        "package/LICENSE",
        "package/README.md",
        "package/SECURITY.md",
        "package/bin/release-trace.js",
        "package/dist-cli/release-trace.js",
        "package/package.json",
      ].sort(),
    );
    expect(packageJson).not.toHaveProperty("dependencies");
    expect(readdirSync(join(prefix, "lib", "node_modules"))).toEqual(["release-trace"]);
    expect(readdirSync(installed)).not.toContain("node_modules");
  });

  it("stays within the footprint budget", () => {
    expect(sizeOf(prefix)).toBeLessThanOrEqual(FOOTPRINT_BUDGET);
  });

  it("bundles no dev/ code and nothing of the browser stack", () => {
    const bundle = readFileSync(join(installed, "dist-cli", "release-trace.js"), "utf8");
    const modules = bundledModules(bundle);
    expect(modules).toContain("src/cli/main.ts");
    expect(
      modules.filter((path) => !/^(src\/(cli|core|adapters)\/|node_modules\/)/.test(path)),
    ).toEqual([]);
    const packages = new Set(
      modules.filter((path) => path.startsWith("node_modules/")).map(packageOf),
    );
    expect([...packages].sort()).toEqual(BUNDLED_PACKAGES);
    // The esbuild metafile of the same build agrees: nothing under dev/ reached the output.
    const meta = JSON.parse(
      readFileSync(join(ROOT, "dist-cli", "release-trace.meta.json"), "utf8"),
    ) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const inOutput = Object.values(meta.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
    expect(inOutput).toContain("src/cli/main.ts");
    expect(inOutput.filter((path) => !/^(src|node_modules)\//.test(path))).toEqual([]);
  });

  it("answers --help and --version", async () => {
    const [help, version] = await Promise.all([
      run(bin, ["--help"], { cwd: work }),
      run(bin, ["--version"], { cwd: work }),
    ]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: release-trace <command> \[flags\]/);
    expect(version).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: "" });
  });

  it("says --demo needs a source checkout", async () => {
    const demo = await run(bin, ["inventory", "--demo"], { cwd: work });
    expect(demo.code).toBe(2);
    expect(demo.stderr).toMatch(/--demo needs the demo emulator of a source checkout/);
  });

  it("runs every command against an organization URL as the sources do", async () => {
    const token = "rt-package-token-8c1f";
    const target = ["--org", emulator.orgUrl, "--project", emulator.project.name];
    const items = await runInProcess(["work-items", ...target, "--format", "json"], {
      AZURE_DEVOPS_TOKEN: token,
    });
    const workItem = String(JSON.parse(items.stdout).workItems[0].id);
    const change = ["--pipeline", "web-app-ci-cd", "--environment", "prod"];
    const changes = await runInProcess(["changes", ...change, ...target, "--format", "json"], {
      AZURE_DEVOPS_TOKEN: token,
    });
    const runId = String(JSON.parse(changes.stdout).current.id);
    const commands = [
      ["compliance"],
      ["inventory"],
      ["gates"],
      ["deployed"],
      ["work-items", "--type", "Bug"],
      ["trace", "--work-item", workItem],
      ["changes", ...change],
      ["evidence", "--run", runId],
    ];
    for (const command of commands) {
      const argv = [...command, ...target, "--format", "json"];
      const [fromPackage, fromSources] = await Promise.all([
        run(bin, argv, { cwd: work, env: { PATH: process.env.PATH, AZURE_DEVOPS_TOKEN: token } }),
        runInProcess(argv, { AZURE_DEVOPS_TOKEN: token }),
      ]);
      expect([command[0], fromPackage.code, fromPackage.stderr]).toEqual([
        command[0],
        fromSources.code,
        fromSources.stderr,
      ]);
      expect(withoutClock(fromPackage.stdout)).toEqual(withoutClock(fromSources.stdout));
      expect(fromPackage.stdout + fromPackage.stderr).not.toContain(token);
    }
  });

  it("merges org-scan parts as the sources do", async () => {
    const part = join(work, "part.json");
    const scan = ["compliance", "--org", emulator.orgUrl, "--projects", emulator.project.name];
    const written = await runInProcess([...scan, "--format", "json", "--out", part], {
      AZURE_DEVOPS_TOKEN: "rt-package-token-8c1f",
    });
    expect(written.code).toBe(0);
    const argv = ["merge", part, "--format", "json"];
    const [fromPackage, fromSources] = await Promise.all([
      run(bin, argv, { cwd: work, env: { PATH: process.env.PATH } }),
      runInProcess(argv),
    ]);
    expect([fromPackage.code, fromPackage.stderr]).toEqual([fromSources.code, fromSources.stderr]);
    expect(withoutClock(fromPackage.stdout)).toEqual(withoutClock(fromSources.stdout));
  });
});
