/**
 * --production on the CLI: the flag first, then the project's setting in extension data (what
 * the hub saves), then the default; reports that say "production" name the pattern they used.
 */
import { startEmulator, type RunningEmulator } from "../../dev/emulator";
import { EXTENSION } from "../../src/cli/connection";
import { productionResolver } from "../../src/cli/production";
import { SourceError } from "../../src/core/sources";
import { productionSettingKey } from "../../src/core/vocabulary";
import { runInProcess } from "./helpers";

const env = { AZURE_DEVOPS_TOKEN: "rt-production-token" };
let emulator: RunningEmulator;

jest.setTimeout(120_000);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
});

afterAll(() => emulator.close());

async function setSetting(value: unknown): Promise<void> {
  const response = await fetch(`${emulator.baseUrl}/_emulator/extension-data`, {
    method: "POST",
    body: JSON.stringify({ key: productionSettingKey(emulator.project.id), value }),
  });
  expect(response.status).toBe(200);
}

function cli(...argv: string[]) {
  return runInProcess(["--org", emulator.orgUrl, "--project", "Fabrikam", ...argv], env);
}

const PROD_GAP = /reached prod with no completed pull request/;

describe("trace --production", () => {
  afterEach(() => setSetting(undefined));

  it("uses the default and says so", async () => {
    const result = await cli("trace", "--work-item", "5");
    expect(result.stdout).toMatch(PROD_GAP);
    expect(result.stdout).toMatch(
      /^Production: names whose first or last word "prod" or "production", .* \(default\)\.$/m,
    );
  });

  it("the flag changes what production is, in the gaps and the line", async () => {
    const result = await cli("trace", "--work-item", "5", "--format", "md", "--production", "live");
    expect(result.stdout).not.toMatch(PROD_GAP);
    expect(result.stdout).toMatch(/^Production: live \(from --production\)\.$/m);
  });

  it("reads the project setting when there is no flag, and the flag wins over it", async () => {
    await setSetting({ patterns: ["staging"] });
    const fromSetting = await cli("trace", "--work-item", "5");
    expect(fromSetting.stdout).not.toMatch(PROD_GAP);
    expect(fromSetting.stdout).toMatch(/^Production: staging \(project setting\)\.$/m);
    const fromFlag = await cli("trace", "--work-item", "5", "--production", "prod*");
    expect(fromFlag.stdout).toMatch(PROD_GAP);
    expect(fromFlag.stdout).toMatch(/^Production: prod\* \(from --production\)\.$/m);
  });

  it("says on stderr when the stored setting cannot be used, and uses the default", async () => {
    await setSetting({ patterns: "staging" });
    const result = await cli("trace", "--work-item", "5");
    expect(result.stderr).toMatch(
      /production pattern setting cannot be used .* Using the default production pattern\./,
    );
    expect(result.stdout).toMatch(PROD_GAP);
  });
});

describe("compliance --production", () => {
  it("selects environments by it for rules without their own pattern", async () => {
    const result = await runInProcess(
      ["--demo", "compliance", "--baseline", "b.json", "--production", "staging"],
      {},
      await baselineDir({ rules: { "environment.approval-required": {} } }),
    );
    expect(result.stdout).toMatch(
      /environment\.approval-required: \d+ of \d+ environments match production: staging/,
    );
  });
});

describe("--production input", () => {
  it.each([[",,"], ["prod*,,live"]])("refuses %j (exit 2)", async (value) => {
    const result = await runInProcess(["--demo", "gates", "--production", value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--production: the production pattern/);
  });

  it("is refused by a command that reads only files", async () => {
    const result = await runInProcess(["merge", "a.json", "--production", "prod"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/drop --org, --project, --demo and --production/);
  });
});

describe("the extension the CLI reads settings of", () => {
  it("is the manifest's publisher and id", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const manifest = JSON.parse(
      readFileSync(join(__dirname, "..", "..", "vss-extension.json"), "utf8"),
    ) as { publisher: string; id: string };
    expect(EXTENSION).toEqual({ publisher: manifest.publisher, extension: manifest.id });
  });
});

describe("productionResolver", () => {
  it("reads each project once and warns once when the read fails", async () => {
    const warnings: string[] = [];
    let reads = 0;
    const resolve = productionResolver(
      undefined,
      () => {
        reads++;
        return Promise.reject(new SourceError("permission", "403 Forbidden", { status: 403 }));
      },
      (line) => warnings.push(line),
    );
    expect((await resolve("p")).source).toBe("default");
    expect((await resolve("p")).source).toBe("default");
    expect(reads).toBe(1);
    expect(warnings).toEqual([
      "Azure DevOps did not answer for the production pattern setting (no permission). Using the default production pattern.",
    ]);
  });

  it("reads nothing when the flag is given", async () => {
    const resolve = productionResolver(
      ["live"],
      () => Promise.reject(new Error("read")),
      () => {
        throw new Error("no warning expected");
      },
    );
    expect(await resolve("p")).toEqual({ patterns: ["live"], source: "flag" });
  });
});

async function baselineDir(document: unknown): Promise<string> {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "rt-production-"));
  writeFileSync(join(dir, "b.json"), JSON.stringify(document));
  return dir;
}
