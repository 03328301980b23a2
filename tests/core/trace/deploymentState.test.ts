import type {
  DeploymentRecord,
  Release,
  ReleaseApproval,
  ReleaseEnvironment,
  ReleaseEnvironmentStatus,
} from "../../../src/core/model";
import {
  countsAsDeployed,
  deploymentStateWord,
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

function approval(status: ReleaseApproval["status"]): ReleaseApproval {
  return {
    id: 5,
    approvalType: "preDeploy",
    status,
    isAutomated: false,
    approver: { id: "a", displayName: "Approver" },
    createdOn: at,
    modifiedOn: at,
  };
}

function classic(
  status: ReleaseEnvironmentStatus,
  preApprovals: ReleaseApproval[] = [],
): [Release, ReleaseEnvironment] {
  const environment: ReleaseEnvironment = {
    id: 1,
    releaseId: 3,
    name: "Production",
    rank: 1,
    status,
    definitionEnvironmentId: 1,
    preApprovals,
    postApprovals: [],
    deploySteps: [
      { id: 1, attempt: 1, status: "inProgress", operationStatus: "Pending", queuedOn: at },
    ],
  };
  const release: Release = {
    id: 3,
    name: "Release-3",
    status: "active",
    definition: { id: 1, name: "web-release" },
    artifacts: [],
    environments: [environment],
  };
  return [release, environment];
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
  ["Classic succeeded", releaseEnvironmentState(...classic("succeeded")), "succeeded", true],
  [
    "Classic partiallySucceeded",
    releaseEnvironmentState(...classic("partiallySucceeded")),
    "partially-succeeded",
    true,
  ],
  [
    "Classic inProgress, pre-deployment approval pending",
    releaseEnvironmentState(...classic("inProgress", [approval("pending")])),
    "waiting-for-approval",
    false,
  ],
  ["Classic inProgress", releaseEnvironmentState(...classic("inProgress")), "in-progress", false],
  [
    "Classic rejected by an approver",
    releaseEnvironmentState(...classic("rejected", [approval("rejected")])),
    "rejected",
    false,
  ],
  [
    "Classic rejected (deployment failed)",
    releaseEnvironmentState(...classic("rejected")),
    "failed",
    false,
  ],
  ["Classic canceled", releaseEnvironmentState(...classic("canceled")), "canceled", false],
  ["Classic queued", releaseEnvironmentState(...classic("queued")), "queued", false],
  ["Classic scheduled", releaseEnvironmentState(...classic("scheduled")), "queued", false],
])("%s", (_name, state, expected, deployed) => {
  expect(state).toBe(expected);
  expect(["succeeded", "partially-succeeded"].includes(state)).toBe(deployed);
});

it("counts a raw result as deployed whatever its case", () => {
  expect(countsAsDeployed("Succeeded")).toBe(true);
  expect(countsAsDeployed("SUCCEEDEDWITHISSUES")).toBe(true);
  expect(countsAsDeployed("partiallySucceeded")).toBe(true);
  expect(countsAsDeployed("inProgress")).toBe(false);
  expect(countsAsDeployed(null)).toBe(false);
});

it("says every state in words, never a raw value", () => {
  expect(deploymentStateWord("waiting-for-approval")).toBe("waiting for approval");
  expect(deploymentStateWord("partially-succeeded")).toBe("partially succeeded");
  expect(deploymentStateWord("in-progress")).toBe("in progress");
});
