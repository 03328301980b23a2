/**
 * Classic gate samples come from Get Release only: the release list (as the fake answers it, like
 * the service) carries every gate step's status but no sampling evaluation. The queries read
 * Get Release once for each release whose gates are pending, running or failed, and no other.
 */
import {
  latestStageStates,
  pendingGates,
  pipelineGates,
  recentOutcomes,
} from "../../../src/core/gates";
import { needsGateSamples } from "../../../src/core/gates/gateSamples";
import type {
  GateSample,
  GateStatus,
  Release,
  ReleaseDefinition,
  ReleaseEnvironment,
} from "../../../src/core/model";
import { SourceError } from "../../../src/core/sources";
import { createFakeSources } from "../../fakes/sources";
import { alice, at } from "./builders";

const GATES = ["Query Work Items", "Query Azure Monitor alerts"];

const definition: ReleaseDefinition = {
  id: 38,
  name: "web-app-cd",
  path: "\\",
  artifacts: [],
  environments: [
    {
      id: 3,
      name: "Production",
      rank: 1,
      preApproval: { hasApprovers: true, approvers: [alice], requiredApproverCount: 1 },
      postApproval: { hasApprovers: false, approvers: [], requiredApproverCount: 0 },
      preGates: {
        isEnabled: true,
        timeoutMinutes: 1440,
        gates: GATES.map((name) => ({ name, taskId: name, enabled: true, inputs: {} })),
      },
      postGates: { isEnabled: false, gates: [] },
    },
  ],
};

function failingSample(minutes: number): GateSample {
  return {
    startTime: at(minutes),
    finishTime: at(minutes + 1),
    status: "failed",
    results: [
      { name: GATES[0], status: "failed", message: "Query returned 3 work items" },
      { name: GATES[1], status: "succeeded" },
    ],
  };
}

/** A release whose Production stage is at its pre-deployment gates (or past them). */
function release(
  id: number,
  gates: GateStatus | undefined,
  extra: Partial<ReleaseEnvironment> = {},
): Release {
  const environment: ReleaseEnvironment = {
    id: id * 10,
    releaseId: id,
    name: "Production",
    rank: 1,
    status: gates === "failed" ? "rejected" : "inProgress",
    definitionEnvironmentId: 3,
    preApprovals: [],
    postApprovals: [],
    deploySteps: [
      {
        id: id * 100,
        attempt: 1,
        status: gates === "failed" ? "notDeployed" : "inProgress",
        operationStatus: gates === "inProgress" ? "evaluatingGates" : "pending",
        lastModifiedOn: at(80),
        ...(gates
          ? {
              preGates: {
                id: id * 1000,
                status: gates,
                startedOn: at(0),
                lastModifiedOn: at(80),
                ignoredGates: [],
                samples: gates === "succeeded" ? [] : [failingSample(5), failingSample(20)],
              },
            }
          : {}),
      },
    ],
    ...extra,
  };
  return {
    id,
    name: `Release-${id}`,
    status: "active",
    definition: { id: 38, name: "web-app-cd" },
    artifacts: [],
    environments: [environment],
  };
}

const pendingApproval = {
  id: 221,
  approvalType: "preDeploy" as const,
  status: "pending" as const,
  approver: alice,
  isAutomated: false,
  createdOn: at(90),
};

function org(releases: Release[]) {
  return { releases, releaseDefinitions: [definition] };
}

describe("Classic gate samples through Get Release", () => {
  it("reads Get Release once for a release whose gates run, and none for one past them", async () => {
    const fake = createFakeSources(
      org([
        release(7, "inProgress"),
        release(8, "succeeded", { preApprovals: [pendingApproval] }),
        release(9, undefined, { preApprovals: [pendingApproval] }),
      ]),
    );
    const result = await pendingGates(fake.sources, "Demo");
    expect(fake.callCount("release.listReleases")).toBe(1);
    expect(fake.callCount("release.getRelease")).toBe(1);
    expect(result.notAvailable).toEqual([]);
    const gate = result.pending.find((item) => item.kind === "gate");
    // The failing gate and its message exist only in the samples Get Release brought.
    expect(gate).toEqual(
      expect.objectContaining({
        releaseId: 7,
        instructions: "Query returned 3 work items",
        holding: ["Pre-deployment gate: Query Work Items"],
      }),
    );
    // A gate step that succeeded passed its gates, samples or not.
    const passed = result.stages.find((stage) => stage.releaseId === 8);
    expect(passed?.checks.filter((check) => check.type === "gate").map((c) => c.state)).toEqual([
      "succeeded",
      "succeeded",
    ]);
  });

  it("keeps a release whose samples could not be read, and marks its gate checks unknown", async () => {
    const fake = createFakeSources(org([release(7, "inProgress")]));
    fake.fail("release.getRelease", new SourceError("server", "503 from Get Release"));
    const result = await pendingGates(fake.sources, "Demo");
    expect(result.notAvailable).toEqual([
      { what: "gate samples of Release-7", reason: "503 from Get Release", kind: "server" },
    ]);
    const stage = result.stages.find((item) => item.releaseId === 7);
    expect(stage?.state).toBe("checks-running");
    expect(stage?.unknown).toEqual([
      expect.objectContaining({ kind: "server", fields: ["checks", "instructions"] }),
    ]);
  });

  it("gives a definition's history the failed gate's message, one Get Release per such release", async () => {
    const fake = createFakeSources(
      org([release(7, "failed"), release(8, "succeeded"), release(9, undefined)]),
    );
    const result = await pipelineGates(fake.sources, "Demo", { kind: "classic", definition });
    expect(fake.callCount("release.getRelease")).toBe(1);
    expect(result.stages.find((stage) => stage.releaseId === 7)?.decision).toEqual(
      expect.objectContaining({ cause: "gate", comment: "Query returned 3 work items" }),
    );
  });

  it("reads the samples of gates that failed in the window only", async () => {
    const fake = createFakeSources(org([release(7, "failed")]));
    const inside = await recentOutcomes(fake.sources, "Demo", { since: at(60), until: at(120) });
    expect(fake.callCount("release.getRelease")).toBe(1);
    expect(inside.stages.map((stage) => stage.decision?.comment)).toEqual([
      "Query returned 3 work items",
    ]);
    const later = createFakeSources(org([release(7, "failed")]));
    await recentOutcomes(later.sources, "Demo", { since: at(100), until: at(200) });
    expect(later.callCount("release.getRelease")).toBe(0);
  });

  it("lets the gate widget read the newest release's samples with one more call", async () => {
    const fake = createFakeSources(org([release(7, "inProgress")]));
    const result = await latestStageStates(fake.sources, "Demo", {
      kind: "classic",
      definitionId: 38,
    });
    expect(fake.callCount("release.getRelease")).toBe(1);
    expect(result.pending[0]).toEqual(
      expect.objectContaining({ instructions: "Query returned 3 work items" }),
    );
  });

  it("needs samples for pending, running and failed gate steps only", () => {
    expect(needsGateSamples(release(1, "pending"))).toBe(true);
    expect(needsGateSamples(release(1, "inProgress"))).toBe(true);
    expect(needsGateSamples(release(1, "failed"))).toBe(true);
    expect(needsGateSamples(release(1, "failed"), at(81))).toBe(false);
    expect(needsGateSamples(release(1, "succeeded"))).toBe(false);
    expect(needsGateSamples(release(1, "canceled"))).toBe(false);
    expect(needsGateSamples(release(1, undefined))).toBe(false);
  });
});
