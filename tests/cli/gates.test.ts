import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { anchorFor } from "../../dev/emulator/demo/generate";
import { DEMO_CLOCK_LEAD_MS } from "../../src/cli/connection";
import type { GatesJson } from "../../src/cli/commands/gatesReport";
import { runInProcess } from "./helpers";

/**
 * `release-trace gates --demo` against a stored copy (small demo, seed 1). When a change to the
 * gate model or the demo is intended, regenerate with
 *   UPDATE_GOLDEN=1 npx jest tests/cli/gates.test.ts
 * and review the diff of the fixture.
 */
const GOLDEN = join(__dirname, "..", "fixtures", "golden", "gates-small.json");

jest.setTimeout(60_000);

async function json(argv: string[]): Promise<GatesJson> {
  const result = await runInProcess(["gates", "--demo", "--format", "json", ...argv]);
  // Nothing on stderr: the pipeline view's bounded read of the newest 20 runs is not data cut.
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as GatesJson;
}

describe("release-trace gates --demo", () => {
  let views: Record<string, GatesJson>;

  beforeAll(async () => {
    views = {
      waitingOn: await json([]),
      yamlPipeline: await json(["--pipeline", "web-app-ci-cd"]),
      classicDefinition: await json(["--pipeline", "data-pipeline-release"]),
    };
  });

  it("matches the stored answers", () => {
    if (process.env.UPDATE_GOLDEN === "1") {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, JSON.stringify(views, null, 2) + "\n", "utf8");
    }
    if (!existsSync(GOLDEN)) {
      throw new Error(`${GOLDEN} is missing: run with UPDATE_GOLDEN=1 to create it.`);
    }
    expect(views).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
  });

  it("keeps the JSON contract: schemaVersion 1, one owner id per row", () => {
    for (const view of Object.values(views)) {
      expect(view.schemaVersion).toBe(1);
      for (const row of [...view.pending, ...view.stages]) {
        expect("runId" in row !== "releaseId" in row).toBe(true);
      }
    }
    for (const row of views.waitingOn.pending) {
      expect(Object.keys(row).sort()).toEqual(
        [
          "approvers",
          "environment",
          "instructions",
          "kind",
          "pipeline",
          "since",
          "stage",
          "timeoutAt",
          "runId" in row ? "runId" : "releaseId",
        ].sort(),
      );
    }
  });

  it("shows every kind of pending item and of stage state the demo holds", () => {
    expect(new Set(views.waitingOn.pending.map((row) => row.kind))).toEqual(
      new Set(["approval", "check", "gate"]),
    );
    const states = new Set(
      [views.yamlPipeline, views.classicDefinition].flatMap((view) =>
        view.stages.map((stage) => stage.state),
      ),
    );
    for (const state of ["succeeded", "waiting-for-approval", "rejected", "skipped", "failed"]) {
      expect(states).toContain(state);
    }
    expect(views.yamlPipeline.stages.some((stage) => stage.decision?.by)).toBe(true);
  });

  it("never shows an event after the demo clock (ages are never negative)", () => {
    const clock = anchorFor(1).getTime() + DEMO_CLOCK_LEAD_MS;
    for (const view of Object.values(views)) {
      for (const row of [...view.pending, ...view.stages]) {
        if (row.since) expect(Date.parse(row.since)).toBeLessThanOrEqual(clock);
      }
    }
  });

  it("--pending leaves the stages out", async () => {
    const view = await json(["--pending"]);
    expect(view.stages).toEqual([]);
    expect(view.pending).toEqual(views.waitingOn.pending);
  });

  it("--fail-if-pending-over exits 1 when something waited longer, 0 otherwise", async () => {
    const late = await runInProcess([
      "gates",
      "--demo",
      "--pending",
      "--fail-if-pending-over",
      "1",
    ]);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/waiting longer than 1 h/);
    expect(late.stdout).toMatch(/Waiting on \(\d+\):/);
    const patient = await runInProcess([
      "gates",
      "--demo",
      "--pending",
      "--fail-if-pending-over",
      "1000",
    ]);
    expect(patient.code).toBe(0);
  });

  it("rejects a bad --fail-if-pending-over, an unknown pipeline, and gates flags on other commands", async () => {
    const bad = await runInProcess(["gates", "--demo", "--fail-if-pending-over", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-if-pending-over must be a number of hours/);
    const unknown = await runInProcess(["gates", "--demo", "--pipeline", "no-such-pipeline"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No YAML pipeline or Classic release definition named/);
    const elsewhere = await runInProcess(["inventory", "--demo", "--pending"]);
    expect(elsewhere.code).toBe(2);
  });
});
