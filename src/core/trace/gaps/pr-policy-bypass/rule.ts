import { gapFinding, notAvailableFinding } from "../findings";
import type { PullRequestGapRule } from "../types";
import { prPolicyBypassDefinition } from "./def";

export const prPolicyBypassRule: PullRequestGapRule = {
  ...prPolicyBypassDefinition,
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
