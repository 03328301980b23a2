import { PolicyTypeIds } from "../../../../src/core/model";
import { branchRules } from "../../../../src/core/compliance/rules";
import type { BranchRuleInput, RuleFinding } from "../../../../src/core/compliance/types";
import { isEnforced } from "../../../../src/core/compliance/scope";
import { minReviewers, policy, repo } from "../builders";

function run(
  ruleId: string,
  policies: ReturnType<typeof policy>[],
  params: Record<string, unknown> = {},
): RuleFinding {
  const rule = branchRules.get(ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  const input: BranchRuleInput = {
    repository: repo(),
    branch: "refs/heads/main",
    enforced: policies.filter(isEnforced),
    ignored: policies.filter((p) => !isEnforced(p)),
    params: { ...rule.defaults, ...params },
  };
  return rule.evaluate(input);
}

describe("branch.min-reviewers", () => {
  it.each([
    ["passes at the required count", [minReviewers(2)], "pass"],
    ["fails below the required count", [minReviewers(1)], "fail"],
    ["the strongest applicable policy decides", [minReviewers(1), minReviewers(3)], "pass"],
    ["fails when the only policy is disabled", [minReviewers(3, {}, { isEnabled: false })], "fail"],
    [
      "fails when the only policy is optional",
      [minReviewers(3, {}, { isBlocking: false })],
      "fail",
    ],
    ["fails when absent (not not-applicable)", [], "fail"],
  ])("%s", (_name, policies, outcome) => {
    expect(run("branch.min-reviewers", policies).outcome).toBe(outcome);
  });

  it("names the ignored policies and the shortfall", () => {
    const disabled = minReviewers(4, {}, { isEnabled: false });
    const finding = run("branch.min-reviewers", [disabled]);
    expect(finding.message).toContain(`policy ${disabled.id} (disabled)`);
    expect(finding.policyIds).toEqual([disabled.id]);
    const weak = minReviewers(1);
    expect(run("branch.min-reviewers", [weak], { minimumApprovers: 3 }).message).toMatch(
      /only 1 .*asks for 3/,
    );
  });
});

describe("branch.no-self-approval", () => {
  it("a missing creatorVoteCounts means false, so it passes", () => {
    expect(run("branch.no-self-approval", [minReviewers(2)]).outcome).toBe("pass");
  });
  it("fails when every applicable policy counts the creator's vote", () => {
    expect(
      run("branch.no-self-approval", [minReviewers(2, { creatorVoteCounts: true })]).outcome,
    ).toBe("fail");
  });
  it("passes when some applicable policy does not count it", () => {
    const policies = [minReviewers(2, { creatorVoteCounts: true }), minReviewers(1)];
    expect(run("branch.no-self-approval", policies).outcome).toBe("pass");
  });
});

describe("branch.reset-votes-on-push", () => {
  it.each([
    [{ resetOnSourcePush: true }, "pass"],
    [{ requireVoteOnLastIteration: true }, "pass"],
    [{}, "fail"],
    [{ resetOnSourcePush: false }, "fail"],
  ])("settings %j → %s", (settings, outcome) => {
    expect(run("branch.reset-votes-on-push", [minReviewers(2, settings)]).outcome).toBe(outcome);
  });
});

describe.each([
  ["branch.build-validation", PolicyTypeIds.build],
  ["branch.work-item-linking", PolicyTypeIds.workItemLinking],
  ["branch.comment-resolution", PolicyTypeIds.commentRequirements],
])("%s", (ruleId, typeId) => {
  it("passes with an enforced policy of its type", () => {
    expect(run(ruleId, [policy(typeId)]).outcome).toBe("pass");
  });
  it("fails with only an optional one", () => {
    expect(run(ruleId, [policy(typeId, {}, { isBlocking: false })]).outcome).toBe("fail");
  });
  it("fails with none, ignoring other types", () => {
    expect(run(ruleId, [minReviewers(2)]).outcome).toBe("fail");
  });
});

describe("branch.merge-strategy", () => {
  const strategy = (settings: Record<string, unknown>) =>
    policy(PolicyTypeIds.mergeStrategy, settings);
  it("passes with any enforced policy when no list is given", () => {
    expect(run("branch.merge-strategy", [strategy({ allowSquash: true })]).outcome).toBe("pass");
  });
  it("fails when a strategy outside the allowed list is usable", () => {
    const finding = run(
      "branch.merge-strategy",
      [strategy({ allowSquash: true, allowRebase: true })],
      {
        allowed: ["squash"],
      },
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.message).toContain("rebase");
  });
  it("a strategy is usable only if every enforced policy allows it", () => {
    const policies = [
      strategy({ allowSquash: true, allowRebase: true }),
      strategy({ allowSquash: true }),
    ];
    expect(run("branch.merge-strategy", policies, { allowed: ["squash"] }).outcome).toBe("pass");
  });
  it("reads the legacy useSquashMerge flag", () => {
    expect(
      run("branch.merge-strategy", [strategy({ useSquashMerge: true })], { allowed: ["squash"] })
        .outcome,
    ).toBe("pass");
  });
});

describe("rule metadata", () => {
  it.each([...branchRules.values()].map((rule) => [rule.metadata.id, rule]))(
    "%s is complete",
    (_id, rule) => {
      const { metadata } = rule;
      for (const field of [metadata.title, metadata.rationale, metadata.remediation])
        expect(field.length).toBeGreaterThan(10);
      expect(["high", "medium", "low"]).toContain(metadata.severity);
    },
  );
});
