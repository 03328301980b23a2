import type {
  DeploymentRecord,
  ReleaseEnvironment,
  ReleaseEnvironmentStatus,
} from "../../../src/core/model";
import {
  environmentDeployed,
  recordDeployed,
  recordState,
  releaseEnvironmentState,
} from "../../../src/core/trace/deploymentState";

const at = new Date(Date.UTC(2025, 0, 2));

function record(result: DeploymentRecord["result"], started = true): DeploymentRecord {
  return {
    id: 1,
    environmentId: 1,
    pipeline: { id: 7, name: "web" },
    run: { id: 10, name: "2025.10" },
    stageName: "Prod",
    result,
    queueTime: at,
    ...(started ? { startTime: at } : {}),
  };
}

function classic(
  status: ReleaseEnvironmentStatus,
  operationStatus = "Pending",
): ReleaseEnvironment {
  return {
    id: 1,
    releaseId: 3,
    name: "Production",
    rank: 1,
    status,
    definitionEnvironmentId: 1,
    preApprovals: [],
    postApprovals: [],
    deploySteps: [
      { id: 1, attempt: 1, status: "inProgress", operationStatus, queuedOn: at },
      { id: 0, attempt: 0, status: "failed", operationStatus: "PhaseFailed", queuedOn: at },
    ],
  };
}

// The table: every raw value trace meets, its state, and whether it counts as deployed.
it.each([
  ["record succeeded", recordState(record("succeeded")), "succeeded", true],
  [
    "record succeededWithIssues",
    recordState(record("succeededWithIssues")),
    "partially-succeeded",
    true,
  ],
  ["record failed", recordState(record("failed")), "failed", false],
  ["record canceled", recordState(record("canceled")), "canceled", false],
  ["record abandoned", recordState(record("abandoned")), "canceled", false],
  ["record skipped", recordState(record("skipped")), "skipped", false],
  ["record without result, started", recordState(record(undefined)), "in-progress", false],
  ["record without result, not started", recordState(record(undefined, false)), "queued", false],
  ["Classic succeeded", releaseEnvironmentState(classic("succeeded")), "succeeded", true],
  [
    "Classic partiallySucceeded",
    releaseEnvironmentState(classic("partiallySucceeded")),
    "partially-succeeded",
    true,
  ],
  [
    "Classic inProgress, newest step pending an approval",
    releaseEnvironmentState(classic("inProgress", "Pending")),
    "waiting-for-approval",
    false,
  ],
  [
    "Classic inProgress, newest step evaluating gates",
    releaseEnvironmentState(classic("inProgress", "EvaluatingGates")),
    "checks-running",
    false,
  ],
  [
    "Classic inProgress, deploying",
    releaseEnvironmentState(classic("inProgress", "PhaseInProgress")),
    "in-progress",
    false,
  ],
  [
    "Classic rejected by an approver",
    releaseEnvironmentState(classic("rejected", "Rejected")),
    "rejected",
    false,
  ],
  [
    "Classic rejected, the deployment failed",
    releaseEnvironmentState(classic("rejected", "PhaseFailed")),
    "failed",
    false,
  ],
  ["Classic canceled", releaseEnvironmentState(classic("canceled", "Canceled")), "canceled", false],
  ["Classic queued", releaseEnvironmentState(classic("queued", "Queued")), "queued", false],
  [
    "Classic scheduled",
    releaseEnvironmentState(classic("scheduled", "Scheduled")),
    "queued",
    false,
  ],
])("%s", (_name, state, expected, deployed) => {
  expect(state).toBe(expected);
  expect(["succeeded", "partially-succeeded"].includes(state)).toBe(deployed);
});

it("counts as deployed only what runs there, whatever the case of the raw value", () => {
  expect(recordDeployed(record("succeeded"))).toBe("succeeded");
  expect(recordDeployed(record("SucceededWithIssues" as never))).toBe("partially-succeeded");
  expect(recordDeployed(record(undefined))).toBeUndefined();
  expect(environmentDeployed(classic("PartiallySucceeded" as never))).toBe("partially-succeeded");
  expect(environmentDeployed(classic("inProgress"))).toBeUndefined();
});
