import { deriveReleaseEnvironment } from "../../../src/core/gates";
import type {
  DeploymentAttempt,
  GateSample,
  Release,
  ReleaseApproval,
  ReleaseDefinitionEnvironment,
  ReleaseEnvironment,
} from "../../../src/core/model";
import { alice, at, bob } from "./builders";

const definition: ReleaseDefinitionEnvironment = {
  id: 3,
  name: "Production",
  rank: 2,
  preApproval: {
    hasApprovers: true,
    approvers: [alice, bob],
    requiredApproverCount: 0,
    timeoutMinutes: 4320,
  },
  postApproval: { hasApprovers: false, approvers: [], requiredApproverCount: 0 },
  preGates: {
    isEnabled: true,
    timeoutMinutes: 1440,
    samplingIntervalMinutes: 15,
    stabilizationTimeMinutes: 5,
    gates: [
      { name: "Query Work Items", taskId: "q", enabled: true, inputs: {} },
      { name: "Query Azure Monitor alerts", taskId: "m", enabled: true, inputs: {} },
    ],
  },
  postGates: { isEnabled: false, gates: [] },
};

const release: Release = {
  id: 55,
  name: "Release-55",
  status: "active",
  definition: { id: 38, name: "web-app-cd" },
  artifacts: [],
  environments: [],
};

function sample(minutes: number, workItems: "succeeded" | "failed"): GateSample {
  return {
    startTime: at(minutes),
    finishTime: at(minutes + 1),
    status: workItems,
    results: [
      {
        name: "Query Work Items",
        status: workItems,
        ...(workItems === "failed" ? { message: "Query returned 3 work items" } : {}),
      },
      { name: "Query Azure Monitor alerts", status: "succeeded" },
    ],
  };
}

function attempt(extra: Partial<DeploymentAttempt>): DeploymentAttempt {
  return {
    id: 301,
    attempt: 1,
    status: "inProgress",
    operationStatus: "queued",
    lastModifiedOn: at(200),
    ...extra,
  };
}

function approvalOf(
  status: ReleaseApproval["status"],
  extra: Partial<ReleaseApproval> = {},
): ReleaseApproval {
  return {
    id: 221,
    approvalType: "preDeploy",
    status,
    approver: alice,
    isAutomated: false,
    createdOn: at(100),
    ...extra,
  };
}

function environment(extra: Partial<ReleaseEnvironment>): ReleaseEnvironment {
  return {
    id: 118,
    releaseId: 55,
    name: "Production",
    rank: 2,
    status: "inProgress",
    definitionEnvironmentId: 3,
    preApprovals: [],
    postApprovals: [],
    deploySteps: [],
    ...extra,
  };
}

describe("deriveReleaseEnvironment", () => {
  it("is not started before a deployment exists", () => {
    expect(
      deriveReleaseEnvironment(release, environment({ status: "notStarted" }), definition).state,
    ).toBe("not-started");
  });

  it("evaluates gates: a gate failing its samples is being retried, with its timeout", () => {
    const gates = {
      id: 112,
      status: "inProgress" as const,
      startedOn: at(0),
      ignoredGates: [],
      samples: [sample(5, "failed"), sample(20, "failed")],
    };
    const stage = deriveReleaseEnvironment(
      release,
      environment({
        deploySteps: [attempt({ operationStatus: "evaluatingGates", preGates: gates })],
      }),
      definition,
    );
    expect(stage.state).toBe("checks-running");
    expect(stage.waiting).toEqual([
      expect.objectContaining({
        kind: "gate",
        id: "112",
        since: at(0),
        timeoutAt: at(1440),
        instructions: "Query returned 3 work items",
        holding: ["Pre-deployment gate: Query Work Items"],
      }),
    ]);
    expect(stage.evidence.filter((item) => item.kind === "gate-sample")).toHaveLength(2);
  });

  it("a gate failing then succeeding lets the environment on to its approval", () => {
    const gates = {
      id: 112,
      status: "succeeded" as const,
      startedOn: at(0),
      ignoredGates: [],
      samples: [sample(5, "failed"), sample(20, "failed"), sample(35, "succeeded")],
    };
    const stage = deriveReleaseEnvironment(
      release,
      environment({
        preApprovals: [approvalOf("pending"), approvalOf("pending", { id: 222, approver: bob })],
        deploySteps: [attempt({ operationStatus: "pending", preGates: gates })],
      }),
      definition,
    );
    expect(stage.state).toBe("waiting-for-approval");
    expect(
      stage.checks.filter((check) => check.type === "gate").map((check) => check.state),
    ).toEqual(["succeeded", "succeeded"]);
    expect(stage.waiting).toEqual([
      expect.objectContaining({
        kind: "approval",
        approvers: [alice, bob],
        timeoutAt: at(4420),
        required: 2,
        approved: 0,
      }),
    ]);
    expect(stage.evidence.map((item) => item.status)).toEqual(
      expect.arrayContaining(["failed", "failed", "succeeded"]),
    );
  });

  it("says rejected when the gates failed (Azure DevOps rejects the deployment), with the failing gate's message", () => {
    const gates = {
      id: 112,
      status: "failed" as const,
      startedOn: at(0),
      lastModifiedOn: at(80),
      ignoredGates: [],
      samples: [sample(5, "failed"), sample(20, "failed")],
    };
    const stage = deriveReleaseEnvironment(
      release,
      environment({
        status: "rejected",
        deploySteps: [
          attempt({ status: "notDeployed", operationStatus: "GateFailed", preGates: gates }),
        ],
      }),
      definition,
    );
    expect(stage.state).toBe("rejected");
    expect(stage.decision).toEqual({
      cause: "gate",
      comment: "Query returned 3 work items",
      at: at(80),
    });
  });

  it("says rejected, by whom and why", () => {
    const stage = deriveReleaseEnvironment(
      release,
      environment({
        status: "rejected",
        preApprovals: [
          approvalOf("rejected", { approvedBy: bob, comments: "Freeze", modifiedOn: at(150) }),
        ],
        deploySteps: [attempt({ status: "notDeployed", operationStatus: "rejected" })],
      }),
      definition,
    );
    expect(stage.state).toBe("rejected");
    expect(stage.decision).toEqual({ cause: "approval", by: bob, comment: "Freeze", at: at(150) });
  });

  it("reads an approval canceled once its timeout ran out as timed out", () => {
    const stage = deriveReleaseEnvironment(
      release,
      environment({
        status: "canceled",
        preApprovals: [approvalOf("canceled", { modifiedOn: at(100 + 4320) })],
        deploySteps: [attempt({ status: "notDeployed", operationStatus: "canceled" })],
      }),
      definition,
    );
    expect(stage.state).toBe("timed-out");
  });

  it.each<[ReleaseEnvironment["status"], string]>([
    ["succeeded", "succeeded"],
    ["partiallySucceeded", "partially-succeeded"],
    ["canceled", "canceled"],
    ["inProgress", "in-progress"],
    ["queued", "queued"],
    ["rejected", "failed"],
  ])("environment status %s with nothing pending → %s", (status, state) => {
    const stage = deriveReleaseEnvironment(
      release,
      environment({ status, deploySteps: [attempt({})] }),
      definition,
    );
    expect(stage.state).toBe(state);
  });

  it("skips environments of an abandoned release that never started", () => {
    const stage = deriveReleaseEnvironment(
      { ...release, status: "abandoned" },
      environment({ status: "notStarted" }),
      definition,
    );
    expect(stage.state).toBe("skipped");
  });
});
