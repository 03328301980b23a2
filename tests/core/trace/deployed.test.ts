import type {
  DeploymentRecord,
  Release,
  ReleaseEnvironment,
  ReleaseEnvironmentStatus,
  Run,
} from "../../../src/core/model";
import { SourceError } from "../../../src/core/sources";
import { deployedMatrix } from "../../../src/core/trace";
import { deriveDeployedCells, type DeployedSnapshot } from "../../../src/core/trace/deployed";
import { createFakeSources, pipeline, release as fakeRelease } from "../../fakes/sources";

const at = (day: number, hour = 0) => new Date(Date.UTC(2025, 0, day, hour));

function run(id: number, day: number): Run {
  return {
    id,
    number: `2025.${id}`,
    pipeline: { id: 7, name: "web-ci-cd" },
    status: "completed",
    result: "succeeded",
    sourceBranch: "refs/heads/main",
    sourceVersion: `sha${id}`,
    queueTime: at(day),
    finishTime: at(day),
    requestedFor: { id: "u", displayName: `Person ${id}` },
    uri: `vstfs:///Build/Build/${id}`,
  };
}

function record(
  id: number,
  runId: number,
  day: number,
  result: DeploymentRecord["result"],
): DeploymentRecord {
  const finished = result !== undefined;
  return {
    id,
    environmentId: 1,
    pipeline: { id: 7, name: "web-ci-cd" },
    run: { id: runId, name: `2025.${runId}` },
    stageName: "Prod",
    result,
    queueTime: at(day),
    startTime: at(day),
    ...(finished ? { finishTime: at(day, 1) } : {}),
  };
}

function snapshot(records: DeploymentRecord[], releases: Release[] = []): DeployedSnapshot {
  const runs = new Map(records.map((item) => [item.run.id, run(item.run.id, 1)]));
  return { environments: [{ id: 1, name: "prod" }], records, releases, runs };
}

function stage(
  status: ReleaseEnvironmentStatus,
  day: number,
  extra: Partial<ReleaseEnvironment> = {},
): ReleaseEnvironment {
  return {
    id: day,
    releaseId: day,
    name: "Production",
    rank: 1,
    status,
    definitionEnvironmentId: 1,
    preApprovals: [],
    postApprovals: [],
    deploySteps: [
      {
        id: day,
        attempt: 1,
        status: status === "succeeded" ? "succeeded" : "inProgress",
        operationStatus: status === "succeeded" ? "Approved" : "Pending",
        queuedOn: at(day),
        lastModifiedOn: at(day, 2),
      },
    ],
    ...extra,
  };
}

function releaseWith(id: number, environment: ReleaseEnvironment): Release {
  return fakeRelease({
    id,
    createdOn: at(id),
    definition: { id: 3, name: "web-release" },
    environments: [environment],
  });
}

describe("deriveDeployedCells: what runs there now", () => {
  it("keeps the newest successful deployment and shows a newer failed attempt apart", () => {
    const [cell] = deriveDeployedCells(
      snapshot([record(1, 10, 2, "succeeded"), record(2, 11, 3, "failed")]),
    );
    expect(cell).toMatchObject({ runId: 10, name: "2025.10", state: "succeeded" });
    expect(cell.latestAttempt).toEqual({
      runId: 11,
      name: "2025.11",
      state: "failed",
      result: "failed",
      at: at(3, 1).toISOString(),
      by: "Person 11",
    });
  });

  it("counts a partially succeeded deployment as deployed, with issues", () => {
    const [cell] = deriveDeployedCells(
      snapshot([record(1, 10, 2, "succeeded"), record(2, 11, 3, "succeededWithIssues")]),
    );
    expect(cell).toMatchObject({ runId: 11, state: "partially-succeeded" });
    expect(cell.latestAttempt).toBeUndefined();
  });

  it("never calls a deployment in progress deployed", () => {
    const [cell] = deriveDeployedCells(
      snapshot([record(1, 10, 2, "succeeded"), record(2, 11, 3, undefined)]),
    );
    expect(cell.runId).toBe(10);
    expect(cell.latestAttempt).toMatchObject({ runId: 11, state: "in-progress", result: null });
  });

  it("keeps a cell with empty current fields when nothing succeeded there", () => {
    const [cell] = deriveDeployedCells(snapshot([record(1, 10, 2, "canceled")]));
    expect(cell).toEqual({
      pipeline: "web-ci-cd",
      kind: "yaml",
      environment: "prod",
      name: null,
      sourceBranch: null,
      sourceVersion: null,
      result: null,
      state: null,
      deployedAt: null,
      deployedBy: null,
      latestAttempt: expect.objectContaining({ runId: 10, state: "canceled" }),
    });
    expect("runId" in cell).toBe(false);
  });

  it("puts a Classic stage waiting for its pre-deployment approval apart from what runs there", () => {
    const waiting = stage("inProgress", 5, {
      preApprovals: [
        {
          id: 9,
          approvalType: "preDeploy",
          status: "pending",
          isAutomated: false,
          approver: { id: "a", displayName: "Approver" },
          createdOn: at(5),
        },
      ],
    });
    const cells = deriveDeployedCells(
      snapshot([], [releaseWith(4, stage("succeeded", 4)), releaseWith(5, waiting)]),
    );
    expect(cells).toEqual([
      expect.objectContaining({ releaseId: 4, name: "Release-4", state: "succeeded" }),
    ]);
    expect(cells[0].latestAttempt).toMatchObject({
      releaseId: 5,
      state: "waiting-for-approval",
      result: "inProgress",
    });
  });

  it("takes the newest by finish time, not by id", () => {
    // Release 6 was redeployed after release 7.
    const cells = deriveDeployedCells(
      snapshot([], [releaseWith(7, stage("succeeded", 7)), releaseWith(6, stage("succeeded", 8))]),
    );
    expect(cells[0]).toMatchObject({ releaseId: 6 });
    expect(cells[0].latestAttempt).toBeUndefined();
  });
});

describe("deployedMatrix under a failed secondary read", () => {
  function org() {
    return createFakeSources({
      pipelines: [pipeline({ id: 7, name: "web-ci-cd" })],
      runs: [run(10, 2), run(11, 3)],
      environments: [{ id: 1, name: "prod" }],
      deploymentRecords: [record(1, 10, 2, "succeeded"), record(2, 11, 3, "failed")],
    });
  }

  it("keeps the cell's run and marks the fields it could not read, with the reason", async () => {
    const fake = org();
    fake.fail("build.listRuns", new SourceError("server", "HTTP 503", { status: 503 }));
    const matrix = await deployedMatrix(fake.sources, "Demo");
    const [cell] = matrix.cells;
    expect(cell).toMatchObject({
      runId: 10,
      name: "2025.10",
      sourceBranch: null,
      deployedBy: null,
    });
    expect(cell.unknown).toEqual({
      what: "deployment of web-ci-cd to prod",
      kind: "server",
      reason: "HTTP 503",
      status: 503,
      fields: ["sourceBranch", "sourceVersion", "deployedBy", "latestAttempt.by"],
    });
    expect(matrix.notAvailable).toEqual([
      { what: "runs of the deployments", kind: "server", reason: "HTTP 503", status: 503 },
    ]);
  });

  it("reports a bug as a bug, not as missing data", async () => {
    const fake = org();
    fake.fail("build.listRuns", new TypeError("cannot read properties of undefined"));
    await expect(deployedMatrix(fake.sources, "Demo")).rejects.toBeInstanceOf(TypeError);
  });

  it("leaves null for what the service says is none", async () => {
    const matrix = await deployedMatrix(org().sources, "Demo");
    expect(matrix.cells[0].unknown).toBeUndefined();
    expect(matrix.cells[0]).toMatchObject({
      sourceBranch: "refs/heads/main",
      deployedBy: "Person 10",
    });
  });
});
