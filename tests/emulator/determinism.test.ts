import { generateDemo } from "../../dev/emulator/demo/generate";
import { POLICY_TYPES, UNKNOWN_POLICY_TYPE } from "../../dev/emulator/demo/policies";

function snapshot(seed: number): string {
  return JSON.stringify(generateDemo({ seed, size: "small", org: "fabrikam" }));
}

describe("demo organisation generator", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const first = snapshot(42);
    expect(snapshot(42)).toBe(first);
    expect(snapshot(43)).not.toBe(first);
  });

  const demo = generateDemo({ seed: 42, size: "small", org: "fabrikam" });

  it("has the small-size volumes", () => {
    expect(demo.repositories.length).toBeGreaterThanOrEqual(12);
    expect(demo.policies.length).toBeGreaterThanOrEqual(30);
    expect(demo.buildDefinitions).toHaveLength(8);
    // The profile's 150 runs and 300 work items, and the older delivery history below their ids.
    expect(demo.builds.filter((build) => build.id >= 1000)).toHaveLength(150);
    expect(demo.builds.length).toBeGreaterThan(200);
    expect(demo.workItems.filter((item) => item.id <= 300)).toHaveLength(300);
    expect(demo.workItems.length).toBeGreaterThan(320);
    expect(demo.environments.map((environment) => environment.name)).toEqual(
      expect.arrayContaining(["prod", "prod-eu", "prod-us"]),
    );
    expect(demo.releaseDefinitions).toHaveLength(4);
    expect(demo.releases.length).toBeGreaterThanOrEqual(12);
    expect(demo.projects).toHaveLength(2);
  });

  it("has the repository edge cases", () => {
    expect(demo.repositories.some((repo) => !repo.defaultBranch && repo.commits.length === 0)).toBe(
      true,
    );
    expect(demo.repositories.filter((repo) => repo.isDisabled).length).toBeGreaterThanOrEqual(2);
    const branches = new Set(demo.repositories.map((repo) => repo.defaultBranch));
    expect(branches).toEqual(
      new Set(["refs/heads/main", "refs/heads/master", "refs/heads/develop", undefined]),
    );
  });

  it("has the policy edge cases", () => {
    const current = demo.policies.map((policy) => policy.revisions[policy.revisions.length - 1]);
    const scopes = current.flatMap(
      (revision) => (revision.settings.scope ?? []) as Record<string, unknown>[],
    );
    expect(scopes.some((scope) => scope.repositoryId === null && scope.matchKind === "Exact")).toBe(
      true,
    );
    expect(scopes.some((scope) => scope.matchKind === "DefaultBranch")).toBe(true);
    expect(scopes.some((scope) => scope.matchKind === "Prefix")).toBe(true);
    expect(
      scopes.every(
        (scope) => scope.matchKind === undefined || /^[A-Z]/.test(String(scope.matchKind)),
      ),
    ).toBe(true);
    expect(current.some((revision) => !revision.isEnabled)).toBe(true);
    expect(current.some((revision) => !revision.isBlocking)).toBe(true);
    expect(current.some((revision) => revision.isDeleted)).toBe(true);
    // The service drops false booleans from stored settings.
    for (const revision of current) {
      expect(Object.values(revision.settings)).not.toContain(false);
    }
    const typeIds = new Set(current.map((revision) => revision.typeId));
    for (const type of POLICY_TYPES) expect(typeIds.has(type.id)).toBe(true);
    expect(typeIds.has(UNKNOWN_POLICY_TYPE.id)).toBe(true);
    expect(demo.policies.some((policy) => policy.revisions.length >= 3)).toBe(true);
  });

  it("chains PR merge commits to build source versions, deployments and releases", () => {
    const completed = demo.pullRequests.filter((pr) => pr.status === "completed");
    const sourceVersions = new Set(demo.builds.map((build) => build.sourceVersion));
    const chained = completed.filter(
      (pr) => pr.lastMergeCommit && sourceVersions.has(pr.lastMergeCommit),
    );
    expect(chained.length).toBeGreaterThan(5);
    const bypass = completed.filter((pr) => pr.bypassPolicy);
    expect(bypass).toHaveLength(1);
    expect(bypass[0].bypassReason).toBeTruthy();
    const buildIds = new Set(demo.builds.map((build) => build.id));
    expect(demo.deploymentRecords.every((record) => buildIds.has(record.owner.id))).toBe(true);
    expect(demo.releases.every((release) => buildIds.has(release.buildId))).toBe(true);
  });

  it("has approvals in every state and both execution orders", () => {
    const statuses = new Set(demo.approvals.map((approval) => approval.status));
    expect(statuses).toEqual(new Set(["approved", "rejected", "pending", "timedOut", "canceled"]));
    const orders = new Set(demo.approvals.map((approval) => approval.executionOrder));
    expect(orders).toEqual(new Set(["anyOrder", "inSequence"]));
  });

  it("links work items in every artifact URI form", () => {
    const urls = demo.workItems.flatMap((item) =>
      item.relations.map((relation) => relation.url ?? ""),
    );
    expect(
      urls.some((url) => /^vstfs:\/\/\/Git\/Commit\/[^/]+%2F[^/]+%2F[0-9a-f]{40}$/.test(url)),
    ).toBe(true);
    expect(
      urls.some((url) => /^vstfs:\/\/\/Git\/Commit\/[^/]+%2f[^/]+%2f[0-9a-f]{40}$/.test(url)),
    ).toBe(true);
    expect(urls.some((url) => url.startsWith("vstfs:///Git/PullRequestId/"))).toBe(true);
    expect(urls.some((url) => /^vstfs:\/\/\/Git\/Ref\/.+%2FGB/.test(url))).toBe(true);
    expect(urls.some((url) => url.startsWith("vstfs:///Build/Build/"))).toBe(true);
    expect(
      urls.some((url) =>
        /^vstfs:\/\/\/ReleaseManagement\/ReleaseEnvironment\/[^:]+:\d+:\d+$/.test(url),
      ),
    ).toBe(true);
    expect(demo.workItems.some((item) => item.relations.length === 0)).toBe(true);
  });

  it("carries text a renderer must escape (markup is for the hostile demo)", () => {
    const titles = demo.workItems.map((item) => item.title);
    expect(titles.some((title) => title.includes(`"Fish & Chips" O'Brien`))).toBe(true);
  });
});
