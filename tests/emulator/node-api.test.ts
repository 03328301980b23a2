/** Microsoft's azure-devops-node-api client reading from the emulator (location discovery included). */
import * as azdev from "azure-devops-node-api";
import { BuildQueryOrder, BuildStatus } from "azure-devops-node-api/interfaces/BuildInterfaces";
import { WorkItemExpand } from "azure-devops-node-api/interfaces/WorkItemTrackingInterfaces";
import type { RunningEmulator } from "../../dev/emulator";
import { withEmulator } from "./helpers";

let emulator: RunningEmulator;
let connection: azdev.WebApi;

beforeAll(async () => {
  emulator = await withEmulator({ seed: 5 });
  connection = new azdev.WebApi(
    emulator.orgUrl,
    azdev.getPersonalAccessTokenHandler("emulator-pat"),
  );
});
afterAll(() => emulator.close());

describe("azure-devops-node-api against the emulator", () => {
  it("reads repositories", async () => {
    const git = await connection.getGitApi();
    const repos = await git.getRepositories(emulator.project.name);
    expect(repos).toHaveLength(12);
    const web = repos.find((repo) => repo.name === "web-app");
    expect(web?.defaultBranch).toBe("refs/heads/main");
    expect(repos.some((repo) => repo.isDisabled)).toBe(true);
    expect(repos.some((repo) => repo.defaultBranch === undefined)).toBe(true);
    const one = await git.getRepository("payments-service", emulator.project.id);
    expect(one.defaultBranch).toBe("refs/heads/master");
  });

  it("reads policy configurations with dropped false booleans", async () => {
    const policy = await connection.getPolicyApi();
    const configurations = await policy.getPolicyConfigurations(emulator.project.name);
    expect(configurations.length).toBeGreaterThan(25);
    expect(configurations.every((configuration) => configuration.createdDate instanceof Date)).toBe(
      true,
    );
    const settings = configurations.map(
      (configuration) => configuration.settings as Record<string, unknown>,
    );
    expect(settings.every((entry) => !Object.values(entry).includes(false))).toBe(true);
    expect(configurations.some((configuration) => configuration.isEnabled === false)).toBe(true);
  });

  it("reads builds with enums and dates deserialised", async () => {
    const build = await connection.getBuildApi();
    const builds = await build.getBuilds(
      emulator.project.name,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      BuildStatus.Completed,
      undefined,
      undefined,
      undefined,
      5,
      undefined,
      undefined,
      undefined,
      BuildQueryOrder.FinishTimeDescending,
    );
    expect(builds).toHaveLength(5);
    expect(builds.every((item) => item.status === BuildStatus.Completed)).toBe(true);
    expect(builds[0].finishTime).toBeInstanceOf(Date);
    const times = builds.map((item) => (item.finishTime as Date).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("reads work items with relations", async () => {
    const wit = await connection.getWorkItemTrackingApi();
    const ids = Array.from({ length: 50 }, (_, index) => index + 1);
    const items = await wit.getWorkItems(ids, undefined, undefined, WorkItemExpand.Relations);
    expect(items).toHaveLength(50);
    expect(items[0].fields?.["System.Title"]).toEqual(expect.any(String));
    const links = items
      .flatMap((item) => item.relations ?? [])
      .filter((relation) => relation.rel === "ArtifactLink");
    expect(links.length).toBeGreaterThan(0);
    const result = await wit.queryByWiql(
      {
        query:
          "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Id] > 10 ORDER BY [System.Id]",
      },
      { project: emulator.project.name },
      undefined,
      5,
    );
    expect(result.workItems?.map((ref) => ref.id)).toEqual([11, 12, 13, 14, 15]);
  });
});
