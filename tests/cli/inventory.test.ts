import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import { generateDemo } from "../../dev/emulator/demo/generate";
import type { InventoryReport } from "../../src/cli/commands/inventoryReport";
import { startForbiddingProxy } from "./forbiddingProxy";
import { runInProcess } from "./helpers";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const TOKEN = "rt-test-token-3b9f0c2a7d";
const SEED = 1;

/** The counts of the emulator's main project, computed from the demo model it serves. */
function expectedCounts(): InventoryReport["counts"] {
  const demo = generateDemo({ seed: SEED, size: "small", org: "fabrikam" });
  const inProject = <T extends { projectId: string }>(items: T[]) =>
    items.filter((item) => item.projectId === demo.mainProjectId);
  const repositories = inProject(demo.repositories);
  const policies = inProject(demo.policies)
    .map((policy) => policy.revisions[policy.revisions.length - 1])
    .filter((current) => !current.isDeleted);
  const pipelines = inProject(demo.buildDefinitions);
  return {
    repositories: {
      total: repositories.length,
      disabled: repositories.filter((repository) => repository.isDisabled).length,
      empty: repositories.filter((repository) => repository.defaultBranch === undefined).length,
    },
    policyConfigurations: {
      total: policies.length,
      enabled: policies.filter((policy) => policy.isEnabled).length,
      blocking: policies.filter((policy) => policy.isEnabled && policy.isBlocking).length,
    },
    pipelines: {
      total: pipelines.length,
      yaml: pipelines.filter((pipeline) => pipeline.kind === "yaml").length,
      classic: pipelines.filter((pipeline) => pipeline.kind === "classic").length,
    },
    environments: inProject(demo.environments).length,
    releaseDefinitions: inProject(demo.releaseDefinitions).length,
    releases: inProject(demo.releases).length,
    workItems: inProject(demo.workItems).length,
  };
}

jest.setTimeout(60_000);

describe("release-trace inventory against the emulator", () => {
  let emulator: Emulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: SEED, size: "small" });
    env = { AZURE_DEVOPS_TOKEN: TOKEN };
  });

  afterAll(async () => {
    await emulator.close();
  });

  afterEach(() => {
    // setFaults merges, so every fault a test may switch on is switched off by name.
    emulator.setFaults({
      latencyMs: 0,
      throttleBurst: null,
      serverErrorRate: 0,
      forbiddenRepositories: [],
      truncatedPages: false,
    });
  });

  const orgArgs = () => ["--org", emulator.orgUrl, "--project", emulator.project.name];

  async function inventoryJson(extraEnv: Record<string, string> = {}) {
    const result = await runInProcess(["inventory", ...orgArgs(), "--format", "json"], {
      ...env,
      ...extraEnv,
    });
    return { ...result, report: JSON.parse(result.stdout) as InventoryReport };
  }

  it("prints the JSON contract with counts that match the demo organization", async () => {
    const { code, report, stderr } = await inventoryJson();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(Object.keys(report)).toEqual([
      "schemaVersion",
      "organization",
      "project",
      "counts",
      "notAvailable",
      "restCalls",
    ]);
    expect(report.schemaVersion).toBe(2);
    expect(report.project).toBe(emulator.project.name);
    expect(report.organization).toBe(new URL(emulator.orgUrl).pathname.split("/").pop());
    const { counts, restCalls } = report;
    expect(counts).toEqual(expectedCounts());
    // The demo has something of everything, so a zero would hide a broken listing.
    expect(Object.values(counts).every((value) => value !== 0)).toBe(true);
    expect(report.notAvailable).toEqual([]);
    // One resolve plus at least one request for each of the seven listings.
    expect(restCalls.total).toBeGreaterThanOrEqual(8);
    expect(Object.values(restCalls.byArea).reduce((sum, calls) => sum + calls, 0)).toBe(
      restCalls.total,
    );
    expect(restCalls.retries).toBe(0);
  });

  it("prints a table by default with every item and the REST calls", async () => {
    const { code, stdout } = await runInProcess(["inventory", ...orgArgs()], env);
    expect(code).toBe(0);
    for (const label of [
      "Repositories",
      "Policy configurations",
      "Pipelines",
      "Environments",
      "Release definitions",
      "Releases",
      "Work items",
    ]) {
      expect(stdout).toMatch(new RegExp(`^${label} +\\d+`, "m"));
    }
    expect(stdout).toMatch(/^REST calls: \d+ \(.*core \d+.*\); 0 retries$/m);
    expect(stdout).toContain(`Project:      ${emulator.project.name}`);
  });

  it("gives the same counts with throttling, server errors and latency switched on", async () => {
    const clean = await inventoryJson();
    emulator.setFaults({
      latencyMs: 15,
      throttleBurst: { count: 3, retryAfterSeconds: 1 },
      serverErrorRate: 0.1,
    });
    const faulty = await inventoryJson();
    expect(faulty.code).toBe(0);
    expect(faulty.report.notAvailable).toEqual([]);
    expect(faulty.report.counts).toEqual(clean.report.counts);
    // The faults really happened, and retries absorbed them.
    expect(faulty.report.restCalls.retries).toBeGreaterThan(0);
    expect(faulty.report.restCalls.total).toBeGreaterThan(clean.report.restCalls.total);
  });

  it("exits 3 and names what it could not read when a listing is forbidden", async () => {
    const proxy = await startForbiddingProxy(
      emulator.baseUrl,
      /\/_apis\/distributedtask\/environments$/i,
    );
    try {
      const orgPath = new URL(emulator.orgUrl).pathname;
      const result = await runInProcess(
        [
          "inventory",
          "--org",
          `${proxy.baseUrl}${orgPath}`,
          "--project",
          emulator.project.name,
          "--format",
          "json",
        ],
        env,
      );
      expect(proxy.forbiddenHits()).toBeGreaterThan(0);
      expect(result.code).toBe(3);
      const report = JSON.parse(result.stdout) as InventoryReport;
      expect(report.counts.environments).toBe("not-available");
      expect(report.notAvailable).toEqual([
        expect.objectContaining({
          item: "environments",
          what: "environments",
          kind: "permission",
          status: 403,
          reason: expect.any(String),
        }),
      ]);
      expect(report.counts.repositories).toEqual(expectedCounts().repositories);
      expect(result.stderr).toMatch(
        /not available: Azure DevOps did not answer for the environments \(no permission\)\./,
      );

      const table = await runInProcess(
        ["inventory", "--org", `${proxy.baseUrl}${orgPath}`, "--project", emulator.project.name],
        env,
      );
      expect(table.code).toBe(3);
      expect(table.stdout).toMatch(
        /^Environments +n\/a +not available: Azure DevOps did not answer for the environments/m,
      );
      // The plain sentence carries no URL; the JSON keeps the technical reason.
      expect(table.stdout).not.toMatch(/https?:\/\//);
    } finally {
      await proxy.close();
    }
  });

  it("takes the organization and project from Azure Pipelines variables with SYSTEM_ACCESSTOKEN", async () => {
    const result = await runInProcess(["inventory", "--format", "json"], {
      SYSTEM_ACCESSTOKEN: "rt-pipeline-token-91c4",
      SYSTEM_COLLECTIONURI: `${emulator.orgUrl}/`,
      SYSTEM_TEAMPROJECT: emulator.project.name,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as InventoryReport).project).toBe(emulator.project.name);
  });

  it("exits 2 for a project the organization does not have", async () => {
    const result = await runInProcess(
      ["inventory", "--org", emulator.orgUrl, "--project", "NoSuchProject"],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/Project "NoSuchProject" was not found/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 when the organization rejects the token", async () => {
    const proxy = await startForbiddingProxy(emulator.baseUrl, /\/_apis\//, 401);
    try {
      const orgPath = new URL(emulator.orgUrl).pathname;
      const result = await runInProcess(
        ["inventory", "--org", `${proxy.baseUrl}${orgPath}`, "--project", emulator.project.name],
        env,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /rejected the token \(HTTP 401\): check that AZURE_DEVOPS_TOKEN/,
      );
      expect(result.stdout).toBe("");
    } finally {
      await proxy.close();
    }
  });

  it("exits 1 when the organization cannot be reached", async () => {
    const closed = await startForbiddingProxy(emulator.baseUrl, /$^/);
    const unreachable = `${closed.baseUrl}/fabrikam`;
    await closed.close();
    const result = await runInProcess(
      ["inventory", "--org", unreachable, "--project", emulator.project.name],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^release-trace: Could not reach http:.*Check --org, the network and any proxy\.$/m,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("never prints the token, to stdout, stderr or the --out file", async () => {
    const ok = await runInProcess(
      ["inventory", ...orgArgs(), "--format", "json", "--out", "inventory.json", "--debug"],
      env,
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("");
    const written = ok.stderr.match(/^Wrote (.+)$/m)?.[1];
    expect(written).toBeDefined();
    const file = readFileSync(written!, "utf8");
    expect((JSON.parse(file) as InventoryReport).schemaVersion).toBe(2);

    const failed = await runInProcess(
      ["inventory", "--org", emulator.orgUrl, "--project", "Missing", "--debug"],
      env,
    );
    expect(failed.code).toBe(2);
    for (const text of [ok.stdout, ok.stderr, file, failed.stdout, failed.stderr]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(Buffer.from(`:${TOKEN}`).toString("base64"));
    }
  });

  it("writes --out relative to the working directory", async () => {
    const result = await runInProcess(["inventory", ...orgArgs(), "--out", "table.txt"], env);
    expect(result.code).toBe(0);
    const written = result.stderr.match(/^Wrote (.+)$/m)?.[1] ?? "";
    expect(written.endsWith(join("", "table.txt"))).toBe(true);
    expect(readFileSync(written, "utf8")).toMatch(/^Repositories +\d+/m);
  });
});

describe("release-trace inventory --demo", () => {
  jest.setTimeout(60_000);

  it("runs against the embedded demo organization without a token", async () => {
    const result = await runInProcess(["inventory", "--demo", "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as InventoryReport;
    expect(report.notAvailable).toEqual([]);
    expect(report.counts.repositories).toMatchObject({ total: expect.any(Number) });
    expect((report.counts.repositories as { total: number }).total).toBeGreaterThan(0);
    expect(report.restCalls.total).toBeGreaterThanOrEqual(8);
  });

  it("refuses --org together with --demo", async () => {
    const result = await runInProcess(["inventory", "--demo", "--org", "https://dev.azure.com/x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--demo uses its own organization/);
  });
});
