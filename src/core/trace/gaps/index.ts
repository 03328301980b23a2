import { commitWithoutWorkItemRule } from "./commit-without-work-item/rule";
import { openWorkItemDeployedRule } from "./open-work-item-deployed/rule";
import { prPolicyBypassRule } from "./pr-policy-bypass/rule";
import { prodWithoutApprovalRule } from "./prod-without-approval/rule";
import { prodWithoutCompletedPrRule } from "./prod-without-completed-pr/rule";
import type { GapRule } from "./types";

/** Every trace gap rule, by id, in the order gaps are listed. */
export const gapRules: ReadonlyMap<string, GapRule> = new Map(
  [
    prodWithoutCompletedPrRule,
    prPolicyBypassRule,
    commitWithoutWorkItemRule,
    prodWithoutApprovalRule,
    openWorkItemDeployedRule,
  ].map((rule): [string, GapRule] => [rule.metadata.id, rule]),
);

export type * from "./types";
