/** Golden tests of each rule of the delivery metrics, on small hand-built histories. */
import type { Release } from "../../../src/core/model";
import { collectDeliverySnapshot, deriveDeliveryMetrics } from "../../../src/core/metrics";
import { isIncident } from "../../../src/core/metrics/incidents";
import { SourceError } from "../../../src/core/sources";
import { at, buildLink, History, metricsOf, options, snapshotOf } from "./builders";

const HOURS = 3600;

describe("which attempts are deployments", () => {
  const history = () =>
    new History()
      .run(1, { queued: 1 })
      .deploy(10, { run: 1, finished: 2 })
      .deploy(11, { run: 1, finished: 3, result: "succeededWithIssues" })
      .deploy(12, { run: 1, started: 3.5, finished: 4, result: "canceled" })
      .deploy(13, { run: 1, started: null, finished: 5, result: "canceled" })
      .deploy(14, { run: 1, started: null, finished: 6, result: "skipped" })
      .deploy(15, { run: 1, started: 7, finished: null, result: undefined });

  it("counts partially succeeded as failed, canceled after it started as failed, and nothing else", async () => {
    const report = await metricsOf(history());
    const byKey = Object.fromEntries(report.deployments.map((item) => [item.key, item]));
    expect(Object.keys(byKey).sort()).toEqual(["yaml:10", "yaml:11", "yaml:12"]);
    expect(byKey["yaml:11"]).toMatchObject({
      classification: "failed",
      state: "partially-succeeded",
    });
    expect(byKey["yaml:12"]).toMatchObject({ classification: "failed", state: "canceled" });
    expect(report.total.figures.changeFailureRate).toMatchObject({ failing: 2, total: 3 });
  });

  it("takes a deployment's time from its finish: one still running is not one yet", async () => {
    const running = new History()
      .run(1, { queued: 1 })
      .deploy(10, { run: 1, started: 2, finished: null, result: undefined });
    const report = await metricsOf(running);
    expect(report.deployments).toEqual([]);
    expect(report.total.figures.changeFailureRate.outcome).toBe("none");
    expect(report.total.figures.deploymentFrequency).toMatchObject({ outcome: "value", value: 0 });
  });

  it("ignores environments outside production unless one is chosen", async () => {
    const staged = new History()
      .run(1, { queued: 1 })
      .deploy(10, { run: 1, environment: "test", finished: 2 })
      .deploy(11, { run: 1, environment: "prod", finished: 3 });
    expect((await metricsOf(staged)).deployments.map((item) => item.key)).toEqual(["yaml:11"]);
    const test = await metricsOf(staged, options({ environment: "TEST" }));
    expect(test.deployments.map((item) => item.key)).toEqual(["yaml:10"]);
  });
});

describe("rollback", () => {
  const history = () =>
    new History()
      .run(20, { queued: 1, commits: ["r1"] })
      .run(21, { queued: 5, commits: ["r2"] })
      .deploy(200, { run: 20, finished: 2 })
      .deploy(201, { run: 21, finished: 6 })
      .deploy(202, { run: 20, finished: 8 });

  it("makes the deployment before it failing, and recovers it", async () => {
    const report = await metricsOf(history());
    const byKey = Object.fromEntries(report.deployments.map((item) => [item.key, item]));
    expect(byKey["yaml:201"].failing).toEqual([{ rule: "rollback", by: "yaml:202" }]);
    expect(byKey["yaml:202"].failing).toEqual([]);
    expect(byKey["yaml:202"].brought).toMatchObject({ runs: [], commits: [] });
    expect(report.total.figures.changeFailureRate).toMatchObject({ failing: 1, total: 3 });
    expect(report.failures).toEqual([
      expect.objectContaining({
        deployment: "yaml:201",
        recoveredBy: "yaml:202",
        recoverySeconds: 2 * HOURS,
      }),
    ]);
  });

  it("is no rollback when the same run is deployed again", async () => {
    const again = history().deploy(203, { run: 21, finished: 9 });
    again.records = again.records.filter((record) => record.id !== 202);
    const report = await metricsOf(again);
    expect(report.total.figures.changeFailureRate.failing).toBe(0);
  });
});

describe("incidents", () => {
  const history = () =>
    new History()
      .run(30, { queued: 1 })
      .run(31, { queued: 11 })
      .deploy(300, { run: 30, finished: 10 })
      .deploy(301, { run: 31, finished: 20 });

  const attribution = async (history: History) => (await metricsOf(history)).incidents[0];

  it("goes to the latest production deployment before it when it names no build", async () => {
    expect(await attribution(history().incident(900, 15))).toMatchObject({
      attribution: "latest-production-deployment",
      deployment: "yaml:300",
    });
  });

  it("goes to the earliest production deployment of a build named by a Found in build link", async () => {
    const named = history().incident(900, 25, { relations: [buildLink("Found in build", 30)] });
    expect(await attribution(named)).toMatchObject({
      attribution: "found-in-build-link",
      deployment: "yaml:300",
      build: { id: 30 },
    });
  });

  it("uses the Found In field only when that build number is unique", async () => {
    const unique = history().incident(900, 25, { foundIn: "2026.30" });
    expect(await attribution(unique)).toMatchObject({
      attribution: "found-in-field",
      deployment: "yaml:300",
    });
    const twice = history()
      .run(99, { queued: 2, pipelineId: 2 })
      .incident(900, 25, { foundIn: "2026.30" });
    twice.runs.find((run) => run.id === 99)!.number = "2026.30";
    twice.deploy(990, { run: 99, pipelineId: 2, finished: 3 });
    expect(await attribution(twice)).toMatchObject({
      attribution: "latest-production-deployment",
      deployment: "yaml:301",
    });
  });

  it("never attributes through Integrated in build links", async () => {
    const fixed = history().incident(900, 25, {
      relations: [buildLink("Integrated in build", 30)],
    });
    expect(await attribution(fixed)).toMatchObject({
      attribution: "latest-production-deployment",
      deployment: "yaml:301",
    });
  });

  it("counts against a deployment whenever it was created, and only in production", async () => {
    const late = history()
      .deploy(302, { run: 31, environment: "test", finished: 21 })
      .incident(900, 24 * 30);
    const report = await metricsOf(late);
    expect(report.total.figures.changeFailureRate).toMatchObject({ failing: 1, total: 2 });
    const test = await metricsOf(late, options({ environment: "test" }));
    expect(test.total.figures.changeFailureRate).toMatchObject({ failing: 0, total: 1 });
  });

  it("is only a work item of the incident query", async () => {
    const untagged = history().workItem({ id: 900, type: "Bug", createdDate: at(15) });
    expect((await metricsOf(untagged)).total.figures.changeFailureRate.failing).toBe(0);
    const custom = await metricsOf(untagged, options({ incidents: { type: "bug" } }));
    expect(custom.total.figures.changeFailureRate.failing).toBe(1);
  });

  it("matches the query's type and tag, case-insensitively", () => {
    const bug = (tags?: string[]) => ({
      id: 1,
      rev: 1,
      type: "bug",
      title: "",
      state: "",
      relations: [],
      tags,
    });
    expect(isIncident(bug(["Incident"]))).toBe(true);
    expect(isIncident(bug(["incidents"]))).toBe(false);
    expect(isIncident(bug())).toBe(false);
    expect(isIncident(bug(), { type: "Bug" })).toBe(true);
    expect(isIncident(bug(["incident"]), { type: "Task", tag: "incident" })).toBe(false);
  });

  it("is unattributed before any production deployment", async () => {
    expect(await attribution(history().incident(900, 5))).toMatchObject({
      attribution: "unattributed",
      deployment: null,
    });
  });
});

describe("recovery", () => {
  it("lists a failure never recovered as open, with its age", async () => {
    const history = new History()
      .run(1, { queued: 1 })
      .deploy(10, { run: 1, finished: 2 })
      .deploy(11, { run: 1, finished: 10, result: "failed" });
    const report = await metricsOf(history);
    expect(report.failures).toEqual([
      expect.objectContaining({
        deployment: "yaml:11",
        open: true,
        ageSeconds: (168 - 10) * HOURS,
        recoveredBy: null,
      }),
    ]);
    expect(report.total.figures.recoveryTime).toMatchObject({ outcome: "none", open: 1, count: 0 });
  });

  it("is recovered only by a successful deployment that is not failing itself", async () => {
    const history = new History()
      .run(1, { queued: 1 })
      .run(2, { queued: 3 })
      .deploy(10, { run: 1, finished: 2, result: "failed" })
      .deploy(11, { run: 1, finished: 4, result: "succeededWithIssues" })
      .deploy(12, { run: 2, finished: 6 });
    const report = await metricsOf(history);
    expect(report.failures.find((failure) => failure.deployment === "yaml:10")).toMatchObject({
      recoveredBy: "yaml:12",
      recoverySeconds: 4 * HOURS,
    });
  });
});

describe("lead time breakdown", () => {
  const history = () => {
    const built = new History()
      .run(40, { queued: 4, commits: ["m1"], committed: 4 })
      .deploy(400, { run: 40, finished: 6 });
    built.pullRequests.push({
      id: 5,
      repositoryId: "repo-web",
      title: "Squash",
      status: "completed",
      sourceRefName: "refs/heads/topic",
      targetRefName: "refs/heads/main",
      creationDate: at(2),
      closedDate: at(4),
      mergeCommitId: "m1",
      mergeStrategy: "squash",
      reviewers: [],
    });
    return built;
  };

  it("starts a squash commit's coding stage at the pull request's first commit", async () => {
    const opts = options();
    const snapshot = await snapshotOf(history(), opts);
    snapshot.pullRequestFirstCommitAt[5] = at(0).toISOString();
    const [commit] = deriveDeliveryMetrics(snapshot, opts).commits;
    expect(commit).toMatchObject({
      leadSeconds: 2 * HOURS,
      stages: { coding: 2 * HOURS, review: 2 * HOURS, build: 0.5 * HOURS, deploy: 1.5 * HOURS },
      pullRequest: { id: 5, codingFrom: "first-commit" },
    });
  });

  it("starts it at the pull request's creation when its commits were not read", async () => {
    const [commit] = (await metricsOf(history())).commits;
    expect(commit).toMatchObject({
      stages: { coding: 0, review: 2 * HOURS },
      pullRequest: { codingFrom: "pull-request-created" },
    });
  });

  it("measures the build stage to the first successful build that contains the commit", async () => {
    const retried = new History()
      .run(39, { queued: 1 })
      .deploy(390, { run: 39, finished: 2 })
      .run(40, { queued: 4, commits: ["m1"], committed: 3, result: "failed" })
      .run(41, { queued: 5, finished: 6 })
      .deploy(400, { run: 41, finished: 7 });
    const [commit] = (await metricsOf(retried)).commits;
    expect(commit).toMatchObject({
      runId: 40,
      build: { runId: 41 },
      stages: { build: 3 * HOURS, deploy: 1 * HOURS },
    });
  });

  it("ends the build stage where a multi-stage run's first deployment job starts", async () => {
    // One YAML run builds and deploys: it finishes after its deployments, so its finish would
    // fold the deploy stage into the build stage.
    const multiStage = new History()
      .run(40, { queued: 4, commits: ["m1"], committed: 3, finished: 9 })
      .deploy(400, { run: 40, started: 5, finished: 6 })
      .deploy(401, { run: 40, started: 7, finished: 8 });
    const report = await metricsOf(multiStage);
    const [first] = report.commits;
    expect(first).toMatchObject({
      build: { runId: 40, finishedAt: at(5).toISOString() },
      stages: { build: 2 * HOURS, deploy: 1 * HOURS },
    });
  });

  it("never has a negative stage", async () => {
    const skewed = history();
    skewed.commits[0].committerDate = at(7);
    const [commit] = (await metricsOf(skewed)).commits;
    expect(commit.leadSeconds).toBe(0);
    expect(Object.values(commit.stages).every((stage) => stage === null || stage >= 0)).toBe(true);
  });
});

describe("rework", () => {
  it("is a successful deployment that brought a work item of the rework type", async () => {
    const history = new History()
      .run(1, { queued: 1, commits: ["t1"], workItems: [1] })
      .run(2, { queued: 3, commits: ["b1"], workItems: [2] })
      .workItem({ id: 1, type: "Task" })
      .workItem({ id: 2, type: "Bug" })
      .deploy(10, { run: 1, finished: 2 })
      .deploy(11, { run: 2, finished: 4 });
    const report = await metricsOf(history);
    expect(report.deployments.map((item) => [item.key, item.rework])).toEqual([
      ["yaml:10", false],
      ["yaml:11", true],
    ]);
    expect(report.total.figures.reworkRate).toMatchObject({ value: 0.5, rework: 1, successful: 2 });
    const tasks = await metricsOf(history, options({ reworkType: "task" }));
    expect(tasks.total.figures.reworkRate.deployments).toEqual(["yaml:10", "yaml:11"]);
    expect(tasks.deployments.map((item) => item.rework)).toEqual([true, false]);
  });
});

describe("a commit deployed again from another branch", () => {
  it("counts its lead time once, where it first reached the environment", async () => {
    const history = new History()
      .run(60, { queued: 1, commits: ["z1"] })
      .run(61, { queued: 3, branch: "refs/heads/release/1", commits: ["z1", "y1"], committed: 2 })
      .deploy(600, { run: 60, finished: 2 })
      .deploy(601, { run: 61, finished: 5 });
    const report = await metricsOf(history);
    expect(report.deployments[1].brought?.comparison).toBe("other-branch");
    expect(report.commits.map((commit) => [commit.id, commit.deployment])).toEqual([
      ["z1", "yaml:600"],
      ["y1", "yaml:601"],
    ]);
  });
});

describe("Classic releases", () => {
  function classicRelease(id: number, buildId: number, finished: number): Release {
    return {
      id,
      name: `Release-${id}`,
      status: "active",
      definition: { id: 7, name: "web-release" },
      artifacts: [{ alias: "_web", type: "Build", isPrimary: true, buildDefinitionId: 9, buildId }],
      environments: [
        {
          id: id * 10,
          releaseId: id,
          name: "Production",
          rank: 1,
          status: "succeeded",
          definitionEnvironmentId: 1,
          preApprovals: [],
          postApprovals: [],
          deploySteps: [
            {
              id: id * 100,
              attempt: 1,
              status: "succeeded",
              operationStatus: "PhaseSucceeded",
              queuedOn: at(finished - 1),
              lastModifiedOn: at(finished),
            },
          ],
        },
      ],
    };
  }

  it("counts a deploy step canceled while deploying as failed, and one canceled before it started as none", async () => {
    const history = new History().run(50, { pipelineId: 9, queued: 1 });
    const canceled = (id: number, operationStatus: string) => {
      const release = classicRelease(id, 50, 3);
      release.environments[0].status = "canceled";
      Object.assign(release.environments[0].deploySteps[0], {
        status: "notDeployed",
        operationStatus,
      });
      return release;
    };
    history.releases.push(canceled(1, "PhaseCanceled"), canceled(2, "Canceled"));
    const report = await metricsOf(history);
    expect(report.deployments.map((item) => [item.releaseId, item.classification])).toEqual([
      [1, "failed"],
    ]);
  });

  it("brings the changes of the primary build artifact's runs since the previous release there", async () => {
    const history = new History()
      .run(50, { pipelineId: 9, queued: -10, commits: ["k0"] })
      .run(51, { pipelineId: 9, queued: 2, commits: ["k1"], committed: 1 })
      .run(52, { pipelineId: 9, queued: 4, commits: ["k2"], committed: 3 });
    history.releases.push(classicRelease(1, 50, -5), classicRelease(2, 52, 6));
    const report = await metricsOf(history);
    const release = report.deployments.find((item) => item.releaseId === 2);
    expect(release).toMatchObject({
      kind: "classic",
      key: "classic:2:20:1",
      classification: "successful",
      brought: { runs: [{ id: 51 }, { id: 52 }], commits: ["k1", "k2"] },
    });
    expect(report.total.figures.leadTime).toMatchObject({ count: 2, medianSeconds: 4 * HOURS });
    expect(report.rows.map((row) => row.scope)).toEqual([
      {
        kind: "classic",
        pipeline: { id: 7, name: "web-release" },
        environment: "Production",
        production: true,
      },
    ]);
  });
});

describe("the window", () => {
  it("includes since and excludes until", async () => {
    const history = new History()
      .run(1, { queued: -2 })
      .deploy(10, { run: 1, finished: 0 })
      .deploy(11, { run: 1, finished: 168 });
    const report = await metricsOf(history);
    expect(report.total.figures.deploymentFrequency.deployments).toEqual(["yaml:10"]);
  });

  it("has a trend of the ISO weeks it overlaps, clipped to it", async () => {
    const history = new History().run(1, { queued: 1 }).deploy(10, { run: 1, finished: 2 });
    const report = await metricsOf(history, options({ since: at(-24), until: at(24 * 8 + 12) }));
    expect(report.total.trend.map((week) => [week.week, week.partial])).toEqual([
      ["2026-W44", true],
      ["2026-W45", false],
      ["2026-W46", true],
    ]);
    expect(report.total.trend.map((week) => week.values["deployment-frequency"])).toEqual([
      0,
      1 / 7,
      0,
    ]);
    expect(report.window.days).toBe(9.5);
  });
});

describe("what could not be read", () => {
  it("makes every figure not available when the environments cannot be listed", async () => {
    const fake = new History().run(1, { queued: 1 }).deploy(10, { run: 1, finished: 2 }).fake();
    fake.fail("environments.listEnvironments", new SourceError("server", "500"));
    const opts = options();
    const report = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", opts),
      opts,
    );
    const outcomes = Object.values(report.total.figures).map((figure) => [
      figure.outcome,
      figure.value,
    ]);
    expect(outcomes).toEqual(Array(5).fill(["not-available", null]));
    expect(report.notAvailable[0]).toMatchObject({ what: "environments", kind: "server" });
  });

  it("makes lead time and rework not available, never zero, when a run's changes cannot be read", async () => {
    const fake = new History()
      .run(1, { queued: 1, commits: ["x1"] })
      .deploy(10, { run: 1, finished: 2 })
      .fake();
    fake.fail("build.getRunChanges", new SourceError("permission", "403"));
    const opts = options();
    const report = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", opts),
      opts,
    );
    expect(report.total.figures.leadTime).toMatchObject({
      outcome: "not-available",
      value: null,
      count: null,
    });
    expect(report.total.figures.reworkRate).toMatchObject({
      outcome: "not-available",
      value: null,
    });
    expect(report.total.figures.deploymentFrequency).toMatchObject({
      outcome: "value",
      value: 1 / 7,
    });
    expect(report.deployments[0].brought).toEqual({
      runs: [{ id: 1, number: "2026.1" }],
      commits: [],
      workItems: [],
      comparison: "first-deployment",
    });
  });

  it("makes lead time not available when the pull requests cannot be listed", async () => {
    const fake = new History()
      .run(1, { queued: 1, commits: ["x1"] })
      .deploy(10, { run: 1, finished: 2 })
      .fake();
    fake.fail("git.listPullRequests", new SourceError("server", "500"));
    const opts = options();
    const report = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", opts),
      opts,
    );
    expect(report.total.figures.leadTime).toMatchObject({ outcome: "not-available", value: null });
    expect(report.total.figures.leadTime.notAvailable[0].what).toBe("completed pull requests");
    expect(report.total.figures.reworkRate.outcome).toBe("value");
  });

  it("makes the change failure rate of production not available when incidents cannot be listed", async () => {
    const fake = new History()
      .run(1, { queued: 1 })
      .deploy(10, { run: 1, finished: 2 })
      .deploy(11, { run: 1, environment: "test", finished: 2 })
      .fake();
    fake.fail("workItems.listWorkItemIds", new SourceError("server", "503"));
    const production = options();
    const prod = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", production),
      production,
    );
    expect(prod.total.figures.changeFailureRate.outcome).toBe("not-available");
    expect(prod.total.figures.recoveryTime.outcome).toBe("not-available");
    const testOnly = options({ environment: "test" });
    const test = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", testOnly),
      testOnly,
    );
    expect(test.total.figures.changeFailureRate).toMatchObject({ outcome: "value", value: 0 });
  });
});

describe("reads", () => {
  it("reads no timeline, and the changes of only the runs the window's deployments brought", async () => {
    const history = new History()
      .run(1, { queued: -50, commits: ["o1"] })
      .deploy(10, { run: 1, finished: -40 })
      .run(2, { queued: 1, commits: ["n1"] })
      .run(3, { queued: 3, commits: ["n2"] })
      .deploy(11, { run: 3, finished: 4 });
    const fake = history.fake();
    await collectDeliverySnapshot(fake.sources, "Demo", options());
    expect(fake.callCount("build.getTimeline")).toBe(0);
    const changes = fake.calls
      .filter((call) => call.method === "build.getRunChanges")
      .map((call) => call.args[1]);
    expect(changes.sort()).toEqual([2, 3]);
    expect(fake.callCount("build.listRuns")).toBe(1);
  });
});

describe("deployment records that could not be read", () => {
  it("matter only for the environments in the selection", async () => {
    const history = new History()
      .run(1, { queued: 1 })
      .deploy(10, { run: 1, finished: 2 })
      .deploy(11, { run: 1, environment: "test", finished: 2 });
    const fake = history.fake();
    const testId = history.environmentId("test");
    const read = fake.sources.environments.listDeploymentRecords;
    fake.sources.environments.listDeploymentRecords = async (project, environmentId) => {
      if (environmentId === testId) throw new SourceError("server", "500");
      return read(project, environmentId);
    };
    const production = options();
    const prod = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", production),
      production,
    );
    expect(prod.total.figures.deploymentFrequency).toMatchObject({
      outcome: "value",
      value: 1 / 7,
    });
    const testOnly = options({ environment: "test" });
    const test = deriveDeliveryMetrics(
      await collectDeliverySnapshot(fake.sources, "Demo", testOnly),
      testOnly,
    );
    expect(test.total.figures.deploymentFrequency).toMatchObject({ outcome: "not-available" });
    expect(test.total.figures.deploymentFrequency.notAvailable[0].what).toBe(
      "deployment records of environment test",
    );
  });
});
