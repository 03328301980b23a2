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
import { publishScore } from "../../src/cli/commands/publishScore";
import {
  historyKey,
  readHistory,
  type VersionedStore,
} from "../../src/core/compliance/scoreHistory";
import { SourceError } from "../../src/core/sources";

const TOKEN = "rt-publish-token-7c2e41";
let emulator: RunningEmulator;

jest.setTimeout(60_000);

beforeAll(async () => {
  // A project whose scheduled scans start now, without the demo's nightly history.
  emulator = await startEmulator({ port: 0, seed: 1, size: "small", scoreHistory: false });
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
  const settings = createAdoSources({
    orgUrl: emulator.orgUrl,
    auth: patAuth(TOKEN),
    target: "detect",
  })
    .extensionData(EXTENSION)
    .versionedSettings();
  return settings.read(historyKey(emulator.project.id));
}

describe("release-trace compliance --publish", () => {
  it("adds one scan entry per UTC day to the project's history", async () => {
    const first = await publish("2026-03-03T23:30:00Z");
    expect(first.stderr).toContain("published the score of 2026-03-03 (UTC)");
    // The same UTC day again with the same result writes nothing (the day's entry already says
    // it); the next day adds one. So the document was written twice.
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
    expect(stored?.etag).toBe(2);
  });

  it("with --all-projects publishes each scanned project's own history", async () => {
    let stderr = "";
    const code = await runCli({
      argv: [
        "compliance",
        "--org",
        emulator.orgUrl,
        "--all-projects",
        "--publish",
        "--format",
        "json",
      ],
      env: { AZURE_DEVOPS_TOKEN: TOKEN },
      cwd: tmpdir(),
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
      now: () => new Date("2026-03-05T08:00:00Z"),
    });
    expect([0, 3]).toContain(code);
    const count = Number(/published the score of (\d+) project\(s\)/.exec(stderr)?.[1]);
    expect(count).toBeGreaterThan(1);
    const settings = createAdoSources({
      orgUrl: emulator.orgUrl,
      auth: patAuth(TOKEN),
      target: "detect",
    })
      .extensionData(EXTENSION)
      .versionedSettings();
    const main = readHistory((await settings.read(historyKey(emulator.project.id)))?.value);
    expect(main.map((entry) => entry.date)).toContain("2026-03-05");
  });

  it("says which scope is missing when the token may not write the extension's data", async () => {
    const refusing: VersionedStore = {
      read: async () => undefined,
      write: async () => {
        throw new SourceError("permission", "POST …/Documents failed with 403", { status: 403 });
      },
    };
    const summary = {
      score: 50,
      byOutcome: { pass: 1, fail: 1, "not-applicable": 0, "not-available": 0, exempt: 0, error: 0 },
    };
    await expect(
      publishScore(refusing, { projectId: "p1", summary }, "Built-in", new Date()),
    ).rejects.toThrow(/needs the vso\.extension\.data_write scope/);
  });
});
