import { PolicyTypeIds } from "../../../src/core/model";
import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import { evaluateCompliance, type ComplianceInput } from "../../../src/core/compliance/evaluate";
import {
  approvalCheck,
  branchControlCheck,
  definition,
  environment,
  minReviewers,
  policy,
  repo,
  stage,
} from "./builders";

const DEFAULT_SELECTION =
  'production: default (first or last word "prod" or "production", not beginning with "pre" or "non")';

/** Repository, environment and Classic-stage rules in evaluateCompliance. */
const project = { id: "p1", name: "Demo" };
const now = new Date("2026-06-01T00:00:00Z");

function input(
  document: Record<string, unknown>,
  overrides: Partial<ComplianceInput> = {},
): ComplianceInput {
  return {
    organization: "fabrikam",
    project,
    repositories: [],
    policies: [],
    refs: new Map(),
    baseline: validateBaseline(document, "test"),
    now,
    ...overrides,
  };
}

const environments = [
  environment(1, "dev"),
  environment(4, "prod"),
  environment(5, "Prod-EU"),
  environment(6, "production-us"),
];
const checks = [approvalCheck(4, 2, 1), approvalCheck(5, 2, 1, { isDisabled: true })];

describe("repository rules", () => {
  const secretsEverywhere = policy(
    PolicyTypeIds.secretsScanning,
    {},
    { scope: [{ repositoryId: null }] },
  );

  it("use repository policies only, one result per repository with branch null", () => {
    const web = repo({ name: "web" });
    // A secrets policy scoped to a branch is not a repository policy: it does not count.
    const branchScoped = policy(PolicyTypeIds.secretsScanning, {}, {});
    const { results } = evaluateCompliance(
      input(
        { rules: { "repository.secrets-scanning": {} } },
        { repositories: [web], policies: [branchScoped] },
      ),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      outcome: "fail",
      branch: null,
      target: { kind: "repository", id: web.id, name: "web" },
      repository: { id: web.id, name: "web" },
    });
    const passing = evaluateCompliance(
      input(
        { rules: { "repository.secrets-scanning": {} } },
        { repositories: [web], policies: [secretsEverywhere] },
      ),
    ).results[0];
    expect(passing).toMatchObject({ outcome: "pass", policyIds: [secretsEverywhere.id] });
  });

  it("share the repository checks: disabled, empty, unreadable policies", () => {
    const { results } = evaluateCompliance(
      input(
        { rules: { "repository.secrets-scanning": {}, "branch.min-reviewers": {} } },
        {
          repositories: [
            repo({ name: "old", isDisabled: true }),
            repo({ name: "new", defaultBranch: undefined }),
          ],
        },
      ),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(4).fill("not-applicable"));
    const unreadable = evaluateCompliance(
      input(
        { rules: { "repository.secrets-scanning": {} } },
        { repositories: [repo()], policies: { unavailable: "permission: 403" } },
      ),
    ).results[0];
    expect(unreadable).toMatchObject({ outcome: "not-available", branch: null });
  });

  it("come after the branch rules of the same repository, in baseline order", () => {
    const { results } = evaluateCompliance(
      input(
        {
          branches: ["default", "refs/heads/release/*"],
          rules: { "branch.min-reviewers": {}, "repository.secrets-scanning": {} },
        },
        {
          repositories: [repo({ name: "web" })],
          policies: [minReviewers(2), secretsEverywhere],
          refs: new Map([["repo-web", [{ name: "refs/heads/release/1", objectId: "a" }]]]),
        },
      ),
    );
    expect(results.map((r) => [r.ruleId, r.branch])).toEqual([
      ["branch.min-reviewers", "refs/heads/main"],
      ["branch.min-reviewers", "refs/heads/release/1"],
      ["repository.secrets-scanning", null],
    ]);
  });
});

describe("environment rules", () => {
  const document = {
    rules: { "environment.approval-required": {}, "environment.branch-control": {} },
  };

  it("evaluate only environments matching the pattern, case-insensitively", () => {
    const { results, summary } = evaluateCompliance(
      input(document, { environments, checkConfigurations: checks }),
    );
    expect(results.map((r) => [r.ruleId, r.target.name, r.outcome])).toEqual([
      ["environment.approval-required", "prod", "pass"],
      ["environment.branch-control", "prod", "fail"],
      ["environment.approval-required", "Prod-EU", "fail"],
      ["environment.branch-control", "Prod-EU", "fail"],
      ["environment.approval-required", "production-us", "fail"],
      ["environment.branch-control", "production-us", "fail"],
    ]);
    expect(results[0]).toMatchObject({
      target: { kind: "environment", id: "4", name: "prod" },
      repository: null,
      branch: null,
    });
    expect(summary.coverage["environment.approval-required"]).toEqual({
      targetKind: "environment",
      evaluated: 3,
      total: 4,
      pattern: DEFAULT_SELECTION,
    });
    expect(summary.byRepository).toEqual({});
  });

  it("without their own pattern, select by the production pattern in force", () => {
    const production = { patterns: ["dev", "prod-*"], source: "setting" as const };
    const { results, summary } = evaluateCompliance({
      ...input(document, { environments, checkConfigurations: checks }),
      production,
    });
    expect([...new Set(results.map((r) => r.target.name))]).toEqual(["dev", "Prod-EU"]);
    expect(summary.coverage["environment.approval-required"]).toMatchObject({
      evaluated: 2,
      pattern: "production: dev, prod-*",
    });
  });

  it("a rule's own pattern overrides the production pattern for that rule only", () => {
    const { results } = evaluateCompliance({
      ...input(
        {
          rules: {
            "environment.approval-required": { pattern: "dev" },
            "environment.branch-control": {},
          },
        },
        { environments, checkConfigurations: checks },
      ),
      production: { patterns: ["prod"], source: "flag" },
    });
    expect(results.map((r) => [r.ruleId, r.target.name])).toEqual([
      ["environment.approval-required", "dev"],
      ["environment.branch-control", "prod"],
    ]);
  });

  it("a pattern that matches nothing gives no results, and says so in the coverage", () => {
    const { results, summary } = evaluateCompliance(
      input(
        { rules: { "environment.approval-required": { pattern: "live-*" } } },
        { environments, checkConfigurations: checks },
      ),
    );
    expect(results).toEqual([]);
    expect(summary.coverage["environment.approval-required"]).toMatchObject({
      evaluated: 0,
      total: 4,
      pattern: "live-*",
    });
    expect(summary.score).toBeNull();
  });

  it("each rule uses its own pattern", () => {
    const { results } = evaluateCompliance(
      input(
        {
          rules: {
            "environment.approval-required": { pattern: "prod" },
            "environment.branch-control": { pattern: "*-eu" },
          },
        },
        { environments, checkConfigurations: [branchControlCheck(5, "refs/heads/main")] },
      ),
    );
    expect(results.map((r) => [r.ruleId, r.target.name, r.outcome])).toEqual([
      ["environment.approval-required", "prod", "fail"],
      ["environment.branch-control", "Prod-EU", "pass"],
    ]);
  });

  it("unreadable environments give one not-available result per rule", () => {
    const { results, summary } = evaluateCompliance(
      input(document, { environments: { unavailable: "permission: 403" } }),
    );
    expect(results.map((r) => [r.outcome, r.target])).toEqual([
      ["not-available", { kind: "environment", id: "*", name: "environments" }],
      ["not-available", { kind: "environment", id: "*", name: "environments" }],
    ]);
    expect(results[0].message).toContain("403");
    expect(summary.coverage["environment.branch-control"].total).toBeNull();
  });

  it("unreadable checks give not-available per matching environment, never fail", () => {
    const { results } = evaluateCompliance(
      input(document, { environments, checkConfigurations: { unavailable: "server: 500" } }),
    );
    expect(results).toHaveLength(6);
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(["not-available"]));
    expect(results[0].message).toMatch(/Checks of environment prod could not be read: server/);
  });

  it("an exception names its environment as target", () => {
    const { results } = evaluateCompliance(
      input(
        {
          rules: { "environment.branch-control": {} },
          exceptions: [
            {
              rule: "environment.branch-control",
              target: "prod-eu",
              justification: "Template-enforced",
              expires: "2026-12-31",
            },
          ],
        },
        { environments, checkConfigurations: [] },
      ),
    );
    expect(results.map((r) => [r.target.name, r.outcome])).toEqual([
      ["prod", "fail"],
      ["Prod-EU", "exempt"],
      ["production-us", "fail"],
    ]);
  });
});

describe("release-stage rules", () => {
  const definitions = [
    definition(1, "web-release", [stage(10, "QA"), stage(11, "Production", 1, 1)]),
    definition(2, "api-release", [stage(20, "Test"), stage(21, "prod-eu")]),
  ];

  it("evaluate the stages matching the pattern, named definition / stage", () => {
    const { results, summary } = evaluateCompliance(
      input({ rules: { "release.production-approval": {} } }, { releaseDefinitions: definitions }),
    );
    expect(results.map((r) => [r.target, r.outcome])).toEqual([
      [{ kind: "release-stage", id: "1:11", name: "web-release / Production" }, "pass"],
      [{ kind: "release-stage", id: "2:21", name: "api-release / prod-eu" }, "fail"],
    ]);
    expect(results[0]).toMatchObject({ repository: null, branch: null });
    expect(summary.coverage["release.production-approval"]).toEqual({
      targetKind: "release-stage",
      evaluated: 2,
      total: 4,
      pattern: DEFAULT_SELECTION,
    });
    // high pass (3) and high fail (3)
    expect(summary.score).toBe(50);
  });

  it("an exception matches the stage by name or id", () => {
    const exception = (target: string) => ({
      rules: { "release.production-approval": {} },
      exceptions: [
        { rule: "release.production-approval", target, justification: "x", expires: "2027-01-01" },
      ],
    });
    for (const target of ["API-release / prod-eu", "2:21"]) {
      const { results } = evaluateCompliance(
        input(exception(target), { releaseDefinitions: definitions }),
      );
      expect(results[1].outcome).toBe("exempt");
    }
  });

  it("unreadable definitions give not-available, never fail", () => {
    const { results } = evaluateCompliance(
      input(
        { rules: { "release.production-approval": {} } },
        { releaseDefinitions: { unavailable: "permission: 401" } },
      ),
    );
    expect(results).toMatchObject([
      {
        outcome: "not-available",
        target: { kind: "release-stage", id: "*", name: "release definitions" },
      },
    ]);
  });
});
