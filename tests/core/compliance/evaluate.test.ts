import { PolicyTypeIds } from "../../../src/core/model";
import { validateBaseline } from "../../../src/core/compliance/baseline/validate";
import {
  evaluateCompliance,
  refPatternMatches,
  type ComplianceInput,
} from "../../../src/core/compliance/evaluate";
import { minReviewers, policy, repo } from "./builders";

const project = { id: "p1", name: "Demo" };
const now = new Date("2026-06-01T00:00:00Z");

function input(
  overrides: Partial<ComplianceInput>,
  document: Record<string, unknown> = { rules: { "branch.min-reviewers": {} } },
): ComplianceInput {
  return {
    organization: "fabrikam",
    project,
    repositories: [repo()],
    policies: [],
    refs: new Map(),
    baseline: validateBaseline(document, "test"),
    now,
    ...overrides,
  };
}

describe("evaluateCompliance", () => {
  it("disabled and empty repositories yield not-applicable and nothing else", () => {
    const { results } = evaluateCompliance(
      input({
        repositories: [
          repo({ name: "old", isDisabled: true }),
          repo({ name: "new", defaultBranch: undefined }),
        ],
      }),
    );
    expect(results.map((r) => [r.target.name, r.outcome])).toEqual([
      ["old", "not-applicable"],
      ["new", "not-applicable"],
    ]);
  });

  it("policies that could not be read give not-available, never fail", () => {
    const { results, summary } = evaluateCompliance(
      input({ policies: { unavailable: "permission: 403" } }),
    );
    expect(results[0].outcome).toBe("not-available");
    expect(results[0].message).toContain("403");
    expect(summary.score).toBeNull();
  });

  it("a project-wide policy covers every repository; a repo-scoped one only its own", () => {
    const web = repo({ name: "web" });
    const api = repo({ name: "api" });
    const scoped = minReviewers(
      2,
      {},
      { scope: [{ repositoryId: web.id, refName: "refs/heads/main", matchKind: "Exact" }] },
    );
    const { results } = evaluateCompliance(input({ repositories: [web, api], policies: [scoped] }));
    expect(results.map((r) => r.outcome)).toEqual(["pass", "fail"]);
  });

  it("DefaultBranch scopes follow each repository's default branch", () => {
    const develop = repo({ name: "svc", defaultBranch: "refs/heads/develop" });
    const defaultScoped = minReviewers(
      2,
      {},
      { scope: [{ repositoryId: null, refName: null, matchKind: "DefaultBranch" }] },
    );
    const { results } = evaluateCompliance(
      input({ repositories: [develop], policies: [defaultScoped] }),
    );
    expect(results[0]).toMatchObject({
      outcome: "pass",
      branch: "refs/heads/develop",
      policyIds: [defaultScoped.id],
    });
  });

  it("ref patterns select existing refs; unreadable refs give not-available", () => {
    const web = repo({ name: "web" });
    const api = repo({ name: "api" });
    const prefix = minReviewers(
      2,
      {},
      { scope: [{ repositoryId: null, refName: "refs/heads/release/", matchKind: "Prefix" }] },
    );
    const refs = new Map<string, ComplianceInput["refs"] extends Map<string, infer V> ? V : never>([
      [
        web.id,
        [
          { name: "refs/heads/release/1.0", objectId: "a" },
          { name: "refs/heads/feature/x", objectId: "b" },
        ],
      ],
      [api.id, { unavailable: "permission: 403 on refs" }],
    ]);
    const { results } = evaluateCompliance(
      input(
        { repositories: [web, api], policies: [prefix], refs },
        { branches: ["refs/heads/release/*"], rules: { "branch.min-reviewers": {} } },
      ),
    );
    expect(results.map((r) => [r.target.name, r.branch, r.outcome])).toEqual([
      ["web", "refs/heads/release/1.0", "pass"],
      ["api", null, "not-available"],
    ]);
  });

  it("an active exception turns fail into exempt; an expired one has no effect but is reported", () => {
    const document = (expires: string) => ({
      rules: { "branch.build-validation": {} },
      exceptions: [
        {
          rule: "branch.build-validation",
          repository: "web",
          justification: "Pipeline migration",
          expires,
        },
      ],
    });
    const active = evaluateCompliance(input({}, document("2026-12-31"))).results[0];
    expect(active.outcome).toBe("exempt");
    expect(active.exception).toMatchObject({ expired: false, justification: "Pipeline migration" });
    const expired = evaluateCompliance(input({}, document("2026-01-31"))).results[0];
    expect(expired.outcome).toBe("fail");
    expect(expired.message).toContain("expired");
  });

  it("an exception never changes a pass", () => {
    const document = {
      rules: { "branch.build-validation": {} },
      exceptions: [
        {
          rule: "branch.build-validation",
          repository: "web",
          justification: "x",
          expires: "2027-01-01",
        },
      ],
    };
    const result = evaluateCompliance(input({ policies: [policy(PolicyTypeIds.build)] }, document))
      .results[0];
    expect(result.outcome).toBe("pass");
    expect(result.exception).toBeUndefined();
  });

  it("the score is the weighted share of passes, per repository and project", () => {
    const document = { rules: { "branch.min-reviewers": {}, "branch.comment-resolution": {} } };
    const { summary } = evaluateCompliance(input({ policies: [minReviewers(2)] }, document));
    // high (3) passes, low (1) fails → 75%.
    expect(summary.score).toBe(75);
    expect(Object.values(summary.byRepository)[0].score).toBe(75);
    expect(summary.byRule["branch.comment-resolution"].fail).toBe(1);
  });
});

describe("refPatternMatches", () => {
  it.each([
    ["refs/heads/release/*", "refs/heads/release/1.0", true],
    ["refs/heads/release/*", "refs/heads/Release/2.0/hotfix", true],
    ["refs/heads/release/*", "refs/heads/releases", false],
    ["refs/heads/main", "refs/heads/main", true],
    ["refs/heads/ma.n", "refs/heads/main", false],
  ])("%s vs %s → %s", (pattern, ref, expected) => {
    expect(refPatternMatches(pattern, ref)).toBe(expected);
  });
});
