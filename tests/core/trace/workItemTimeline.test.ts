import { mergeIndex } from "../../../src/core/trace/deploymentIndex/mergeIndex";
import { TraceSession } from "../../../src/core/trace/session";
import { loadWorkItemTimeline } from "../../../src/core/trace/workItemTimeline";
import type { Timeline } from "../../../src/core/model";
import { createFakeSources, defaultProject, pipeline, type FakeOrg } from "../../fakes/sources";
import { buildLink, hour, recordAt, runAt, workItem, webRepository } from "./builders";

const environments = [
  { id: 1, name: "dev" },
  { id: 2, name: "prod" },
];

/**
 * Run 5 (of a release branch) went to prod long ago; the item's run 10 reached dev; run 11 (later on main, so it carries
 * the item too) waits for its prod approval. Where DeployProd goes is known from run 5's record.
 */
const records = [
  recordAt({ id: 1, runId: 5, environmentId: 2 }, hour(1)),
  recordAt({ id: 2, runId: 10, environmentId: 1 }, hour(3)),
  recordAt({ id: 3, runId: 11, environmentId: 1 }, hour(5)),
];

const waitingTimeline: Timeline = {
  runId: 11,
  records: [
    {
      id: "dev",
      type: "Stage",
      name: "Deploy to dev",
      identifier: "DeployDev",
      state: "completed",
      result: "succeeded",
      startTime: hour(4),
    },
    {
      id: "prod",
      type: "Stage",
      name: "Deploy to prod",
      identifier: "DeployProd",
      state: "inProgress",
      startTime: hour(6),
    },
    { id: "cp", parentId: "prod", type: "Checkpoint", name: "Checkpoint", state: "inProgress" },
    {
      id: "ap",
      parentId: "cp",
      type: "Checkpoint.Approval",
      name: "Approval",
      state: "inProgress",
      startTime: hour(6),
    },
  ],
};

function org() {
  return createFakeSources(orgData());
}

function orgData(): FakeOrg {
  return {
    repositories: [webRepository],
    workItems: [workItem(1, [buildLink(10)])],
    pipelines: [pipeline({ id: 7, name: "web-ci-cd" })],
    runs: [
      runAt(5, hour(0), { finishTime: hour(1), sourceBranch: "refs/heads/release/1" }),
      runAt(10, hour(2), { finishTime: hour(3) }),
      runAt(11, hour(4), { status: "inProgress", result: undefined }),
    ],
    timelines: [waitingTimeline],
    environments,
    deploymentRecords: records,
  };
}

/** The index as the hub saves it, read at hour 7 (everything above is in it). */
const index = mergeIndex(undefined, {
  projectId: defaultProject.id,
  at: hour(7),
  environments,
  reads: environments.map((environment) => ({
    environmentId: environment.id,
    records: records.filter((record) => record.environmentId === environment.id),
  })),
});

function pendingOf(timeline: Awaited<ReturnType<typeof loadWorkItemTimeline>>) {
  return timeline.pending.map((stage) => `${stage.stage} → ${stage.environment} ${stage.state}`);
}

describe("the form's pending stages", () => {
  it("name the same environment with the deployment index as without it", async () => {
    const without = await loadWorkItemTimeline(new TraceSession(org().sources, "Demo"), 1);
    expect(pendingOf(without)).toEqual(["Deploy to prod → prod waiting-for-approval"]);
    const session = new TraceSession(org().sources, "Demo").useDeploymentIndex({
      projectId: defaultProject.id,
      read: async () => index,
    });
    const withIndex = await loadWorkItemTimeline(session, 1);
    expect(withIndex.index).toMatchObject({ verified: true, contradicted: [] });
    expect(pendingOf(withIndex)).toEqual(pendingOf(without));
  });

  it("are never named from an index row the service does not have", async () => {
    // An altered index says DeployProd last deployed to dev (record 9): dev has no record 9.
    const altered = JSON.parse(JSON.stringify(index)) as typeof index;
    altered.rows.push([9, 1, 7, 5, "2025.5", "DeployProd", "succeeded", null, null, null]);
    altered.environments[0].watermark = 9;
    const session = new TraceSession(org().sources, "Demo").useDeploymentIndex({
      projectId: defaultProject.id,
      read: async () => altered,
    });
    const timeline = await loadWorkItemTimeline(session, 1);
    expect(pendingOf(timeline)).toEqual(["Deploy to prod → null waiting-for-approval"]);
  });
});

describe("the form's refresh", () => {
  it("takes a run's state from this load's read, not from an earlier load's listing", async () => {
    // First open: run 11 has finished. Then its prod stage is run again and waits for approval.
    const data = orgData();
    const runs = data.runs ?? [];
    const at = runs.findIndex((run) => run.id === 11);
    runs[at] = { ...runs[at], status: "completed", result: "succeeded", finishTime: hour(6) };
    // Run 11 carries the item as the later run of its link: its own "Integrated in build" link.
    data.workItems = [workItem(1, [buildLink(10), buildLink(11)])];
    const fake = createFakeSources(data);
    const session = new TraceSession(fake.sources, "Demo");
    expect(pendingOf(await loadWorkItemTimeline(session, 1))).toEqual([]);
    runs[at] = { ...runs[at], status: "inProgress", result: undefined, finishTime: undefined };
    const refreshed = await loadWorkItemTimeline(session, 1);
    expect(pendingOf(refreshed)).toEqual(["Deploy to prod → prod waiting-for-approval"]);
  });
});
