/*
 * templates/org-scan.yml: it parses, its template expressions expand to one matrix job per shard
 * (or per group), and the bash steps it runs are real commands: each step runs here in bash with
 * `release-trace` on PATH, against the demo emulator, artifacts copied between jobs as the
 * pipeline would, and the merged reports come out.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { startEmulator } from "../../dev/emulator";
import type { OrgComplianceReport, OrgSarifLog } from "../../src/core/report/complianceOrg";

const TEMPLATE = join(__dirname, "..", "..", "templates", "org-scan.yml");
const BIN = join(__dirname, "..", "..", "bin", "release-trace.js");
const TOKEN = "rt-template-token-93ab";

type Value = unknown;
type Scope = Record<string, Value>;

// ---- a small evaluator for the template expressions the file uses ----------------------------

/** eq(), ne(), length(), 'strings', numbers and dotted paths (parameters.x, loop.key). */
function evaluate(expression: string, scope: Scope): Value {
  const text = expression.trim();
  const call = /^(\w+)\((.*)\)$/s.exec(text);
  if (call) {
    const args = splitArgs(call[2]).map((arg) => evaluate(arg, scope));
    switch (call[1]) {
      case "eq":
        return String(args[0]) === String(args[1]);
      case "ne":
        return String(args[0]) !== String(args[1]);
      case "length": {
        const value = args[0];
        if (Array.isArray(value) || typeof value === "string") return value.length;
        return value && typeof value === "object" ? Object.keys(value).length : 0;
      }
      default:
        throw new Error(`unsupported function ${call[1]} in the template`);
    }
  }
  if (/^'.*'$/s.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  let value: Value = scope;
  for (const part of text.split(".")) {
    if (value === null || typeof value !== "object" || !(part in value)) {
      throw new Error(`unknown name ${text} in the template`);
    }
    value = (value as Record<string, Value>)[part];
  }
  return value;
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const char of text) {
    if (char === "'") quoted = !quoted;
    if (!quoted && char === "(") depth++;
    if (!quoted && char === ")") depth--;
    if (!quoted && depth === 0 && char === ",") {
      args.push(current);
      current = "";
    } else current += char;
  }
  if (current.trim()) args.push(current);
  return args;
}

const EXPRESSION = /\$\{\{(.+?)\}\}/g;

function interpolate(text: string, scope: Scope): Value {
  const whole = /^\$\{\{(.+)\}\}$/s.exec(text.trim());
  if (whole && !whole[1].includes("}}")) return evaluate(whole[1], scope);
  return text.replace(EXPRESSION, (_match, expression: string) =>
    String(evaluate(expression, scope)),
  );
}

/** Expands ${{ if }}, ${{ else }}, ${{ each }} keys and ${{ }} values, as the service does. */
function expand(node: Value, scope: Scope): Value {
  if (typeof node === "string") return interpolate(node, scope);
  if (Array.isArray(node)) return node.map((item) => expand(item, scope));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, Value> = {};
  let lastIf: boolean | undefined;
  const mergeIn = (value: Value) => Object.assign(out, value as object);
  for (const [key, value] of Object.entries(node)) {
    const condition = /^\$\{\{\s*if (.+)\}\}$/.exec(key);
    const each = /^\$\{\{\s*each (\w+) in (.+)\}\}$/.exec(key);
    if (condition) {
      lastIf = Boolean(evaluate(condition[1], scope));
      if (lastIf) mergeIn(expand(value, scope));
    } else if (/^\$\{\{\s*else\s*\}\}$/.test(key)) {
      if (lastIf === undefined) throw new Error("${{ else }} without ${{ if }}");
      if (!lastIf) mergeIn(expand(value, scope));
      lastIf = undefined;
    } else if (each) {
      const collection = evaluate(each[2], scope);
      const items = Array.isArray(collection)
        ? collection
        : Object.entries(collection as object).map(([k, v]) => ({ key: k, value: v }));
      for (const item of items) mergeIn(expand(value, { ...scope, [each[1]]: item }));
    } else {
      out[String(interpolate(key, scope))] = expand(value, scope);
    }
  }
  return out;
}

// ---- the template as the service would compile it ---------------------------------------------

interface Step {
  bash?: string;
  task?: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  job: string;
  dependsOn?: string;
  strategy?: { matrix: Record<string, Record<string, string>> };
  variables?: Record<string, string>;
  steps: Step[];
}

function compile(parameters: Record<string, Value>): { jobs: Job[] } {
  const template = load(readFileSync(TEMPLATE, "utf8")) as {
    parameters: { name: string; default: Value; values?: Value[] }[];
    jobs: unknown;
  };
  const values: Record<string, Value> = {};
  for (const parameter of template.parameters) {
    values[parameter.name] =
      parameter.name in parameters ? parameters[parameter.name] : parameter.default;
    if (parameter.values) expect(parameter.values).toContain(values[parameter.name]);
  }
  return { jobs: expand(template.jobs, { parameters: values }) as Job[] };
}

/** $(name) macros, as the agent replaces them before bash runs. */
function macros(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\(([\w.]+)\)/g, (match, name: string) => variables[name] ?? match);
}

function bash(
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-c", script],
      { env: { ...env }, cwd, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, out: stdout + stderr });
      },
    );
  });
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let pathWithCli: string;
let npmLog: string;
let tarball: { url: string; integrity: string };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
  // `release-trace` on PATH, as the install step leaves it on an agent.
  const binDir = mkdtempSync(join(tmpdir(), "release-trace-bin-"));
  const wrapper = join(binDir, "release-trace");
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  // The install step downloads a tarball and checks its sha512 before `npm install`; a stand-in
  // `npm` records what it was asked to install (the real CLI is already on PATH).
  npmLog = join(binDir, "npm.log");
  writeFileSync(join(binDir, "npm"), `#!/bin/sh\necho "$@" >> "${npmLog}"\n`);
  chmodSync(join(binDir, "npm"), 0o755);
  const file = join(binDir, "release-trace-0.1.0.tgz");
  writeFileSync(file, "stand-in tarball bytes");
  const digest = createHash("sha512").update(readFileSync(file)).digest("base64");
  tarball = { url: `file://${file}`, integrity: `sha512-${digest}` };
  pathWithCli = `${binDir}:${process.env.PATH ?? ""}`;
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

/** What every step of a job gets: PATH, and the step's own env mapping (macros replaced). */
function stepEnv(step: Step, variables: Record<string, string>): Record<string, string> {
  const mapped = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([name, value]) => [name, macros(String(value), variables)]),
  );
  return { PATH: pathWithCli, HOME: tmpdir(), ...mapped };
}

describe("templates/org-scan.yml", () => {
  it("fans out one matrix job per shard", () => {
    const { jobs } = compile({ shards: [1, 2, 3] });
    const scan = jobs.find((job) => job.job === "compliance_scan");
    expect(scan?.strategy?.matrix).toEqual({
      shard_1: { selection: "--all-projects --shard 1/3", part: "shard-1" },
      shard_2: { selection: "--all-projects --shard 2/3", part: "shard-2" },
      shard_3: { selection: "--all-projects --shard 3/3", part: "shard-3" },
    });
    const merge = jobs.find((job) => job.job === "compliance_merge");
    expect(merge?.dependsOn).toBe("compliance_scan");
  });

  it("fans out one matrix job per group of projects", () => {
    const { jobs } = compile({
      projectGroups: { web: "Fabrikam", shared: "Contoso-Shared,Fabrikam" },
    });
    expect(jobs[0].strategy?.matrix).toEqual({
      web: { selection: '--projects "Fabrikam"', part: "web" },
      shared: { selection: '--projects "Contoso-Shared,Fabrikam"', part: "shared" },
    });
  });

  it("keeps the token off every command line", () => {
    const text = readFileSync(TEMPLATE, "utf8");
    const { jobs } = compile({ patSecretVariable: "ComplianceReaderPat" });
    for (const step of jobs.flatMap((job) => job.steps)) {
      expect(step.bash ?? "").not.toMatch(/AccessToken|TOKEN|PAT\b|--token/i);
    }
    const scanStep = jobs[0].steps.find((step) => step.bash?.includes("release-trace compliance"));
    expect(scanStep?.env).toEqual({
      SYSTEM_ACCESSTOKEN: "$(System.AccessToken)",
      AZURE_DEVOPS_EXT_PAT: "$(ComplianceReaderPat)",
    });
    expect(text).toMatch(/artifact: CodeAnalysisLogs/);
  });

  it("installs only the tarball whose sha512 matches, with no token in the install step", async () => {
    const { jobs } = compile({
      cliTarballUrl: tarball.url,
      cliTarballIntegrity: `sha512-${Buffer.alloc(64).toString("base64")}`,
    });
    const install = jobs[0].steps.find((step) => step.bash?.includes("release-trace.tgz"));
    expect(Object.keys(install?.env ?? {})).toEqual(["CLI_TARBALL_URL", "CLI_TARBALL_INTEGRITY"]);
    writeFileSync(npmLog, "");
    const variables = {
      "Agent.TempDirectory": mkdtempSync(join(tmpdir(), "release-trace-agent-")),
    };
    const result = await bash(
      macros(install?.bash ?? "", variables),
      stepEnv(install as Step, variables),
      tmpdir(),
    );
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/integrity mismatch/);
    expect(readFileSync(npmLog, "utf8")).toBe("");
  });

  it.each([
    ["shards", { shards: [1, 2], failOn: "high" }, 1],
    [
      "groups",
      { projectGroups: { main: "Fabrikam", shared: "Contoso-Shared" }, failOn: "none" },
      0,
    ],
  ] as const)(
    "runs its steps for real (%s): parts, merge, artifacts, gate",
    async (_mode, parameters, gateCode) => {
      const { jobs } = compile({
        ...parameters,
        organizationUrl: emulator.orgUrl,
        cliTarballUrl: tarball.url,
        cliTarballIntegrity: tarball.integrity,
      });
      const [scan, merge] = jobs;
      const root = mkdtempSync(join(tmpdir(), "release-trace-pipeline-"));
      const workspace = join(root, "workspace");
      mkdirSync(join(workspace, "parts"), { recursive: true });
      const secrets = { "System.AccessToken": TOKEN };
      const matrix = Object.entries(scan.strategy?.matrix ?? {});
      expect(matrix.length).toBe(2);

      for (const [name, entry] of matrix) {
        const staging = join(root, name, "staging");
        mkdirSync(staging, { recursive: true });
        const variables = {
          ...scan.variables,
          ...entry,
          ...secrets,
          "Build.ArtifactStagingDirectory": staging,
          "Agent.TempDirectory": mkdtempSync(join(tmpdir(), "release-trace-agent-")),
        };
        for (const step of scan.steps) {
          if (step.bash) {
            const result = await bash(macros(step.bash, variables), stepEnv(step, variables), root);
            // The output comes with the code, so a failure shows what the step printed.
            expect(
              result.code === 0 ? "exit 0" : `${name}: exit ${result.code}: ${result.out}`,
            ).toBe("exit 0");
          }
          if (step.task === "PublishPipelineArtifact@1") {
            // What publish + download do: the folder lands under parts/<artifact name>.
            const artifact = macros(step.inputs?.artifact ?? "", variables);
            cpSync(
              macros(step.inputs?.targetPath ?? "", variables),
              join(workspace, "parts", artifact),
              {
                recursive: true,
              },
            );
          }
        }
      }

      const staging = join(root, "merge", "staging");
      mkdirSync(staging, { recursive: true });
      const variables = {
        ...merge.variables,
        "Build.ArtifactStagingDirectory": staging,
        "Pipeline.Workspace": workspace,
        "Agent.TempDirectory": mkdtempSync(join(tmpdir(), "release-trace-agent-")),
      };
      const download = merge.steps.find((step) => step.task === "DownloadPipelineArtifact@2");
      expect(macros(download?.inputs?.targetPath ?? "", variables)).toBe(join(workspace, "parts"));
      const [install, ...scripts] = merge.steps.filter((step) => step.bash);
      expect(scripts).toHaveLength(2);
      const installed = await bash(
        macros(install.bash ?? "", variables),
        stepEnv(install, variables),
        root,
      );
      expect(installed.code).toBe(0);
      expect(readFileSync(npmLog, "utf8")).toMatch(
        /install --global --ignore-scripts .*release-trace\.tgz/,
      );
      const merged = await bash(
        macros(scripts[0].bash ?? "", variables),
        stepEnv(scripts[0], variables),
        root,
      );
      expect(merged.code === 0 ? "exit 0" : `merge: exit ${merged.code}: ${merged.out}`).toBe(
        "exit 0",
      );

      const report = JSON.parse(
        readFileSync(join(staging, "compliance", "compliance.json"), "utf8"),
      ) as OrgComplianceReport;
      expect(report.projects.map((entry) => entry.project.name).sort()).toEqual([
        "Contoso-Shared",
        "Fabrikam",
      ]);
      expect(report.summary.projectsScanned).toBe(2);
      const sarif = JSON.parse(
        readFileSync(join(staging, "CodeAnalysisLogs", "compliance.sarif"), "utf8"),
      ) as OrgSarifLog;
      expect(sarif.version).toBe("2.1.0");
      expect(sarif.runs[0].results.length).toBe(report.summary.byOutcome.fail);
      expect(existsSync(join(staging, "compliance", "compliance.md"))).toBe(true);
      const published = merge.steps
        .filter((step) => step.task === "PublishPipelineArtifact@1")
        .map((step) => step.inputs?.artifact);
      expect(published).toEqual(["compliance", "CodeAnalysisLogs"]);

      const gate = await bash(
        macros(scripts[1].bash ?? "", variables),
        stepEnv(scripts[1], variables),
        root,
      );
      expect(gate.code).toBe(gateCode);
      expect(gate.out).toMatch(/Projects: 2 scanned, 0 not available/);
    },
    180_000,
  );
});
