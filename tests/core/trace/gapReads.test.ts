import type { WorkItem } from "../../../src/core/model";
import { SourceError } from "../../../src/core/sources";
import { evidencePack, traceWorkItem, TraceSession } from "../../../src/core/trace";
import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { createFakeSources, pipeline, type FakeOrg } from "../../fakes/sources";

import { recordAt, REPO, runAt, webRepository } from "./builders";

const at = (day: number) => new Date(Date.UTC(2025, 0, day));
const run = (id: number, day: number) => runAt(id, at(day), { finishTime: at(day) });
const deployment = (id: number, runId: number, environmentId: number, day: number) =>
  recordAt({ id, runId, environmentId }, at(day), {
    stageName: environmentId === 2 ? "Prod" : "Staging",
  });

const item: WorkItem = {
  id: 1,
  rev: 1,
  type: "Bug",
  title: "Checkout fails",
  state: "Closed",
  relations: [{ rel: "ArtifactLink", url: "b", artifact: { kind: "build", buildId: 10 } }],
};

const change = (sha: string) => ({
  id: sha,
  location: `https://dev.azure.com/o/p/_apis/git/repositories/${REPO}/commits/${sha}`,
});

/**
 * Run 10 (the item's build) reaches staging, run 12 is the first to reach prod, and run 11 and
 * run 13 deploy again later. Each run brought one commit that links to no work item.
 */
function org(extra: FakeOrg = {}) {
  return createFakeSources({
    ...extra,
    repositories: [webRepository],
    workItems: [item],
    pipelines: [pipeline({ id: 7, name: "web-ci-cd" })],
    runs: [run(10, 2), run(11, 3), run(12, 4), run(13, 5)],
    environments: [
      { id: 1, name: "staging" },
      { id: 2, name: "prod" },
    ],
    deploymentRecords: [
      deployment(1, 10, 1, 2),
      deployment(2, 11, 1, 3),
      deployment(3, 12, 2, 4),
      deployment(4, 13, 2, 5),
    ],
    runChanges: {
      10: [change("c0000010")],
      11: [change("c0000011")],
      12: [change("c0000012")],
      13: [change("c0000013")],
    },
    commits: ["c0000010", "c0000011", "c0000012", "c0000013"].map((id) => ({
      id,
      repositoryId: REPO,
      workItemIds: [],
    })),
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
          {
            id: "cp",
            parentId: "s",
            type: "Checkpoint",
            name: "Checkpoint",
            state: "completed",
            result: "succeeded",
          },
          {
            id: "ap",
            parentId: "cp",
            type: "Checkpoint.Approval",
            name: "Approval",
            state: "completed",
            result: "succeeded",
          },
        ],
      },
    ],
  });
}

function commitGaps(gaps: { kind: string; [key: string]: unknown }[]) {
  return gaps
    .filter((gap) => gap.kind === "commit-without-work-item")
    .map((gap) => ({ commit: gap.commit, outcome: gap.outcome, broughtBy: gap.broughtBy }));
}

describe("a work item's gaps include those of the deployments that brought it", () => {
  it("lists the unlinked commits of the first run to each environment, and not of later runs", async () => {
    const trace = await traceWorkItem(org().sources, "Demo", 1);
    expect(commitGaps(trace.gaps)).toEqual([
      {
        commit: "c0000010",
        outcome: "gap",
        broughtBy: { pipeline: "web-ci-cd", runId: 10, name: "2025.10", environments: ["staging"] },
      },
      {
        commit: "c0000012",
        outcome: "gap",
        broughtBy: { pipeline: "web-ci-cd", runId: 12, name: "2025.12", environments: ["prod"] },
      },
    ]);
  });

  it("agrees with the evidence pack of the bringing run", async () => {
    const fake = org();
    const session = new TraceSession(fake.sources, "Demo");
    const trace = await traceWorkItem(fake.sources, "Demo", 1, { session });
    const pack = await evidencePack(fake.sources, "Demo", { runId: 12 }, { session });
    const fromTrace = trace.gaps
      .filter((gap) => gap.kind === "commit-without-work-item" && gap.runId === 12)
      .map((gap) => gap.message);
    const fromPack = pack.gaps
      .filter((gap) => gap.kind === "commit-without-work-item")
      .map((gap) => gap.message);
    expect(fromTrace).toEqual(fromPack);
  });

  it("says the check is not available when a bringing run's changes could not be read", async () => {
    const fake = org();
    fake.fail("build.getRunChanges", new SourceError("server", "500 on changes"));
    const trace = await traceWorkItem(fake.sources, "Demo", 1);
    expect(commitGaps(trace.gaps).map((gap) => gap.outcome)).toEqual([
      "not-available",
      "not-available",
    ]);
    expect(trace.notAvailable.map((entry) => entry.what)).toContain("changes of run 10");
  });

  it("reads the work items of the PR that merged a bringing commit (a listing has none)", async () => {
    // c0000012 is PR 5's merge commit; PR 5 links work item 9. The service's PR listing carries
    // no work item refs, only the PR itself does.
    const merged = {
      id: 5,
      repositoryId: REPO,
      repositoryName: "web",
      title: "Fix checkout",
      status: "completed" as const,
      sourceRefName: "refs/heads/fix",
      targetRefName: "refs/heads/main",
      mergeCommitId: "c0000012",
      closedDate: at(4),
      reviewers: [],
      workItemIds: [9],
    };
    const fake = org({ pullRequests: [merged] });
    const list = fake.sources.git.listPullRequests;
    fake.sources.git.listPullRequests = async (...args) =>
      (await list(...args)).map(({ workItemIds: _unread, ...pr }) => pr);
    const trace = await traceWorkItem(fake.sources, "Demo", 1);
    expect(commitGaps(trace.gaps).map((gap) => `${gap.commit} ${gap.outcome}`)).toEqual([
      "c0000010 gap",
    ]);
    // The evidence pack of run 12 answers the same: PR 5 links a work item.
    const pack = await evidencePack(fake.sources, "Demo", { runId: 12 });
    expect(pack.gaps.filter((gap) => gap.kind === "commit-without-work-item")).toEqual([]);
    // The PR could not be read: its commit is not checked, never a gap.
    fake.fail("git.getPullRequest", new SourceError("server", "500 on the pull request"));
    const unread = await traceWorkItem(fake.sources, "Demo", 1);
    expect(commitGaps(unread.gaps).map((gap) => gap.outcome)).toEqual(["gap", "not-available"]);
  });

  it("reads a bringing run's changes again on a refresh after they could not be read", async () => {
    const fake = org();
    const session = new TraceSession(fake.sources, "Demo");
    fake.fail("build.getRunChanges", new SourceError("server", "500 on changes"));
    const failed = await traceWorkItem(fake.sources, "Demo", 1, { session });
    expect(commitGaps(failed.gaps).map((gap) => gap.outcome)).toEqual([
      "not-available",
      "not-available",
    ]);
    fake.heal("build.getRunChanges");
    const refreshed = await traceWorkItem(fake.sources, "Demo", 1, { session });
    expect(commitGaps(refreshed.gaps).map((gap) => gap.outcome)).toEqual(["gap", "gap"]);
    expect(refreshed.notAvailable).toEqual([]);
  });

  it("a linked run whose listing could not be read is not said to be 'not found'", async () => {
    const fake = org();
    fake.fail("build.listRuns", new SourceError("server", "500 on builds"));
    const trace = await traceWorkItem(fake.sources, "Demo", 1);
    expect(trace.notAvailable.map((entry) => `${entry.what}: ${entry.kind}`)).toContain(
      "runs 10: server",
    );
    expect(trace.notAvailable.filter((entry) => entry.kind === "not-found")).toEqual([]);
  });

  it("applies the session's baseline: a gap rule switched off, an exception", async () => {
    const fake = org();
    const baseline = validateBaseline(
      {
        rules: { "branch.no-self-approval": {} },
        exceptions: [
          {
            rule: "trace.commit-without-work-item",
            target: "staging",
            justification: "Staging hotfixes (CHG-7)",
            expires: "2999-12-31",
          },
        ],
      },
      "baseline.yml",
    );
    const session = new TraceSession(fake.sources, "Demo", undefined, baseline);
    const trace = await traceWorkItem(fake.sources, "Demo", 1, { session });
    expect(commitGaps(trace.gaps).map((gap) => `${gap.commit} ${gap.outcome}`)).toEqual([
      "c0000010 exempt",
      "c0000012 gap",
    ]);
    const off = validateBaseline(
      {
        rules: { "branch.no-self-approval": {} },
        gaps: { "trace.commit-without-work-item": false },
      },
      "baseline.yml",
    );
    const quiet = await traceWorkItem(fake.sources, "Demo", 1, {
      session: new TraceSession(fake.sources, "Demo", undefined, off),
    });
    expect(commitGaps(quiet.gaps)).toEqual([]);
  });
});
