import { openWorkItemDeployedRule as rule } from "../../../../../src/core/trace/gaps/open-work-item-deployed/rule";
import { baseGraph, context, workItem, yamlDeployment } from "../builders";

const params = { closedStates: rule.defaults.closedStates };

describe("trace.open-work-item-deployed", () => {
  it("reports an open work item once something was deployed, naming the one run", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [], "Active"));
    graph.addWorkItem(workItem(2, [], "Resolved"));
    const deployments = [yamlDeployment(101, "dev"), yamlDeployment(101, "prod")];
    expect(rule.evaluate({ ...context, params, graph, workItemId: 1, deployments })).toEqual([
      expect.objectContaining({
        outcome: "gap",
        evidence: { workItemId: 1, state: "Active", environments: ["dev", "prod"], runId: 101 },
      }),
    ]);
    expect(rule.evaluate({ ...context, params, graph, workItemId: 2, deployments })).toEqual([]);
    expect(rule.evaluate({ ...context, params, graph, workItemId: 1, deployments: [] })).toEqual(
      [],
    );
  });

  it("takes the done states from the baseline", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [], "Shipped"));
    const deployments = [yamlDeployment(101, "prod")];
    const input = { ...context, graph, workItemId: 1, deployments };
    expect(rule.evaluate({ ...input, params })).toHaveLength(1);
    expect(rule.evaluate({ ...input, params: { closedStates: ["shipped"] } })).toEqual([]);
    expect(rule.checkParams({ closedStates: [] })).toEqual([
      { path: "closedStates", expected: "a non-empty list of state names" },
    ]);
  });

  it("is not available for a work item, or deployments, that could not be read", () => {
    const graph = baseGraph();
    expect(
      rule.evaluate({
        ...context,
        params,
        graph,
        workItemId: 9,
        deployments: [yamlDeployment(101, "dev")],
      }),
    ).toEqual([expect.objectContaining({ outcome: "not-available" })]);
    graph.addWorkItem(workItem(1, [], "Active"));
    graph.unread.add("releases");
    expect(rule.evaluate({ ...context, params, graph, workItemId: 1, deployments: [] })).toEqual([
      expect.objectContaining({ outcome: "not-available" }),
    ]);
  });

  it("keeps the gap but marks its environments when a read that could add some failed", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [], "Active"));
    graph.unread.add("runs");
    graph.unreadReasons.set("runs", { what: "runs of web", kind: "server", reason: "500" });
    const deployments = [yamlDeployment(101, "dev")];
    const [finding] = rule.evaluate({ ...context, params, graph, workItemId: 1, deployments });
    expect(finding.outcome).toBe("gap");
    expect(finding.evidence.environments).toEqual(["dev"]);
    expect(finding.evidence.unknown).toEqual([
      {
        what: "work item 1",
        kind: "server",
        reason: "500",
        fields: ["environments"],
      },
    ]);
    // Which one run deployed it is a guess while a deployment read failed: not named.
    expect(finding.evidence.runId).toBeUndefined();
    graph.unread.clear();
    const [clean] = rule.evaluate({ ...context, params, graph, workItemId: 1, deployments });
    expect(clean.evidence.unknown).toBeUndefined();
    expect(clean.evidence.runId).toBe(101);
  });
});
