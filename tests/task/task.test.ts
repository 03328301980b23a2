/**
 * ReleaseTrace@1 as the agent runs it: the bundled dist/tasks/ReleaseTrace/index.js in a child
 * process, with the agent's environment variables (inputs, the SystemVssConnection endpoint and
 * its token, the build's folders), against the emulator. Checks the logging commands it prints.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../dev/emulator";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { EXTENSION } from "../../src/cli/connection";
import { historyKey, readHistory } from "../../src/core/compliance/scoreHistory";
import {
  INDEX_DOCUMENT_ID,
  indexCollection,
  parseIndex,
} from "../../src/core/trace/deploymentIndex/deploymentIndex";

import { buildTask, TASK_DIR } from "../../scripts/build-task";

const JOB_TOKEN = "job-token-5b1e77c0d2";
const DATA_TOKEN = "data-pat-91ac34e8f0";
let emulator: RunningEmulator;

jest.setTimeout(120_000);

beforeAll(async () => {
  await buildTask("prod");
  // A project whose scheduled scans start now, without the demo's nightly history.
  emulator = await startEmulator({ port: 0, seed: 1, size: "small", scoreHistory: false });
});

afterAll(() => emulator.close());

interface TaskRun {
  code: number | null;
  stdout: string;
  commands: { name: string; properties: Record<string, string>; data: string }[];
  staging: string;
}

/** Runs the task with the agent's variables; `inputs` become INPUT_* as the agent sets them. */
function runTask(inputs: Record<string, string>, extra: Record<string, string> = {}) {
  const work = mkdtempSync(join(tmpdir(), "rt-task-"));
  const staging = join(work, "a");
  for (const folder of ["a", "s", "_temp"]) mkdirSync(join(work, folder));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    SYSTEM_COLLECTIONURI: `${emulator.orgUrl}/`,
    SYSTEM_TEAMPROJECT: emulator.project.name,
    BUILD_BUILDID: "1120",
    AGENT_TEMPDIRECTORY: join(work, "_temp"),
    BUILD_ARTIFACTSTAGINGDIRECTORY: staging,
    BUILD_SOURCESDIRECTORY: join(work, "s"),
    ENDPOINT_URL_SYSTEMVSSCONNECTION: `${emulator.orgUrl}/`,
    ENDPOINT_AUTH_SYSTEMVSSCONNECTION: JSON.stringify({
      parameters: { AccessToken: JOB_TOKEN },
      scheme: "OAuth",
    }),
    ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION: "OAuth",
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: JOB_TOKEN,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
    ...extra,
  };
  return new Promise<TaskRun>((resolve, reject) => {
    const child = spawn(process.execPath, [join(TASK_DIR, "index.js")], { env, cwd: work });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout, commands: parseCommands(stdout), staging }),
    );
  });
}

function parseCommands(stdout: string): TaskRun["commands"] {
  return [...stdout.matchAll(/^##vso\[([\w.]+)([^\]]*)\](.*)$/gm)].map((match) => ({
    name: match[1],
    properties: Object.fromEntries(
      match[2]
        .trim()
        .split(";")
        .filter(Boolean)
        .map((pair) => pair.split("=") as [string, string]),
    ),
    data: match[3],
  }));
}

function result(run: TaskRun) {
  return run.commands.filter((command) => command.name === "task.complete").pop();
}

describe("ReleaseTrace@1 compliance", () => {
  let run: TaskRun;

  beforeAll(async () => {
    // Yesterday's scheduled scan is already in the history; this run adds today's.
    const settings = createAdoSources({
      orgUrl: emulator.orgUrl,
      auth: patAuth(DATA_TOKEN),
      target: "detect",
    })
      .extensionData(EXTENSION)
      .versionedSettings();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const counts = {
      pass: 1,
      fail: 0,
      "not-applicable": 0,
      "not-available": 0,
      exempt: 0,
      error: 0,
    };
    await settings.write(
      historyKey(emulator.project.id),
      [{ date: yesterday, score: 12.5, counts, baseline: "Release Trace default", origin: "scan" }],
      undefined,
    );
    run = await runTask({
      command: "compliance",
      failOn: "high",
      publishHistory: "true",
      historyToken: DATA_TOKEN,
    });
  });

  it("uploads SARIF as CodeAnalysisLogs, the reports, and a Markdown summary tab", () => {
    const uploads = run.commands.filter((command) => command.name === "artifact.upload");
    expect(uploads.map((command) => command.properties.artifactname).sort()).toEqual([
      "CodeAnalysisLogs",
      "release-trace-compliance",
    ]);
    const sarifFolder = uploads.find((c) => c.properties.artifactname === "CodeAnalysisLogs")!;
    const sarif = JSON.parse(readFileSync(join(sarifFolder.data, "compliance.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    const summary = run.commands.find((command) => command.name === "task.uploadsummary")!;
    expect(readFileSync(summary.data, "utf8")).toContain("Release Trace default");
  });

  it("logs failures as issues, high ones as errors with failOn high, and fails the task", () => {
    const issues = run.commands.filter((command) => command.name === "task.logissue");
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.length).toBeLessThanOrEqual(26);
    const errors = issues.filter((issue) => issue.properties.type === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((issue) => issue.data.includes("(high, fail)"))).toBe(true);
    expect(result(run)?.properties.result).toBe("Failed");
  });

  it("adds today's snapshot to the history the widgets read, after the earlier one", async () => {
    expect(run.stdout).toContain("Published the score of");
    const settings = createAdoSources({
      orgUrl: emulator.orgUrl,
      auth: patAuth(DATA_TOKEN),
      target: "detect",
    })
      .extensionData(EXTENSION)
      .versionedSettings();
    const history = readHistory((await settings.read(historyKey(emulator.project.id)))?.value);
    expect(history).toHaveLength(2);
    expect(history[0].score).toBe(12.5);
    expect(history[1].origin).toBe("scan");
  });

  it("never prints the history token, nor the job token outside the library's debug line", () => {
    const told = run.stdout.split("\n").filter((line) => !line.startsWith("##vso[task.setsecret]"));
    expect(told.join("\n")).not.toContain(DATA_TOKEN);
    // The task library's own debug line names the job token; the agent masks it (a secret it
    // registered itself), and the task registers it again.
    const ownLines = told.filter((line) => !line.startsWith("##vso[task.debug]"));
    expect(ownLines.join("\n")).not.toContain(JOB_TOKEN);
    const secrets = run.commands.filter((command) => command.name === "task.setsecret");
    expect(secrets.map((command) => command.data).sort()).toEqual([DATA_TOKEN, JOB_TOKEN].sort());
  });
});

async function firstRepository(): Promise<string> {
  const response = await fetch(
    // 7.0: released on Services and the highest Azure DevOps Server 2022 accepts.
    `${emulator.orgUrl}/${emulator.project.name}/_apis/git/repositories?api-version=7.0`,
    { headers: { Authorization: `Bearer ${JOB_TOKEN}` } },
  );
  const body = (await response.json()) as { value: { name: string }[] };
  return body.value[0].name;
}

describe("ReleaseTrace@1 gates and evidence", () => {
  it("gates: a summary tab of what waits, and the overdue ones as errors", async () => {
    const run = await runTask({ command: "gates", failIfPendingOverHours: "1" });
    const summary = run.commands.find((command) => command.name === "task.uploadsummary")!;
    expect(readFileSync(summary.data, "utf8")).toContain("# Release Trace: gates");
    const upload = run.commands.find((command) => command.name === "artifact.upload")!;
    expect(upload.properties.artifactname).toBe("release-trace-gates");
    expect(existsSync(join(upload.data, "gates.json"))).toBe(true);
    const overdue = run.commands.filter(
      (command) => command.name === "task.logissue" && command.data.includes("has waited"),
    );
    expect(["Failed", "Succeeded"]).toContain(result(run)?.properties.result);
    expect(result(run)?.properties.result === "Failed").toBe(overdue.length > 0);
  });

  it("refreshDeploymentIndex: saves the project's deployment index, then reads only what is newer", async () => {
    const store = createAdoSources({
      orgUrl: emulator.orgUrl,
      auth: patAuth(DATA_TOKEN),
      target: "detect",
    })
      .extensionData(EXTENSION)
      .versionedDocuments(indexCollection(emulator.project.id));
    const first = await runTask({
      command: "gates",
      refreshDeploymentIndex: "true",
      historyToken: DATA_TOKEN,
    });
    expect(first.stdout).toMatch(
      /Refreshed the deployment index of .*: \d+ deployment records read \((\d+) of \1 environments to the end\)/,
    );
    const index = parseIndex((await store.read(INDEX_DOCUMENT_ID))?.value, emulator.project.id);
    expect(index?.rows.length).toBeGreaterThan(0);
    const again = await runTask({
      command: "gates",
      refreshDeploymentIndex: "true",
      historyToken: DATA_TOKEN,
    });
    expect(again.stdout).toMatch(/\(0 of \d+ environments to the end\)/);
    const told = again.stdout
      .split("\n")
      .filter((line) => !line.startsWith("##vso[task.setsecret]"));
    expect(told.join("\n")).not.toContain(DATA_TOKEN);
  });

  it("evidence: the pack of $(Build.BuildId) as an artifact and the summary tab", async () => {
    const run = await runTask({ command: "evidence", runId: "1120" });
    const upload = run.commands.find((command) => command.name === "artifact.upload")!;
    expect(upload.properties.artifactname).toBe("release-trace-evidence");
    const pack = JSON.parse(readFileSync(join(upload.data, "evidence-run-1120.json"), "utf8"));
    expect(JSON.stringify(pack)).toContain("1120");
    const summary = run.commands.find((command) => command.name === "task.uploadsummary")!;
    expect(summary.data).toBe(join(upload.data, "evidence-run-1120.md"));
    expect(result(run)?.properties.result).toMatch(/^Succeeded/);
  });

  it("metrics: the delivery metrics as an artifact and the summary tab; failIf fails it", async () => {
    const run = await runTask({ command: "metrics" });
    const upload = run.commands.find((command) => command.name === "artifact.upload")!;
    expect(upload.properties.artifactname).toBe("release-trace-metrics");
    expect(existsSync(join(upload.data, "metrics.json"))).toBe(true);
    const summary = run.commands.find((command) => command.name === "task.uploadsummary")!;
    expect(summary.data).toBe(join(upload.data, "metrics.md"));
    expect(result(run)?.properties.result).toMatch(/^Succeeded/);
    // Fewer than a thousand deployments a day: a threshold that holds.
    const gated = await runTask({ command: "metrics", failIf: "deployment-frequency<1000/day" });
    expect(result(gated)?.properties.result).toBe("Failed");
    expect(
      gated.commands.some(
        (command) => command.name === "task.logissue" && command.properties.type === "error",
      ),
    ).toBe(true);
  });

  it("partial data: SucceededWithIssues, with a warning saying what could not be read", async () => {
    // Branch patterns make the scan read each repository's branches; one repository refuses.
    const baseline = join(mkdtempSync(join(tmpdir(), "rt-baseline-")), "release.yml");
    writeFileSync(
      baseline,
      "name: Release branches\nbranches:\n  - default\n  - refs/heads/release/*\nrules:\n  branch.min-reviewers:\n    minimumApprovers: 2\n",
    );
    emulator.setFaults({ forbiddenRepositories: [await firstRepository()] });
    try {
      const run = await runTask({ command: "compliance", baseline });
      expect(result(run)?.properties.result).toBe("SucceededWithIssues");
      expect(run.stdout).toMatch(
        /^##vso\[task\.logissue type=warning;?\]Some data could not be read, so the result is partial: not available: /m,
      );
    } finally {
      emulator.setFaults({ forbiddenRepositories: [] });
    }
  });
});

describe("ReleaseTrace@1 inputs", () => {
  it.each([
    [{ command: "deploy" }, "Input command must be one of compliance, gates, evidence"],
    [{ command: "compliance", failOn: "critical" }, "Input failOn must be one of none, high"],
    [{ command: "gates", failIfPendingOverHours: "soon" }, "Input failIfPendingOverHours must be"],
    [{ command: "evidence", runId: "abc" }, "Input runId must be a pipeline run id"],
    [{ command: "compliance", publishHistory: "true" }, "historyToken is empty"],
    [{ command: "gates", publishHistory: "true", historyToken: "x" }, "compliance command only"],
    [
      { command: "gates", refreshDeploymentIndex: "true" },
      "Input refreshDeploymentIndex is true but historyToken is empty",
    ],
  ])("refuses %j with one clear message", async (inputs, message) => {
    const run = await runTask(inputs);
    const complete = result(run);
    expect(complete?.properties.result).toBe("Failed");
    expect(complete?.data).toContain(message);
    expect(run.commands.some((command) => command.name === "artifact.upload")).toBe(false);
  });
});
