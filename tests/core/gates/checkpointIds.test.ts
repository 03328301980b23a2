/**
 * The YAML gate joins rest on ids Azure DevOps does not document (docs/checkpoint-ids.md): the
 * Checkpoint record id as the check-suite id, each Checkpoint.* record id as its check-run id,
 * the Checkpoint.Approval record id as the approval id. Here the fake's ids differ, as they would
 * if the assumption were wrong: every view must say what it could not join, never drop a waiting
 * stage, double a check, or show "no approvers".
 */
import { pendingGates, pipelineGates } from "../../../src/core/gates";
import { CHECKPOINT_ID_ASSUMPTION } from "../../../src/core/gates/checkpointIds";
import type { CheckSuite, Run } from "../../../src/core/model";
import { plainSentence } from "../../../src/core/sources";
import { createFakeSources, type FakeOrg } from "../../fakes/sources";
import { alice, approval, at, configuration, stageRecords, step } from "./builders";

const web = { id: 10, name: "web" };

function run(id: number): Run {
  return {
    id,
    number: `r${id}`,
    pipeline: web,
    status: "inProgress",
    sourceBranch: "refs/heads/main",
    sourceVersion: "abc",
    uri: `vstfs:///Build/Build/${id}`,
    queueTime: at(id),
  };
}

/** Run 2 waits at Prod on an approval and a business-hours check. */
function org(ids: { approval: string; suite: string; runs: [string, string] }): FakeOrg {
  const records = stageRecords("Prod", "pending", undefined, {
    state: "inProgress",
    checks: [
      ["Checkpoint.Approval", "rec-approval", "inProgress"],
      ["Checkpoint.TaskCheck", "rec-hours", "inProgress", undefined, "Business hours"],
    ],
  });
  const suite: CheckSuite = {
    id: ids.suite,
    status: "running",
    checkRuns: [
      { id: ids.runs[0], status: "running", configurationId: 1, resource: prod },
      { id: ids.runs[1], status: "running", configurationId: 2, resource: prod },
    ],
  };
  return {
    pipelines: [{ ...web, path: "\\", kind: "yaml" }],
    runs: [run(2)],
    timelines: [{ runId: 2, records }],
    approvals: [
      approval(ids.approval, "pending", [step(alice, "pending")], {
        pipeline: { ...web, runId: 2, runName: "r2" },
      }),
    ],
    checkSuites: [suite],
    checkConfigurations: [
      configuration(1, "approval", "Approval", 60),
      configuration(2, "businessHours", "Business hours", 120),
    ],
  };
}

const prod = { type: "environment", id: "7", name: "prod" };
const matching = {
  approval: "rec-approval",
  suite: "Prod-cp",
  runs: ["rec-approval", "rec-hours"] as [string, string],
};

describe("YAML checkpoint ids that do not match", () => {
  it("joins everything when the ids match (the assumption holds)", async () => {
    const result = await pendingGates(createFakeSources(org(matching)).sources, "Demo");
    expect(result.notAvailable).toEqual([]);
    expect(result.stages[0].unknown).toBeUndefined();
    expect(result.stages[0].checks.map((check) => check.name)).toEqual([
      "Approval",
      "Business hours",
    ]);
    expect(result.pending.find((item) => item.kind === "approval")).toEqual(
      expect.objectContaining({ approvers: [alice], environment: "prod" }),
    );
  });

  it("says the approval could not be found by its record id, and still lists the stage as waiting", async () => {
    const fake = createFakeSources(org({ ...matching, approval: "approval-elsewhere" }));
    const result = await pendingGates(fake.sources, "Demo");
    const entry = result.notAvailable.find((item) => item.what.startsWith("approval of stage"));
    expect(entry).toEqual({
      what: "approval of stage Stage Prod in web run r2",
      kind: "not-found",
      reason: expect.stringContaining(CHECKPOINT_ID_ASSUMPTION),
    });
    expect(plainSentence(entry!)).toBe(
      "Azure DevOps did not answer for the approval of stage Stage Prod in web run r2 (not found).",
    );
    expect(result.pending.filter((item) => item.kind === "approval")).toEqual([
      expect.objectContaining({ approvers: [], stage: "Stage Prod", holding: ["Approval"] }),
    ]);
    expect(result.stages[0].unknown).toEqual([
      expect.objectContaining({ kind: "not-found", fields: ["approvers", "timeoutAt"] }),
    ]);
  });

  it("sets aside a suite whose run ids match no record: no check shown twice, the checks marked", async () => {
    const fake = createFakeSources(org({ ...matching, runs: ["run-1", "run-2"] }));
    const result = await pendingGates(fake.sources, "Demo");
    const stage = result.stages[0];
    expect(stage.checks.map((check) => check.name)).toEqual(["Approval", "Business hours"]);
    expect(result.notAvailable).toEqual([
      expect.objectContaining({
        what: "checks of stage Stage Prod in web run r2",
        reason: expect.stringMatching(/No run of suite Prod-cp has a record's id/),
      }),
    ]);
    expect(stage.unknown?.[0].fields).toEqual(expect.arrayContaining(["checks", "environment"]));
  });

  it("marks the checks unknown when no suite has the Checkpoint record's id", async () => {
    const fake = createFakeSources(org({ ...matching, suite: "suite-elsewhere" }));
    const result = await pipelineGates(fake.sources, "Demo", { kind: "yaml", pipeline: web });
    expect(result.notAvailable).toEqual([
      expect.objectContaining({
        what: "checks of stage Stage Prod in web run r2",
        kind: "not-found",
      }),
    ]);
    expect(result.stages[0].unknown?.[0].fields).toContain("checks");
  });
});
