import type { BranchRule } from "../types";
import { buildValidationRule } from "./branch-build-validation/rule";
import { commentResolutionRule } from "./branch-comment-resolution/rule";
import { mergeStrategyRule } from "./branch-merge-strategy/rule";
import { minReviewersRule } from "./branch-min-reviewers/rule";
import { noSelfApprovalRule } from "./branch-no-self-approval/rule";
import { resetVotesOnPushRule } from "./branch-reset-votes-on-push/rule";
import { workItemLinkingRule } from "./branch-work-item-linking/rule";

/** Every branch rule the engine knows, by id. */
export const branchRules: ReadonlyMap<string, BranchRule> = new Map(
  [
    minReviewersRule,
    noSelfApprovalRule,
    resetVotesOnPushRule,
    buildValidationRule,
    workItemLinkingRule,
    commentResolutionRule,
    mergeStrategyRule,
  ].map((rule) => [rule.metadata.id, rule]),
);
