import { startEmulator } from "../../dev/emulator";
import { generateDemo } from "../../dev/emulator/demo/generate";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { mapPolicyEvaluation, pullRequestArtifactId } from "../../src/adapters/ado/mappers";
import { PolicyTypeIds } from "../../src/core/model";

const configuration = {
  id: 18,
  revision: 3,
  isEnabled: true,
  isBlocking: true,
  isDeleted: false,
  type: { id: PolicyTypeIds.minimumReviewers, displayName: "Minimum number of reviewers" },
  settings: {
    minimumApproverCount: 2,
    scope: [{ repositoryId: null, refName: "refs/heads/main", matchKind: "Exact" }],
  },
};

describe("mapPolicyEvaluation", () => {
  it.each([
    [2, "approved"],
    [3, "rejected"],
    ["queued", "queued"],
    ["Running", "running"],
    ["notApplicable", "notApplicable"],
    [5, "broken"],
  ])("maps status %p to %p", (status, expected) => {
    const evaluation = mapPolicyEvaluation({
      evaluationId: "7a9d3e2c-0f51-4a3c-9d6d-5a0b2c1e9f10",
      artifactId: "vstfs:///CodeReview/CodeReviewId/p%2f558633",
      status,
      startedDate: "2024-06-18T03:13:23.9Z",
      completedDate: "0001-01-01T00:00:00",
      configuration,
      context: null,
    });
    expect(evaluation).toEqual({
      evaluationId: "7a9d3e2c-0f51-4a3c-9d6d-5a0b2c1e9f10",
      status: expected,
      configuration: expect.objectContaining({
        id: 18,
        revision: 3,
        settings: { minimumApproverCount: 2 },
      }),
      startedDate: new Date("2024-06-18T03:13:23.9Z"),
    });
  });

  it.each([
    [{ evaluationId: "e", status: 2 }, /configuration/],
    [{ evaluationId: "e", configuration }, /status/],
    [{ evaluationId: "e", status: 42, configuration }, /status/],
    [{ status: 2, configuration }, /evaluationId/],
  ])("rejects a malformed record %#", (record, message) => {
    expect(() => mapPolicyEvaluation(record)).toThrow(message);
  });

  it("builds the pull request artifact id the service filters on", () => {
    expect(pullRequestArtifactId("0bdbc590-a062-4c3f-b0f6-9383f67865ee", 558633)).toBe(
      "vstfs:///CodeReview/CodeReviewId/0bdbc590-a062-4c3f-b0f6-9383f67865ee/558633",
    );
  });
});

describe("traceability port methods against the emulator", () => {
  const demo = generateDemo({ seed: 1, size: "small", org: "fabrikam" });
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
  });
  afterAll(() => emulator.close());

  it("lists a bypassed PR's evaluations with the reviewer policy rejected", async () => {
    const { sources } = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("t") });
    const bypassed = demo.pullRequests.find((pr) => pr.bypassPolicy);
    if (!bypassed) throw new Error("the demo has no bypassed PR");
    const evaluations = await sources.policy.listPullRequestPolicyEvaluations("Fabrikam", {
      projectId: bypassed.projectId,
      pullRequestId: bypassed.id,
    });
    expect(evaluations.length).toBeGreaterThan(0);
    const reviewers = evaluations.filter(
      (e) => e.configuration.typeId === PolicyTypeIds.minimumReviewers,
    );
    expect(reviewers.length).toBeGreaterThan(0);
    expect(reviewers.every((e) => e.status === "rejected")).toBe(true);
    expect(evaluations.filter((e) => e.status === "approved").length).toBe(
      evaluations.length - reviewers.length,
    );
  });

  it("lists a release's work items as the builds since the previous release brought them", async () => {
    const { sources } = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("t") });
    const first = demo.releases
      .filter((release) => release.definitionId === demo.releases[0].definitionId)
      .sort((a, b) => a.id - b.id)[0];
    const build = demo.builds.find((candidate) => candidate.id === first.buildId);
    const expected = (build?.workItemIds ?? []).filter(
      (id) => demo.workItems.find((item) => item.id === id)?.projectId === demo.mainProjectId,
    );
    expect((await sources.release.getReleaseWorkItemIds("Fabrikam", first.id)).sort()).toEqual(
      [...expected].sort(),
    );
    await expect(sources.release.getReleaseWorkItemIds("Fabrikam", 99999)).rejects.toMatchObject({
      kind: "not-found",
    });
  });

  it("reads runs by id in batches, all of them", async () => {
    const ado = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("t") });
    const ids = demo.builds
      .filter((build) => build.projectId === demo.mainProjectId)
      .map((build) => build.id)
      .slice(0, 140);
    ado.resetCalls();
    const runs = await ado.sources.build.listRuns("Fabrikam", { ids });
    expect(runs.map((run) => run.id).sort()).toEqual([...ids].sort());
    expect(ado.calls().total).toBe(2);
  });
});
