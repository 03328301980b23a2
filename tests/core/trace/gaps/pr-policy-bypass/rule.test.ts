import { prPolicyBypassRule as rule } from "../../../../../src/core/trace/gaps/pr-policy-bypass/rule";
import { baseGraph, context, pr, REPO } from "../builders";

describe("trace.pr-policy-bypass", () => {
  it("reports a completed PR that bypassed policies, with who and why", () => {
    const graph = baseGraph();
    graph.addPullRequest(
      pr(4, "completed", {
        policyBypass: { reason: "Hotfix", by: { id: "u", displayName: "Bo" } },
      }),
    );
    expect(rule.evaluate({ ...context, graph, pullRequestId: 4 })).toEqual([
      {
        outcome: "gap",
        message: "Pull request 4 was completed bypassing branch policies by Bo: Hotfix",
        evidence: { pullRequestId: 4, repository: "web", by: "Bo", reason: "Hotfix" },
        scope: { pullRequest: 4, repository: [REPO, "web"] },
      },
    ]);
  });

  it("says nothing for a PR completed through its policies", () => {
    const graph = baseGraph();
    graph.addPullRequest(pr(4, "completed"));
    expect(rule.evaluate({ ...context, graph, pullRequestId: 4 })).toEqual([]);
  });

  it("is not available for a PR that could not be read", () => {
    expect(rule.evaluate({ ...context, graph: baseGraph(), pullRequestId: 77 })).toEqual([
      expect.objectContaining({ outcome: "not-available", evidence: { pullRequestId: 77 } }),
    ]);
  });
});
