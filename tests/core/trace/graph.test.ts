import type { DeploymentRecord, ReleaseEnvironment, Run } from "../../../src/core/model";
import {
  compareRunOrder,
  deploymentsOfWorkItem,
  releaseEnvironmentFirstDeployedTime,
  releaseEnvironmentTime,
  TraceGraph,
} from "../../../src/core/trace/graph";
import {
  buildLink,
  hour,
  recordAt,
  release,
  releaseEnvironmentAt,
  runAt,
  workItem,
} from "./builders";

const PROJECT = "00000000-0000-4000-8000-000000000001";

const run = (id: number, h: number, overrides: Partial<Run> = {}) => runAt(id, hour(h), overrides);
const record = (
  id: number,
  runId: number,
  environmentId: number,
  h: number,
  result: DeploymentRecord["result"] = "succeeded",
) => recordAt({ id, runId, environmentId }, hour(h), { result });
const releaseEnvironment = (
  id: number,
  name: string,
  status: ReleaseEnvironment["status"],
  h: number,
  automated = true,
) => releaseEnvironmentAt({ id, name, status }, hour(h), automated);

/** Runs 100 (h1), 101 (h2), 102 (h3) of one pipeline on main, 103 on a release branch. */
function baseGraph(): TraceGraph {
  const graph = new TraceGraph();
  graph.addRun(run(100, 1));
  graph.addRun(run(101, 2));
  graph.addRun(run(102, 3));
  graph.addRun(run(103, 4, { sourceBranch: "refs/heads/release/1.0" }));
  graph.addRun(run(200, 5, { pipeline: { id: 8, name: "other" } }));
  graph.addEnvironment(1, "dev");
  graph.addEnvironment(2, "prod");
  return graph;
}

describe("deployment semantics", () => {
  it("takes the integrated run as a direct link and later runs of the same pipeline and branch by run order", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [buildLink(101)]));
    graph.addDeployment(record(1, 100, 2, 1)); // an earlier run: does not contain the item
    graph.addDeployment(record(2, 101, 1, 2)); // the integrated run to dev
    graph.addDeployment(record(3, 102, 2, 6)); // a later run reaches prod
    graph.addDeployment(record(4, 103, 2, 5)); // another branch: no
    graph.addDeployment(record(5, 200, 2, 5)); // another pipeline: no
    const deployments = deploymentsOfWorkItem(graph, 1);
    expect(deployments).toEqual([
      expect.objectContaining({
        environment: "dev",
        runId: 101,
        evidence: "link",
        reachedAt: hour(2),
        status: "succeeded",
      }),
      expect.objectContaining({
        environment: "prod",
        runId: 102,
        evidence: "run-order",
        reachedAt: hour(6),
      }),
    ]);
  });

  it("takes the first successful deployment as reached, and keeps a failed-only environment unreached", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [buildLink(100)]));
    graph.addDeployment(record(1, 100, 2, 1, "failed"));
    graph.addDeployment(record(2, 102, 2, 7));
    graph.addDeployment(record(3, 101, 2, 4));
    graph.addDeployment(record(4, 101, 1, 3, "failed"));
    const byEnvironment = new Map(
      deploymentsOfWorkItem(graph, 1).map((item) => [item.environment, item]),
    );
    expect(byEnvironment.get("prod")).toMatchObject({
      runId: 101,
      reachedAt: hour(4),
      evidence: "run-order",
    });
    expect(byEnvironment.get("dev")).toMatchObject({
      runId: 101,
      status: "failed",
      reachedAt: undefined,
    });
  });

  it("keeps the newest attempt, in the deployment vocabulary, where it never succeeded", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [buildLink(100)]));
    graph.addDeployment(record(1, 100, 1, 2, "failed"));
    graph.addDeployment(record(2, 101, 1, 5, "canceled"));
    graph.addDeployment(record(3, 102, 1, 4, "failed"));
    expect(deploymentsOfWorkItem(graph, 1)).toEqual([
      expect.objectContaining({
        environment: "dev",
        runId: 101,
        status: "canceled",
        state: "canceled",
        reachedAt: undefined,
      }),
    ]);
  });

  it("counts a run that lists the work item as containing it", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, []));
    graph.addRunWorkItems(102, [1]);
    graph.addDeployment(record(1, 101, 2, 2));
    graph.addDeployment(record(2, 102, 2, 3));
    expect(deploymentsOfWorkItem(graph, 1)).toEqual([
      expect.objectContaining({ runId: 102, evidence: "link" }),
    ]);
  });

  it("follows Classic releases through their build artifacts, the same way", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [buildLink(101)]));
    graph.addRelease(release(1, 100, [releaseEnvironment(1, "QA", "succeeded", 1)])); // before: no
    graph.addRelease(
      release(2, 101, [
        releaseEnvironment(1, "QA", "succeeded", 3),
        releaseEnvironment(2, "Production", "rejected", 4),
      ]),
    );
    graph.addRelease(
      release(3, 102, [
        releaseEnvironment(1, "QA", "succeeded", 5),
        releaseEnvironment(2, "Production", "succeeded", 6),
      ]),
    );
    graph.addRelease(release(4, 102, [releaseEnvironment(1, "QA", "notStarted", 7)]));
    const deployments = deploymentsOfWorkItem(graph, 1);
    expect(deployments).toEqual([
      expect.objectContaining({
        kind: "classic",
        environment: "QA",
        releaseId: 2,
        evidence: "classic-link",
        reachedAt: hour(3),
      }),
      expect.objectContaining({
        kind: "classic",
        environment: "Production",
        releaseId: 3,
        evidence: "run-order",
        reachedAt: hour(6),
      }),
    ]);
  });

  it("takes an 'Integrated in release environment' link as Classic evidence on its own", () => {
    const graph = baseGraph();
    graph.addRelease(release(9, 555, [releaseEnvironment(4, "Production", "succeeded", 8)]));
    graph.addWorkItem(
      workItem(1, [
        {
          rel: "ArtifactLink",
          url: `vstfs:///ReleaseManagement/ReleaseEnvironment/${PROJECT}:9:4`,
          artifact: {
            kind: "releaseEnvironment",
            projectId: PROJECT,
            releaseId: 9,
            environmentId: 4,
          },
        },
      ]),
    );
    expect(deploymentsOfWorkItem(graph, 1)).toEqual([
      expect.objectContaining({
        kind: "classic",
        releaseId: 9,
        environment: "Production",
        evidence: "classic-link",
      }),
    ]);
  });

  it("finds nothing for a work item no run contains", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, []));
    graph.addDeployment(record(1, 102, 2, 3));
    expect(deploymentsOfWorkItem(graph, 1)).toEqual([]);
  });
});

describe("run order", () => {
  it("brings the runs after the previous deployment up to the current one, newest first", () => {
    const graph = baseGraph();
    graph.addRun(run(104, 6));
    const brought = graph.runsBrought(run(100, 1), run(102, 3));
    expect(brought.map((item) => item.id)).toEqual([102, 101]);
    // Another branch or pipeline never comes along; a later run neither.
    expect(graph.runsBrought(run(101, 2), run(104, 6)).map((item) => item.id)).toEqual([104, 102]);
  });

  it("breaks a tie in queue time by run id", () => {
    const graph = new TraceGraph();
    for (const id of [7, 5, 6]) graph.addRun(run(id, 1));
    expect(graph.containingRuns(run(6, 1)).map((item) => item.id)).toEqual([7, 6]);
    expect(compareRunOrder(run(5, 1), run(6, 1))).toBeLessThan(0);
  });
});

describe("a Classic release environment deployed again", () => {
  const step = (attempt: number, status: string, h: number) => ({
    id: attempt,
    attempt,
    status,
    operationStatus: status === "failed" ? "phaseFailed" : "phaseSucceeded",
    queuedOn: hour(h - 1),
    lastModifiedOn: hour(h),
  });
  const environment = (steps: ReturnType<typeof step>[]) =>
    ({ deploySteps: steps }) as unknown as ReleaseEnvironment;

  it("first got there with its first attempt that succeeded", () => {
    // Failed first, deployed on the retry, then deployed again later (a rollback to it).
    const redeployed = environment([
      step(1, "failed", 2),
      step(2, "succeeded", 4),
      step(3, "succeeded", 9),
    ]);
    expect(releaseEnvironmentFirstDeployedTime(redeployed)).toEqual(hour(4));
    expect(releaseEnvironmentTime(redeployed)).toEqual(hour(9));
  });

  it("has no first deployment when no attempt succeeded", () => {
    expect(
      releaseEnvironmentFirstDeployedTime(environment([step(1, "failed", 2)])),
    ).toBeUndefined();
  });
});
