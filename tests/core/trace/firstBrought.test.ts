import { firstBroughtBy } from "../../../src/core/trace/firstBrought";
import type { ReachedDeployment } from "../../../src/core/trace/graph";

const at = (day: number) => new Date(Date.UTC(2025, 2, day));

function reached(overrides: Partial<ReachedDeployment>): ReachedDeployment {
  return {
    kind: "classic",
    pipeline: { id: 3, name: "web-app-release" },
    environment: "Production",
    stage: "Production",
    releaseId: 5,
    name: "Release-5",
    status: "succeeded",
    state: "succeeded",
    reachedAt: at(1),
    evidence: "classic-link",
    ...overrides,
  };
}

/** Release-10 deployed to Production on day 5. */
const contents = {
  kind: "classic" as const,
  pipeline: "web-app-release",
  environment: "production",
  current: {
    kind: "release" as const,
    id: 10,
    name: "Release-10",
    branch: "refs/heads/main",
    at: null,
    result: "succeeded",
    state: "succeeded" as const,
    deployedAt: at(5).toISOString(),
  },
};

describe("a work item delivered earlier stays delivered", () => {
  it("names the earlier deployment its trace says first brought it there", () => {
    expect(firstBroughtBy(contents, [reached({})])).toEqual({
      releaseId: 5,
      name: "Release-5",
      reachedAt: at(1).toISOString(),
    });
  });

  it("says nothing when this deployment first brought it", () => {
    expect(firstBroughtBy(contents, [reached({ releaseId: 10, name: "Release-10" })])).toBe(
      undefined,
    );
  });

  it("ignores other environments, other pipelines, attempts and later deployments", () => {
    expect(firstBroughtBy(contents, [reached({ environment: "QA" })])).toBe(undefined);
    expect(
      firstBroughtBy(contents, [reached({ pipeline: { id: 4, name: "other-release" } })]),
    ).toBe(undefined);
    expect(firstBroughtBy(contents, [reached({ reachedAt: undefined, state: "failed" })])).toBe(
      undefined,
    );
    expect(firstBroughtBy(contents, [reached({ releaseId: 12, reachedAt: at(7) })])).toBe(
      undefined,
    );
    expect(firstBroughtBy(contents, [reached({ kind: "yaml", runId: 5 })])).toBe(undefined);
  });

  it("counts an earlier delivery even when this deployment is not deployed there", () => {
    const waiting = { ...contents, current: { ...contents.current, deployedAt: null } };
    expect(firstBroughtBy(waiting, [reached({})])).toMatchObject({ name: "Release-5" });
  });
});
