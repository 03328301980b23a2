import { prodWithoutCompletedPrRule as rule } from "../../../../../src/core/trace/gaps/prod-without-completed-pr/rule";
import {
  baseGraph,
  buildLink,
  context,
  pr,
  pullRequestLink,
  workItem,
  yamlDeployment,
} from "../builders";

describe("trace.prod-without-completed-pr", () => {
  it("reports a work item in production with no completed PR, and not once one is linked", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [buildLink(101)]));
    graph.addPullRequest(pr(5, "abandoned", { workItemIds: [1] }));
    const input = { ...context, graph, workItemId: 1, deployments: [yamlDeployment(101, "prod")] };
    expect(rule.evaluate(input)).toEqual([
      expect.objectContaining({
        outcome: "gap",
        evidence: expect.objectContaining({
          environment: "prod",
          runId: 101,
          pullRequests: [{ id: 5, status: "abandoned" }],
        }),
      }),
    ]);
    graph.addPullRequest(pr(6, "completed", { workItemIds: [1] }));
    expect(rule.evaluate(input)).toEqual([]);
  });

  it("says nothing for a work item that only reached dev", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, []));
    expect(
      rule.evaluate({
        ...context,
        graph,
        workItemId: 1,
        deployments: [yamlDeployment(101, "dev")],
      }),
    ).toEqual([]);
  });

  it("is not available when a linked PR could not be read", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, [pullRequestLink(9)]));
    const findings = rule.evaluate({
      ...context,
      graph,
      workItemId: 1,
      deployments: [yamlDeployment(101, "prod")],
    });
    expect(findings).toEqual([
      expect.objectContaining({
        outcome: "not-available",
        evidence: expect.objectContaining({ unreadPullRequests: [9] }),
      }),
    ]);
  });

  it("is not available, not clear, when the deployments could not be read", () => {
    const graph = baseGraph();
    graph.addWorkItem(workItem(1, []));
    graph.unread.add("deployments");
    expect(rule.evaluate({ ...context, graph, workItemId: 1, deployments: [] })).toEqual([
      expect.objectContaining({ outcome: "not-available" }),
    ]);
  });
});
