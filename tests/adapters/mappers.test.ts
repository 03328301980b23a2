/**
 * Mapper tables: REST JSON (recorded, spec examples, numeric and string enum variants) → model.
 */
import {
  checkKindOf,
  mapBuildChange,
  mapCheckConfiguration,
  mapCommit,
  mapCheckSuite,
  mapDeploymentRecord,
  mapEnvironment,
  mapGitRef,
  mapPipeline,
  mapPipelineApproval,
  mapPolicyConfiguration,
  mapPolicyType,
  mapPullRequest,
  mapRelease,
  mapReleaseApproval,
  mapReleaseDefinition,
  mapRepository,
  mapRun,
  mapTimeline,
  mapWiqlIds,
  mapWorkItem,
} from "../../src/adapters/ado/mappers";
import { SourceError } from "../../src/core/sources";
import recorded from "./fixtures/recorded.json";

const iso = (text: string) => new Date(text);

function malformedMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe("malformed");
    return (error as SourceError).message;
  }
  throw new Error("expected a malformed error");
}

describe("git", () => {
  it("maps recorded repositories", () => {
    const [first] = recorded.repositories.body.value.map(mapRepository);
    expect(first).toEqual({
      id: "4a2efa60-a068-4dcf-bd45-35c457004a3f",
      name: "navBuNsF",
      projectId: "b810b0b0-a954-403b-9795-f0c9d0c9cfe9",
      defaultBranch: "refs/heads/main",
      isDisabled: false,
      webUrl: "https://dev.azure.com/v-anvashist0376/PullRequestLiveTest/_git/navBuNsF",
    });
  });

  it("keeps an empty repository without defaultBranch and treats missing isDisabled as false", () => {
    expect(mapRepository({ id: "r", name: "empty", project: { id: "p" } })).toEqual({
      id: "r",
      name: "empty",
      projectId: "p",
      isDisabled: false,
    });
  });

  it("maps recorded refs", () => {
    expect(recorded.refs.body.value.map(mapGitRef)).toEqual([
      { name: "refs/heads/gh-pages", objectId: "e0d501db4f5a08fe212e8ed7a8e8035fbef62416" },
      { name: "refs/heads/master", objectId: "c06ae011e801fea6e915d5a779f3322e6f5301a1" },
    ]);
  });

  it("maps a recorded pull request", () => {
    const pr = mapPullRequest(recorded.pullRequest.body);
    expect(pr).toMatchObject({
      id: 57,
      repositoryId: "75055255-180d-40f6-819c-5dd61686a788",
      repositoryName: "XVFjTPTE",
      projectId: "b810b0b0-a954-403b-9795-f0c9d0c9cfe9",
      title: "Fixing a bug in cli engine",
      status: "active",
      sourceRefName: "refs/heads/testbranch",
      targetRefName: "refs/heads/main",
      creationDate: iso("2025-01-10T12:23:52.6038843Z"),
      mergeCommitId: "94bf409fcddb23cfbff62216ce0599ac9db2aa9e",
      reviewers: [],
    });
    expect(pr.createdBy?.displayName).toBe("Soujanya Bestala (MINDTREE LIMITED)");
  });

  it.each([
    ["numbers", 3, 2],
    ["strings", "completed", "squash"],
  ])("maps a completed, bypassed pull request with %s", (_format, status, mergeStrategy) => {
    const pr = mapPullRequest({
      pullRequestId: 20,
      repository: { id: "repo", name: "web-app", project: { id: "p" } },
      status,
      title: "t",
      sourceRefName: "refs/heads/f",
      targetRefName: "refs/heads/main",
      closedDate: "2016-11-01T16:30:02.0413914Z",
      closedBy: { id: "u1", displayName: "Normal Paulk" },
      lastMergeCommit: { commitId: "1e92" },
      completionOptions: { mergeStrategy, bypassPolicy: true, bypassReason: "hotfix" },
      reviewers: [
        { id: "u2", displayName: "R", vote: 10, isRequired: true },
        { id: "u3", displayName: "S", vote: -5 },
      ],
      workItemRefs: [{ id: "297", url: "x" }],
    });
    expect(pr).toMatchObject({
      status: "completed",
      mergeStrategy: "squash",
      mergeCommitId: "1e92",
      closedDate: iso("2016-11-01T16:30:02.0413914Z"),
      policyBypass: { reason: "hotfix", by: { id: "u1", displayName: "Normal Paulk" } },
      workItemIds: [297],
      reviewers: [
        {
          identity: { id: "u2", displayName: "R" },
          vote: 10,
          isRequired: true,
          hasDeclined: false,
        },
        {
          identity: { id: "u3", displayName: "S" },
          vote: -5,
          isRequired: false,
          hasDeclined: false,
        },
      ],
    });
  });

  it("names the field when a pull request has no id", () => {
    expect(malformedMessage(() => mapPullRequest({ title: "x" }, "repo"))).toContain(
      'field "pullRequestId" is missing',
    );
  });
});

describe("policy", () => {
  it("maps a recorded configuration: settings without scope, scope kept as given", () => {
    expect(mapPolicyConfiguration(recorded.policyConfigurations.body.value[0])).toEqual({
      id: 89,
      revision: 1,
      typeId: "fa4e907d-c16b-4a4c-9dfa-4916e5d171ab",
      typeDisplayName: "Require a merge strategy",
      isEnabled: true,
      isBlocking: true,
      isDeleted: false,
      settings: {},
      scopes: [
        {
          refName: "refs/heads/master",
          matchKind: "Exact",
          repositoryId: "5d4ca8b0-760f-4a93-b0af-aa5dd9b205ed",
        },
      ],
      createdDate: iso("2025-01-10T12:23:16.1818124Z"),
    });
  });

  it("tolerates missing booleans, lower-case matchKind, project-wide and repository scopes, unknown types", () => {
    const mapped = mapPolicyConfiguration({
      id: 12,
      revision: 3,
      type: { id: "0517f88d-4ec5-4343-9d26-9930ebd53069" },
      settings: {
        allowRebase: true,
        scope: [
          { repositoryId: null, refName: "refs/heads/release/", matchKind: "prefix" },
          { repositoryId: null, refName: null, matchKind: "DefaultBranch" },
          { repositoryId: "r1" },
        ],
      },
      createdDate: "2025-01-10T12:23:16.1818124",
    });
    expect(mapped).toEqual({
      id: 12,
      revision: 3,
      typeId: "0517f88d-4ec5-4343-9d26-9930ebd53069",
      isEnabled: false,
      isBlocking: false,
      isDeleted: false,
      settings: { allowRebase: true },
      scopes: [
        { repositoryId: null, refName: "refs/heads/release/", matchKind: "prefix" },
        { repositoryId: null, refName: null, matchKind: "DefaultBranch" },
        { repositoryId: "r1" },
      ],
      // No trailing Z (POST responses): read as UTC.
      createdDate: iso("2025-01-10T12:23:16.1818124Z"),
    });
  });

  it("maps policy types and rejects a configuration without a type", () => {
    expect(
      mapPolicyType({
        id: "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd",
        displayName: "Minimum number of reviewers",
      }),
    ).toEqual({
      id: "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd",
      displayName: "Minimum number of reviewers",
    });
    expect(malformedMessage(() => mapPolicyConfiguration({ id: 1, revision: 1 }))).toContain(
      'field "type"',
    );
  });
});

describe("build", () => {
  it("maps recorded builds (string enums, ISO dates)", () => {
    const runs = recorded.builds.body.value.map(mapRun);
    expect(runs.map((run) => [run.id, run.status, run.result ?? null, run.reason])).toEqual([
      [637, "inProgress", null, "manual"],
      [638, "notStarted", null, "manual"],
      [636, "completed", "succeeded", "individualCI"],
      [635, "completed", "succeeded", "manual"],
    ]);
    expect(runs[2]).toMatchObject({
      number: "20260401.2",
      pipeline: { id: 178, name: "BuildTests Definition1" },
      sourceBranch: "refs/heads/main",
      sourceVersion: "574271bb7580605f033483630812bd43a4860c40",
      repositoryId: "f450d1a9-29b5-4ec5-b12b-7aca7ebd6643",
      queueTime: iso("2026-04-01T10:45:13.0780198Z"),
      finishTime: iso("2026-04-01T10:46:58.2758167Z"),
      uri: "vstfs:///Build/Build/636",
    });
    expect(runs[1].startTime).toBeUndefined();
  });

  it.each([
    [
      { status: 2, result: 8, reason: 256 },
      { status: "completed", result: "failed", reason: "pullRequest" },
    ],
    [
      { status: 32, reason: 1 },
      { status: "notStarted", reason: "manual" },
    ],
    [
      { status: 4, result: 32, reason: 4 },
      { status: "cancelling", result: "canceled", reason: "batchedCI" },
    ],
    [
      { status: "completed", result: "partiallySucceeded", reason: "schedule" },
      { status: "completed", result: "partiallySucceeded", reason: "schedule" },
    ],
  ])("maps numeric and string build enums %j", (enums, expected) => {
    const run = mapRun({ id: 1, definition: { id: 2, name: "ci" }, ...enums });
    expect({ status: run.status, result: run.result, reason: run.reason }).toEqual({
      result: undefined,
      ...expected,
    });
    expect(run.uri).toBe("vstfs:///Build/Build/1");
  });

  it("tells YAML from Classic definitions", () => {
    expect(
      mapPipeline({
        id: 1,
        name: "y",
        path: "\\",
        process: { type: 2, yamlFilename: "azure-pipelines.yml" },
        repository: { id: "r" },
      }),
    ).toEqual({
      id: 1,
      name: "y",
      path: "\\",
      kind: "yaml",
      repositoryId: "r",
    });
    expect(mapPipeline({ id: 2, name: "c", process: { type: 1 } }).kind).toBe("classic");
  });

  it("maps a timeline with Checkpoint records, numeric and string states", () => {
    const timeline = mapTimeline(
      {
        id: "plan",
        records: [
          {
            id: "s1",
            parentId: null,
            type: "Stage",
            name: "Deploy to Prod",
            identifier: "DeployProd",
            order: 2,
            state: 0,
            result: null,
          },
          {
            id: "c1",
            parentId: "s1",
            type: "Checkpoint",
            name: "Checkpoint",
            state: "inProgress",
            startTime: "2026-04-01T10:48:12Z",
            attempt: 1,
          },
          {
            id: "a1",
            parentId: "c1",
            type: "Checkpoint.Approval",
            name: "Checkpoint.Approval",
            state: 2,
            result: 2,
          },
          {
            id: "t1",
            parentId: "c1",
            type: "Checkpoint.TaskCheck",
            name: "Business Hours",
            state: "completed",
            result: "succeeded",
          },
          { id: "j1", parentId: "s1", type: "Job", name: "job", state: 2, result: 6 },
        ],
      },
      640,
    );
    expect(timeline.runId).toBe(640);
    expect(
      timeline.records.map((r) => [r.id, r.parentId ?? null, r.state, r.result ?? null]),
    ).toEqual([
      ["s1", null, "pending", null],
      ["c1", "s1", "inProgress", null],
      ["a1", "c1", "completed", "failed"],
      ["t1", "c1", "completed", "succeeded"],
      ["j1", "s1", "completed", null],
    ]);
    expect(timeline.records[1].startTime).toEqual(iso("2026-04-01T10:48:12Z"));
    expect(mapTimeline(null, 5)).toEqual({ runId: 5, records: [] });
  });

  it("maps build changes", () => {
    expect(
      mapBuildChange({
        id: "574271bb",
        message: "Merged PR 57: Fix login",
        type: "TfsGit",
        author: { displayName: "Normal Paulk", id: "d6" },
        timestamp: "2026-04-01T10:40:00Z",
        location: "https://dev.azure.com/f/p/_apis/git/repositories/r/commits/574271bb",
      }),
    ).toEqual({
      id: "574271bb",
      message: "Merged PR 57: Fix login",
      authorName: "Normal Paulk",
      timestamp: iso("2026-04-01T10:40:00Z"),
      location: "https://dev.azure.com/f/p/_apis/git/repositories/r/commits/574271bb",
    });
  });
});

describe("environments", () => {
  it("maps environments and deployment records (numeric and string results)", () => {
    expect(mapEnvironment({ id: 2, name: "production", description: "Prod" })).toEqual({
      id: 2,
      name: "production",
      description: "Prod",
    });
    const record = {
      id: 47,
      environmentId: 2,
      stageName: "DeployProd",
      jobName: "DeployWeb",
      definition: { id: 178, name: "web-app-ci-cd" },
      owner: { id: 640, name: "20260401.4" },
      queueTime: "2026-04-01T10:52:00.12Z",
      finishTime: "2026-04-01T10:53:40.9Z",
    };
    expect(mapDeploymentRecord({ ...record, result: "succeeded" }, 2)).toEqual({
      id: 47,
      environmentId: 2,
      pipeline: { id: 178, name: "web-app-ci-cd" },
      run: { id: 640, name: "20260401.4" },
      stageName: "DeployProd",
      jobName: "DeployWeb",
      result: "succeeded",
      queueTime: iso("2026-04-01T10:52:00.12Z"),
      finishTime: iso("2026-04-01T10:53:40.9Z"),
    });
    expect(mapDeploymentRecord({ ...record, result: 2 }, 2).result).toBe("failed");
    expect(mapDeploymentRecord({ ...record, result: null }, 2).result).toBeUndefined();
    expect(
      malformedMessage(() => mapDeploymentRecord({ ...record, owner: undefined }, 2)),
    ).toContain('"owner"');
  });
});

describe("checks and approvals", () => {
  it.each([
    ["8c6f20a7-a545-4486-9777-f762fafe0d4d", undefined, "approval"],
    [
      "FE1DE3EE-A436-41B4-BB20-F6EB4CB879A7",
      "445fde2f-6c39-441c-807f-8a59ff2e075f",
      "businessHours",
    ],
    [
      "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7",
      "86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b",
      "branchControl",
    ],
    [
      "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7",
      "9c3e8943-130d-4c78-ac63-8af81df62dfb",
      "invokeRestApi",
    ],
    [
      "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7",
      "537fdb7a-a601-4537-aa70-92645a2b5ce4",
      "invokeAzureFunction",
    ],
    [
      "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7",
      "99a72e7f-25e4-4576-bf38-22a42b995ed8",
      "azureMonitor",
    ],
    [
      "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7",
      "1b4fdd02-b979-480d-9a7e-0b7af7fe471f",
      "artifactPolicy",
    ],
    ["fe1de3ee-a436-41b4-bb20-f6eb4cb879a7", "00000000-0000-0000-0000-000000000001", "other"],
    ["fe1de3ee-a436-41b4-bb20-f6eb4cb879a7", undefined, "other"],
    ["4020e66e-b0f3-47e1-bc88-48f3cc59b5f3", undefined, "requiredTemplate"],
    ["2ef31ad6-baa0-403a-8b45-2cbc9b4e5563", undefined, "exclusiveLock"],
    ["e1a1fc6c-c278-4492-ae1c-c42f8697612c", undefined, "authorization"],
    ["11111111-2222-3333-4444-555555555555", undefined, "other"],
  ])("type %s with task %s is %s", (typeId, definitionRefId, kind) => {
    expect(checkKindOf(typeId, definitionRefId)).toBe(kind);
  });

  it("maps the spec's check configurations (approval and business hours)", () => {
    const approval = mapCheckConfiguration({
      settings: {
        approvers: [{ displayName: null, id: "3b3d" }],
        executionOrder: "anyOrder",
        minRequiredApprovers: 0,
        instructions: "Instructions",
        blockedApprovers: [],
      },
      timeout: 43200,
      id: 22,
      type: { id: "8c6f20a7-a545-4486-9777-f762fafe0d4d", name: "Approval" },
      resource: { type: "environment", id: "2", name: "production" },
    });
    expect(approval).toMatchObject({
      id: 22,
      kind: "approval",
      typeName: "Approval",
      displayName: "Approval",
      timeoutMinutes: 43200,
      isDisabled: false,
      resource: { type: "environment", id: "2", name: "production" },
    });
    expect(approval.settings.minRequiredApprovers).toBe(0);
    const hours = mapCheckConfiguration({
      settings: {
        displayName: "Business Hours",
        definitionRef: {
          id: "445fde2f-6c39-441c-807f-8a59ff2e075f",
          name: "evaluateBusinessHours",
          version: "0.0.1",
        },
        inputs: { timeZone: "UTC" },
      },
      id: 23,
      type: { id: "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7", name: "Task Check" },
      resource: { type: "environment", id: 2 },
    });
    expect(hours).toMatchObject({
      kind: "businessHours",
      displayName: "Business Hours",
      resource: { type: "environment", id: "2" },
    });
    // Without $expand=settings the service omits settings.
    expect(
      mapCheckConfiguration({
        id: 24,
        type: { id: "2ef31ad6-baa0-403a-8b45-2cbc9b4e5563", name: "ExclusiveLock" },
        resource: { type: "queue", id: "1" },
      }).settings,
    ).toEqual({});
  });

  it("maps a check suite", () => {
    const suite = mapCheckSuite({
      status: "running",
      checkRuns: [
        {
          id: "c5",
          createdDate: "2026-04-01T10:48:12.1Z",
          completedDate: "2026-04-01T10:48:13.0Z",
          status: "approved",
          resultMessage: "",
          checkConfigurationRef: {
            id: 23,
            type: { id: "fe1de3ee-a436-41b4-bb20-f6eb4cb879a7", name: "Task Check" },
            resource: { type: "environment", id: "2" },
          },
        },
        {
          id: "7e",
          status: "timedOut",
          checkConfigurationRef: { id: 22, type: { name: "Approval" } },
        },
      ],
      id: "0889",
    });
    expect(suite).toEqual({
      id: "0889",
      status: "running",
      checkRuns: [
        {
          id: "c5",
          status: "approved",
          createdDate: iso("2026-04-01T10:48:12.1Z"),
          completedDate: iso("2026-04-01T10:48:13.0Z"),
          configurationId: 23,
          typeName: "Task Check",
          resource: { type: "environment", id: "2" },
        },
        { id: "7e", status: "timedOut", configurationId: 22, typeName: "Approval" },
      ],
    });
  });

  it("maps a pipeline approval with steps and pipeline", () => {
    const approval = mapPipelineApproval({
      id: "7e90",
      steps: [
        {
          assignedApprover: { displayName: "Normal Paulk", id: "d624" },
          status: "pending",
          comment: null,
          order: 1,
          initiatedOn: "2023-11-09T10:54:37.977Z",
        },
      ],
      status: "pending",
      createdOn: "2023-11-09T10:54:37.977Z",
      executionOrder: "inSequence",
      minRequiredApprovers: 1,
      instructions: "Check staging first",
      pipeline: { owner: { id: 73222930, name: "20231109.1" }, id: "4597", name: "FabrikamFiber" },
    });
    expect(approval).toEqual({
      id: "7e90",
      status: "pending",
      createdOn: iso("2023-11-09T10:54:37.977Z"),
      executionOrder: "inSequence",
      minRequiredApprovers: 1,
      instructions: "Check staging first",
      steps: [
        {
          assignedApprover: { id: "d624", displayName: "Normal Paulk" },
          status: "pending",
          order: 1,
          initiatedOn: iso("2023-11-09T10:54:37.977Z"),
        },
      ],
      pipeline: { id: 4597, name: "FabrikamFiber", runId: 73222930, runName: "20231109.1" },
    });
    expect(mapPipelineApproval({ id: "x", status: "somethingNew" })).toMatchObject({
      status: "undefined",
      executionOrder: "anyOrder",
      minRequiredApprovers: 0,
      steps: [],
    });
  });
});

describe("classic release", () => {
  const release = (format: "numbers" | "strings") => ({
    id: 55,
    name: "Release-55",
    status: format === "numbers" ? 2 : "active",
    createdOn: "2026-04-01T11:00:02.31Z",
    releaseDefinition: { id: 38, name: "web-app-cd" },
    artifacts: [
      {
        sourceId: "6ce9:178",
        type: "Build",
        alias: "_web-app-ci",
        isPrimary: true,
        definitionReference: {
          definition: { id: "178", name: "web-app-ci" },
          version: { id: "636", name: "20260401.2" },
          branch: { id: "refs/heads/main", name: "refs/heads/main" },
          sourceVersion: { id: "574271bb", name: "" },
          repository: { id: "278d", name: "web-app" },
        },
      },
    ],
    environments: [
      {
        id: 118,
        releaseId: 55,
        name: "Production",
        status: format === "numbers" ? 2 : "inProgress",
        rank: 3,
        definitionEnvironmentId: 3,
        preDeployApprovals: [
          {
            id: 221,
            approvalType: format === "numbers" ? 1 : "preDeploy",
            status: format === "numbers" ? 1 : "pending",
            isAutomated: false,
            attempt: 1,
            rank: 1,
            approver: { displayName: "Release Managers", id: "a3a5", isContainer: true },
            release: { id: 55, name: "Release-55" },
            releaseEnvironment: { id: 118, name: "Production" },
          },
        ],
        postDeployApprovals: [],
        deploySteps: [
          {
            id: 301,
            attempt: 1,
            status: format === "numbers" ? 2 : "inProgress",
            operationStatus: format === "numbers" ? 65536 : "EvaluatingGates",
            queuedOn: "0001-01-01T00:00:00",
            lastModifiedOn: "2026-04-01T11:19:59Z",
            preDeploymentGates: {
              id: 112,
              status: format === "numbers" ? 2 : "inProgress",
              startedOn: "2026-04-01T11:02:01Z",
              succeedingSince: null,
              ignoredGates: [],
              deploymentJobs: [
                {
                  job: {
                    id: 1,
                    name: "Gates evaluation 1",
                    status: format === "numbers" ? 8 : "failed",
                    startTime: "2026-04-01T11:07:01Z",
                    finishTime: "2026-04-01T11:07:03Z",
                  },
                  tasks: [
                    {
                      id: 2,
                      name: "Query Work Items",
                      status: format === "numbers" ? 8 : "failed",
                      task: { id: "f1e4", name: "queryWorkItems" },
                      issues: [{ issueType: "error", message: "Query returned 3 work items" }],
                    },
                    {
                      id: 3,
                      name: "Query Azure Monitor alerts",
                      status: format === "numbers" ? 7 : "succeeded",
                      task: { id: "99a7" },
                    },
                  ],
                },
              ],
            },
            postDeploymentGates: { id: 0, status: format === "numbers" ? 0 : "none" },
          },
        ],
      },
    ],
  });

  it.each(["numbers", "strings"] as const)("maps a release waiting on gates (%s)", (format) => {
    const mapped = mapRelease(release(format));
    expect(mapped).toMatchObject({
      id: 55,
      status: "active",
      definition: { id: 38, name: "web-app-cd" },
      artifacts: [
        {
          alias: "_web-app-ci",
          type: "Build",
          isPrimary: true,
          buildDefinitionId: 178,
          buildId: 636,
          buildNumber: "20260401.2",
          branch: "refs/heads/main",
          sourceVersion: "574271bb",
          repositoryId: "278d",
        },
      ],
    });
    const environment = mapped.environments[0];
    expect(environment).toMatchObject({
      id: 118,
      status: "inProgress",
      definitionEnvironmentId: 3,
      postApprovals: [],
    });
    expect(environment.preApprovals[0]).toMatchObject({
      id: 221,
      approvalType: "preDeploy",
      status: "pending",
      isAutomated: false,
      approver: { id: "a3a5", isContainer: true },
    });
    const step = environment.deploySteps[0];
    expect(step.status).toBe("inProgress");
    expect(step.operationStatus.toLowerCase()).toBe("evaluatinggates");
    expect(step.queuedOn).toBeUndefined(); // 0001-01-01 sentinel
    expect(step.preGates).toMatchObject({
      id: 112,
      status: "inProgress",
      samples: [
        {
          status: "failed",
          results: [
            {
              name: "Query Work Items",
              status: "failed",
              taskId: "f1e4",
              message: "Query returned 3 work items",
            },
            { name: "Query Azure Monitor alerts", status: "succeeded", taskId: "99a7" },
          ],
        },
      ],
    });
    expect(step.postGates).toMatchObject({ id: 0, status: "none", samples: [] });
  });

  it("maps a release definition: approvals, automated steps and gates", () => {
    const definition = mapReleaseDefinition({
      id: 38,
      name: "web-app-cd",
      path: "\\",
      environments: [
        {
          id: 3,
          name: "Production",
          rank: 3,
          preDeployApprovals: {
            approvals: [
              {
                rank: 1,
                isAutomated: false,
                id: 31,
                approver: { displayName: "Release Managers", id: "a3a5", isContainer: true },
              },
            ],
            approvalOptions: {
              requiredApproverCount: 1,
              releaseCreatorCanBeApprover: false,
              timeoutInMinutes: 0,
            },
          },
          postDeployApprovals: { approvals: [{ rank: 1, isAutomated: true, id: 33 }] },
          preDeploymentGates: {
            id: 34,
            gatesOptions: {
              isEnabled: true,
              timeout: 1440,
              samplingInterval: 15,
              stabilizationTime: 5,
              minimumSuccessDuration: 0,
            },
            gates: [
              {
                tasks: [
                  {
                    taskId: "f1e4b0e6-017e-4819-8a48-ef19ae96e289",
                    name: "Query Work Items",
                    enabled: true,
                    inputs: { queryId: "d2b6", maxThreshold: "0" },
                  },
                ],
              },
            ],
          },
          postDeploymentGates: { id: 0, gatesOptions: null, gates: [] },
        },
      ],
      artifacts: [
        {
          alias: "_web-app-ci",
          type: "Build",
          definitionReference: { definition: { id: "178", name: "web-app-ci" } },
        },
      ],
    });
    expect(definition).toEqual({
      id: 38,
      name: "web-app-cd",
      path: "\\",
      environments: [
        {
          id: 3,
          name: "Production",
          rank: 3,
          preApproval: {
            hasApprovers: true,
            approvers: [{ id: "a3a5", displayName: "Release Managers", isContainer: true }],
            requiredApproverCount: 1,
            releaseCreatorCanBeApprover: false,
          },
          postApproval: { hasApprovers: false, approvers: [], requiredApproverCount: 0 },
          preGates: {
            isEnabled: true,
            timeoutMinutes: 1440,
            samplingIntervalMinutes: 15,
            stabilizationTimeMinutes: 5,
            minimumSuccessDurationMinutes: 0,
            gates: [
              {
                name: "Query Work Items",
                taskId: "f1e4b0e6-017e-4819-8a48-ef19ae96e289",
                enabled: true,
                inputs: { queryId: "d2b6", maxThreshold: "0" },
              },
            ],
          },
          postGates: { isEnabled: false, gates: [] },
        },
      ],
      artifacts: [{ alias: "_web-app-ci", type: "Build", buildDefinitionId: 178 }],
    });
  });

  it.each([
    [
      { approvalType: 2, status: 4 },
      { approvalType: "postDeploy", status: "rejected" },
    ],
    [
      { approvalType: "preDeploy", status: "approved" },
      { approvalType: "preDeploy", status: "approved" },
    ],
    [
      { approvalType: 1, status: 6 },
      { approvalType: "preDeploy", status: "reassigned" },
    ],
  ])("maps release approval enums %j", (input, expected) => {
    expect(mapReleaseApproval({ id: 2, ...input })).toMatchObject(expected);
  });
});

describe("work items", () => {
  it("maps the recorded work item with its relations", () => {
    const item = mapWorkItem(recorded.workItem.body);
    expect(item).toMatchObject({
      id: 973,
      rev: 1,
      type: "Task",
      title: "Task_0",
      state: "To Do",
      projectName: "WIRel000001",
      changedDate: iso("2026-03-31T18:36:26.23Z"),
    });
    expect(item.relations.map((r) => [r.rel, r.name, r.workItemId])).toEqual([
      ["System.LinkTypes.Hierarchy-Forward", "Child", 975],
      ["System.LinkTypes.Hierarchy-Forward", "Child", 974],
      ["System.LinkTypes.Hierarchy-Forward", "Child", 976],
    ]);
  });

  it("parses artifact links and assigned-to identities", () => {
    const item = mapWorkItem({
      id: 1,
      rev: 3,
      fields: {
        "System.Title": "t",
        "System.AssignedTo": { displayName: "Normal Paulk", id: "d6", uniqueName: "n@f.com" },
      },
      relations: [
        {
          rel: "ArtifactLink",
          url: "vstfs:///Build/Build/636",
          attributes: { name: "Integrated in build" },
        },
        {
          rel: "ArtifactLink",
          url: "vstfs:///Git/Commit/p%2Fr%2Fabcdef12",
          attributes: { name: "Fixed in Commit" },
        },
        { rel: "Hyperlink", url: "https://example.com/workItems/5" },
      ],
    });
    expect(item.assignedTo).toEqual({
      id: "d6",
      displayName: "Normal Paulk",
      uniqueName: "n@f.com",
    });
    expect(item.relations).toEqual([
      {
        rel: "ArtifactLink",
        url: "vstfs:///Build/Build/636",
        name: "Integrated in build",
        artifact: { kind: "build", buildId: 636 },
      },
      {
        rel: "ArtifactLink",
        url: "vstfs:///Git/Commit/p%2Fr%2Fabcdef12",
        name: "Fixed in Commit",
        artifact: { kind: "commit", projectId: "p", repositoryId: "r", commitId: "abcdef12" },
      },
      { rel: "Hyperlink", url: "https://example.com/workItems/5" },
    ]);
  });

  it("reads the creation date, the tags and the Found In build number", () => {
    const item = mapWorkItem({
      id: 9,
      rev: 1,
      fields: {
        "System.WorkItemType": "Bug",
        "System.CreatedDate": "2026-11-02T10:00:00Z",
        "System.Tags": "incident; sev 1 ;",
        "Microsoft.VSTS.Build.FoundIn": "20261102.3",
      },
    });
    expect(item).toMatchObject({
      createdDate: iso("2026-11-02T10:00:00Z"),
      tags: ["incident", "sev 1"],
      foundIn: "20261102.3",
    });
    const plain = mapWorkItem({ id: 10, rev: 1, fields: { "System.Tags": " ; " } });
    expect(plain.tags).toBeUndefined();
    expect(plain.foundIn).toBeUndefined();
  });

  it("reads the recorded WIQL ids and rejects a work item without fields", () => {
    expect(mapWiqlIds(recorded.wiql.body)).toEqual([974, 975, 976]);
    expect(malformedMessage(() => mapWorkItem({ id: 1, rev: 1 }))).toContain(
      'field "fields" is missing',
    );
    expect(malformedMessage(() => mapWorkItem({ id: "x", rev: 1, fields: {} }))).toContain(
      'field "id"',
    );
  });
});

describe("commits", () => {
  it("reads the committer date beside the author date (a rebase or squash renews it)", () => {
    const commit = mapCommit(
      {
        commitId: "abc123",
        author: { name: "A", email: "a@f.com", date: "2026-11-01T08:00:00Z" },
        committer: { name: "B", email: "b@f.com", date: "2026-11-02T09:30:00Z" },
      },
      "repo",
    );
    expect(commit).toMatchObject({
      authorDate: iso("2026-11-01T08:00:00Z"),
      committerDate: iso("2026-11-02T09:30:00Z"),
    });
  });
});
