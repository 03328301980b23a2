import type { PullRequest, Run } from "../../../src/core/model";
import type { RunEvidenceSnapshot } from "../../../src/core/trace/collectEvidence";
import { deriveRunPack, policiesInForce } from "../../../src/core/trace/derivePack";
import { defaultTraceRules } from "../../../src/core/trace/graph";
import { policyConfiguration } from "../../fakes/sources";

/** The pack is derived from a snapshot alone: no port is involved here. */
const REPO = "11111111-1111-4111-8111-111111111111";
const at = (day: number) => new Date(Date.UTC(2025, 0, day));

const run: Run = {
  id: 12,
  number: "2025.12",
  pipeline: { id: 7, name: "web-ci-cd" },
  status: "completed",
  result: "succeeded",
  sourceBranch: "refs/heads/main",
  sourceVersion: "sha12",
  repositoryId: REPO,
  queueTime: at(5),
  finishTime: at(5),
  uri: "vstfs:///Build/Build/12",
};

const bypassed: PullRequest = {
  id: 5,
  repositoryId: REPO,
  title: "Hotfix",
  status: "completed",
  sourceRefName: "refs/heads/hotfix",
  targetRefName: "refs/heads/main",
  mergeCommitId: "aa11",
  reviewers: [],
  policyBypass: { reason: "Outage", by: { id: "b", displayName: "Bo Chen" } },
  workItemIds: [],
};

function snapshot(overrides: Partial<RunEvidenceSnapshot> = {}): RunEvidenceSnapshot {
  return {
    run,
    timeline: undefined,
    workItemIds: [],
    items: [],
    changes: [{ id: "aa11" }, { id: "bb22" }],
    commits: [
      { id: "aa11", repositoryId: REPO, workItemIds: [] },
      { id: "bb22", repositoryId: REPO, workItemIds: [3] },
    ],
    repositories: new Map(),
    environments: [{ id: 2, name: "prod" }],
    records: [
      {
        id: 1,
        environmentId: 2,
        pipeline: run.pipeline,
        run: { id: 12, name: "2025.12" },
        stageName: "Prod",
        result: "succeeded",
        finishTime: at(5),
      },
    ],
    merged: [bypassed],
    linked: [],
    evaluations: new Map(),
    gates: { approvals: [], suites: [] },
    policies: {
      repository: undefined,
      repositoryId: REPO,
      branch: "refs/heads/main",
      at: at(5),
      revisions: [],
    },
    notAvailable: [],
    ...overrides,
  };
}

it("derives the gaps of a deployed run from its graph", () => {
  const pack = deriveRunPack(snapshot(), defaultTraceRules);
  expect(pack.subject).toMatchObject({ kind: "run", id: 12, name: "2025.12" });
  // Without the run's timeline, whether production passed an approval is not known: no verdict.
  expect(pack.gaps.map((gap) => `${gap.kind} ${gap.outcome}`)).toEqual([
    "pr-policy-bypass gap",
    "commit-without-work-item gap",
    "prod-without-approval not-available",
  ]);
  // Only the merge commit links no work item (its PR has none either).
  expect(pack.gaps[1]).toMatchObject({ commit: "aa11", runId: 12 });
  expect(pack.pullRequests).toEqual([
    expect.objectContaining({ id: 5, mergedInThis: true, policyEvaluations: null }),
  ]);
});

it("reports nothing of a deployment that did not succeed", () => {
  const pack = deriveRunPack(
    snapshot({
      records: [{ ...snapshot().records[0], result: "failed" }],
      merged: [],
    }),
    defaultTraceRules,
  );
  expect(pack.gaps).toEqual([]);
});

it("takes, per configuration, the newest revision made before the run", () => {
  const revision = (number: number, day: number) =>
    policyConfiguration({
      id: 40,
      revision: number,
      createdDate: at(day),
      settings: { minimumApproverCount: number },
    });
  const policies = policiesInForce({
    ...snapshot().policies,
    revisions: [[revision(1, 1), revision(2, 4), revision(3, 9)]],
  });
  expect(policies.policies).toEqual([
    expect.objectContaining({ configurationId: 40, revision: 2, since: at(4).toISOString() }),
  ]);
});
