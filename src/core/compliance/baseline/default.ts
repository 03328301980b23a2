import type { Baseline } from "./types";
import { validateBaseline } from "./validate";

/** The built-in baseline: the seven default branch rules on each repository's default branch, and every gap rule. */
export const defaultBaselineDocument = {
  name: "Release Trace default",
  branches: ["default"],
  rules: {
    "branch.min-reviewers": { minimumApprovers: 2 },
    "branch.no-self-approval": {},
    "branch.reset-votes-on-push": {},
    "branch.build-validation": {},
    "branch.work-item-linking": {},
    "branch.comment-resolution": {},
    "branch.merge-strategy": {},
  },
  // Every trace gap rule, on at its own severity.
  gaps: {
    "trace.prod-without-completed-pr": {},
    "trace.pr-policy-bypass": {},
    "trace.commit-without-work-item": {},
    "trace.prod-without-approval": {},
    "trace.open-work-item-deployed": {},
  },
  exceptions: [],
};

export function defaultBaseline(): Baseline {
  return validateBaseline(defaultBaselineDocument, "built-in");
}
