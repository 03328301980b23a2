import type { BranchRule, ComplianceRule } from "../types";
import { buildValidationRule } from "./branch-build-validation/rule";
import { commentResolutionRule } from "./branch-comment-resolution/rule";
import { mergeStrategyRule } from "./branch-merge-strategy/rule";
import { minReviewersRule } from "./branch-min-reviewers/rule";
import { noSelfApprovalRule } from "./branch-no-self-approval/rule";
import { resetVotesOnPushRule } from "./branch-reset-votes-on-push/rule";
import { workItemLinkingRule } from "./branch-work-item-linking/rule";
import { approvalRequiredRule } from "./environment-approval-required/rule";
import { branchControlRule } from "./environment-branch-control/rule";
import { productionApprovalRule } from "./release-production-approval/rule";
import { commitAuthorEmailRule } from "./repository-commit-author-email/rule";
import { fileSizeLimitRule } from "./repository-file-size-limit/rule";
import { secretsScanningRule } from "./repository-secrets-scanning/rule";

/** The branch rules (the built-in baseline's seven), by id. */
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

/**
 * Every rule the engine knows, by id: the branch rules, then the additional ones a baseline can
 * name (repository policies, YAML environments, Classic release stages).
 */
export const complianceRules: ReadonlyMap<string, ComplianceRule> = new Map<string, ComplianceRule>(
  [
    ...branchRules,
    ...[
      fileSizeLimitRule,
      secretsScanningRule,
      commitAuthorEmailRule,
      approvalRequiredRule,
      branchControlRule,
      productionApprovalRule,
    ].map((rule): [string, ComplianceRule] => [rule.metadata.id, rule]),
  ],
);
