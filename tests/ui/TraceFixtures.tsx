/** A small organisation for the traceability views: one YAML pipeline to staging and prod, one
 * pipeline with hostile names, a Classic release definition, and a run waiting for approval. */
import * as React from "react";
import { render } from "@testing-library/react";
import type {
  BuildChange,
  DeploymentRecord,
  Release,
  ReleaseEnvironment,
  Run,
  TimelineRecord,
  WorkItem,
} from "../../src/core/model";
import type { Sources } from "../../src/core/sources";
import { ComplianceProvider, type KeyValueStore } from "../../src/ui/compliance/storage";
import { SourcesProvider } from "../../src/ui/context";
import { createWebLinks } from "../../src/ui/links";
import { createFakeSources, defaultProject, pipeline, workItem } from "../fakes/sources";

export const orgUrl = "https://dev.azure.com/fabrikam";
export const NOW = new Date("2025-01-10T12:00:00Z");
export const REPO = "11111111-1111-4111-8111-111111111111";
export const HOSTILE_TITLE = '<img src=x onerror="alert(1)"> checkout';
export const HOSTILE_PIPELINE = "<script>alert('p')</script>api";
export const HOSTILE_BRANCH = "refs/heads/feature/<img src=x onerror=alert(2)>";

export const day = (n: number, hour = 0) => new Date(Date.UTC(2025, 0, n, hour));
const sha = (n: number) => `${String(n).padStart(2, "0")}c0ffee${"0".repeat(32)}`;

function run(id: number, queued: Date, extra: Partial<Run> = {}): Run {
  return {
    id,
    number: `2025.${id}`,
    pipeline: { id: 7, name: "web-ci-cd" },
    status: "completed",
    result: "succeeded",
    sourceBranch: "refs/heads/main",
    sourceVersion: sha(id),
    repositoryId: REPO,
    queueTime: queued,
    startTime: queued,
    finishTime: queued,
    requestedFor: { id: "u-ana", displayName: "Ana Rivera" },
    uri: `vstfs:///Build/Build/${id}`,
    ...extra,
  };
}

function record(
  id: number,
  environmentId: number,
  runId: number,
  at: Date,
  extra: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    id,
    environmentId,
    pipeline: { id: 7, name: "web-ci-cd" },
    run: { id: runId, name: `2025.${runId}` },
    stageName: environmentId === 2 ? "Prod" : "Staging",
    result: "succeeded",
    queueTime: at,
    startTime: at,
    finishTime: at,
    ...extra,
  };
}

function change(n: number, message: string): BuildChange {
  return {
    id: sha(n),
    message,
    authorName: "Ana Rivera",
    location: `${orgUrl}/_apis/git/repositories/${REPO}/commits/${sha(n)}`,
  };
}

function stage(
  id: string,
  name: string,
  state: TimelineRecord["state"],
  result?: TimelineRecord["result"],
  order = 1,
): TimelineRecord {
  return { id, type: "Stage", name, identifier: name, order, state, ...(result ? { result } : {}) };
}

function releaseEnvironment(
  releaseId: number,
  id: number,
  name: string,
  rank: number,
  status: ReleaseEnvironment["status"],
  at: Date | undefined,
  extra: Partial<ReleaseEnvironment> = {},
): ReleaseEnvironment {
  return {
    id,
    releaseId,
    name,
    rank,
    status,
    definitionEnvironmentId: rank,
    preApprovals: [],
    postApprovals: [],
    deploySteps: at
      ? [
          {
            id: id * 10,
            attempt: 1,
            status: status === "succeeded" ? "succeeded" : "inProgress",
            operationStatus: status === "succeeded" ? "Approved" : "Pending",
            queuedOn: at,
            lastModifiedOn: at,
            requestedFor: { id: "u-jo", displayName: "Jo Release" },
          },
        ]
      : [],
    ...extra,
  };
}

function release(
  id: number,
  createdOn: Date,
  environments: ReleaseEnvironment[],
  buildId: number,
): Release {
  return {
    id,
    name: `Release-${id}`,
    status: "active",
    createdOn,
    definition: { id: 1, name: "web-release" },
    artifacts: [
      {
        alias: "web",
        type: "Build",
        isPrimary: true,
        buildDefinitionId: 7,
        buildId,
        buildNumber: `2025.${buildId}`,
        branch: "refs/heads/main",
        sourceVersion: sha(buildId),
        repositoryId: REPO,
      },
    ],
    environments,
  };
}

const link = (artifact: WorkItem["relations"][number]["artifact"], name: string, url: string) => ({
  rel: "ArtifactLink",
  url,
  name,
  artifact,
});

export const workItems: WorkItem[] = [
  workItem({
    id: 1,
    type: "Bug",
    title: HOSTILE_TITLE,
    state: "Closed",
    relations: [
      link({ kind: "build", buildId: 10 }, "Integrated in build", "vstfs:///Build/Build/10"),
      link(
        {
          kind: "branch",
          projectId: defaultProject.id,
          repositoryId: REPO,
          branch: "fix/checkout",
        },
        "Branch",
        `vstfs:///Git/Ref/${defaultProject.id}%2F${REPO}%2FGBfix%2Fcheckout`,
      ),
      link(
        { kind: "commit", projectId: defaultProject.id, repositoryId: REPO, commitId: sha(10) },
        "Fixed in Commit",
        `vstfs:///Git/Commit/${defaultProject.id}%2F${REPO}%2F${sha(10)}`,
      ),
    ],
  }),
  workItem({
    id: 2,
    title: "Faster search",
    state: "Active",
    relations: [
      link({ kind: "build", buildId: 11 }, "Integrated in build", "vstfs:///Build/Build/11"),
      link(
        { kind: "pullRequest", projectId: defaultProject.id, repositoryId: REPO, pullRequestId: 5 },
        "Pull Request",
        `vstfs:///Git/PullRequestId/${defaultProject.id}%2F${REPO}%2F5`,
      ),
    ],
  }),
  workItem({ id: 3, title: "Dark mode", state: "Resolved" }),
  workItem({
    id: 4,
    title: "Waiting for prod",
    state: "Active",
    relations: [
      link({ kind: "build", buildId: 13 }, "Integrated in build", "vstfs:///Build/Build/13"),
    ],
  }),
];

export interface TraceOrgOptions {
  /** Extra YAML pipelines (each deployed once to "dev"), to exercise the virtualised table. */
  extraPipelines?: number;
  /** Files of the web repository by path (a baseline the hub's saved choice names). */
  files?: Record<string, string>;
}

export function traceOrg(options: TraceOrgOptions = {}) {
  const extra = Array.from({ length: options.extraPipelines ?? 0 }, (_, index) => 100 + index);
  const runs: Run[] = [
    run(10, day(2)),
    run(11, day(3)),
    run(12, day(4)),
    run(13, day(6), { status: "inProgress", result: undefined, finishTime: undefined }),
    run(29, day(4), { pipeline: { id: 8, name: HOSTILE_PIPELINE }, sourceBranch: HOSTILE_BRANCH }),
    run(30, day(5), {
      pipeline: { id: 8, name: HOSTILE_PIPELINE },
      sourceBranch: HOSTILE_BRANCH,
      result: "failed",
    }),
    ...extra.map((id) => run(id * 10, day(7), { pipeline: { id, name: `service-${id}` } })),
  ];
  return createFakeSources({
    files: { [REPO]: options.files ?? {} },
    repositories: [
      {
        id: REPO,
        name: "web",
        projectId: defaultProject.id,
        defaultBranch: "refs/heads/main",
        isDisabled: false,
      },
    ],
    pipelines: [
      pipeline({ id: 7, name: "web-ci-cd" }),
      pipeline({ id: 8, name: HOSTILE_PIPELINE }),
      ...extra.map((id) => pipeline({ id, name: `service-${id}` })),
    ],
    runs,
    environments: [
      { id: 1, name: "staging" },
      { id: 2, name: "prod" },
      { id: 3, name: "dev" },
    ],
    deploymentRecords: [
      record(1, 1, 10, day(2, 1)),
      record(2, 2, 10, day(2, 2)),
      record(3, 1, 12, day(4, 1)),
      record(4, 2, 12, day(5, 1)),
      record(5, 1, 13, day(6, 1)),
      record(7, 3, 29, day(4, 3), {
        pipeline: { id: 8, name: HOSTILE_PIPELINE },
        run: { id: 29, name: "2025.29" },
        stageName: "Dev",
      }),
      record(6, 3, 30, day(5, 3), {
        pipeline: { id: 8, name: HOSTILE_PIPELINE },
        run: { id: 30, name: "2025.30" },
        stageName: "Dev",
        result: "failed",
      }),
      ...extra.map((id, index) =>
        record(1000 + index, 3, id * 10, day(7, 1), {
          pipeline: { id, name: `service-${id}` },
          run: { id: id * 10, name: `2025.${id * 10}` },
          stageName: "Dev",
        }),
      ),
    ],
    runWorkItemIds: { 10: [1], 11: [2], 12: [3], 13: [4] },
    runChanges: {
      10: [change(10, "Fix checkout")],
      11: [change(11, "Merged PR 5: faster search")],
      12: [change(12, "Dark mode\n\nlong body"), change(99, "Unlinked tweak")],
      13: [change(13, "Prod-bound change")],
    },
    commits: [
      { id: sha(10), repositoryId: REPO, comment: "Fix checkout", workItemIds: [1] },
      { id: sha(11), repositoryId: REPO, comment: "Merged PR 5: faster search", workItemIds: [2] },
      { id: sha(12), repositoryId: REPO, comment: "Dark mode", workItemIds: [3] },
      { id: sha(99), repositoryId: REPO, comment: "Unlinked tweak", workItemIds: [] },
      { id: sha(13), repositoryId: REPO, comment: "Prod-bound change", workItemIds: [4] },
    ],
    pullRequests: [
      {
        id: 5,
        repositoryId: REPO,
        projectId: defaultProject.id,
        title: "Faster <b>search</b>",
        status: "completed",
        sourceRefName: "refs/heads/feature/search",
        targetRefName: "refs/heads/main",
        mergeCommitId: sha(11),
        reviewers: [
          {
            identity: { id: "u-ana", displayName: "Ana Rivera" },
            vote: 10,
            isRequired: true,
            hasDeclined: false,
          },
          {
            identity: { id: "u-bo", displayName: "Bo Chen" },
            vote: -5,
            isRequired: false,
            hasDeclined: false,
          },
        ],
        policyBypass: {
          reason: "Hotfix for the outage",
          by: { id: "u-bo", displayName: "Bo Chen" },
        },
        workItemIds: [2],
      },
    ],
    timelines: [
      {
        runId: 12,
        records: [
          stage("s-st", "Staging", "completed", "succeeded", 1),
          stage("s-pr", "Prod", "completed", "succeeded", 2),
          {
            id: "cp-12",
            parentId: "s-pr",
            type: "Checkpoint",
            name: "Checkpoint",
            state: "completed",
            result: "succeeded",
          },
          {
            id: "ap-12",
            parentId: "cp-12",
            type: "Checkpoint.Approval",
            name: "Approval",
            state: "completed",
            result: "succeeded",
          },
        ],
      },
      {
        runId: 13,
        records: [
          stage("s-st13", "Staging", "completed", "succeeded", 1),
          stage("s-pr13", "Prod", "inProgress", undefined, 2),
          {
            id: "cp-13",
            parentId: "s-pr13",
            type: "Checkpoint",
            name: "Checkpoint",
            state: "inProgress",
            startTime: day(6, 2),
          },
          {
            id: "ap-13",
            parentId: "cp-13",
            type: "Checkpoint.Approval",
            name: "Approval",
            state: "inProgress",
          },
        ],
      },
    ],
    approvals: [
      {
        id: "ap-12",
        status: "approved",
        executionOrder: "anyOrder",
        minRequiredApprovers: 1,
        steps: [
          {
            assignedApprover: { id: "u-cy", displayName: "Cy Approver" },
            actualApprover: { id: "u-cy", displayName: "Cy Approver" },
            status: "approved",
            comment: "Ship it",
            lastModifiedOn: day(5),
          },
        ],
      },
      {
        id: "ap-13",
        status: "pending",
        createdOn: day(6, 2),
        executionOrder: "anyOrder",
        minRequiredApprovers: 1,
        steps: [
          { assignedApprover: { id: "u-cy", displayName: "Cy Approver" }, status: "pending" },
        ],
      },
    ],
    releases: [
      release(
        20,
        day(3),
        [
          releaseEnvironment(20, 201, "QA", 1, "succeeded", day(3, 2)),
          releaseEnvironment(20, 202, "Production", 2, "succeeded", day(3, 5), {
            preApprovals: [
              {
                id: 900,
                approvalType: "preDeploy",
                status: "approved",
                isAutomated: false,
                approvedBy: { id: "u-cy", displayName: "Cy Approver" },
                comments: "Looks good",
                modifiedOn: day(3, 4),
              },
            ],
          }),
        ],
        10,
      ),
      release(
        21,
        day(4),
        [
          releaseEnvironment(21, 211, "QA", 1, "succeeded", day(4, 2)),
          releaseEnvironment(21, 212, "Production", 2, "inProgress", day(4, 3), {
            preApprovals: [
              {
                id: 901,
                approvalType: "preDeploy",
                status: "pending",
                isAutomated: false,
                approver: { id: "u-cy", displayName: "Cy Approver" },
                createdOn: day(4, 3),
              },
            ],
          }),
        ],
        12,
      ),
    ],
    releaseWorkItemIds: { 20: [1], 21: [2, 3] },
    workItems,
  });
}

/** A key-value store that keeps nothing (the trace views store nothing). */
const nullStore: KeyValueStore = { get: async () => undefined, set: async () => undefined };

/** Renders inside the providers the hub gives its tabs. */
export function renderTrace(
  element: React.ReactElement,
  sources: Sources,
  store: KeyValueStore = nullStore,
) {
  return render(
    <SourcesProvider sources={sources} project="Demo" links={createWebLinks(orgUrl, "Demo")}>
      <ComplianceProvider
        projectId={defaultProject.id}
        organization="fabrikam"
        orgUrl={orgUrl}
        store={store}
        now={() => NOW}
      >
        {element}
      </ComplianceProvider>
    </SourcesProvider>,
  );
}

export function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** Captures downloads: the file names and contents the views offer. */
export function captureDownloads() {
  const files: { name: string; blob: Blob }[] = [];
  const blobs: Blob[] = [];
  Object.assign(URL, {
    createObjectURL: jest.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:test/${blobs.length}`;
    }),
    revokeObjectURL: jest.fn(),
  });
  const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    files.push({ name: this.download, blob: blobs[blobs.length - 1] });
  });
  return {
    files,
    text: (index: number) => readBlob(files[index].blob),
    restore: () => click.mockRestore(),
  };
}
