import { collectInventory, type Inventory } from "../../../src/core/inventory";
import { SourceError } from "../../../src/core/sources";
import {
  createFakeSources,
  defaultProject,
  pipeline,
  policyConfiguration,
  release,
  releaseDefinition,
  repository,
  workItem,
  type FakeOrg,
} from "../../fakes/sources";

const demoOrg: FakeOrg = {
  repositories: [
    repository({ name: "web" }),
    repository({ name: "api" }),
    repository({ name: "legacy", isDisabled: true }),
    repository({ name: "scratch", defaultBranch: undefined }),
  ],
  policyConfigurations: [
    policyConfiguration({ id: 1 }),
    policyConfiguration({ id: 2, isBlocking: false }),
    policyConfiguration({ id: 3, isEnabled: false }),
    policyConfiguration({ id: 4, isDeleted: true }),
  ],
  pipelines: [pipeline({ id: 1 }), pipeline({ id: 2 }), pipeline({ id: 3, kind: "classic" })],
  environments: [
    { id: 1, name: "dev" },
    { id: 2, name: "prod" },
  ],
  releaseDefinitions: [releaseDefinition({ id: 1 })],
  releases: [release({ id: 10 }), release({ id: 11 }), release({ id: 12 })],
  workItems: [workItem({ id: 100 }), workItem({ id: 101 })],
};

function valueOf<T>(counted: Inventory["counts"][keyof Inventory["counts"]]): T {
  if (!counted.available) throw new Error(`expected a value, got ${counted.notAvailable.reason}`);
  return counted.value as T;
}

describe("collectInventory", () => {
  it("counts every item with its breakdown", async () => {
    const fake = createFakeSources(demoOrg);
    const inventory = await collectInventory(fake.sources, "Demo");

    expect(inventory.project).toEqual(defaultProject);
    expect(inventory.notAvailable).toEqual([]);
    expect(valueOf(inventory.counts.repositories)).toEqual({ total: 4, disabled: 1, empty: 1 });
    // The deleted configuration is not listed; "blocking" means enabled and blocking.
    expect(valueOf(inventory.counts.policyConfigurations)).toEqual({
      total: 3,
      enabled: 2,
      blocking: 1,
    });
    expect(valueOf(inventory.counts.pipelines)).toEqual({ total: 3, yaml: 2, classic: 1 });
    expect(valueOf(inventory.counts.environments)).toBe(2);
    expect(valueOf(inventory.counts.releaseDefinitions)).toBe(1);
    expect(valueOf(inventory.counts.releases)).toBe(3);
    expect(valueOf(inventory.counts.workItems)).toBe(2);
  });

  it("counts zero for an empty project rather than calling it unavailable", async () => {
    const inventory = await collectInventory(createFakeSources({}).sources, "Demo");
    expect(inventory.notAvailable).toEqual([]);
    expect(valueOf(inventory.counts.repositories)).toEqual({ total: 0, disabled: 0, empty: 0 });
    expect(valueOf(inventory.counts.workItems)).toBe(0);
  });

  it("reads each listing once, against the resolved project name", async () => {
    const fake = createFakeSources(demoOrg);
    await collectInventory(fake.sources, defaultProject.id);
    const methods = fake.calls.map((call) => call.method).sort();
    expect(methods).toEqual(
      [
        "build.listPipelines",
        "core.getProject",
        "environments.listEnvironments",
        "git.listRepositories",
        "policy.listPolicyConfigurations",
        "release.listReleaseDefinitions",
        "release.listReleases",
        "workItems.listWorkItemIds",
      ].sort(),
    );
    const listingProjects = fake.calls
      .filter((call) => call.method !== "core.getProject")
      .map((call) => call.args[0]);
    expect(new Set(listingProjects)).toEqual(new Set([defaultProject.name]));
  });

  it("keeps the other items when one source fails, and says why", async () => {
    const fake = createFakeSources(demoOrg);
    fake.fail(
      "environments.listEnvironments",
      new SourceError("permission", "Access denied to environments", { status: 403 }),
    );
    fake.fail(
      "release.listReleases",
      new SourceError("throttled", "Still throttled after retries"),
    );

    const inventory = await collectInventory(fake.sources, "Demo");

    expect(inventory.counts.environments).toEqual({
      available: false,
      notAvailable: {
        what: "environments",
        kind: "permission",
        reason: "Access denied to environments",
        status: 403,
      },
    });
    expect(inventory.notAvailable).toEqual([
      {
        item: "environments",
        what: "environments",
        kind: "permission",
        reason: "Access denied to environments",
        status: 403,
      },
      {
        item: "releases",
        what: "releases",
        kind: "throttled",
        reason: "Still throttled after retries",
      },
    ]);
    expect(valueOf(inventory.counts.repositories)).toEqual({ total: 4, disabled: 1, empty: 1 });
    expect(valueOf(inventory.counts.releaseDefinitions)).toBe(1);
    expect(valueOf(inventory.counts.workItems)).toBe(2);
  });

  it("throws an error that is not a SourceError: a bug is never reported as missing data", async () => {
    const fake = createFakeSources(demoOrg);
    fake.fail("git.listRepositories", new TypeError("cannot read properties of undefined"));
    await expect(collectInventory(fake.sources, "Demo")).rejects.toThrow(TypeError);
  });

  it("reports every item when every listing fails", async () => {
    const fake = createFakeSources(demoOrg);
    const denied = new SourceError("auth", "Token rejected", { status: 401 });
    for (const method of [
      "git.listRepositories",
      "policy.listPolicyConfigurations",
      "build.listPipelines",
      "environments.listEnvironments",
      "release.listReleaseDefinitions",
      "release.listReleases",
      "workItems.listWorkItemIds",
    ] as const) {
      fake.fail(method, denied);
    }
    const inventory = await collectInventory(fake.sources, "Demo");
    expect(inventory.notAvailable.map((entry) => entry.item)).toEqual([
      "repositories",
      "policyConfigurations",
      "pipelines",
      "environments",
      "releaseDefinitions",
      "releases",
      "workItems",
    ]);
  });

  it("throws when the project does not resolve", async () => {
    const fake = createFakeSources(demoOrg);
    await expect(collectInventory(fake.sources, "Nope")).rejects.toMatchObject({
      kind: "not-found",
    });
    expect(fake.calls.map((call) => call.method)).toEqual(["core.getProject"]);
  });
});
