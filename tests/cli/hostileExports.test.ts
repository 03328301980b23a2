/**
 * Every export format of the CLI on the hostile demo organisation (script-, link-, formula- and
 * escape-sequence-looking text in every user-controlled field): Markdown carries no raw HTML and
 * no javascript: link, CSV cells never start a formula, SARIF and JSON keep the text as data, and
 * tables reach the terminal without control characters.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import {
  HOSTILE_BASELINE_NAME,
  HOSTILE_PAYLOADS,
  hostileBaseline,
} from "../../dev/emulator/demo/hostile";
import { mdLink } from "../../src/core/report/text";
import { csvRecords, runInProcess, type CliResult } from "./helpers";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const TOKEN = "rt-hostile-token-4b8d21";
const env = { AZURE_DEVOPS_TOKEN: TOKEN };
/** Part of the shared-libs default branch name, which the compliance results name. */
const HOSTILE_DEFAULT_BRANCH_SNIPPET = "svg/onload=window.__pwned=1";
let emulator: Emulator;
let baselineFile: string;

jest.setTimeout(180_000);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small", hostile: true });
  const dir = mkdtempSync(join(tmpdir(), "rt-hostile-"));
  baselineFile = join(dir, "hostile-baseline.yml");
  writeFileSync(baselineFile, hostileBaseline(), "utf8");
});

afterAll(async () => {
  await emulator.close();
});

async function cli(...argv: string[]): Promise<CliResult> {
  const result = await runInProcess(
    ["--org", emulator.orgUrl, "--project", "Fabrikam", ...argv],
    env,
  );
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
  // 0 = clean, 1 = findings; anything else means the export was not written.
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(`${argv.join(" ")} exited ${result.code}: ${result.stderr}`);
  }
  return result;
}

async function rest<T>(path: string): Promise<T> {
  const response = await fetch(`${emulator.orgUrl}/Fabrikam/${path}`, {
    headers: { Accept: "application/json", Authorization: "Bearer hostile-check" },
  });
  if (!response.ok) throw new Error(`${response.status} from ${path}`);
  return (await response.json()) as T;
}

/** A work item whose trace reaches at least one environment (the richest Markdown). */
async function deployedWorkItem(): Promise<number> {
  for (const id of [281, 148, 72, 36, 5, 2]) {
    const result = await cli("trace", "--work-item", String(id), "--format", "json");
    const trace = JSON.parse(result.stdout) as { deployments: unknown[] };
    if (trace.deployments.length > 0) return id;
  }
  throw new Error("no demo work item reaches an environment");
}

async function newestRunAndRelease(): Promise<{ runId: number; releaseId: number }> {
  const builds = await rest<{ value: { id: number; status: string }[] }>(
    "_apis/build/builds?statusFilter=completed&$top=1&api-version=7.0",
  );
  const releases = await rest<{ value: { id: number }[] }>(
    "_apis/release/releases?$top=1&api-version=7.0",
  );
  return { runId: builds.value[0].id, releaseId: releases.value[0].id };
}

/** Raw HTML a Markdown renderer would pass through, and links it would make clickable. */
function expectInertMarkdown(markdown: string): void {
  expect(markdown).not.toMatch(/<\s*(img|script|svg|a|iframe)\b/i);
  // An escaped bracket (\]) makes no link; an unescaped ]( does.
  expect(markdown).not.toMatch(/(?<!\\)\]\(\s*javascript:/i);
  expect(markdown).not.toMatch(/<javascript:/i);
  // Every Markdown link target is http(s) or relative.
  for (const match of markdown.matchAll(/(?<!\\)\]\(([^)\s]*)/g)) {
    expect(match[1]).toMatch(/^(https?:\/\/|[^:]*$)/i);
  }
  // eslint-disable-next-line no-control-regex -- an escape sequence must not survive
  expect(markdown).not.toMatch(/\u001b/);
}

function expectNoFormula(csv: string): number {
  const records = csvRecords(csv);
  for (const record of records) {
    for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }
  return records.length;
}

// eslint-disable-next-line no-control-regex -- the terminal must not receive control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u009b]/;

describe("the hostile demo organisation", () => {
  it("is served with the payloads in place", async () => {
    const items = await rest<{ value: { title: string }[] }>(
      "_apis/git/pullrequests?searchCriteria.status=all&$top=1000&api-version=7.0",
    );
    const titles = items.value.map((pr) => pr.title).join("\n");
    expect(titles).toContain(HOSTILE_PAYLOADS.img);
    expect(titles).toContain(HOSTILE_PAYLOADS.script);
  });
});

describe("Markdown links", () => {
  it("only http(s) URLs become links", () => {
    expect(mdLink("Open", "https://dev.azure.com/x").markdown).toBe(
      "[Open](https://dev.azure.com/x)",
    );
    expect(mdLink("Open", HOSTILE_PAYLOADS.jsUrl).markdown).toBe(
      "Open (javascript:window.\\_\\_pwned=1)",
    );
    expect(mdLink("Open", " JavaScript:alert(1)").markdown).not.toMatch(/\]\(/);
  });
});

describe("compliance exports", () => {
  it("Markdown escapes the hostile baseline and names", async () => {
    const md = await cli("compliance", "--baseline", baselineFile, "--format", "md");
    // The baseline name shows, escaped (not dropped).
    expect(md.stdout).toContain('Baseline &lt;img src=x onerror="window.\\_\\_pwned=1"&gt;');
    expectInertMarkdown(md.stdout);
  });

  it("CSV neutralises formulas and keeps the text", async () => {
    const csv = await cli("compliance", "--baseline", baselineFile, "--format", "csv");
    expect(expectNoFormula(csv.stdout)).toBeGreaterThan(1);
    expect(csv.stdout).toContain(HOSTILE_DEFAULT_BRANCH_SNIPPET);
  });

  it("SARIF and JSON keep the hostile text as data", async () => {
    const json = await cli("compliance", "--baseline", baselineFile, "--format", "json");
    const report = JSON.parse(json.stdout) as { baseline: { name: string } };
    expect(report.baseline.name).toBe(HOSTILE_BASELINE_NAME);
    const sarif = await cli("compliance", "--baseline", baselineFile, "--format", "sarif");
    const log = JSON.parse(sarif.stdout) as {
      runs: { results: { message: { text: string; markdown?: string } }[] }[];
    };
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    // A viewer renders message.markdown: if present it must be inert.
    for (const result of log.runs[0].results) {
      if (result.message.markdown) expectInertMarkdown(result.message.markdown);
    }
    expect(sarif.stdout).toContain(HOSTILE_DEFAULT_BRANCH_SNIPPET);
  });

  it("the table carries no control characters", async () => {
    const table = await cli("compliance", "--baseline", baselineFile, "--format", "table");
    expect(table.stdout).not.toMatch(CONTROL);
    expect(table.stdout).toContain("onload=window.__pwned=1");
  });
});

describe("trace, deployed and evidence exports", () => {
  it("trace Markdown and table stay inert", async () => {
    const id = await deployedWorkItem();
    const md = await cli("trace", "--work-item", String(id), "--format", "md");
    expectInertMarkdown(md.stdout);
    expect(md.stdout).toMatch(/&lt;(img|script|svg)/);
    const table = await cli("trace", "--work-item", String(id), "--format", "table");
    expect(table.stdout).not.toMatch(CONTROL);
    const json = await cli("trace", "--work-item", String(id), "--format", "json");
    const trace = JSON.parse(json.stdout) as { workItem: { title: string } };
    expect(trace.workItem.title).toMatch(/window\.__pwned=1|HYPERLINK|cmd\||SUM|\[2J/);
  });

  it("deployed CSV neutralises formulas in release and pipeline names", async () => {
    const csv = await cli("deployed", "--format", "csv");
    const rows = expectNoFormula(csv.stdout);
    expect(rows).toBeGreaterThan(1);
    // Release names start with a payload; some of them with a formula, quoted by a leading '.
    expect(csv.stdout).toMatch(/'(=HYPERLINK|\+cmd|-2\+3|@SUM)/);
    const table = await cli("deployed", "--format", "table");
    expect(table.stdout).not.toMatch(CONTROL);
  });

  it("evidence packs in Markdown stay inert for a run and a Classic release", async () => {
    const { runId, releaseId } = await newestRunAndRelease();
    for (const subject of [
      ["--run", String(runId)],
      ["--release", String(releaseId)],
    ]) {
      const md = await cli("evidence", ...subject, "--format", "md");
      expectInertMarkdown(md.stdout);
      const table = await cli("evidence", ...subject, "--format", "table");
      expectInertMarkdown(table.stdout);
      const json = await cli("evidence", ...subject, "--format", "json");
      expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    }
  });

  it("gates and inventory tables carry no control characters", async () => {
    for (const command of ["gates", "inventory"]) {
      const table = await cli(command, "--format", "table");
      expect(table.stdout).not.toMatch(CONTROL);
      const json = await cli(command, "--format", "json");
      expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    }
  });
});

describe("metrics exports", () => {
  it("stay inert in Markdown, CSV and the table", async () => {
    const md = await cli("metrics", "--format", "md");
    expectInertMarkdown(md.stdout);
    expect(md.stdout).toMatch(/&lt;(img|script|svg)/);
    const csv = await cli("metrics", "--format", "csv");
    expect(expectNoFormula(csv.stdout)).toBeGreaterThan(2);
    const table = await cli("metrics", "--format", "table");
    expect(table.stdout).not.toMatch(CONTROL);
    const json = await cli("metrics", "--format", "json");
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });
});
