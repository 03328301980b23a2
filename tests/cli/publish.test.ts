/**
 * `compliance --publish`: a scheduled scan adds its score to the project's history, the document
 * the hub and the compliance widget read, one entry per UTC day, through the emulator's strict
 * extension data routes.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../dev/emulator";
import { runCli } from "../../src/cli/main";
import { EXTENSION } from "../../src/cli/connection";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { historyKey, readHistory } from "../../src/core/compliance/scoreHistory";

const TOKEN = "rt-publish-token-7c2e41";
let emulator: RunningEmulator;

jest.setTimeout(60_000);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
});

afterAll(() => emulator.close());

async function publish(at: string, extra: string[] = []) {
  let stderr = "";
  const code = await runCli({
    argv: [
      "compliance",
      "--org",
      emulator.orgUrl,
      "--project",
      emulator.project.name,
      "--publish",
      "--format",
      "json",
      ...extra,
    ],
    env: { AZURE_DEVOPS_TOKEN: TOKEN },
    cwd: mkdtempSync(join(tmpdir(), "rt-publish-")),
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    now: () => new Date(at),
  });
  return { code, stderr };
}

async function storedHistory() {
  const settings = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth(TOKEN) })
    .extensionData(EXTENSION)
    .versionedSettings();
  return settings.read(historyKey(emulator.project.id));
}

describe("release-trace compliance --publish", () => {
  it("adds one scan entry per UTC day to the project's history", async () => {
    const first = await publish("2026-03-03T23:30:00Z");
    expect(first.stderr).toContain("published the score of 2026-03-03 (UTC)");
    // The same UTC day again replaces that day's entry; the next day adds one.
    await publish("2026-03-03T23:50:00Z");
    const second = await publish("2026-03-04T00:10:00Z");
    expect(second.stderr).toContain("(2 entries)");
    const stored = await storedHistory();
    const history = readHistory(stored?.value);
    expect(history.map((entry) => [entry.date, entry.origin])).toEqual([
      ["2026-03-03", "scan"],
      ["2026-03-04", "scan"],
    ]);
    expect(history[0].baseline).toBe("Release Trace default");
    expect(typeof history[1].score).toBe("number");
    expect(stored?.etag).toBe(3);
  });

  it("is refused with more than one project", async () => {
    let stderr = "";
    const code = await runCli({
      argv: ["compliance", "--org", emulator.orgUrl, "--all-projects", "--publish"],
      env: { AZURE_DEVOPS_TOKEN: TOKEN },
      cwd: tmpdir(),
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
    });
    expect(code).toBe(2);
    expect(stderr).toContain("--publish records one project's score");
  });
});
