/**
 * The demo's delivery history: what delivery metrics need to be worth looking at, in the shapes the
 * service uses (stage attempts, "Found in build" ArtifactLinks, the Found In field, tags).
 */
import { generateDemo } from "../../dev/emulator/demo/generate";
import { freezeWeeks } from "../../dev/emulator/demo/history";
import type {
  DemoBuild,
  DemoDeploymentRecord,
  DemoOrganisation,
  DemoWorkItem,
} from "../../dev/emulator/demo/model";
import { call, values, withEmulator } from "./helpers";

const DAY = 24 * 3600 * 1000;

function production(demo: DemoOrganisation): DemoDeploymentRecord[] {
  const names = new Map(demo.environments.map((environment) => [environment.id, environment.name]));
  return demo.deploymentRecords
    .filter((record) => (names.get(record.environmentId) ?? "").startsWith("prod"))
    .sort((a, b) => (a.finishTime?.getTime() ?? 0) - (b.finishTime?.getTime() ?? 0));
}

const incidents = (demo: DemoOrganisation): DemoWorkItem[] =>
  demo.workItems.filter((item) => item.type === "Bug" && (item.tags ?? []).includes("incident"));

const foundInBuild = (item: DemoWorkItem): number | undefined => {
  const url = item.relations.find((relation) => relation.attributes.name === "Found in build")?.url;
  return url ? Number(/^vstfs:\/\/\/Build\/Build\/(\d+)$/.exec(url)?.[1]) : undefined;
};

describe.each([42, 7])("delivery history of the small demo (seed %i)", (seed) => {
  const demo = generateDemo({ seed, size: "small", org: "fabrikam" });
  const prod = production(demo);
  const buildById = new Map<number, DemoBuild>(demo.builds.map((build) => [build.id, build]));

  it("reaches back more than 90 days before the demo's now", () => {
    const oldest = prod[0].finishTime as Date;
    expect(demo.anchor.getTime() - oldest.getTime()).toBeGreaterThan(90 * DAY);
  });

  it("has failed, partially succeeded and canceled-after-start production deployments", () => {
    const results = new Set(prod.map((record) => record.result));
    expect([...results]).toEqual(
      expect.arrayContaining(["succeeded", "failed", "succeededWithIssues", "canceled"]),
    );
    const canceled = prod.filter((record) => record.result === "canceled");
    expect(canceled.every((record) => record.startTime !== undefined)).toBe(true);
  });

  it("has rollbacks: an older run's stage deployed again (attempt 2) after a newer run", () => {
    // Approvals granted out of order also deploy an older run after a newer one: both count.
    const reruns = prod.filter((record) => record.stageAttempt === 2);
    expect(reruns.length).toBeGreaterThanOrEqual(2);
    for (const record of reruns) {
      const index = prod.indexOf(record);
      const previous = prod
        .slice(0, index)
        .reverse()
        .find(
          (other) =>
            other.environmentId === record.environmentId &&
            other.definition.id === record.definition.id,
        );
      expect(previous?.owner.id).toBeGreaterThan(record.owner.id);
      const stageRun = buildById
        .get(record.owner.id)
        ?.stageRuns.find((candidate) => candidate.stage.identifier === record.stageName);
      expect(stageRun).toMatchObject({ attempt: 2, finish: record.finishTime });
    }
  });

  it("has a Classic failed attempt deployed again, and a Classic rollback", () => {
    const definition = demo.releaseDefinitions.find((item) => item.name === "payments-release");
    const stages = demo.releases
      .filter((release) => release.definitionId === definition?.id)
      .map((release) => ({
        release,
        stage: release.environments.find((environment) => environment.name === "Production"),
      }));
    const retried = stages.find(({ stage }) => stage?.deploySteps[0]?.status === "failed");
    expect(retried?.stage?.deploySteps.map((step) => [step.attempt, step.status])).toEqual([
      [1, "failed"],
      [2, "succeeded"],
    ]);
    expect(retried?.stage?.preApprovals.map((approval) => approval.attempt ?? 1)).toContain(2);
    // The last Production deployment deploys an older release again (a later attempt).
    const attempts = stages.flatMap(({ release, stage }) =>
      (stage?.deploySteps ?? [])
        .filter((step) => step.status === "succeeded")
        .map((step) => ({ release: release.id, attempt: step.attempt, at: step.lastModifiedOn })),
    );
    attempts.sort((a, b) => a.at.getTime() - b.at.getTime());
    const [before, last] = attempts.slice(-2);
    expect(last.release).toBeLessThan(before.release);
    expect(last.attempt).toBeGreaterThan(1);
  });

  it("has hotfixes: a short-lived branch's run deployed straight to production", () => {
    const hotfixes = demo.builds.filter((build) =>
      build.sourceBranch.startsWith("refs/heads/hotfix/"),
    );
    expect(hotfixes.length).toBeGreaterThanOrEqual(2);
    for (const build of hotfixes) {
      const deployed = build.stageRuns.filter((stageRun) => stageRun.stage.environmentId);
      const ran = deployed.filter((stageRun) => stageRun.outcome !== "skipped");
      expect(ran).toHaveLength(1);
      expect(
        prod.some((record) => record.owner.id === build.id && record.result === "succeeded"),
      ).toBe(true);
      // The branch is gone; the next main run brings the hotfix commit through its merge.
      const repo = demo.repositories.find((candidate) => candidate.id === build.repositoryId);
      expect(repo?.refs.some((ref) => ref.name === build.sourceBranch)).toBe(false);
      const merged = demo.builds.find(
        (other) =>
          other.definitionId === build.definitionId &&
          other.id > build.id &&
          other.changes.includes(build.sourceVersion),
      );
      expect(merged?.sourceBranch).toBe(repo?.defaultBranch);
    }
  });

  it("has a project-wide freeze: two ISO weeks without any deployment", () => {
    const { start, end } = freezeWeeks(demo.anchor);
    expect(end - start).toBe(14 * DAY);
    expect(new Date(start).getUTCDay()).toBe(1);
    const during = demo.deploymentRecords.filter((record) => {
      const time = record.finishTime?.getTime() ?? 0;
      return time >= start && time < end;
    });
    expect(during).toEqual([]);
    expect(prod.some((record) => (record.finishTime as Date).getTime() < start)).toBe(true);
  });

  it("files incidents that name their build by link, by a unique or shared Found In, or not", () => {
    const all = incidents(demo);
    const count = (number: string) =>
      demo.builds.filter((build) => build.buildNumber === number).length;
    const linked = all.filter((item) => foundInBuild(item) !== undefined);
    expect(linked.length).toBeGreaterThanOrEqual(3);
    for (const item of linked) expect(buildById.has(foundInBuild(item) as number)).toBe(true);
    expect(all.some((item) => item.foundIn && count(item.foundIn) === 1)).toBe(true);
    expect(all.some((item) => item.foundIn && count(item.foundIn) > 1)).toBe(true);
    expect(all.some((item) => !item.foundIn && foundInBuild(item) === undefined)).toBe(true);
    // A Bug with another tag is not an incident.
    expect(
      demo.workItems.some((item) => item.type === "Bug" && item.tags?.includes("regression")),
    ).toBe(true);
    for (const item of all) expect(item.createdDate.getTime()).toBeLessThan(demo.anchor.getTime());
  });

  it("leaves one failure open: an active incident found in the newest deployment there", () => {
    const open = incidents(demo).filter((item) => item.state === "Active");
    expect(open).toHaveLength(1);
    const record = prod.find((candidate) => candidate.owner.id === foundInBuild(open[0]));
    expect(record).toBeDefined();
    const later = prod.filter(
      (candidate) =>
        candidate.environmentId === record?.environmentId &&
        candidate.definition.id === record?.definition.id &&
        (candidate.finishTime as Date) > open[0].createdDate,
    );
    expect(later).toEqual([]);
  });

  it("has rework: successful production deployments that brought a Bug", () => {
    const bugs = new Set(
      demo.workItems.filter((item) => item.type === "Bug").map((item) => item.id),
    );
    const rework = prod.filter(
      (record) =>
        record.result === "succeeded" &&
        (buildById.get(record.owner.id)?.workItemIds ?? []).some((id) => bugs.has(id)),
    );
    expect(rework.length).toBeGreaterThan(0);
  });

  it("merges most history runs' newest commit through a completed pull request", () => {
    const history = demo.builds.filter((build) => build.id < 1000 && build.changes.length > 0);
    const merged = new Map(
      demo.pullRequests
        .filter((pr) => pr.status === "completed" && pr.lastMergeCommit)
        .map((pr) => [pr.lastMergeCommit as string, pr]),
    );
    const viaPr = history.filter((build) => merged.has(build.changes[0]));
    expect(viaPr.length).toBeGreaterThan(history.length / 2);
    for (const build of viaPr) {
      const pr = merged.get(build.changes[0]);
      expect(pr?.creationDate.getTime()).toBeLessThan(pr?.closedDate?.getTime() ?? 0);
      expect(pr?.closedDate?.getTime()).toBeLessThan(build.queueTime.getTime());
    }
  });

  it("numbers runs in time order and chains the older commits below the newer ones", () => {
    const history = demo.builds.filter((build) => build.id < 1000).sort((a, b) => a.id - b.id);
    expect(history.length).toBeGreaterThan(40);
    history.forEach((build, index) => {
      if (index > 0) expect(build.queueTime >= history[index - 1].queueTime).toBe(true);
    });
    for (const repo of demo.repositories.filter((candidate) => candidate.commits.length > 0)) {
      repo.commits.forEach((commit, index) => {
        const next = repo.commits[index + 1];
        if (next) expect(commit.parents[0]).toBe(next.commitId);
        else expect(commit.comment).toBe("Initial commit");
      });
    }
  });
});

describe("delivery history over REST", () => {
  it("serves tags, Found In, incident queries and stage attempts as the service does", async () => {
    const emulator = await withEmulator({ seed: 42, size: "small" });
    const demo = generateDemo({ seed: 42, size: "small", org: "fabrikam" });
    try {
      const project = encodeURIComponent(emulator.project.name);
      const query = await call(emulator, `${project}/_apis/wit/wiql?api-version=7.1`, {
        body: {
          query:
            "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.WorkItemType] = 'Bug' AND [System.Tags] CONTAINS 'incident'",
        },
      });
      const ids = (query.json as { workItems: { id: number }[] }).workItems.map((item) => item.id);
      expect(ids.length).toBeGreaterThanOrEqual(8);
      const items = values<{ fields: Record<string, unknown> }>(
        await call(emulator, `${project}/_apis/wit/workitems?ids=${ids.join(",")}&api-version=7.1`),
      );
      expect(
        items.every((item) => /(^|; )incident(;|$)/.test(String(item.fields["System.Tags"]))),
      ).toBe(true);
      expect(
        items.some((item) =>
          /^\d{8}\.\d+$/.test(String(item.fields["Microsoft.VSTS.Build.FoundIn"])),
        ),
      ).toBe(true);

      const records = demo.deploymentRecords.filter((record) => record.stageAttempt === 2);
      expect(records.length).toBeGreaterThan(0);
      const rerun = records[0];
      const listed = values<{ id: number; stageAttempt: number }>(
        await call(
          emulator,
          `${project}/_apis/distributedtask/environments/${rerun.environmentId}/environmentdeploymentrecords?top=1000&api-version=7.1`,
        ),
      );
      expect(listed.find((record) => record.id === rerun.id)?.stageAttempt).toBe(2);
      const timeline = await call(
        emulator,
        `${project}/_apis/build/builds/${rerun.owner.id}/timeline?api-version=7.1`,
      );
      const stage = (
        timeline.json as {
          records: {
            type: string;
            identifier: string;
            attempt: number;
            previousAttempts: unknown[];
          }[];
        }
      ).records.find((record) => record.type === "Stage" && record.identifier === rerun.stageName);
      expect(stage?.attempt).toBe(2);
      expect(stage?.previousAttempts).toEqual([
        expect.objectContaining({
          attempt: 1,
          recordId: expect.any(String),
          timelineId: expect.any(String),
        }),
      ]);
    } finally {
      await emulator.close();
    }
  });
});
