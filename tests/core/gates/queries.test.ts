import {
  environmentProtection,
  latestStageStates,
  pendingGates,
  pipelineGates,
  recentOutcomes,
} from "../../../src/core/gates";
import type { Run } from "../../../src/core/model";
import { SourceError } from "../../../src/core/sources";
import { createFakeSources, type FakeOrg } from "../../fakes/sources";
import { alice, approval, at, bob, configuration, stageRecords, step } from "./builders";

function run(id: number, status: Run["status"], extra: Partial<Run> = {}): Run {
  return {
    id,
    number: `r${id}`,
    pipeline: { id: 10, name: "web" },
    status,
    sourceBranch: "refs/heads/main",
    sourceVersion: "abc",
    uri: `vstfs:///Build/Build/${id}`,
    queueTime: at(id),
    ...extra,
  };
}

/** Run 2 waits on an approval at Prod; run 1 finished with Prod rejected. */
function org(): FakeOrg {
  const waitingRecords = [
    ...stageRecords("Build", "completed", "succeeded", undefined, 1),
    ...stageRecords(
      "Prod",
      "pending",
      undefined,
      {
        state: "inProgress",
        checks: [["Checkpoint.Approval", "ap-2", "inProgress"]],
      },
      2,
    ),
  ];
  const rejectedRecords = stageRecords("Prod", "completed", "failed", {
    state: "completed",
    result: "failed",
    checks: [["Checkpoint.Approval", "ap-1", "completed", "failed"]],
  }).map((record) => ({
    ...record,
    id: `old-${record.id}`,
    parentId: record.parentId && `old-${record.parentId}`,
  }));
  return {
    pipelines: [{ id: 10, name: "web", path: "\\", kind: "yaml" }],
    runs: [run(2, "inProgress"), run(1, "completed", { result: "failed", finishTime: at(90) })],
    timelines: [
      { runId: 2, records: waitingRecords },
      { runId: 1, records: rejectedRecords },
    ],
    approvals: [
      approval("ap-2", "pending", [step(alice, "pending"), step(bob, "pending")], {
        pipeline: { id: 10, name: "web", runId: 2, runName: "r2" },
        instructions: "Look at staging",
      }),
      approval(
        "old-ap-1",
        "rejected",
        [step(bob, "rejected", { comment: "No", lastModifiedOn: at(80) })],
        {
          lastModifiedOn: at(80),
          pipeline: { id: 10, name: "web", runId: 1 },
        },
      ),
    ],
    checkSuites: [
      {
        id: "Prod-cp",
        status: "running",
        checkRuns: [
          {
            id: "ap-2",
            status: "running",
            configurationId: 1,
            resource: { type: "environment", id: "7", name: "prod" },
          },
        ],
      },
      {
        id: "old-Prod-cp",
        status: "rejected",
        checkRuns: [
          {
            id: "old-ap-1",
            status: "rejected",
            configurationId: 1,
            resource: { type: "environment", id: "7", name: "prod" },
          },
        ],
      },
    ],
    checkConfigurations: [configuration(1, "approval", "Approval", 60)],
  };
}

describe("pendingGates", () => {
  it("lists the waiting approval with approvers, environment and timeout, one listing per kind", async () => {
    const fake = createFakeSources(org());
    const result = await pendingGates(fake.sources, "Demo");
    expect(result.notAvailable).toEqual([]);
    expect(result.pending).toEqual([
      expect.objectContaining({
        kind: "approval",
        id: "ap-2",
        runId: 2,
        stage: "Stage Prod",
        environment: "prod",
        since: at(10),
        timeoutAt: at(70),
        approvers: [alice, bob],
        instructions: "Look at staging",
      }),
    ]);
    // The waiting run's stages, not the finished run's.
    expect(result.stages.map((stage) => [stage.runId, stage.state])).toEqual([
      [2, "succeeded"],
      [2, "waiting-for-approval"],
    ]);
    expect(fake.callCount("checks.listApprovals")).toBe(1);
    expect(fake.callCount("build.listRuns")).toBe(1);
    expect(fake.callCount("build.getTimeline")).toBe(1);
    expect(fake.callCount("checks.getCheckSuite")).toBe(1);
    expect(fake.callCount("checks.queryCheckConfigurations")).toBe(1);
    expect(fake.callCount("release.listReleases")).toBe(1);
  });

  it("answers with what it could read and says what it could not", async () => {
    const fake = createFakeSources(org());
    fake.fail("checks.getCheckSuite", new SourceError("permission", "403 on checks"));
    const result = await pendingGates(fake.sources, "Demo");
    expect(result.pending).toHaveLength(1);
    expect(result.pending[0].environment).toBeUndefined();
    expect(result.notAvailable).toEqual([
      {
        what: "checks of stage Stage Prod in web run r2",
        reason: "403 on checks",
        kind: "permission",
      },
    ]);
  });

  it("marks the fields a failed secondary read left unknown on the item it kept", async () => {
    const fake = createFakeSources(org());
    fake.fail("checks.getCheckSuite", new SourceError("server", "500 on checks", { status: 500 }));
    const result = await pendingGates(fake.sources, "Demo");
    const [item] = result.pending;
    // No environment and no timeout: unknown, not "there is none".
    expect(item.environment).toBeUndefined();
    expect(item.timeoutAt).toBeUndefined();
    expect(item.unknown).toEqual([
      {
        what: "stage Stage Prod of web run r2",
        kind: "server",
        reason: "500 on checks",
        status: 500,
        // The suite's runs also carry the checks' states and messages: the list is unknown too.
        fields: ["environment", "timeoutAt", "checks"],
      },
    ]);
    const stage = result.stages.find((candidate) => candidate.state === "waiting-for-approval");
    expect(stage?.unknown).toEqual(item.unknown);
  });

  it("marks nothing when every read answered", async () => {
    const result = await pendingGates(createFakeSources(org()).sources, "Demo");
    expect(result.pending.every((item) => item.unknown === undefined)).toBe(true);
    expect(result.stages.every((stage) => stage.unknown === undefined)).toBe(true);
  });

  it("marks a check's type unknown when the check configurations could not be read", async () => {
    const fake = createFakeSources(org());
    fake.fail("checks.queryCheckConfigurations", new SourceError("network", "reset"));
    const result = await pendingGates(fake.sources, "Demo");
    const fields = result.pending.flatMap((item) => item.unknown ?? []).flatMap((u) => u.fields);
    expect(fields).toContain("timeoutAt");
  });

  it("throws what is not a source error: a bug is never reported as missing data", async () => {
    const fake = createFakeSources(org());
    fake.fail("checks.getCheckSuite", new TypeError("cannot read properties of undefined"));
    await expect(pendingGates(fake.sources, "Demo")).rejects.toThrow(TypeError);
    const other = createFakeSources(org());
    other.fail("release.listReleases", new RangeError("bug"));
    await expect(pendingGates(other.sources, "Demo")).rejects.toThrow(RangeError);
  });

  it("keeps each failed read's kind, even when two reasons read the same", async () => {
    const fake = createFakeSources(org());
    fake.fail("release.listReleases", new SourceError("throttled", "Request failed"));
    fake.fail("release.listReleaseDefinitions", new SourceError("server", "Request failed"));
    const result = await pendingGates(fake.sources, "Demo");
    expect(result.notAvailable).toEqual(
      expect.arrayContaining([
        { what: "releases in progress", reason: "Request failed", kind: "throttled" },
        { what: "release definitions", reason: "Request failed", kind: "server" },
      ]),
    );
    expect(result.notAvailable).toHaveLength(2);
  });
});

describe("pipelineGates", () => {
  it("shows every run's stages, reading approvals by id in one call", async () => {
    const fake = createFakeSources(org());
    const result = await pipelineGates(fake.sources, "Demo", {
      kind: "yaml",
      pipeline: { id: 10, name: "web" },
    });
    expect(
      result.stages.map((stage) => [stage.runId, stage.stage, stage.state, stage.environment]),
    ).toEqual([
      [2, "Stage Build", "succeeded", undefined],
      [2, "Stage Prod", "waiting-for-approval", "prod"],
      [1, "Stage Prod", "rejected", "prod"],
    ]);
    expect(fake.callCount("build.getTimeline")).toBe(2);
    expect(fake.callCount("checks.listApprovals")).toBe(1);
    // One suite per stage identifier (Prod, from the newest run), not one per run and stage.
    expect(fake.callCount("checks.getCheckSuite")).toBe(1);
  });
});

describe("latestStageStates (widget refresh)", () => {
  it("takes at most three calls", async () => {
    const fake = createFakeSources(org());
    const result = await latestStageStates(fake.sources, "Demo", { kind: "yaml", pipelineId: 10 });
    expect(result.pending[0].approvers).toEqual([alice, bob]);
    expect(fake.calls.length).toBeLessThanOrEqual(3);
  });
});

describe("recentOutcomes", () => {
  it("finds the rejection in the window and nothing outside it", async () => {
    const fake = createFakeSources(org());
    const inside = await recentOutcomes(fake.sources, "Demo", { since: at(0), until: at(100) });
    expect(
      inside.stages.map((stage) => [stage.runId, stage.state, stage.decision?.comment]),
    ).toEqual([[1, "rejected", "No"]]);
    const outside = await recentOutcomes(fake.sources, "Demo", { since: at(100), until: at(200) });
    expect(outside.stages).toEqual([]);
  });
});

describe("environmentProtection", () => {
  it("lists each environment's checks in one batch query and flags production", async () => {
    const fake = createFakeSources({
      environments: [
        { id: 7, name: "prod" },
        { id: 8, name: "staging" },
      ],
      checkConfigurations: [
        configuration(2, "businessHours", "Business Hours", 1440),
        configuration(1, "approval", "Approval", 60),
      ],
      releaseDefinitions: [
        {
          id: 1,
          name: "web-release",
          path: "\\",
          artifacts: [],
          environments: [
            {
              id: 3,
              name: "Production",
              rank: 1,
              preApproval: { hasApprovers: false, approvers: [], requiredApproverCount: 0 },
              postApproval: { hasApprovers: false, approvers: [], requiredApproverCount: 0 },
              preGates: { isEnabled: false, gates: [] },
              postGates: { isEnabled: false, gates: [] },
            },
          ],
        },
      ],
    });
    const result = await environmentProtection(fake.sources, "Demo");
    expect(
      result.environments.map((environment) => [
        environment.name,
        environment.production,
        environment.checks.map((check) => check.kind),
      ]),
    ).toEqual([
      ["prod", true, ["approval", "businessHours"]],
      ["staging", false, []],
    ]);
    expect(result.classicStages).toEqual([
      expect.objectContaining({ stage: "Production", production: true }),
    ]);
    expect(fake.callCount("checks.queryCheckConfigurations")).toBe(1);
  });

  it("says which part it could not read, with the error's kind", async () => {
    const fake = createFakeSources({ environments: [{ id: 7, name: "prod" }] });
    fake.fail("checks.queryCheckConfigurations", new SourceError("network", "Connection reset"));
    const result = await environmentProtection(fake.sources, "Demo");
    expect(result.environments.map((environment) => environment.name)).toEqual(["prod"]);
    expect(result.notAvailable).toEqual([
      { what: "check configurations", reason: "Connection reset", kind: "network" },
    ]);
    // Its checks are unknown, not "no checks".
    expect(result.environments[0].unknown).toEqual([
      {
        what: "environment prod",
        reason: "Connection reset",
        kind: "network",
        fields: ["checks"],
      },
    ]);
  });

  it("throws what is not a source error", async () => {
    const fake = createFakeSources({ environments: [{ id: 7, name: "prod" }] });
    fake.fail("environments.listEnvironments", new TypeError("bug"));
    await expect(environmentProtection(fake.sources, "Demo")).rejects.toThrow(TypeError);
  });
});
