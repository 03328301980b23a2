import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDemoEmulator } from "../../src/cli/demoEmulator";
import { UsageError } from "../../src/cli/errors";

const ROOT = join(__dirname, "..", "..");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : [path];
  });
}

jest.setTimeout(60_000);

describe("the CLI ships no dev code", () => {
  it("has no static import of dev/ anywhere under src/cli", () => {
    const importsDev = /(from|import)\s*\(?\s*["'][^"']*\/dev\//;
    const offenders = sourceFiles(join(ROOT, "src", "cli")).filter((path) =>
      importsDev.test(readFileSync(path, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("loads the demo emulator of a checkout at run time", async () => {
    const demo = loadDemoEmulator();
    expect(demo.seed).toBe(1);
    expect(demo.anchor.toISOString()).toBe("2025-03-04T10:00:00.000Z");
    const emulator = await demo.start();
    try {
      expect(emulator.orgUrl).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/(?:fabrikam|tfs\/DefaultCollection)$/,
      );
    } finally {
      await emulator.close();
    }
  });

  it("says --demo needs a source checkout when dev/ is absent", () => {
    const root = mkdtempSync(join(tmpdir(), "release-trace-no-dev-"));
    expect(() => loadDemoEmulator(root)).toThrow(UsageError);
    expect(() => loadDemoEmulator(root)).toThrow(
      /--demo needs the demo emulator of a source checkout/,
    );
  });

  it("an installed copy without dev/ runs, and --demo exits 2 with one line", async () => {
    const copy = mkdtempSync(join(tmpdir(), "release-trace-installed-"));
    for (const part of ["bin", "src", "package.json", "vss-extension.json"])
      cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [join(copy, "bin", "release-trace.js"), ...args],
          { timeout: 30_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const [version, demo] = await Promise.all([run(["--version"]), run(["inventory", "--demo"])]);
    expect(version).toMatchObject({ code: 0, stderr: "" });
    expect(demo.code).toBe(2);
    expect(demo.stdout).toBe("");
    expect(demo.stderr).toMatch(
      /^release-trace: --demo needs the demo emulator of a source checkout \(dev\/emulator\)/,
    );
    expect(demo.stderr.match(/^release-trace: /gm)).toHaveLength(1);
  });
});
