import { prodWithoutApprovalRule as rule } from "../../../../../src/core/trace/gaps/prod-without-approval/rule";
import {
  baseGraph,
  classicDeployment,
  context,
  prodTimeline,
  release,
  releaseEnvironment,
  yamlDeployment,
} from "../builders";

describe("trace.prod-without-approval", () => {
  it("reports a production stage that passed no approval, from the run's timeline", () => {
    const graph = baseGraph();
    graph.addTimeline(prodTimeline(101, false));
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "prod") })).toEqual([
      expect.objectContaining({
        outcome: "gap",
        evidence: expect.objectContaining({ runId: 101, environment: "prod", stage: "DeployProd" }),
      }),
    ]);
  });

  it("says nothing once the stage passed an approval, or for a non-production environment", () => {
    const graph = baseGraph();
    graph.addTimeline(prodTimeline(101, true));
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "prod") })).toEqual(
      [],
    );
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(100, "dev") })).toEqual(
      [],
    );
  });

  it("is not available when the stage was run again and its new attempt's approval is not given", () => {
    // Attempt 1 deployed after its approval; the stage was run again and attempt 2 waits for its
    // own: the timeline now shows attempt 2 only, which says nothing of attempt 1's approval.
    const graph = baseGraph();
    const rerun = prodTimeline(101, false);
    rerun.records = rerun.records.map((record) => {
      const waiting = { ...record, state: "inProgress" as const, result: undefined, attempt: 2 };
      return record.type === "Stage" || record.type === "Checkpoint" ? waiting : record;
    });
    rerun.records.push({
      id: "ap2",
      parentId: "cp",
      type: "Checkpoint.Approval",
      name: "Checkpoint.Approval",
      state: "inProgress",
      attempt: 2,
    });
    graph.addTimeline(rerun);
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "prod") })).toEqual([
      expect.objectContaining({ outcome: "not-available" }),
    ]);
    // A first attempt that passed no approval is still a gap.
    const once = baseGraph();
    once.addTimeline(prodTimeline(101, false));
    expect(
      rule.evaluate({ ...context, graph: once, deployment: yamlDeployment(101, "prod") }),
    ).toEqual([expect.objectContaining({ outcome: "gap" })]);
  });

  it("reports a Classic production stage with automated approvals only", () => {
    const graph = baseGraph();
    const automated = release(2, 101, [releaseEnvironment(2, "Production", true)]);
    const manual = release(3, 101, [releaseEnvironment(2, "Production", false)]);
    graph.addRelease(automated);
    graph.addRelease(manual);
    expect(
      rule.evaluate({ ...context, graph, deployment: classicDeployment(automated, 2) }),
    ).toEqual([
      expect.objectContaining({
        outcome: "gap",
        evidence: { releaseId: 2, environment: "Production" },
      }),
    ]);
    expect(rule.evaluate({ ...context, graph, deployment: classicDeployment(manual, 2) })).toEqual(
      [],
    );
  });

  it("is not available when the run's timeline could not be read", () => {
    expect(
      rule.evaluate({ ...context, graph: baseGraph(), deployment: yamlDeployment(101, "prod") }),
    ).toEqual([expect.objectContaining({ outcome: "not-available" })]);
  });
});
