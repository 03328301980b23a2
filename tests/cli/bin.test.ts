import { execFile } from "node:child_process";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import type { InventoryReport } from "../../src/cli/commands/inventoryReport";
import { startForbiddingProxy } from "./forbiddingProxy";

const bin = join(__dirname, "..", "..", "bin", "release-trace.js");

/** The real environment minus anything that could supply a token, org or project. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    "AZURE_DEVOPS_TOKEN",
    "AZURE_DEVOPS_EXT_PAT",
    "SYSTEM_ACCESSTOKEN",
    "SYSTEM_COLLECTIONURI",
    "SYSTEM_TEAMPROJECT",
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** Runs the binary as a user would (asynchronously, so an in-process emulator keeps serving). */
function runBin(
  args: string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

jest.setTimeout(90_000);

describe("bin/release-trace.js", () => {
  it("prints the version", async () => {
    const result = await runBin(["--version"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("exits 2 on an unknown command, --token and a missing token", async () => {
    const [unknown, token, missing] = await Promise.all([
      runBin(["frobnicate"]),
      runBin(["inventory", "--token", "abc123secret"]),
      runBin(["inventory", "--org", "https://dev.azure.com/fabrikam", "--project", "P"]),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^release-trace: Unknown command "frobnicate"/);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/never taken from the command line/);
    expect(token.stderr).not.toContain("abc123secret");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No token/);
    for (const result of [unknown, token, missing]) {
      expect(result.stdout).toBe("");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("runs inventory --demo and exits 0", async () => {
    const result = await runBin(["inventory", "--demo", "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as InventoryReport;
    expect(report.schemaVersion).toBe(2);
    expect(report.notAvailable).toEqual([]);
  });

  it("exits 3 when the token may not read one listing", async () => {
    const emulator = await startEmulator({ port: 0, size: "small" });
    const proxy = await startForbiddingProxy(emulator.baseUrl, /\/_apis\/git\/repositories$/i);
    try {
      const token = "rt-bin-token-5e1d9a";
      const result = await runBin(
        [
          "inventory",
          "--org",
          `${proxy.baseUrl}${new URL(emulator.orgUrl).pathname}`,
          "--project",
          emulator.project.name,
        ],
        cleanEnv({ AZURE_DEVOPS_TOKEN: token }),
      );
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(
        /^Repositories +n\/a +not available: Azure DevOps did not answer for the repositories \(no permission\)\./m,
      );
      expect(result.stderr).toMatch(
        /not available: Azure DevOps did not answer for the repositories \(no permission\)/,
      );
      expect(result.stdout + result.stderr).not.toContain(token);
    } finally {
      await proxy.close();
      await emulator.close();
    }
  });
});
