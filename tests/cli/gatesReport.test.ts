import type { GatesResult, PendingGate, StageGate } from "../../src/core/gates";
import { gatesJson, gatesTable, notAvailableLines } from "../../src/cli/commands/gatesReport";

const now = new Date("2026-12-07T12:00:00Z");

const unknownTimeout = {
  what: "stage Prod of web run 20261202.1",
  kind: "server" as const,
  reason: "GET https://dev.azure.com/o/p/_apis/pipelines/checks/runs/x failed with 500",
  status: 500,
  fields: ["environment", "timeoutAt"],
};

const kept: PendingGate = {
  kind: "approval",
  source: "yaml",
  id: "ap-1",
  pipeline: { id: 10, name: "web" },
  runId: 7,
  stage: "Prod",
  since: new Date("2026-12-07T10:00:00Z"),
  approvers: [{ id: "a", displayName: "Alice" }],
  holding: ["Approval"],
  unknown: [unknownTimeout],
};

const checksRead = {
  what: "checks of stage Prod in web run 20261202.1",
  kind: "server" as const,
  reason: unknownTimeout.reason,
  status: 500,
};

describe("gates JSON contract", () => {
  it("lists what could not be read in the one not-available model (additions to version 1)", () => {
    const json = gatesJson({
      pending: [],
      stages: [],
      notAvailable: [
        { what: "releases in progress", reason: "Too many requests", kind: "throttled" },
      ],
    });
    expect(json.schemaVersion).toBe(1);
    expect(json.notAvailable).toEqual([
      { what: "releases in progress", reason: "Too many requests", kind: "throttled" },
    ]);
  });

  it("marks a kept item's unknown fields; null stays 'there is none' only without a marker", () => {
    const json = gatesJson({ pending: [kept], stages: [], notAvailable: [checksRead] });
    expect(json.pending[0]).toMatchObject({ timeoutAt: null, environment: null });
    expect(json.pending[0].unknown).toEqual([unknownTimeout]);
    const clean = gatesJson({
      pending: [{ ...kept, unknown: undefined }],
      stages: [],
      notAvailable: [],
    });
    expect("unknown" in clean.pending[0]).toBe(false);
  });
});

describe("gates table", () => {
  it("says unknown, not '-', in the fields that could not be read", () => {
    const table = gatesTable({ pending: [kept], stages: [], notAvailable: [checksRead] }, now, {
      stages: false,
    });
    const row = table.split("\n").find((line) => line.startsWith("approval"))!;
    expect(row).toMatch(/Prod\s+unknown\s+2h 0m\s+unknown\s+Alice/);
  });

  it("shows a stage's check count as a lower bound when its checks could not all be read", () => {
    const stage: StageGate = {
      source: "classic",
      pipeline: { id: 2, name: "data-pipeline-release" },
      releaseId: 14,
      releaseName: "Release-14",
      stage: "Production",
      environment: "Production",
      state: "not-started",
      waiting: [],
      checks: [],
      evidence: [],
      unknown: [{ ...checksRead, what: "stage Production", fields: ["checks"] }],
    };
    const table = gatesTable({ pending: [], stages: [stage], notAvailable: [] }, now, {
      stages: true,
    });
    const row = table.split("\n").find((line) => line.startsWith("data-pipeline-release"))!;
    expect(row).toMatch(/not started\s+-\s+0\+\?/);
    const lines = notAvailableLines({ pending: [], stages: [stage], notAvailable: [] });
    expect(lines.join("\n")).toMatch(/did not answer for the checks of stage Production/);
  });

  it("never says 'nothing' when a read failed", () => {
    const partial: GatesResult = { pending: [], stages: [], notAvailable: [checksRead] };
    expect(gatesTable(partial, now, { stages: false })).not.toMatch(/nothing/);
    expect(gatesTable(partial, now, { stages: false })).toMatch(/items may be missing/);
    const clean: GatesResult = { pending: [], stages: [], notAvailable: [] };
    expect(gatesTable(clean, now, { stages: false })).toBe("Waiting on: nothing.\n");
  });

  it("says each not-available line in one plain sentence, without the URL", () => {
    const lines = notAvailableLines({ pending: [kept], stages: [], notAvailable: [checksRead] });
    expect(lines).toEqual([
      "Azure DevOps did not answer for the checks of stage Prod in web run 20261202.1 (server error).",
      "Azure DevOps did not answer for the environment, the timeout of stage Prod of web run 20261202.1 (server error).",
    ]);
    expect(lines.join("\n")).not.toMatch(/https?:/);
  });
});
