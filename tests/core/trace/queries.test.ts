import type { PolicyConfiguration, WorkItem } from "../../../src/core/model";
import { SourceError } from "../../../src/core/sources";
import {
  deployedMatrix,
  evidencePack,
  traceWorkItem,
  TraceInputError,
  TraceSession,
} from "../../../src/core/trace";
import {
  createFakeSources,
  defaultProject,
  pipeline,
  type FakeOrg,
  policyConfiguration,
} from "../../fakes/sources";

import { REPO, runAt, webRepository } from "./builders";

const OTHER_PROJECT = "99999999-9999-4999-8999-999999999999";
const at = (day: number) => new Date(Date.UTC(2025, 0, day));
const run = (id: number, day: number) => runAt(id, at(day), { finishTime: at(day) });

const item: WorkItem = {
  id: 1,
  rev: 1,
  type: "Bug",
  title: "Checkout fails",
  state: "Active",
  relations: [
    { rel: "ArtifactLink", url: "b", artifact: { kind: "build", buildId: 10 } },
    {
      rel: "ArtifactLink",
      url: "p",
      artifact: {
        kind: "pullRequest",
        projectId: OTHER_PROJECT,
        repositoryId: "r2",
        pullRequestId: 77,
      },
    },
    {
      rel: "ArtifactLink",
      url: "p",
      artifact: {
        kind: "pullRequest",
        projectId: defaultProject.id,
        repositoryId: REPO,
        pullRequestId: 5,
      },
    },
  ],
};

function orgData(): FakeOrg {
  return {
    repositories: [webRepository],
    workItems: [item],
    pipelines: [pipeline({ id: 7, name: "web-ci-cd" })],
    runs: [run(10, 2), run(11, 3), run(12, 4)],
    environments: [
      { id: 1, name: "staging" },
      { id: 2, name: "prod" },
    ],
    deploymentRecords: [
      {
        id: 1,
        environmentId: 1,
        pipeline: { id: 7, name: "web-ci-cd" },
        run: { id: 10, name: "2025.10" },
        stageName: "Staging",
        result: "succeeded",
        finishTime: at(2),
      },
      {
        id: 2,
        environmentId: 2,
        pipeline: { id: 7, name: "web-ci-cd" },
        run: { id: 12, name: "2025.12" },
        stageName: "Prod",
        result: "succeeded",
        finishTime: at(5),
      },
    ],
    timelines: [
      {
        runId: 12,
        records: [
          {
            id: "s",
            type: "Stage",
            name: "Prod",
            identifier: "Prod",
            state: "completed",
            result: "succeeded",
          },
        ],
      },
    ],
    pullRequests: [
      {
        id: 5,
        repositoryId: REPO,
        title: "Fix checkout",
        status: "completed",
        sourceRefName: "refs/heads/fix",
        targetRefName: "refs/heads/main",
        mergeCommitId: "abc123",
        reviewers: [
          {
            identity: { id: "u1", displayName: "Ana" },
            vote: 10,
            isRequired: true,
            hasDeclined: false,
          },
        ],
        policyBypass: { reason: "Hotfix", by: { id: "u2", displayName: "Bo" } },
        workItemIds: [1],
      },
    ],
  };
}

const org = () => createFakeSources(orgData());

describe("traceWorkItem", () => {
  it("answers the whole path and names the cross-project PR it could not read", async () => {
    const fake = org();
    const trace = await traceWorkItem(fake.sources, "Demo", 1);
    expect(trace.workItem).toEqual({
      id: 1,
      title: "Checkout fails",
      type: "Bug",
      state: "Active",
    });
    expect(trace.pullRequests).toEqual([
      {
        id: 5,
        repository: "web",
        status: "completed",
        mergeCommit: "abc123",
        reviewers: [{ name: "Ana", vote: 10 }],
        policyBypass: { by: "Bo", reason: "Hotfix" },
      },
    ]);
    expect(trace.commits).toEqual([{ id: "abc123", repository: "web" }]);
    expect(trace.deployments).toEqual([
      expect.objectContaining({ environment: "staging", runId: 10, evidence: "link" }),
      expect.objectContaining({
        environment: "prod",
        runId: 12,
        evidence: "run-order",
        reachedAt: at(5).toISOString(),
      }),
    ]);
    // PR 77 could not be read: its bypass check has no answer, which is not "no gap".
    expect(trace.gaps.map((gap) => `${gap.kind} ${gap.outcome}`).sort()).toEqual([
      "open-work-item-deployed gap",
      "pr-policy-bypass gap",
      "pr-policy-bypass not-available",
      "prod-without-approval gap",
    ]);
    // Said without the project's id: it means nothing to a reader.
    expect(trace.notAvailable).toEqual([expect.objectContaining({ what: "pull request 77" })]);
  });

  it("names a merge commit's repository of another project after its pull request", async () => {
    const sharedRepository = "22222222-2222-4222-8222-222222222222";
    const linked: WorkItem = {
      id: 2,
      rev: 1,
      type: "Bug",
      title: "Shared library fix",
      state: "Active",
      relations: [
        {
          rel: "ArtifactLink",
          url: "p",
          artifact: {
            kind: "pullRequest",
            projectId: defaultProject.id,
            repositoryId: sharedRepository,
            pullRequestId: 6,
          },
        },
      ],
    };
    const fake = createFakeSources({
      workItems: [linked],
      pullRequests: [
        {
          id: 6,
          repositoryId: sharedRepository,
          repositoryName: "shared-libs",
          title: "Fix rounding",
          status: "completed",
          sourceRefName: "refs/heads/fix",
          targetRefName: "refs/heads/main",
          mergeCommitId: "def456",
          reviewers: [],
          workItemIds: [2],
        },
      ],
    });
    const trace = await traceWorkItem(fake.sources, "Demo", 2);
    expect(trace.commits).toEqual([{ id: "def456", repository: "shared-libs" }]);
  });

  it("reads environments, records and runs once per session", async () => {
    const fake = org();
    const session = new TraceSession(fake.sources, "Demo");
    await traceWorkItem(fake.sources, "Demo", 1, { session });
    const before = fake.calls.length;
    await traceWorkItem(fake.sources, "Demo", 1, { session });
    const second = fake.calls.slice(before).map((call) => call.method);
    expect(second).not.toContain("environments.listDeploymentRecords");
    expect(second).not.toContain("environments.listEnvironments");
    expect(second.filter((method) => method === "build.listRuns")).toHaveLength(1); // the linked run only
  });

  it("keeps what it read in the session, latest answer per id", async () => {
    const fake = org();
    const session = new TraceSession(fake.sources, "Demo");
    await traceWorkItem(fake.sources, "Demo", 1, { session });
    const { records } = session;
    expect(records.workItems.get(1)?.title).toBe("Checkout fails");
    expect(records.pullRequests.get(5)?.title).toBe("Fix checkout");
    // The cross-project PR could not be read, so nothing is kept for it.
    expect(records.pullRequests.has(77)).toBe(false);
    // The linked run and the later runs of its pipeline and branch.
    expect([...records.runs.keys()].sort()).toEqual([10, 11, 12]);
    // Only the production run's timeline was needed.
    expect([...records.timelines.keys()]).toEqual([12]);

    const mark = records.mark();
    const before = fake.calls.length;
    await traceWorkItem(fake.sources, "Demo", 1, { session });
    const again = records.readSince(mark);
    expect([...again.workItems.keys()]).toEqual([1]);
    expect([...again.timelines.keys()]).toEqual([12]);
    // Runs of the pipeline come from the session's cache, so only the linked run was read again.
    expect([...again.runs.keys()]).toEqual([10]);
    expect(records.runs.has(11)).toBe(true);

    // Nothing beyond the trace's own reads: keeping records costs no REST call.
    const methods = fake.calls.slice(before).map((call) => call.method);
    expect(methods.filter((method) => method === "workItems.getWorkItems")).toHaveLength(1);
    expect(methods.filter((method) => method === "build.getTimeline")).toHaveLength(1);
  });

  it("says a missing work item is an input error", async () => {
    await expect(traceWorkItem(org().sources, "Demo", 404)).rejects.toBeInstanceOf(TraceInputError);
  });

  it("reports an unreadable environment listing as not available instead of failing", async () => {
    const fake = org();
    fake.fail(
      "environments.listDeploymentRecords",
      new SourceError("permission", "403 on records"),
    );
    const trace = await traceWorkItem(fake.sources, "Demo", 1);
    expect(trace.deployments).toEqual([]);
    expect(trace.notAvailable.map((entry) => entry.reason)).toContain("403 on records");
  });
});

describe("deployedMatrix", () => {
  it("keeps the latest deployment per pipeline and environment, with its run's source", async () => {
    const fake = org();
    const matrix = await deployedMatrix(fake.sources, "Demo");
    // Cells follow the delivery order: production last.
    expect(matrix.environments).toEqual(["staging", "prod"]);
    expect(matrix.cells).toEqual([
      expect.objectContaining({
        pipeline: "web-ci-cd",
        environment: "staging",
        runId: 10,
        sourceBranch: "refs/heads/main",
      }),
      expect.objectContaining({
        pipeline: "web-ci-cd",
        environment: "prod",
        runId: 12,
        sourceVersion: "sha12",
      }),
    ]);
    await expect(deployedMatrix(fake.sources, "Demo", { pipeline: "nope" })).rejects.toBeInstanceOf(
      TraceInputError,
    );
  });
});

describe("evidencePack", () => {
  it("reconstructs the branch policies in force at the time of the run from revisions", async () => {
    const revision = (rev: number, day: number, overrides: Partial<PolicyConfiguration> = {}) =>
      policyConfiguration({
        id: 40,
        revision: rev,
        createdDate: at(day),
        settings: { minimumApproverCount: rev },
        ...overrides,
      });
    const fake = createFakeSources({
      repositories: [
        {
          id: REPO,
          name: "web",
          projectId: defaultProject.id,
          defaultBranch: "refs/heads/main",
          isDisabled: false,
        },
      ],
      runs: [run(12, 4)],
      timelines: [{ runId: 12, records: [] }],
      policyConfigurations: [
        revision(3, 9),
        policyConfiguration({ id: 41, createdDate: at(8) }), // created after the run
        policyConfiguration({
          id: 42,
          createdDate: at(1),
          scopes: [{ repositoryId: "elsewhere", refName: "refs/heads/main", matchKind: "Exact" }],
        }),
      ],
      policyRevisions: { 40: [revision(3, 9), revision(2, 3), revision(1, 1)] },
    });
    const pack = await evidencePack(fake.sources, "Demo", { runId: 12 });
    expect(pack.branchPolicies.policies).toEqual([
      expect.objectContaining({
        configurationId: 40,
        revision: 2,
        settings: { minimumApproverCount: 2 },
      }),
    ]);
    expect(fake.callCount("policy.listPolicyRevisions")).toBe(2); // 40 and 41; 42 is another repository's
  });

  it("names the pull request listings it could not read without ids, and finds no PR missing", async () => {
    const fake = createFakeSources({ ...orgData(), runWorkItemIds: { 12: [1] } });
    fake.fail("git.listPullRequests", new SourceError("server", "503"));
    const pack = await evidencePack(fake.sources, "Demo", { runId: 12 });
    const said = pack.notAvailable.map((entry) => entry.what);
    expect(said).toEqual(
      expect.arrayContaining([
        "pull requests of repository web",
        "pull requests of a repository of another project",
      ]),
    );
    expect(said.filter((what) => /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(what))).toEqual([]);
    // Unread is not "not found": the listings that hold PRs 5 and 77 could not be read.
    expect(pack.notAvailable.filter((entry) => entry.kind === "not-found")).toEqual([]);
  });

  it("says an unknown run is an input error", async () => {
    await expect(evidencePack(org().sources, "Demo", { runId: 999 })).rejects.toBeInstanceOf(
      TraceInputError,
    );
  });
});
