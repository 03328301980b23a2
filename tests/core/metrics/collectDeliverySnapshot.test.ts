/**
 * What the delivery snapshot reads: the deployment records of the selection's environments and
 * production's, not every environment's (a dashboard widget refreshes this on a large project).
 */
import { collectDeliverySnapshot, deriveDeliveryMetrics } from "../../../src/core/metrics";
import { environmentsToRead } from "../../../src/core/metrics/collectDeliverySnapshot";
import { snapshotDeployments } from "../../../src/core/metrics/snapshotDeployments";
import { History, options, snapshotOf } from "./builders";

/**
 * Deployments of one pipeline to two production environments, staging and qa, and an incident
 * that the latest production deployment before it (to prod, after prod-eu's) is charged with.
 */
function history(): History {
  return new History()
    .run(1, { queued: 1, commits: ["a1"] })
    .run(2, { queued: 10, commits: ["b2"] })
    .run(3, { queued: 20, commits: ["c3"] })
    .deploy(10, { run: 1, environment: "staging", finished: 2 })
    .deploy(11, { run: 1, environment: "prod", finished: 3 })
    .deploy(12, { run: 2, environment: "qa", finished: 11 })
    .deploy(13, { run: 2, environment: "staging", finished: 12, result: "failed" })
    .deploy(17, { run: 2, environment: "prod-eu", finished: 12.5 })
    .deploy(14, { run: 2, environment: "prod", finished: 13 })
    .deploy(15, { run: 3, environment: "staging", finished: 21 })
    .deploy(16, { run: 3, environment: "prod", finished: 22, result: "failed" })
    .incident(90, 14);
}

function recordReads(fake: ReturnType<History["fake"]>): number[] {
  return fake.calls
    .filter((call) => call.method === "environments.listDeploymentRecords")
    .map((call) => call.args[1] as number)
    .sort((a, b) => a - b);
}

describe("the environments whose deployment records are read", () => {
  const environments = [
    { id: 1, name: "staging" },
    { id: 2, name: "prod" },
    { id: 3, name: "qa" },
    { id: 4, name: "Production-EU" },
  ];

  it("are production's by default", () => {
    expect(environmentsToRead(environments, {}).map((environment) => environment.id)).toEqual([
      2, 4,
    ]);
  });

  it("are the chosen one and production's (incidents attribute to production)", () => {
    const chosen = environmentsToRead(environments, { environment: "QA" });
    expect(chosen.map((environment) => environment.id)).toEqual([2, 3, 4]);
  });

  it("follow the project's production pattern", () => {
    const pattern = { patterns: ["staging"], source: "setting" as const };
    const chosen = environmentsToRead(environments, { production: pattern });
    expect(chosen.map((environment) => environment.id)).toEqual([1]);
  });
});

describe("collectDeliverySnapshot", () => {
  it("reads only production's records for production, the chosen environment's too otherwise", async () => {
    const built = history();
    const fake = built.fake();
    await collectDeliverySnapshot(fake.sources, "Demo", options());
    const production = [built.environmentId("prod"), built.environmentId("prod-eu")];
    expect(recordReads(fake)).toEqual(production.sort((a, b) => a - b));

    const again = built.fake();
    await collectDeliverySnapshot(again.sources, "Demo", options({ environment: "qa" }));
    expect(recordReads(again)).toEqual(
      [...production, built.environmentId("qa")].sort((a, b) => a - b),
    );
  });

  it.each([undefined, "staging", "qa", "prod-eu"])(
    "derives the same figures as from every environment's records (selection %s)",
    async (environment) => {
      const built = history();
      const opts = options(environment ? { environment } : {});
      const read = await snapshotOf(built, opts);
      // The same snapshot with every environment's records, as a full read would hold.
      const all = {
        ...read,
        records: built.records,
        deployments: snapshotDeployments(read.environments, built.records, read.releases),
      };
      expect(read.records.length).toBeLessThan(built.records.length);
      const fromRead = deriveDeliveryMetrics(read, opts);
      const fromAll = deriveDeliveryMetrics(all, opts);
      expect(fromRead.total).toEqual(fromAll.total);
      expect(fromRead.rows).toEqual(fromAll.rows);
      expect(fromRead.deployments).toEqual(fromAll.deployments);
      expect(fromRead.total.figures.deploymentFrequency.outcome).toBe("value");
    },
  );
});
