import { validateBaseline } from "../../../../src/core/compliance/baseline/validate";
import { evaluateGaps, type GapRequest } from "../../../../src/core/trace/gaps/evaluate";
import { gapRules } from "../../../../src/core/trace/gaps";
import { gapDefinitions } from "../../../../src/core/trace/gaps/definitions";
import { baseGraph, buildLink, REPO, workItem, yamlDeployment } from "./builders";

/** Work item 1 (open) brought to dev by run 100 and to prod by run 101; each run has an unlinked commit. */
function request(): GapRequest {
  const graph = baseGraph();
  graph.addWorkItem(workItem(1, [buildLink(100)], "Active"));
  graph.addRunChanges(100, [{ id: "aaaa0100", repositoryId: REPO, workItemIds: [] }]);
  graph.addRunChanges(101, [{ id: "bbbb0101", repositoryId: REPO, workItemIds: [] }]);
  return {
    graph,
    workItemIds: [1],
    pullRequestIds: [],
    deployments: [yamlDeployment(100, "dev", 1), yamlDeployment(101, "prod", 2)],
    markBroughtBy: true,
  };
}

const baseline = (document: Record<string, unknown>) =>
  validateBaseline({ rules: { "branch.no-self-approval": {} }, ...document }, "test");

describe("the gap rule registry", () => {
  it("lists the same definitions as the rules, in the same order", () => {
    expect([...gapDefinitions.keys()]).toEqual([...gapRules.keys()]);
    for (const [id, rule] of gapRules) expect(rule.metadata).toBe(gapDefinitions.get(id)?.metadata);
  });

  it("names every rule trace.<kind>, with a title, severity, rationale and remediation", () => {
    expect(gapRules.size).toBe(5);
    for (const [id, rule] of gapRules) {
      expect(id).toBe(`trace.${rule.metadata.kind}`);
      expect(rule.metadata.id).toBe(id);
      for (const field of ["title", "rationale", "remediation"] as const)
        expect(rule.metadata[field].length).toBeGreaterThan(10);
      expect(["high", "medium", "low"]).toContain(rule.metadata.severity);
    }
  });
});

describe("evaluateGaps", () => {
  it("marks each deployment gap with the run that brought the work item there", () => {
    const gaps = evaluateGaps(request());
    const commits = gaps.filter((gap) => gap.kind === "commit-without-work-item");
    expect(commits).toEqual([
      expect.objectContaining({
        ruleId: "trace.commit-without-work-item",
        title: "Commit without a work item",
        severity: "medium",
        outcome: "gap",
        commit: "aaaa0100",
        broughtBy: { pipeline: "web-ci-cd", runId: 100, name: "2025.100", environments: ["dev"] },
      }),
      expect.objectContaining({
        commit: "bbbb0101",
        broughtBy: expect.objectContaining({ runId: 101, environments: ["prod"] }),
      }),
    ]);
  });

  it("lists a finding of one run once, naming every environment that run brought the item to", () => {
    const input = request();
    input.deployments = [yamlDeployment(101, "dev", 1), yamlDeployment(101, "prod", 2)];
    const commits = evaluateGaps(input).filter((gap) => gap.kind === "commit-without-work-item");
    expect(commits).toHaveLength(1);
    expect(commits[0].broughtBy?.environments).toEqual(["dev", "prod"]);
  });

  it("skips a rule the baseline switches off and takes the baseline's severity", () => {
    const gaps = evaluateGaps(request(), {
      baseline: baseline({
        gaps: {
          "trace.commit-without-work-item": false,
          "trace.open-work-item-deployed": { severity: "high" },
        },
      }),
    });
    expect(gaps.map((gap) => `${gap.ruleId} ${gap.severity}`)).toEqual([
      "trace.prod-without-completed-pr high",
      "trace.prod-without-approval high",
      "trace.open-work-item-deployed high",
    ]);
  });

  it("shows an excepted gap as exempt with the reason, and an expired exception as a note", () => {
    const policy = {
      baseline: baseline({
        exceptions: [
          {
            rule: "trace.commit-without-work-item",
            repository: REPO,
            pipeline: "web-ci-cd",
            justification: "Bot commits (CHG-12)",
            expires: "2025-06-30",
          },
        ],
      }),
    };
    const early = evaluateGaps(request(), { ...policy, now: new Date("2025-03-01") });
    const commits = early.filter((gap) => gap.kind === "commit-without-work-item");
    expect(commits.map((gap) => gap.outcome)).toEqual(["exempt", "exempt"]);
    expect(commits[0].message).toContain("Exempt until 2025-06-30: Bot commits (CHG-12)");
    expect(commits[0].exception).toEqual({
      justification: "Bot commits (CHG-12)",
      expires: "2025-06-30",
      expired: false,
    });
    const late = evaluateGaps(request(), { ...policy, now: new Date("2025-07-01") });
    expect(late.find((gap) => gap.kind === "commit-without-work-item")).toMatchObject({
      outcome: "gap",
      exception: { expired: true },
    });
  });

  it("does not let an exception for another scope cover a gap", () => {
    const gaps = evaluateGaps(request(), {
      baseline: baseline({
        exceptions: [
          {
            rule: "trace.prod-without-approval",
            target: "staging",
            justification: "x",
            expires: "2999-01-01",
          },
        ],
      }),
    });
    expect(gaps.find((gap) => gap.kind === "prod-without-approval")?.outcome).toBe("not-available");
    expect(gaps.some((gap) => gap.outcome === "exempt")).toBe(false);
  });

  it("answers not-available for every rule over a listing that could not be read", () => {
    const input = request();
    input.graph.unread.add("work-items");
    input.graph.unread.add("pull-requests");
    const unread = evaluateGaps(input).filter((gap) =>
      gap.message.startsWith("Could not check every"),
    );
    expect(unread.map((gap) => gap.ruleId)).toEqual([
      "trace.prod-without-completed-pr",
      "trace.pr-policy-bypass",
      "trace.open-work-item-deployed",
    ]);
  });

  it("takes production from the vocabulary: its default rule, or the pattern given", () => {
    const approvalGaps = (environment: string, patterns?: string[]) => {
      const input = request();
      input.deployments = [yamlDeployment(101, environment)];
      if (patterns) input.production = { patterns, source: "setting" };
      return evaluateGaps(input).filter((gap) => gap.kind === "prod-without-approval");
    };
    expect(approvalGaps("pre-prod")).toEqual([]);
    expect(approvalGaps("prod-eu")).toHaveLength(1);
    expect(approvalGaps("live-eu")).toEqual([]);
    expect(approvalGaps("live-eu", ["live*"])).toHaveLength(1);
  });
});
