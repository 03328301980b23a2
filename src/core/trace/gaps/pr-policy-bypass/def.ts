/** What the gap is and what a baseline may set for it; read without the graph (for validation). */
import type { PullRequestGapDefinition } from "../types";

export const prPolicyBypassDefinition: PullRequestGapDefinition = {
  scope: "pull-request",
  metadata: {
    id: "trace.pr-policy-bypass",
    kind: "pr-policy-bypass",
    title: "Pull request completed bypassing policies",
    severity: "high",
    rationale:
      "A bypass completes a pull request without the reviews and builds the branch policies require.",
    remediation:
      "Review the bypass reason; limit the 'Bypass policies when completing pull requests' permission to a few accountable people.",
  },
  paramSchema: {},
  defaults: {},
  checkParams: () => [],
};
