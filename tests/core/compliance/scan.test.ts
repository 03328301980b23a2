import { defaultBaseline } from "../../../src/core/compliance/baseline/default";
import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { scanCompliance, type ScanStep } from "../../../src/core/compliance/scan";
import { PolicyTypeIds } from "../../../src/core/model";
import { SourceError } from "../../../src/core/sources";
import { createFakeSources, type FakeOrg, type SourceMethod } from "../../fakes/sources";
import {
  approvalCheck,
  branchControlCheck,
  definition,
  environment,
  policy,
  repo,
  stage,
} from "./builders";

/** What scanCompliance reads for which rules, counted on an in-memory organization. */
const org: FakeOrg = {
  repositories: [repo({ name: "web" }), repo({ name: "api" })],
  policyConfigurations: [
    policy(PolicyTypeIds.secretsScanning, {}, { scope: [{ repositoryId: null }] }),
  ],
  environments: [environment(1, "dev"), environment(4, "prod"), environment(5, "prod-eu")],
  checkConfigurations: [
    approvalCheck(1, 1, 1),
    approvalCheck(4, 2, 0),
    branchControlCheck(5, "refs/heads/main"),
  ],
  releaseDefinitions: [definition(1, "web-release", [stage(1, "QA"), stage(2, "Production", 1)])],
};

const environmentAndStageMethods: SourceMethod[] = [
  "environments.listEnvironments",
  "checks.queryCheckConfigurations",
  "release.listReleaseDefinitions",
];

async function scan(document: Record<string, unknown> | "default", fake = createFakeSources(org)) {
  const baseline = document === "default" ? defaultBaseline() : validateBaseline(document, "test");
  const steps: ScanStep[] = [];
  const evaluation = await scanCompliance(fake.sources, {
    organization: "fabrikam",
    project: "Demo",
    baseline,
    now: new Date("2026-06-01T00:00:00Z"),
    onProgress: (step) => {
      if (!steps.includes(step)) steps.push(step);
    },
  });
  return { evaluation, fake, steps };
}

describe("scanCompliance reads only what the baseline's rules need", () => {
  it("the built-in baseline reads no environment, check or release data", async () => {
    const { fake, steps } = await scan("default");
    for (const method of environmentAndStageMethods) expect(fake.callCount(method)).toBe(0);
    expect(fake.callCount("policy.listPolicyConfigurations")).toBe(1);
    expect(steps).toEqual(["repositories", "policies", "evaluate"]);
  });

  it("environment rules: one environment listing and ONE check query for the matching ones", async () => {
    const { fake, evaluation } = await scan({
      rules: { "environment.approval-required": {}, "environment.branch-control": {} },
    });
    expect(fake.callCount("environments.listEnvironments")).toBe(1);
    expect(fake.callCount("checks.queryCheckConfigurations")).toBe(1);
    const query = fake.calls.find((call) => call.method === "checks.queryCheckConfigurations");
    expect(query?.args[1]).toEqual([
      { type: "environment", id: "4", name: "prod" },
      { type: "environment", id: "5", name: "prod-eu" },
    ]);
    // Neither repositories nor policies are read for environment rules alone.
    expect(fake.callCount("git.listRepositories")).toBe(0);
    expect(fake.callCount("policy.listPolicyConfigurations")).toBe(0);
    expect(fake.callCount("release.listReleaseDefinitions")).toBe(0);
    expect(evaluation.results.map((r) => [r.ruleId, r.target.name, r.outcome])).toEqual([
      ["environment.approval-required", "prod", "pass"],
      ["environment.branch-control", "prod", "fail"],
      ["environment.approval-required", "prod-eu", "fail"],
      ["environment.branch-control", "prod-eu", "pass"],
    ]);
  });

  it("no environment matching any pattern: no check query and no results", async () => {
    const { fake, evaluation } = await scan({
      rules: { "environment.approval-required": { pattern: "live" } },
    });
    expect(fake.callCount("checks.queryCheckConfigurations")).toBe(0);
    expect(evaluation.results).toEqual([]);
    expect(evaluation.summary.coverage["environment.approval-required"]).toMatchObject({
      evaluated: 0,
      total: 3,
    });
  });

  it("release-stage rules: one release-definition listing", async () => {
    const { fake, evaluation, steps } = await scan({
      rules: { "release.production-approval": {} },
    });
    expect(fake.callCount("release.listReleaseDefinitions")).toBe(1);
    expect(fake.callCount("environments.listEnvironments")).toBe(0);
    expect(steps).toEqual(["release-definitions", "evaluate"]);
    expect(evaluation.results).toMatchObject([
      { target: { id: "1:2", name: "web-release / Production" }, outcome: "pass" },
    ]);
  });

  it("repository rules share the one policy listing with the branch rules", async () => {
    const { fake, evaluation } = await scan({
      rules: { "branch.min-reviewers": {}, "repository.secrets-scanning": {} },
    });
    expect(fake.callCount("policy.listPolicyConfigurations")).toBe(1);
    expect(fake.callCount("git.listRefs")).toBe(0);
    expect(
      evaluation.results
        .filter((r) => r.ruleId === "repository.secrets-scanning")
        .map((r) => r.outcome),
    ).toEqual(["pass", "pass"]);
  });

  it.each([
    ["environments.listEnvironments", "environment.approval-required", /Environments could not/],
    ["checks.queryCheckConfigurations", "environment.branch-control", /Checks of environment/],
    ["release.listReleaseDefinitions", "release.production-approval", /Release definitions could/],
  ] as const)(
    "a failing %s gives not-available results, never a failure",
    async (method, ruleId, message) => {
      const fake = createFakeSources(org);
      fake.fail(method, new SourceError("permission", "HTTP 403", { status: 403 }));
      const { evaluation } = await scan({ rules: { [ruleId]: {} } }, fake);
      expect(evaluation.results.length).toBeGreaterThan(0);
      for (const result of evaluation.results) {
        expect(result.outcome).toBe("not-available");
        expect(result.message).toMatch(message);
        expect(result.message).toContain("permission");
      }
      // The failed read, in the one not-available model, for the views' notice.
      expect(evaluation.notAvailable).toEqual([
        expect.objectContaining({ kind: "permission", status: 403, reason: "HTTP 403" }),
      ]);
    },
  );

  it.each([
    ["environments.listEnvironments", "environment.approval-required"],
    ["checks.queryCheckConfigurations", "environment.branch-control"],
    ["release.listReleaseDefinitions", "release.production-approval"],
    ["policy.listPolicyConfigurations", "branch.min-reviewers"],
  ] as const)(
    "an error from %s that is not a source error is thrown, never not-available",
    async (method, ruleId) => {
      const fake = createFakeSources(org);
      fake.fail(method, new TypeError("a bug"));
      await expect(scan({ rules: { [ruleId]: {} } }, fake)).rejects.toThrow(TypeError);
    },
  );
});
