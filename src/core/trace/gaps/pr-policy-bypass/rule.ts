import { gapFinding, notAvailableFinding } from "../findings";
import type { PullRequestGapRule } from "../types";

export const prPolicyBypassRule: PullRequestGapRule = {
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
  evaluate({ graph, pullRequestId }) {
    const pr = graph.pullRequests.get(pullRequestId);
    if (!pr) {
      return [
        notAvailableFinding(
          `Could not check pull request ${pullRequestId} for a policy bypass: it could not be read`,
          { pullRequestId },
          { pullRequest: pullRequestId },
        ),
      ];
    }
    if (pr.status !== "completed" || !pr.policyBypass) return [];
    const by = pr.policyBypass.by?.displayName ?? null;
    const reason = pr.policyBypass.reason ?? null;
    return [
      gapFinding(
        `Pull request ${pr.id} was completed bypassing branch policies${by ? ` by ${by}` : ""}${reason ? `: ${reason}` : " (no reason given)"}`,
        { pullRequestId: pr.id, repository: pr.repositoryName ?? pr.repositoryId, by, reason },
        {
          pullRequest: pr.id,
          repository: [pr.repositoryId, ...(pr.repositoryName ? [pr.repositoryName] : [])],
        },
      ),
    ];
  },
};
