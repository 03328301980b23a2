import { commitWithoutWorkItemRule as rule } from "../../../../../src/core/trace/gaps/commit-without-work-item/rule";
import {
  baseGraph,
  classicDeployment,
  context,
  pr,
  release,
  releaseEnvironment,
  REPO,
  yamlDeployment,
} from "../builders";

describe("trace.commit-without-work-item", () => {
  it("reports the run's commits that link to no work item", () => {
    const graph = baseGraph();
    graph.addRunChanges(101, [
      { id: "aaaa1111", repositoryId: REPO, workItemIds: [] },
      { id: "bbbb2222", repositoryId: REPO, workItemIds: [4] },
    ]);
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "dev") })).toEqual([
      expect.objectContaining({
        outcome: "gap",
        message: "Commit aaaa1111 in run 101 links to no work item",
        evidence: { runId: 101, commit: "aaaa1111", repositoryId: REPO },
      }),
    ]);
  });

  it("counts the merge commit of a PR with work items as linked", () => {
    const graph = baseGraph();
    graph.addPullRequest(pr(8, "completed", { mergeCommitId: "dddd4444", workItemIds: [3] }));
    graph.addRunChanges(101, [{ id: "dddd4444", repositoryId: REPO, workItemIds: [] }]);
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "dev") })).toEqual(
      [],
    );
  });

  it("is not available for the merge commit of a PR whose work items were not read", () => {
    // A PR from a listing carries no work item refs: unknown is not "none".
    const graph = baseGraph();
    graph.addPullRequest(pr(8, "completed", { mergeCommitId: "dddd4444" }));
    graph.addRunChanges(101, [{ id: "dddd4444", repositoryId: REPO, workItemIds: [] }]);
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "dev") })).toEqual([
      expect.objectContaining({
        outcome: "not-available",
        evidence: expect.objectContaining({ commits: ["dddd4444"] }),
      }),
    ]);
    // A work item that links to the PR answers for it.
    graph.addWorkItem({
      id: 3,
      rev: 1,
      type: "Bug",
      title: "t",
      state: "Done",
      relations: [
        {
          rel: "ArtifactLink",
          url: "u",
          artifact: { kind: "pullRequest", pullRequestId: 8, repositoryId: REPO, projectId: "p" },
        },
      ],
    });
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "dev") })).toEqual(
      [],
    );
  });

  it("checks a Classic release's primary build", () => {
    const graph = baseGraph();
    const classic = release(5, 100, [releaseEnvironment(1, "QA", true)]);
    graph.addRelease(classic);
    graph.addRunChanges(100, [{ id: "eeee5555", repositoryId: REPO, workItemIds: [] }]);
    expect(rule.evaluate({ ...context, graph, deployment: classicDeployment(classic, 1) })).toEqual(
      [
        expect.objectContaining({
          evidence: expect.objectContaining({ releaseId: 5, runId: 100 }),
        }),
      ],
    );
  });

  it("is not available for commits whose links, or a run whose changes, could not be read", () => {
    const graph = baseGraph();
    graph.addRunChanges(101, [{ id: "cccc3333", repositoryId: REPO }]);
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(101, "dev") })).toEqual([
      expect.objectContaining({
        outcome: "not-available",
        evidence: expect.objectContaining({ commits: ["cccc3333"] }),
      }),
    ]);
    graph.unread.add("changes:100");
    expect(rule.evaluate({ ...context, graph, deployment: yamlDeployment(100, "dev") })).toEqual([
      expect.objectContaining({ outcome: "not-available", evidence: { runId: 100 } }),
    ]);
  });
});
