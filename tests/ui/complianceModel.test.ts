import type { ComplianceResult } from "../../src/core/compliance/evaluate";
import { severityWeight } from "../../src/core/compliance/types";
import { branchPolicyUrl, explainScopes } from "../../src/ui/compliance/evidence";
import {
  addSnapshot,
  MAX_SNAPSHOTS,
  readHistory,
  trendOf,
  type ScoreSnapshot,
} from "../../src/ui/compliance/history";
import { buildRows, filterRows, noFilters, topGaps } from "../../src/ui/compliance/matrix";
import { policyConfiguration, repository } from "../fakes/sources";

function result(overrides: Partial<ComplianceResult> & { ruleId: string }): ComplianceResult {
  const target = overrides.target ?? { kind: "repository" as const, id: "r1", name: "web" };
  return {
    title: overrides.ruleId,
    severity: "medium",
    outcome: "pass",
    target,
    repository: { id: target.id, name: target.name },
    branch: "refs/heads/main",
    message: "",
    policyIds: [],
    remediation: "",
    ...overrides,
  };
}

const counts = { pass: 0, fail: 0, exempt: 0, error: 0, "not-available": 0, "not-applicable": 0 };
const day = (date: string, score: number | null): ScoreSnapshot => ({
  date,
  score,
  counts,
  baseline: "b",
});

describe("matrix rows", () => {
  const results = [
    result({ ruleId: "a", outcome: "pass" }),
    result({ ruleId: "a", outcome: "fail", branch: "refs/heads/release/1" }),
    result({ ruleId: "b", outcome: "exempt" }),
    result({
      ruleId: "environment.approval-required",
      outcome: "fail",
      severity: "high",
      target: { kind: "environment", id: "7", name: "prod" },
    }),
  ];

  it("puts each target in its table, with the worst outcome of its branches per rule", () => {
    const { repositories, others } = buildRows(results);
    expect(repositories.map((row) => row.name)).toEqual(["web"]);
    expect(repositories[0].cells.get("a")).toMatchObject({ outcome: "fail" });
    expect(repositories[0].cells.get("a")?.results).toHaveLength(2);
    expect(repositories[0].cells.get("b")?.outcome).toBe("exempt");
    expect(repositories[0].score).toBe(50);
    expect(others).toMatchObject([{ kind: "environment", name: "prod", score: 0 }]);
  });

  it("keeps rows that have the filtered outcome in a visible rule", () => {
    const { repositories } = buildRows(results);
    const rules = [
      { id: "a", title: "A", severity: "medium" as const, rationale: "", remediation: "" },
      { id: "b", title: "B", severity: "medium" as const, rationale: "", remediation: "" },
    ];
    expect(filterRows(repositories, rules, { ...noFilters, outcome: "exempt" })).toHaveLength(1);
    expect(filterRows(repositories, [rules[0]], { ...noFilters, outcome: "exempt" })).toHaveLength(
      0,
    );
    expect(filterRows(repositories, rules, { ...noFilters, search: "WE" })).toHaveLength(1);
    expect(filterRows(repositories, rules, { ...noFilters, search: "api" })).toHaveLength(0);
  });

  it("ranks gaps by failing weight, then count", () => {
    const gaps = topGaps(
      [
        result({ ruleId: "low", severity: "low", outcome: "fail" }),
        result({ ruleId: "low", severity: "low", outcome: "fail", branch: "x" }),
        result({ ruleId: "high", severity: "high", outcome: "fail" }),
        result({ ruleId: "medium", severity: "medium", outcome: "fail" }),
        result({ ruleId: "passing", severity: "high", outcome: "pass" }),
        result({ ruleId: "other", severity: "low", outcome: "fail" }),
      ],
      severityWeight,
    );
    // Points: failing weight over all decided weight (11 here, the passing rule's included).
    expect(gaps.map((gap) => [gap.ruleId, gap.failures, gap.weight, gap.points])).toEqual([
      ["high", 1, 3, 27.3],
      ["low", 2, 2, 18.2],
      ["medium", 1, 2, 18.2],
    ]);
  });
});

describe("history", () => {
  it("keeps one snapshot per day, oldest first, at most MAX_SNAPSHOTS", () => {
    let history: ScoreSnapshot[] = [];
    for (let index = 0; index < MAX_SNAPSHOTS + 10; index += 1) {
      history = addSnapshot(
        history,
        day(new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10), index),
      );
    }
    expect(history).toHaveLength(MAX_SNAPSHOTS);
    expect(history[0].score).toBe(10);
    history = addSnapshot(history, day(history[MAX_SNAPSHOTS - 1].date, 1));
    expect(history).toHaveLength(MAX_SNAPSHOTS);
    expect(history[MAX_SNAPSHOTS - 1].score).toBe(1);
  });

  it("drops stored entries it cannot read and compares the last two", () => {
    const stored = [day("2025-01-02", 60), { date: "yesterday" }, day("2025-01-01", 50), null];
    const history = readHistory(stored);
    expect(history.map((entry) => entry.date)).toEqual(["2025-01-01", "2025-01-02"]);
    expect(trendOf(history)).toEqual({ current: 60, previous: 50, change: 10, direction: "up" });
    expect(trendOf([day("2025-01-01", 50)]).direction).toBe("none");
    expect(readHistory({ not: "a list" })).toEqual([]);
  });

  it("compares only snapshots of the same baseline", () => {
    const other = { ...day("2025-01-02", 90), baseline: "Strict" };
    const history = [day("2025-01-01", 50), other, day("2025-01-03", 55)];
    expect(trendOf(history)).toMatchObject({ previous: 50, change: 5, direction: "up" });
    expect(
      trendOf([day("2025-01-01", 50), { ...day("2025-01-02", 40), baseline: "Strict" }]).direction,
    ).toBe("none");
  });
});

describe("evidence", () => {
  const repo = repository({ id: "R1", name: "web", defaultBranch: "refs/heads/Main" });

  it("explains every scope entry as the engine resolves it", () => {
    const policy = policyConfiguration({
      id: 1,
      scopes: [
        { repositoryId: null, matchKind: "DefaultBranch" },
        { repositoryId: "r1", refName: "refs/heads/rel", matchKind: "Prefix" },
        { repositoryId: "other", refName: "refs/heads/main", matchKind: "Exact" },
        { repositoryId: "R1" },
        { repositoryId: "R1", refName: "refs/heads/main", matchKind: "Regex" },
      ],
    });
    const explained = explainScopes(policy, repo, "refs/heads/main");
    expect(explained.map((entry) => entry.matches)).toEqual([true, false, false, true, false]);
    expect(explained[0].reason).toBe(
      "project-wide; refs/heads/main is the default branch of the repository",
    );
    expect(explained[1].reason).toBe("refs/heads/main does not start with refs/heads/rel");
    expect(explained[2].reason).toBe("another repository");
    expect(explained[3].reason).toBe("repository-wide: covers every branch");
    expect(explained[4].reason).toBe("match kind Regex is not known: covers nothing");
  });

  it("encodes every value of the branch policy link", () => {
    expect(
      branchPolicyUrl("https://dev.azure.com/fabrikam/", "My Project", "a&b", "refs/heads/x#y"),
    ).toBe(
      "https://dev.azure.com/fabrikam/My%20Project/_settings/repositories?repo=a%26b&_a=policiesMid&refs=refs%2Fheads%2Fx%23y",
    );
    expect(branchPolicyUrl("https://dev.azure.com/fabrikam", "P", "r", null)).toBe(
      // Without a branch it is the repository's own policies (push policies) page.
      "https://dev.azure.com/fabrikam/P/_settings/repositories?repo=r&_a=policies",
    );
  });
});
