import { deriveYamlStages, type StageGate } from "../../../src/core/gates";
import type { CheckRun, PipelineApproval } from "../../../src/core/model";
import {
  alice,
  approval,
  at,
  bob,
  carol,
  configuration,
  inputs,
  stageRecords,
  step,
  suite,
} from "./builders";

function only(stages: StageGate[]): StageGate {
  expect(stages).toHaveLength(1);
  return stages[0];
}

const approvals = (...list: PipelineApproval[]) => new Map(list.map((item) => [item.id, item]));

describe("deriveYamlStages: one state per stage", () => {
  it.each<[string, Parameters<typeof stageRecords>, StageGate["state"]]>([
    ["a pending stage without checks", ["S", "pending", undefined], "not-started"],
    ["a running stage whose checks passed", ["S", "inProgress", undefined], "in-progress"],
    ["a succeeded stage", ["S", "completed", "succeeded"], "succeeded"],
    [
      "a stage succeeded with issues",
      ["S", "completed", "succeededWithIssues"],
      "partially-succeeded",
    ],
    ["a skipped stage", ["S", "completed", "skipped"], "skipped"],
    ["a canceled stage without a timeout", ["S", "completed", "canceled"], "canceled"],
    ["a failed stage without checks (deployment failed)", ["S", "completed", "failed"], "failed"],
  ])("%s", (_, args, state) => {
    expect(only(deriveYamlStages(inputs(stageRecords(...args)))).state).toBe(state);
  });

  it("waits for an approval: who, since when, until when, with the evidence", () => {
    const records = stageRecords("Prod", "pending", undefined, {
      state: "inProgress",
      checks: [["Checkpoint.Approval", "ap-1", "inProgress"]],
    });
    const waitingApproval = approval(
      "ap-1",
      "pending",
      [step(alice, "pending"), step(bob, "pending")],
      {
        instructions: "Check staging first",
        minRequiredApprovers: 1,
      },
    );
    const checkSuite = suite("Prod-cp", [
      {
        id: "ap-1",
        status: "running",
        configurationId: 1,
        resource: { type: "environment", id: "7", name: "prod" },
      },
    ]);
    const stage = only(
      deriveYamlStages(
        inputs(records, {
          approvals: approvals(waitingApproval),
          suites: new Map([["Prod-cp", checkSuite]]),
          configurations: new Map([[1, configuration(1, "approval", "Approval", 60)]]),
        }),
      ),
    );
    expect(stage.state).toBe("waiting-for-approval");
    expect(stage.environment).toBe("prod");
    expect(stage.since).toEqual(at(10));
    expect(stage.waiting).toEqual([
      expect.objectContaining({
        kind: "approval",
        id: "ap-1",
        since: at(10),
        timeoutAt: at(70),
        approvers: [alice, bob],
        instructions: "Check staging first",
        executionOrder: "anyOrder",
        required: 1,
        approved: 0,
      }),
    ]);
    expect(stage.evidence).toEqual(
      expect.arrayContaining([
        { kind: "stage-record", id: "Prod", status: "pending" },
        { kind: "checkpoint-record", id: "Prod-cp", status: "inProgress" },
        { kind: "approval", id: "ap-1", status: "pending" },
      ]),
    );
  });

  it("in a sequence, waits only on the next approver once the first approved", () => {
    const records = stageRecords("Prod", "pending", undefined, {
      state: "inProgress",
      checks: [["Checkpoint.Approval", "ap-1", "inProgress"]],
    });
    const sequence = approval(
      "ap-1",
      "pending",
      [
        step(alice, "approved", { order: 1, actualApprover: alice }),
        step(bob, "pending", { order: 2 }),
        step(carol, "pending", { order: 3 }),
      ],
      { executionOrder: "inSequence" },
    );
    const [waiting] = only(
      deriveYamlStages(inputs(records, { approvals: approvals(sequence) })),
    ).waiting;
    expect(waiting.approvers).toEqual([bob]);
    expect(waiting).toMatchObject({ executionOrder: "inSequence", required: 3, approved: 1 });
  });

  it("in any order, waits on everyone still pending until minRequired is met", () => {
    const records = stageRecords("Prod", "pending", undefined, {
      state: "inProgress",
      checks: [["Checkpoint.Approval", "ap-1", "inProgress"]],
    });
    const anyOf = approval(
      "ap-1",
      "pending",
      [step(alice, "approved"), step(bob, "pending"), step(carol, "pending")],
      { minRequiredApprovers: 2 },
    );
    const [waiting] = only(
      deriveYamlStages(inputs(records, { approvals: approvals(anyOf) })),
    ).waiting;
    expect(waiting.approvers).toEqual([bob, carol]);
    expect(waiting).toMatchObject({ required: 2, approved: 1 });
  });

  it("says rejected, by whom and why", () => {
    const records = stageRecords("Prod", "completed", "failed", {
      state: "completed",
      result: "failed",
      checks: [["Checkpoint.Approval", "ap-1", "completed", "failed"]],
    });
    const rejected = approval("ap-1", "rejected", [
      step(alice, "rejected", {
        actualApprover: bob,
        comment: "Not today",
        lastModifiedOn: at(30),
      }),
      step(carol, "skipped"),
    ]);
    const stage = only(deriveYamlStages(inputs(records, { approvals: approvals(rejected) })));
    expect(stage.state).toBe("rejected");
    expect(stage.decision).toEqual({
      cause: "approval",
      by: bob,
      comment: "Not today",
      at: at(30),
    });
    expect(stage.checks).toEqual([
      { type: "approval", name: "Approval", state: "rejected", message: "Not today" },
    ]);
  });

  it("tells a timed-out approval from a canceled run (both cancel the stage)", () => {
    const records = stageRecords("Prod", "completed", "canceled", {
      state: "completed",
      result: "canceled",
      checks: [["Checkpoint.Approval", "ap-1", "completed", "canceled"]],
    });
    const timedOut = approval("ap-1", "timedOut", [step(alice, "timedOut")], {
      lastModifiedOn: at(4000),
    });
    const canceled = approval("ap-1", "canceled", [step(alice, "canceled")]);
    const timedOutStage = only(
      deriveYamlStages(inputs(records, { approvals: approvals(timedOut) })),
    );
    expect(timedOutStage.state).toBe("timed-out");
    expect(timedOutStage.decision).toMatchObject({ cause: "approval", at: at(4000) });
    const canceledStage = only(
      deriveYamlStages(inputs(records, { approvals: approvals(canceled) })),
    );
    expect(canceledStage.state).toBe("canceled");
    expect(canceledStage.decision).toEqual({ cause: "run" });
  });

  it("says checks-running while task checks evaluate, with the earliest check timeout", () => {
    const records = stageRecords("Prod", "pending", undefined, {
      state: "inProgress",
      checks: [
        ["Checkpoint.Approval", "ap-1", "completed", "succeeded"],
        ["Checkpoint.TaskCheck", "run-bh", "inProgress", undefined, "Business Hours"],
        ["Checkpoint.TaskCheck", "run-fn", "inProgress", undefined, "Error budget"],
      ],
    });
    const runs: CheckRun[] = [
      { id: "ap-1", status: "approved", configurationId: 1 },
      {
        id: "run-bh",
        status: "running",
        configurationId: 2,
        createdDate: at(5),
        resultMessage: "Outside business hours",
      },
      { id: "run-fn", status: "running", configurationId: 3, createdDate: at(5) },
    ];
    const stage = only(
      deriveYamlStages(
        inputs(records, {
          approvals: approvals(approval("ap-1", "approved", [step(alice, "approved")])),
          suites: new Map([["Prod-cp", suite("Prod-cp", runs)]]),
          configurations: new Map([
            [1, configuration(1, "approval", "Approval", 60)],
            [2, configuration(2, "businessHours", "Business Hours", 1440)],
            [3, configuration(3, "invokeAzureFunction", "Error budget", 120)],
          ]),
        }),
      ),
    );
    expect(stage.state).toBe("checks-running");
    expect(stage.waiting).toEqual([
      expect.objectContaining({
        kind: "check",
        id: "Prod-cp",
        since: at(5),
        timeoutAt: at(125),
        approvers: [],
        instructions: "Outside business hours",
        holding: ["Business Hours", "Error budget"],
      }),
    ]);
    expect(stage.checks.map((check) => [check.type, check.state])).toEqual([
      ["approval", "succeeded"],
      ["businessHours", "running"],
      ["invokeAzureFunction", "running"],
    ]);
  });

  it("says rejected (never failed) when a check rejected, with the check's message", () => {
    const records = stageRecords("Prod", "completed", "failed", {
      state: "completed",
      result: "failed",
      checks: [["Checkpoint.TaskCheck", "run-rest", "completed", "failed", "Change ticket"]],
    });
    const stage = only(
      deriveYamlStages(
        inputs(records, {
          suites: new Map([
            [
              "Prod-cp",
              suite("Prod-cp", [
                {
                  id: "run-rest",
                  status: "rejected",
                  configurationId: 4,
                  resultMessage: "Ticket not approved",
                  completedDate: at(20),
                },
              ]),
            ],
          ]),
          configurations: new Map([[4, configuration(4, "invokeRestApi", "Change ticket", 60)]]),
        }),
      ),
    );
    expect(stage.state).toBe("rejected");
    expect(stage.decision).toEqual({ cause: "check", comment: "Ticket not approved", at: at(20) });
  });

  it("names checks without a timeline record type (exclusive lock) from the suite", () => {
    const records = stageRecords("Prod", "completed", "succeeded", {
      state: "completed",
      result: "succeeded",
      checks: [["Checkpoint.ExtendsCheck", "run-tpl", "completed", "succeeded"]],
    });
    const stage = only(
      deriveYamlStages(
        inputs(records, {
          suites: new Map([
            [
              "Prod-cp",
              suite("Prod-cp", [
                { id: "run-tpl", status: "approved", configurationId: 5 },
                { id: "run-lock", status: "approved", configurationId: 6 },
              ]),
            ],
          ]),
          configurations: new Map([
            [5, configuration(5, "requiredTemplate", "ExtendsCheck", 60)],
            [6, configuration(6, "exclusiveLock", "ExclusiveLock", 60)],
          ]),
        }),
      ),
    );
    expect(stage.checks).toEqual([
      { type: "requiredTemplate", name: "ExtendsCheck", state: "succeeded" },
      { type: "exclusiveLock", name: "ExclusiveLock", state: "succeeded" },
    ]);
  });

  it("keeps stage order and learns an environment from another run by stage identifier", () => {
    const records = [
      ...stageRecords("Deploy", "completed", "succeeded", undefined, 2),
      ...stageRecords("Build", "completed", "succeeded", undefined, 1),
    ];
    const stages = deriveYamlStages(
      inputs(records, { stageEnvironments: new Map([["Deploy", "staging"]]) }),
    );
    expect(stages.map((stage) => [stage.stageIdentifier, stage.environment])).toEqual([
      ["Build", undefined],
      ["Deploy", "staging"],
    ]);
  });

  it("waits on an approval record even when the approval itself could not be read", () => {
    const records = stageRecords("Prod", "pending", undefined, {
      state: "inProgress",
      checks: [["Checkpoint.Approval", "ap-1", "inProgress"]],
    });
    const stage = only(deriveYamlStages(inputs(records)));
    expect(stage.state).toBe("waiting-for-approval");
    // Still listed as waiting (so "waiting on" keeps it), approvers unknown rather than none.
    expect(stage.waiting).toEqual([
      { kind: "approval", id: "ap-1", since: at(5), approvers: [], holding: ["Approval"] },
    ]);
    expect(stage.evidence).toContainEqual({
      kind: "check-record",
      id: "ap-1",
      status: "inProgress",
      note: "Approval",
    });
  });
});
