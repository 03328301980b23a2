import type { BuildChange, Pipeline, PullRequest, Run, WorkItem } from "../../../src/core/model";
import type { NotAvailable } from "../../../src/core/sources";
import { deploymentsOfWorkItem, TraceGraph } from "../../../src/core/trace/graph";
import {
  commitLandings,
  MERGE_CANDIDATES,
  mergeCandidates,
  mergeRuns,
  pullRequestLandings,
} from "../../../src/core/trace/mergeRuns";
import type { TraceSession } from "../../../src/core/trace/session";
import { hour, recordAt, REPO, runAt } from "./builders";

const run = (id: number, h: number, overrides: Partial<Run> = {}) => runAt(id, hour(h), overrides);
const record = (id: number, runId: number, environmentId: number, h: number) =>
  recordAt({ id, runId, environmentId }, hour(h));

const prLink = (id: number) => ({
  rel: "ArtifactLink",
  url: `vstfs:///Git/PullRequestId/p%2Fr%2F${id}`,
  name: "Pull Request",
  artifact: { kind: "pullRequest" as const, projectId: "p", repositoryId: REPO, pullRequestId: id },
});

const workItem = (id: number, relations: WorkItem["relations"]): WorkItem => ({
  id,
  rev: 1,
  type: "User Story",
  title: `Story ${id}`,
  state: "Closed",
  relations,
});

function pr(id: number, overrides: Partial<PullRequest> = {}): PullRequest {
  return {
    id,
    repositoryId: REPO,
    title: `PR ${id}`,
    status: "completed",
    sourceRefName: "refs/heads/feature/x",
    targetRefName: "refs/heads/main",
    mergeCommitId: "AAAA1111",
    closedDate: hour(2),
    reviewers: [],
    ...overrides,
  };
}

/** Runs 100 (h1), 101 (h3), 102 (h5) of one pipeline on main; dev is 1, prod is 2. */
function graphWithMerge(mergedIn: number | undefined): TraceGraph {
  const graph = new TraceGraph();
  for (const [id, h] of [
    [100, 1],
    [101, 3],
    [102, 5],
  ])
    graph.addRun(run(id, h));
  graph.addEnvironment(1, "dev");
  graph.addEnvironment(2, "prod");
  graph.addWorkItem(workItem(1, [prLink(9)]));
  graph.addPullRequest(pr(9));
  if (mergedIn !== undefined)
    graph.addRunChanges(mergedIn, [{ id: "aaaa1111", repositoryId: REPO }]);
  graph.addDeployment(record(1, 100, 2, 2)); // before the merge: does not carry it
  graph.addDeployment(record(2, 101, 1, 4)); // the run with the merge commit, to dev
  graph.addDeployment(record(3, 102, 2, 6)); // a later run carries it to prod
  return graph;
}

describe("a work item reaches environments through its PR's merge commit", () => {
  it("starts at the run whose changes contain the merge commit (merge-commit), later runs by run order", () => {
    const deployments = deploymentsOfWorkItem(graphWithMerge(101), 1);
    expect(
      deployments.map((item) => [item.environment, item.runId, item.evidence, !!item.reachedAt]),
    ).toEqual([
      ["dev", 101, "merge-commit", true],
      ["prod", 102, "run-order", true],
    ]);
  });

  it("reaches nothing when no run was found to contain the merge commit", () => {
    expect(deploymentsOfWorkItem(graphWithMerge(undefined), 1)).toEqual([]);
  });

  it("keeps the first run in run order when several runs list the merge commit", () => {
    const graph = graphWithMerge(102);
    graph.addRunChanges(101, [{ id: "aaaa1111", repositoryId: REPO }]);
    expect(graph.mergedRuns(1).map((item) => item.id)).toEqual([101]);
  });

  it("prefers a direct build link over the merge commit for the same run", () => {
    const graph = graphWithMerge(101);
    graph.addWorkItem(
      workItem(1, [
        prLink(9),
        {
          rel: "ArtifactLink",
          url: "vstfs:///Build/Build/101",
          name: "Integrated in build",
          artifact: { kind: "build", buildId: 101 },
        },
      ]),
    );
    expect(deploymentsOfWorkItem(graph, 1)[0]).toMatchObject({ runId: 101, evidence: "link" });
  });
});

describe("merge candidates", () => {
  it("reads only the first few runs queued from the PR's completion on, in run order", () => {
    const runs = [run(105, 9), run(101, 1), run(104, 8), run(102, 3), run(103, 4), run(106, 2)];
    const candidates = mergeCandidates(runs, hour(2));
    expect(candidates.map((item) => item.id)).toEqual([106, 102, 103]);
    expect(candidates).toHaveLength(MERGE_CANDIDATES);
  });

  it("lands only completed PRs with a merge commit and a completion time", () => {
    const landings = pullRequestLandings([
      pr(1),
      pr(2, { status: "active" }),
      pr(3, { mergeCommitId: undefined }),
      pr(4, { closedDate: undefined }),
    ]);
    expect(landings).toEqual([
      { repositoryId: REPO, branch: "refs/heads/main", commitId: "AAAA1111", at: hour(2) },
    ]);
  });
});

/** A session over fixed runs and changes that counts the changes it is asked for. */
function fakeSession(changes: Record<number, string[]>) {
  const asked: number[] = [];
  const pipelines: Pipeline[] = [
    { id: 7, name: "web-ci-cd", path: "\\", kind: "yaml", repositoryId: REPO.toUpperCase() },
    { id: 8, name: "other", path: "\\", kind: "yaml", repositoryId: "other-repo" },
  ];
  const runs = [run(100, 1), run(101, 3), run(102, 4), run(103, 5), run(104, 6)];
  const session = {
    pipelines: async () => pipelines,
    runsOf: async (pipelineId: number) => (pipelineId === 7 ? runs : []),
    runChanges: async (runId: number): Promise<BuildChange[]> => {
      asked.push(runId);
      return (changes[runId] ?? []).map((id) => ({ id }));
    },
  };
  return { session: session as unknown as TraceSession, asked };
}

describe("mergeRuns", () => {
  it("verifies candidates with their changes, in run order, and stops at the first that holds the commit", async () => {
    const { session, asked } = fakeSession({ 102: ["aaaa1111"], 103: ["aaaa1111"] });
    const notes: NotAvailable[] = [];
    const found = await mergeRuns(session, pullRequestLandings([pr(9)]), notes);
    expect(found.map((item) => item.run.id)).toEqual([102]);
    expect(asked).toEqual([101, 102]);
  });

  it("gives up after the candidates, without reading every run", async () => {
    const { session, asked } = fakeSession({ 104: ["aaaa1111"] });
    const found = await mergeRuns(session, pullRequestLandings([pr(9)]), []);
    expect(found).toEqual([]);
    expect(asked).toEqual([101, 102, 103]);
  });
});

describe("commitLandings", () => {
  const commitLink = {
    rel: "ArtifactLink",
    url: "vstfs:///Git/Commit/p%2Fr%2Fbbbb2222",
    name: "Fixed in Commit",
    artifact: { kind: "commit" as const, projectId: "p", repositoryId: REPO, commitId: "bbbb2222" },
  };

  it("says the linked commits were not looked for when the repository list could not be read", async () => {
    const listing: NotAvailable = { what: "repositories", kind: "server", reason: "500" };
    const session = {
      repositories: async (notes: NotAvailable[]) => {
        notes.push(listing);
        return new Map();
      },
    } as unknown as TraceSession;
    const notes: NotAvailable[] = [];
    const found = await commitLandings(session, workItem(1, [commitLink]), [], notes);
    expect(found).toEqual([]);
    // Without a branch to look on, the commit's run is unknown: said, not silently skipped.
    expect(notes).toEqual([listing, { ...listing, what: "commits bbbb2222" }]);
  });
});
