import type { Environment, Release, Run } from "../../../../src/core/model";
import {
  MAX_BUILDS_PER_RELEASE,
  MAX_RELEASES,
  parseIndex,
  type DeploymentIndex,
  type IndexedReleases,
} from "../../../../src/core/trace/deploymentIndex/deploymentIndex";
import { mergeIndex, mergeReleases } from "../../../../src/core/trace/deploymentIndex/mergeIndex";
import { refreshIndex } from "../../../../src/core/trace/deploymentIndex/refreshIndex";
import {
  NEWEST_RELEASES_LISTED,
  contradictedReleases,
  releasePlan,
} from "../../../../src/core/trace/deploymentIndex/verifyPlan";
import { TraceSession } from "../../../../src/core/trace/session";
import { createFakeSources } from "../../../fakes/sources";
import { memoryVersionedStore } from "../../../fakes/memoryVersionedStore";
import { release, runAt } from "../builders";

const PROJECT = "p-1";
const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 10, minutes));
const environments: Environment[] = [{ id: 1, name: "dev" }];

/** Release `id` created at minute `id`, deploying build `buildId`. */
const releaseOf = (id: number, buildId: number): Release => ({
  ...release(id, buildId, []),
  createdOn: at(id),
});

/** A run of web-ci-cd queued at minute `queueMinute`, finished a minute later. */
const run = (id: number, queueMinute = id): Run =>
  runAt(id, at(queueMinute), { finishTime: at(queueMinute + 1) });

function indexWith(releases: Release[], minutes = 30): DeploymentIndex {
  return mergeIndex(undefined, {
    projectId: PROJECT,
    at: at(minutes),
    environments,
    reads: [{ environmentId: 1, records: [] }],
    releases: { records: releases },
  });
}

describe("Classic releases in the deployment index", () => {
  test("each release keeps its builds; an incremental read adds the newer ones", () => {
    const index = indexWith([releaseOf(2, 100), releaseOf(1, 90)]);
    expect(index.releases).toEqual({
      watermark: 2,
      complete: true,
      rows: [
        [2, at(2).getTime(), 100],
        [1, at(1).getTime(), 90],
      ],
    });
    expect(parseIndex(JSON.parse(JSON.stringify(index)), PROJECT)).toEqual(index);
    const next = mergeReleases(index.releases, { records: [releaseOf(3, 110)], downTo: 3 });
    expect(next?.rows.map((row) => row[0])).toEqual([3, 2, 1]);
    expect(next?.watermark).toBe(3);
    // A refresh that could not read releases keeps the ones the index had.
    const kept = mergeIndex(index, {
      projectId: PROJECT,
      at: at(40),
      environments,
      reads: [{ environmentId: 1, records: [], downTo: 1 }],
    });
    expect(kept.releases).toEqual(index.releases);
  });

  test("the newest releases are kept up to the cap; a release with too many builds: none", () => {
    const many = Array.from({ length: MAX_RELEASES + 2 }, (_, i) => releaseOf(i + 1, 1000 + i));
    const cut = mergeReleases(undefined, { records: many });
    expect(cut?.rows).toHaveLength(MAX_RELEASES);
    expect(cut).toMatchObject({ complete: false, floorCreated: at(2).getTime() + 1 });
    const crowded = releaseOf(9, 100);
    crowded.artifacts = Array.from({ length: MAX_BUILDS_PER_RELEASE + 1 }, (_, i) => ({
      ...crowded.artifacts[0],
      buildId: 100 + i,
    }));
    expect(mergeReleases(undefined, { records: [crowded] })).toBeUndefined();
  });

  test("a malformed releases part makes the whole index untrusted", () => {
    const index = indexWith([releaseOf(2, 100)]);
    const copy = JSON.parse(JSON.stringify(index)) as DeploymentIndex;
    (copy.releases?.rows[0] as unknown[]).push("<script>");
    expect(parseIndex(copy, PROJECT)).toBeUndefined();
  });

  test("the plan: releases of the runs and the linked ones by id, then everything newer", () => {
    const index = indexWith([releaseOf(3, 101), releaseOf(2, 100), releaseOf(1, 90)]);
    // The newest releases are listed (with any made since): claims among them need no read.
    expect(releasePlan(index, [run(100, 0)], [1])).toEqual({ claimed: [], downToId: 1 });
    expect(releasePlan(index, [run(555, 0)], [])).toEqual({ claimed: [], downToId: 1 });
    // Claims below the newest are read by id.
    const busy = indexWith(
      Array.from({ length: NEWEST_RELEASES_LISTED + 5 }, (_, i) => releaseOf(i + 1, 1000 + i)),
    );
    expect(releasePlan(busy, [run(1002, 0)], [1])).toEqual({ claimed: [1, 3], downToId: 6 });
    expect(releasePlan(busy, [run(1050, 0)], [])).toEqual({ claimed: [], downToId: 6 });
    // No releases in it, or cut above a run's queue time: the index cannot answer.
    const without: DeploymentIndex = { ...index, releases: undefined };
    expect(releasePlan(without, [run(100, 0)], [])).toBeUndefined();
    const releases = index.releases as IndexedReleases;
    const cut = {
      ...index,
      releases: { ...releases, complete: false, floorCreated: at(5).getTime() },
    };
    expect(releasePlan(cut, [run(100, 0)], [])).toBeUndefined();
  });

  test("claims the service denies are said, by run number", () => {
    const index = indexWith([releaseOf(3, 101), releaseOf(2, 100)]);
    const runs = [run(100), run(101)];
    const altered = releaseOf(2, 555);
    const said = contradictedReleases(index, [altered], runs, []);
    expect(said).toEqual([
      "The deployment index says Classic release 3 deploys run 2025.101; Azure DevOps has no such release that you can see: not shown.",
      "The deployment index says Release-2 (release 2) deploys run 2025.100; Azure DevOps says it does not: Azure DevOps's artifacts are used.",
    ]);
  });
});

describe("a session reading a work item's Classic releases through the index", () => {
  test("reads the claimed releases by id and the newer ones, not the whole list", async () => {
    const old = Array.from({ length: NEWEST_RELEASES_LISTED }, (_, i) => releaseOf(i + 3, 500 + i));
    const index = indexWith([...old, releaseOf(2, 100), releaseOf(1, 90)]);
    const newest = NEWEST_RELEASES_LISTED + 3;
    const fake = createFakeSources({
      environments,
      releases: [releaseOf(newest + 1, 100), releaseOf(newest, 300), ...old, releaseOf(2, 100)],
    });
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: PROJECT,
      read: async () => index,
    });
    const found = await session.releasesOfRuns([run(100, 0)], [], []);
    expect(found.releases.map((item) => item.id)).toEqual(
      expect.arrayContaining([2, newest, newest + 1]),
    );
    expect(found.releases.some((item) => item.id === 1)).toBe(false);
    expect(found.contradicted).toEqual([]);
    expect(
      fake.calls
        .filter((call) => call.method === "release.listReleases")
        .map((call) => call.args[1]),
    ).toEqual([{ downToId: 3 }, { releaseIds: [2] }]);
  });

  test("claims among the newest releases: one listing, a missing one said", async () => {
    const index = indexWith([releaseOf(3, 101), releaseOf(2, 100), releaseOf(1, 90)]);
    // Release 3 was deleted since; release 4 is new.
    const fake = createFakeSources({
      environments,
      releases: [releaseOf(4, 100), releaseOf(2, 100), releaseOf(1, 90)],
    });
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: PROJECT,
      read: async () => index,
    });
    const found = await session.releasesOfRuns([run(100, 0), run(101, 0)], [], []);
    expect(fake.calls.filter((call) => call.method === "release.listReleases")).toHaveLength(1);
    expect(found.releases.map((item) => item.id)).toEqual([4, 2, 1]);
    expect(found.contradicted).toEqual([
      "The deployment index says Classic release 3 deploys run 2025.101; Azure DevOps has no such release that you can see: not shown.",
    ]);
  });

  test("a listing that lacks the release it stops at: every release is listed instead", async () => {
    // The index names releases the service never had (ids far above its own): the listing down
    // to them would hide every real release.
    const index = indexWith([releaseOf(3, 101)]);
    const releases = index.releases as IndexedReleases;
    index.releases = { ...releases, watermark: 9_000_000, rows: [[9_000_000, null, 101]] };
    const fake = createFakeSources({
      environments,
      releases: [releaseOf(4, 101), releaseOf(3, 101)],
    });
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: PROJECT,
      read: async () => index,
    });
    const found = await session.releasesOfRuns([run(101, 0)], [], []);
    expect(found.releases.map((item) => item.id)).toEqual([4, 3]);
    expect(
      fake.calls
        .filter((call) => call.method === "release.listReleases")
        .map((call) => call.args[1]),
    ).toEqual([{ downToId: 9_000_000 }, undefined]);
  });

  test("without releases in the index, every release is listed", async () => {
    const index: DeploymentIndex = { ...indexWith([releaseOf(1, 90)]), releases: undefined };
    const fake = createFakeSources({ environments, releases: [releaseOf(1, 90)] });
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: PROJECT,
      read: async () => index,
    });
    const found = await session.releasesOfRuns([run(90, 0)], [], []);
    expect(found.releases.map((item) => item.id)).toEqual([1]);
    expect(fake.calls.find((call) => call.method === "release.listReleases")?.args[1]).toBe(
      undefined,
    );
  });
});

describe("refreshing the index's releases", () => {
  test("the first refresh lists every release, the next only those above the watermark", async () => {
    const releases = [releaseOf(2, 100), releaseOf(1, 90)];
    const fake = createFakeSources({ environments, releases });
    const { store } = memoryVersionedStore();
    const target = { project: "Demo", projectId: PROJECT, now: () => at(30) };
    const first = await refreshIndex(fake.sources, target, store);
    expect(first.index.releases?.watermark).toBe(2);
    releases.unshift(releaseOf(3, 110));
    fake.calls.length = 0;
    const second = await refreshIndex(fake.sources, { ...target, now: () => at(40) }, store);
    expect(fake.calls.find((call) => call.method === "release.listReleases")?.args[1]).toEqual({
      downToId: 3,
    });
    expect(second.index.releases?.rows.map((row) => row[0])).toEqual([3, 2, 1]);
  });
});
