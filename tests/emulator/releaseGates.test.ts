/**
 * Classic gate samples as the service gives them: a release list carries each gate step and its
 * status but no sampling evaluations (deploymentJobs); Get Release carries the newest
 * `$topGateRecords` of them, 5 when the request names none (release.json 7.1).
 */
import type { RunningEmulator } from "../../dev/emulator";
import { call, values, withEmulator } from "./helpers";

type GateStep = { status: string; deploymentJobs?: unknown[] };
type Release = {
  id: number;
  environments: {
    deploySteps: { preDeploymentGates: GateStep; postDeploymentGates: GateStep }[];
  }[];
};

function gateSteps(release: Release): GateStep[] {
  return release.environments.flatMap((environment) =>
    environment.deploySteps.flatMap((step) => [step.preDeploymentGates, step.postDeploymentGates]),
  );
}

function sampled(release: Release): number[] {
  return gateSteps(release)
    .map((gates) => gates.deploymentJobs?.length ?? 0)
    .filter((count) => count > 0);
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await withEmulator();
});
afterAll(() => emulator.close());

async function releases(): Promise<Release[]> {
  const project = emulator.project.name;
  return values<Release>(
    await call(emulator, `${project}/_apis/release/releases?$expand=environments&$top=100`),
  );
}

describe("Classic gate samples", () => {
  it("are never in a release list, though its gate steps and their status are", async () => {
    const listed = await releases();
    const steps = listed.flatMap(gateSteps).filter((gates) => gates.status !== "none");
    expect(steps.length).toBeGreaterThan(0);
    expect(listed.flatMap(sampled)).toEqual([]);
  });

  it("come with Get Release: the newest 5 by default, or $topGateRecords", async () => {
    const project = emulator.project.name;
    let mostSamples = 0;
    let mostSampledId = 0;
    for (const { id } of await releases()) {
      const release = (await call(emulator, `${project}/_apis/release/releases/${id}`))
        .json as Release;
      const counts = sampled(release);
      expect(Math.max(0, ...counts)).toBeLessThanOrEqual(5);
      if (Math.max(0, ...counts) > mostSamples)
        [mostSamples, mostSampledId] = [Math.max(...counts), id];
    }
    expect(mostSamples).toBeGreaterThan(1);
    const one = (
      await call(emulator, `${project}/_apis/release/releases/${mostSampledId}?$topGateRecords=1`)
    ).json as Release;
    expect(Math.max(...sampled(one))).toBe(1);
  });
});
