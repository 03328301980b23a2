/**
 * --timeout: the whole command's time limit. Reads past it end as not-available (exit 3), a wait
 * past it is not made, long waits are announced on stderr, and a sign-in page is named as such.
 */
import { startEmulator, type RunningEmulator } from "../../dev/emulator";
import { parseDuration } from "../../src/cli/duration";
import { runInProcess } from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.setFaults({
    latencyMs: 0,
    slowRoutes: null,
    throttleBurst: null,
    longRetryAfter: null,
    signIn203Rate: 0,
    signInPageRate: 0,
  });
});

function run(args: string[]) {
  return runInProcess([...args, "--org", emulator.orgUrl, "--project", emulator.project.name], {
    AZURE_DEVOPS_TOKEN: "timeout-test-token",
  });
}

describe("--timeout values", () => {
  it.each([
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["1500ms", 1500],
    ["45", 45_000],
  ])("reads %s as %i ms", (raw, ms) => {
    expect(parseDuration("--timeout", raw)).toBe(ms);
  });

  it.each(["0", "0.5s", "25h", "10x", "m", "-5s", "1e3"])("rejects %j with exit 2", async (raw) => {
    const result = await run(["inventory", "--timeout", raw]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--timeout must be/);
  });
});

describe("when the time limit runs out", () => {
  it("reports what was read, marks the rest not available and exits 3", async () => {
    // The YAML runs' timelines would answer after 10 minutes, far past the 3 s limit, and every
    // other read at once: what the limit cuts does not depend on how busy the machine is.
    emulator.setFaults({ slowRoutes: { routes: ["build.timeline"], ms: 600_000 } });
    const started = Date.now();
    const result = await run(["gates", "--timeout", "3s", "--format", "json"]);
    // Bounded by the limit (with room for a loaded machine), not by the answers it gave up on.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(3);
    const answer = JSON.parse(result.stdout) as {
      stages: { runId?: number; releaseId?: number }[];
      notAvailable: { what: string; kind: string; reason: string }[];
    };
    // What was read is reported (the Classic releases' stages); the YAML runs' stages are not.
    expect(answer.stages.some((stage) => stage.releaseId !== undefined)).toBe(true);
    expect(answer.stages.filter((stage) => stage.runId !== undefined)).toEqual([]);
    expect(answer.notAvailable.map((entry) => entry.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^stages of .* run /)]),
    );
    // Cut at its retry (a back-off longer than the time left) or while it waited: the limit, each.
    for (const entry of answer.notAvailable) {
      expect(entry.kind).toBe("deadline");
      expect(entry.reason).toMatch(/time limit/);
    }
    expect(result.stderr).toMatch(/not available/);
  }, 60_000);

  it("does not sleep a Retry-After past the limit", async () => {
    emulator.setFaults({ longRetryAfter: { rate: 1, seconds: 120 } });
    const started = Date.now();
    const result = await run(["inventory", "--timeout", "20s"]);
    expect(Date.now() - started).toBeLessThan(5000);
    // Even the project could not be read in time: the command could not run.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/time limit \(--timeout\) ran out/);
  });
});

describe("announced waits", () => {
  it("says on stderr why and how long it waits when the wait is over 5 s", async () => {
    emulator.setFaults({ throttleBurst: { count: 1, retryAfterSeconds: 6 } });
    const result = await run(["inventory", "--timeout", "1m"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/waiting 6 s: Azure DevOps is throttling \(429, Retry-After\)/);
  }, 20_000);
});

describe("sign-in pages", () => {
  it("names a sign-in page that comes twice as such, not as a rejected token", async () => {
    emulator.setFaults({ signIn203Rate: 1 });
    const result = await run(["inventory"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Azure DevOps answered with a sign-in page/);
    expect(result.stderr).not.toMatch(/rejected the token/);
  });

  it("reads through one sign-in page", async () => {
    emulator.setFaults({ signInPageRate: 1, curableOnly: true });
    const result = await run(["inventory", "--format", "json"]);
    emulator.setFaults({ curableOnly: false });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ notAvailable: [] });
  });
});
