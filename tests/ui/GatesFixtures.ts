/** A small organisation for the Gates tab and the gate widget: two waiting runs, one rejection. */
import type { CheckConfiguration, Run, TimelineRecord } from "../../src/core/model";
import type { FakeOrg } from "../fakes/sources";
import {
  alice,
  approval,
  at,
  bob,
  carol,
  configuration,
  stageRecords,
  step,
} from "../core/gates/builders";

export { alice, at, bob, carol };

export const HOSTILE_INSTRUCTIONS = "Check the notes first. <img src=x onerror=alert(1)>";
export const HOSTILE_COMMENT = 'Blocked: <script>alert("x")</script>';

function run(id: number, pipelineId: number, status: Run["status"], extra: Partial<Run> = {}): Run {
  return {
    id,
    number: `r${id}`,
    pipeline: { id: pipelineId, name: pipelineId === 10 ? "web" : "api" },
    status,
    sourceBranch: "refs/heads/main",
    sourceVersion: "abc",
    uri: `vstfs:///Build/Build/${id}`,
    queueTime: at(id),
    ...extra,
  };
}

function renamed(records: TimelineRecord[], prefix: string): TimelineRecord[] {
  return records.map((record) => ({
    ...record,
    id: `${prefix}${record.id}`,
    parentId: record.parentId && `${prefix}${record.parentId}`,
  }));
}

const liveConfiguration: CheckConfiguration = {
  ...configuration(2, "approval", "Approval", 600, "live"),
  resource: { type: "environment", id: "8", name: "live" },
};

/**
 * web (10): run 3 waits on a sequential approval (Alice, then Bob) at Prod since minute 10, timing
 * out at minute 70; run 1 was rejected by Bob at minute 80. api (11): run 5 waits on Carol at Live
 * since minute 5, timing out at minute 605 (older, but a later deadline).
 */
export function gatesOrg(): FakeOrg {
  return {
    pipelines: [
      { id: 10, name: "web", path: "\\", kind: "yaml" },
      { id: 11, name: "api", path: "\\", kind: "yaml" },
    ],
    runs: [
      run(5, 11, "inProgress"),
      run(3, 10, "inProgress"),
      run(1, 10, "completed", { result: "failed", finishTime: at(90) }),
    ],
    timelines: [
      {
        runId: 3,
        records: [
          ...stageRecords("Build", "completed", "succeeded", undefined, 1),
          ...stageRecords(
            "Prod",
            "pending",
            undefined,
            { state: "inProgress", checks: [["Checkpoint.Approval", "ap-3", "inProgress"]] },
            2,
          ),
        ],
      },
      {
        runId: 5,
        records: stageRecords("Live", "pending", undefined, {
          state: "inProgress",
          checks: [["Checkpoint.Approval", "ap-5", "inProgress"]],
        }),
      },
      {
        runId: 1,
        records: renamed(
          stageRecords("Prod", "completed", "failed", {
            state: "completed",
            result: "failed",
            checks: [["Checkpoint.Approval", "ap-1", "completed", "failed"]],
          }),
          "old-",
        ),
      },
    ],
    approvals: [
      approval("ap-3", "pending", [step(alice, "pending"), step(bob, "pending")], {
        executionOrder: "inSequence",
        createdOn: at(10),
        instructions: HOSTILE_INSTRUCTIONS,
        pipeline: { id: 10, name: "web", runId: 3, runName: "r3" },
      }),
      approval("ap-5", "pending", [step(carol, "pending")], {
        createdOn: at(5),
        pipeline: { id: 11, name: "api", runId: 5, runName: "r5" },
      }),
      approval(
        "old-ap-1",
        "rejected",
        [step(bob, "rejected", { comment: HOSTILE_COMMENT, lastModifiedOn: at(80) })],
        { lastModifiedOn: at(80), pipeline: { id: 10, name: "web", runId: 1, runName: "r1" } },
      ),
    ],
    checkSuites: [
      {
        id: "Prod-cp",
        status: "running",
        checkRuns: [
          {
            id: "ap-3",
            status: "running",
            configurationId: 1,
            resource: { type: "environment", id: "7", name: "prod" },
          },
        ],
      },
      {
        id: "Live-cp",
        status: "running",
        checkRuns: [
          {
            id: "ap-5",
            status: "running",
            configurationId: 2,
            resource: { type: "environment", id: "8", name: "live" },
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
    checkConfigurations: [configuration(1, "approval", "Approval", 60), liveConfiguration],
    environments: [
      { id: 7, name: "prod" },
      { id: 8, name: "live" },
      { id: 9, name: "prod-dr" },
    ],
  };
}
