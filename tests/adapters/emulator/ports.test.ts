/**
 * Every port method of createAdoSources(...).sources, through the real azure-devops-extension-api
 * clients over loopback HTTP, against the emulator's small demo (seed 42). Expectations come from
 * the demo generator itself or the emulator's summary, never from hard-coded numbers.
 */
import { startEmulator, type RunningEmulator } from "../../../dev/emulator";
import type { DemoRepository } from "../../../dev/emulator/demo/model";
import type { AdoSources } from "../../../src/adapters/ado";
import type { CheckResource } from "../../../src/core/model";
import {
  connect,
  demo,
  distinctResources,
  forceSmallPages,
  mainProjectId,
  pagesFor,
  recorder,
  sourceErrorOf,
  SEED,
  type Recorder,
} from "./helpers";

let emulator: RunningEmulator;
let record: Recorder;
let ado: AdoSources;
let project: string;

const data = demo();
const main = mainProjectId();
const inMain = <T extends { projectId: string }>(items: T[]): T[] =>
  items.filter((item) => item.projectId === main);
const byNumber = (a: number, b: number) => a - b;
const byText = (a: string, b: string) => a.localeCompare(b);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: SEED, size: "small" });
  project = emulator.project.name;
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  record = recorder();
  ado = connect(emulator, record);
});

describe("core", () => {
  it("lists every project and gets one by name and by id", async () => {
    const projects = await ado.sources.core.listProjects();
    expect(projects.map((p) => p.id).sort(byText)).toEqual(
      emulator.summary.projects.map((p) => p.id).sort(byText),
    );
    expect(await ado.sources.core.getProject(project)).toEqual(emulator.project);
    expect(await ado.sources.core.getProject(emulator.project.id)).toEqual(emulator.project);
  });

  it("pages the project list to the end with small pages", async () => {
    const pages = forceSmallPages(1);
    try {
      const projects = await ado.sources.core.listProjects();
      expect(projects).toHaveLength(emulator.summary.projects.length);
      expect(ado.calls().byArea.core).toBe(emulator.summary.projects.length);
    } finally {
      pages.restore();
    }
  });

  it("reports an unknown project as not-found", async () => {
    const error = await sourceErrorOf(ado.sources.core.getProject("NoSuchProject"));
    expect(error.kind).toBe("not-found");
    expect(error.status).toBe(404);
  });
});

describe("git", () => {
  const demoRepos = inMain(data.repositories);
  const readableRepos = demoRepos.filter((repository) => !repository.isDisabled);
  const allCommits = (repository: DemoRepository) => [
    ...repository.commits,
    ...repository.branchCommits,
  ];

  it("lists repositories, disabled, empty and non-main default branches included", async () => {
    // The demo must hold each special case, or this test would prove nothing.
    expect(demoRepos.some((repository) => repository.isDisabled)).toBe(true);
    expect(demoRepos.some((repository) => repository.defaultBranch === undefined)).toBe(true);
    expect(
      demoRepos.some(
        (repository) =>
          repository.defaultBranch !== undefined && repository.defaultBranch !== "refs/heads/main",
      ),
    ).toBe(true);

    const repositories = await ado.sources.git.listRepositories(project);
    expect(
      repositories.map(({ id, name, projectId, defaultBranch, isDisabled }) => ({
        id,
        name,
        projectId,
        defaultBranch,
        isDisabled,
      })),
    ).toEqual(
      demoRepos.map(({ id, name, projectId, defaultBranch, isDisabled }) => ({
        id,
        name,
        projectId,
        defaultBranch,
        isDisabled,
      })),
    );
    const empty = repositories.find((repository) => repository.defaultBranch === undefined);
    expect(empty && "defaultBranch" in empty).toBe(false);

    // Across projects the count is the emulator's own.
    const other = emulator.summary.projects.find((p) => p.id !== main);
    const otherRepositories = other ? await ado.sources.git.listRepositories(other.name) : [];
    expect(repositories.length + otherRepositories.length).toBe(emulator.summary.repositories);
  });

  it("lists the refs of every readable repository (and the empty one has none)", async () => {
    for (const repository of readableRepos) {
      const refs = await ado.sources.git.listRefs(project, repository.id);
      expect(refs.map((ref) => `${ref.name}@${ref.objectId}`).sort(byText)).toEqual(
        repository.refs.map((ref) => `${ref.name}@${ref.objectId}`).sort(byText),
      );
      const heads = await ado.sources.git.listRefs(project, repository.id, "heads/");
      expect(heads.map((ref) => ref.name).sort(byText)).toEqual(
        repository.refs
          .map((ref) => ref.name)
          .filter((name) => name.startsWith("refs/heads/"))
          .sort(byText),
      );
    }
  });

  it("pages refs to the end: one request per page", async () => {
    const repository = [...readableRepos].sort((a, b) => b.refs.length - a.refs.length)[0];
    const pageSize = 2;
    expect(repository.refs.length).toBeGreaterThan(pageSize);
    const pages = forceSmallPages(pageSize);
    try {
      ado.resetCalls();
      const refs = await ado.sources.git.listRefs(project, repository.id);
      expect(refs).toHaveLength(repository.refs.length);
      expect(new Set(refs.map((ref) => ref.name)).size).toBe(repository.refs.length);
      expect(ado.calls().byArea.git).toBe(pagesFor(repository.refs.length, pageSize));
    } finally {
      pages.restore();
    }
  });

  it("refuses the refs of a disabled repository with a SourceError", async () => {
    const disabled = demoRepos.find((repository) => repository.isDisabled) as DemoRepository;
    const error = await sourceErrorOf(ado.sources.git.listRefs(project, disabled.id));
    // The service answers TF401019 (404) or TF401027 (403) for disabled repositories.
    expect(["not-found", "permission"]).toContain(error.kind);
  });

  it("lists pull requests project-wide with $top/$skip and filters", async () => {
    const readableIds = new Set(readableRepos.map((repository) => repository.id));
    const expected = inMain(data.pullRequests).filter((pr) => readableIds.has(pr.repositoryId));
    const all = await ado.sources.git.listPullRequests(project, { status: "all" });
    expect(all.map((pr) => pr.id).sort(byNumber)).toEqual(
      expected.map((pr) => pr.id).sort(byNumber),
    );
    for (const pr of all) {
      const source = expected.find((item) => item.id === pr.id);
      expect(pr).toMatchObject({
        repositoryId: source?.repositoryId,
        status: source?.status,
        sourceRefName: source?.sourceRefName,
        targetRefName: source?.targetRefName,
        title: source?.title,
      });
      expect(pr.mergeCommitId).toBe(source?.lastMergeCommit);
    }

    // The service's default is "active" only; the adapter's default must still be "all".
    expect(await ado.sources.git.listPullRequests(project, {})).toHaveLength(expected.length);

    const repository = readableRepos.find((repo) =>
      expected.some((pr) => pr.repositoryId === repo.id && pr.status === "completed"),
    ) as DemoRepository;
    const completed = await ado.sources.git.listPullRequests(project, {
      repositoryId: repository.id,
      status: "completed",
      targetRefName: repository.defaultBranch,
    });
    expect(completed.map((pr) => pr.id).sort(byNumber)).toEqual(
      expected
        .filter(
          (pr) =>
            pr.repositoryId === repository.id &&
            pr.status === "completed" &&
            pr.targetRefName === repository.defaultBranch,
        )
        .map((pr) => pr.id)
        .sort(byNumber),
    );
  });

  it("gets each pull request with its work items, reviewers, merge strategy and bypass", async () => {
    const prs = inMain(data.pullRequests).filter((pr) =>
      readableRepos.some((repository) => repository.id === pr.repositoryId),
    );
    expect(prs.some((pr) => pr.bypassPolicy)).toBe(true);
    for (const source of prs) {
      const pr = await ado.sources.git.getPullRequest(project, source.repositoryId, source.id);
      expect(pr.id).toBe(source.id);
      expect(pr.status).toBe(source.status);
      expect(pr.workItemIds ?? []).toEqual(source.workItemIds);
      expect(pr.reviewers.map((reviewer) => [reviewer.identity.id, reviewer.vote])).toEqual(
        source.reviewers.map((reviewer) => [reviewer.person.id, reviewer.vote]),
      );
      expect(pr.mergeStrategy).toBe(source.mergeStrategy);
      expect(pr.mergeCommitId).toBe(source.lastMergeCommit);
      expect(pr.creationDate?.getTime()).toBe(source.creationDate.getTime());
      if (source.bypassPolicy) {
        expect(pr.policyBypass?.reason).toBe(source.bypassReason);
      } else {
        expect(pr.policyBypass).toBeUndefined();
      }
    }
  });

  it("gets commits by id with their linked work items, batched by 100", async () => {
    for (const repository of readableRepos) {
      const commits = allCommits(repository);
      const result = await ado.sources.git.getCommits(
        project,
        repository.id,
        // Duplicates are asked once.
        [...commits.map((commit) => commit.commitId), ...commits.map((c) => c.commitId)],
      );
      expect(result.map((commit) => commit.id)).toEqual(commits.map((commit) => commit.commitId));
      for (const commit of result) {
        const source = commits.find((item) => item.commitId === commit.id);
        expect(commit.repositoryId).toBe(repository.id);
        expect(commit.workItemIds).toEqual(source?.workItemIds);
        expect(commit.comment).toBe(source?.comment);
        expect(commit.authorDate?.getTime()).toBe(source?.date.getTime());
      }
    }
  });
});

describe("policy", () => {
  const demoPolicies = inMain(data.policies);
  const current = demoPolicies
    .map((policy) => ({ policy, revision: policy.revisions[policy.revisions.length - 1] }))
    .filter(({ revision }) => !revision.isDeleted);
  const knownTypeIds = new Set(data.policyTypes.map((type) => type.id));

  it("lists every non-deleted configuration in ONE paged listing", async () => {
    const configurations = await ado.sources.policy.listPolicyConfigurations(project);
    expect(ado.calls().byArea.policy).toBe(1);
    expect(configurations.map((c) => c.id).sort(byNumber)).toEqual(
      current.map(({ policy }) => policy.id).sort(byNumber),
    );
    // Deleted ones exist in the demo and are left out.
    expect(demoPolicies.length).toBeGreaterThan(current.length);

    for (const configuration of configurations) {
      const { revision } = current.find(({ policy }) => policy.id === configuration.id) ?? {};
      if (!revision) throw new Error(`unexpected configuration ${configuration.id}`);
      const { scope, ...settings } = revision.settings;
      expect(configuration).toMatchObject({
        revision: revision.revision,
        typeId: revision.typeId,
        typeDisplayName: revision.typeDisplayName,
        isEnabled: revision.isEnabled,
        isBlocking: revision.isBlocking,
        isDeleted: false,
      });
      expect(configuration.settings).toEqual(settings);
      expect(configuration.scopes).toEqual(scope);
      expect(configuration.createdDate?.getTime()).toBe(revision.createdDate.getTime());
    }
  });

  it("carries an unknown policy type through untouched", async () => {
    const unknown = current.filter(({ revision }) => !knownTypeIds.has(revision.typeId));
    expect(unknown.length).toBeGreaterThan(0);
    const configurations = await ado.sources.policy.listPolicyConfigurations(project);
    for (const { policy, revision } of unknown) {
      const configuration = configurations.find((c) => c.id === policy.id);
      expect(configuration?.typeId).toBe(revision.typeId);
      expect(configuration?.settings).toEqual(
        Object.fromEntries(Object.entries(revision.settings).filter(([key]) => key !== "scope")),
      );
    }
  });

  it("keeps booleans the service dropped as missing (read as false), not invented", async () => {
    // minimum-reviewer policies are generated with false booleans the service drops.
    const minimumReviewers = current.filter(
      ({ revision }) => revision.typeId === "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd",
    );
    expect(minimumReviewers.length).toBeGreaterThan(0);
    const configurations = await ado.sources.policy.listPolicyConfigurations(project);
    for (const { policy, revision } of minimumReviewers) {
      const configuration = configurations.find((c) => c.id === policy.id);
      expect("creatorVoteCounts" in revision.settings).toBe(false);
      expect(configuration?.settings).not.toHaveProperty("creatorVoteCounts");
    }
    // A disabled policy maps to isEnabled false.
    const disabled = current.find(({ revision }) => !revision.isEnabled);
    expect(disabled).toBeDefined();
    expect(configurations.find((c) => c.id === disabled?.policy.id)?.isEnabled).toBe(false);
  });

  it("pages the configuration listing: policy calls equal the pages", async () => {
    const pageSize = 5;
    const pages = forceSmallPages(pageSize);
    try {
      ado.resetCalls();
      const configurations = await ado.sources.policy.listPolicyConfigurations(project);
      expect(configurations).toHaveLength(current.length);
      expect(ado.calls().byArea.policy).toBe(pagesFor(current.length, pageSize));
    } finally {
      pages.restore();
    }
  });

  it("lists policy types", async () => {
    const types = await ado.sources.policy.listPolicyTypes(project);
    expect(types).toEqual(
      data.policyTypes.map(({ id, displayName, description }) => ({
        id,
        displayName,
        description,
      })),
    );
  });

  it("lists revisions newest first", async () => {
    const multi = demoPolicies.filter((policy) => policy.revisions.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const policy of multi) {
      const revisions = await ado.sources.policy.listPolicyRevisions(project, policy.id);
      expect(revisions.map((revision) => revision.revision)).toEqual(
        policy.revisions.map((revision) => revision.revision).reverse(),
      );
      expect(revisions.map((revision) => revision.isEnabled)).toEqual(
        policy.revisions.map((revision) => revision.isEnabled).reverse(),
      );
    }
  });
});

describe("build", () => {
  const builds = inMain(data.builds);
  const definitions = inMain(data.buildDefinitions);

  it("lists pipelines with kind and repository", async () => {
    const pipelines = await ado.sources.build.listPipelines(project);
    expect(
      pipelines.map(({ id, name, path, kind, repositoryId }) => ({
        id,
        name,
        path,
        kind,
        repositoryId,
      })),
    ).toEqual(
      definitions.map(({ id, name, path, kind, repositoryId }) => ({
        id,
        name,
        path,
        kind,
        repositoryId,
      })),
    );
  });

  it("lists every run, newest queued first; the count is the summary's", async () => {
    const runs = await ado.sources.build.listRuns(project);
    expect(runs).toHaveLength(emulator.summary.runs);
    expect(runs.map((run) => run.id).sort(byNumber)).toEqual(
      builds.map((build) => build.id).sort(byNumber),
    );
    const times = runs.map((run) => run.queueTime?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("pages runs to the end with small pages", async () => {
    const pageSize = 40;
    const pages = forceSmallPages(pageSize);
    try {
      ado.resetCalls();
      const runs = await ado.sources.build.listRuns(project);
      expect(runs).toHaveLength(emulator.summary.runs);
      expect(new Set(runs.map((run) => run.id)).size).toBe(emulator.summary.runs);
      expect(ado.calls().byArea.build).toBe(pagesFor(emulator.summary.runs, pageSize));
    } finally {
      pages.restore();
    }
  });

  it("filters runs by pipeline, branch and status, and reports a max cut", async () => {
    const definition = definitions[0];
    const ofDefinition = await ado.sources.build.listRuns(project, {
      pipelineIds: [definition.id],
    });
    expect(ofDefinition.map((run) => run.id).sort(byNumber)).toEqual(
      builds
        .filter((b) => b.definitionId === definition.id)
        .map((b) => b.id)
        .sort(byNumber),
    );
    const completedOnMain = await ado.sources.build.listRuns(project, {
      branch: "refs/heads/main",
      status: "completed",
    });
    expect(completedOnMain.map((run) => run.id).sort(byNumber)).toEqual(
      builds
        .filter((b) => b.sourceBranch === "refs/heads/main" && b.status === "completed")
        .map((b) => b.id)
        .sort(byNumber),
    );
    const firstFive = await ado.sources.build.listRuns(project, { max: 5 });
    expect(firstFive).toHaveLength(5);
    // A bounded read is what was asked for: it says nothing although more runs exist.
    expect(record.warnings).toEqual([]);
  });

  it("gets each run as the demo has it", async () => {
    for (const build of builds) {
      const run = await ado.sources.build.getRun(project, build.id);
      expect(run).toMatchObject({
        id: build.id,
        number: build.buildNumber,
        pipeline: { id: build.definitionId },
        status: build.status,
        sourceBranch: build.sourceBranch,
        sourceVersion: build.sourceVersion,
        repositoryId: build.repositoryId,
        reason: build.reason,
        uri: `vstfs:///Build/Build/${build.id}`,
      });
      expect(run.result).toBe(build.result);
      expect(run.queueTime?.getTime()).toBe(build.queueTime.getTime());
      expect(run.finishTime?.getTime()).toBe(build.finishTime?.getTime());
    }
  });

  it("reads Checkpoint records: suite id under the stage, approval id under the suite", async () => {
    const withChecks = builds.filter((build) => build.stageRuns.some((s) => s.checkSuiteId));
    expect(withChecks.length).toBeGreaterThan(0);
    for (const build of withChecks) {
      const timeline = await ado.sources.build.getTimeline(project, build.id);
      expect(timeline.runId).toBe(build.id);
      for (const stageRun of build.stageRuns.filter((s) => s.checkSuiteId)) {
        const stage = timeline.records.find(
          (r) => r.type === "Stage" && r.identifier === stageRun.stage.identifier,
        );
        const checkpoint = timeline.records.find((r) => r.id === stageRun.checkSuiteId);
        expect(stage).toBeDefined();
        expect(checkpoint).toMatchObject({ type: "Checkpoint", parentId: stage?.id });
        const approvals = data.approvals.filter((a) => a.checkSuiteId === stageRun.checkSuiteId);
        const approvalRecords = timeline.records.filter(
          (r) => r.type === "Checkpoint.Approval" && r.parentId === checkpoint?.id,
        );
        expect(approvalRecords.map((r) => r.id).sort(byText)).toEqual(
          approvals.map((a) => a.id).sort(byText),
        );
      }
    }
  });

  it("gets the work item ids and the changes of each run", async () => {
    for (const build of builds) {
      const ids = await ado.sources.build.getRunWorkItemIds(project, build.id);
      expect([...ids].sort(byNumber)).toEqual([...build.workItemIds].sort(byNumber));
      const changes = await ado.sources.build.getRunChanges(project, build.id);
      expect(changes.map((change) => change.id)).toEqual(build.changes);
    }
    // Two requests per run of the demo, one after the other: slow on a loaded 2-core machine.
  }, 60_000);
});

describe("environments and checks", () => {
  const environments = inMain(data.environments);

  it("lists environments and the deployment records of each", async () => {
    const listed = await ado.sources.environments.listEnvironments(project);
    expect(listed.map(({ id, name }) => ({ id, name }))).toEqual(
      environments.map(({ id, name }) => ({ id, name })),
    );
    for (const environment of environments) {
      const records = await ado.sources.environments.listDeploymentRecords(project, environment.id);
      const expected = data.deploymentRecords
        .filter((record) => record.environmentId === environment.id)
        .sort((a, b) => b.id - a.id);
      expect(
        records.map(({ id, environmentId, pipeline, run, stageName, result }) => ({
          id,
          environmentId,
          pipelineId: pipeline.id,
          runId: run.id,
          stageName,
          result,
        })),
      ).toEqual(
        expected.map((record) => ({
          id: record.id,
          environmentId: record.environmentId,
          pipelineId: record.definition.id,
          runId: record.owner.id,
          stageName: record.stageName,
          result: record.result,
        })),
      );
    }
  });

  it("pages deployment records (`top`, header token) to the end", async () => {
    const busiest = environments
      .map((environment) => ({
        environment,
        count: data.deploymentRecords.filter((r) => r.environmentId === environment.id).length,
      }))
      .sort((a, b) => b.count - a.count)[0];
    const pageSize = 7;
    const pages = forceSmallPages(pageSize);
    try {
      ado.resetCalls();
      const records = await ado.sources.environments.listDeploymentRecords(
        project,
        busiest.environment.id,
      );
      expect(records).toHaveLength(busiest.count);
      expect(ado.calls().byArea.environments).toBe(pagesFor(busiest.count, pageSize));
    } finally {
      pages.restore();
    }
  });

  it("queries check configurations of many resources in one call", async () => {
    const resources: CheckResource[] = distinctResources(data);
    const configurations = await ado.sources.checks.queryCheckConfigurations(project, resources);
    expect(ado.calls().byArea.checks).toBe(Math.ceil(resources.length / 50));
    const expected = inMain(data.checkConfigurations);
    expect(configurations.map((c) => c.id).sort(byNumber)).toEqual(
      expected.map((c) => c.id).sort(byNumber),
    );
    for (const configuration of configurations) {
      const source = expected.find((c) => c.id === configuration.id);
      expect(configuration.typeId).toBe(source?.typeId);
      expect(configuration.resource).toMatchObject({
        type: source?.resource.type,
        id: source?.resource.id,
      });
      expect(configuration.timeoutMinutes).toBe(source?.timeout);
      expect(configuration.isDisabled).toBe(source?.isDisabled);
    }
    const kinds = new Set(configurations.map((c) => c.kind));
    expect(kinds.has("approval")).toBe(true);
    expect(kinds.has("requiredTemplate")).toBe(true);
    expect(kinds.has("exclusiveLock")).toBe(true);
  });

  it("gets each check suite with its runs", async () => {
    const suites = data.checkSuites.filter((suite) => suite.projectId === main);
    for (const source of suites) {
      const suite = await ado.sources.checks.getCheckSuite(project, source.id);
      expect(suite.id).toBe(source.id);
      expect(suite.status).toBe(source.status);
      expect(
        suite.checkRuns.map(({ id, status, configurationId }) => ({
          id,
          status,
          configurationId,
        })),
      ).toEqual(
        source.checkRuns.map(({ id, status, configurationId }) => ({
          id,
          status,
          configurationId,
        })),
      );
    }
  });

  it("lists pipeline approvals: pending, all, and by ids in batches of 50", async () => {
    const approvals = data.approvals.filter((approval) => approval.projectId === main);
    const pending = await ado.sources.checks.listApprovals(project, { state: "pending" });
    expect(pending.map((a) => a.id).sort(byText)).toEqual(
      approvals
        .filter((a) => a.status === "pending")
        .map((a) => a.id)
        .sort(byText),
    );
    expect(pending.length).toBeGreaterThan(0);

    const all = await ado.sources.checks.listApprovals(project, { state: "all" });
    expect(all.map((a) => a.id).sort(byText)).toEqual(approvals.map((a) => a.id).sort(byText));

    const wanted = approvals.slice(0, 60);
    ado.resetCalls();
    const byIds = await ado.sources.checks.listApprovals(project, {
      approvalIds: wanted.map((a) => a.id),
    });
    expect(ado.calls().byArea.checks).toBe(Math.ceil(wanted.length / 50));
    expect(byIds.map((a) => a.id)).toEqual(wanted.map((a) => a.id));
    for (const approval of byIds) {
      const source = wanted.find((a) => a.id === approval.id);
      expect(approval).toMatchObject({
        status: source?.status,
        executionOrder: source?.executionOrder,
        minRequiredApprovers: source?.minRequiredApprovers,
      });
      expect(approval.steps.map((step) => [step.assignedApprover.id, step.status])).toEqual(
        source?.steps.map((step) => [step.assignedApprover.id, step.status]),
      );
    }
  });
});

describe("classic release", () => {
  const definitions = inMain(data.releaseDefinitions);
  const releases = inMain(data.releases);

  it("lists release definitions with environments, approvals, gates and artifacts", async () => {
    const listed = await ado.sources.release.listReleaseDefinitions(project);
    expect(listed.map((d) => d.id)).toEqual(definitions.map((d) => d.id));
    for (const definition of listed) {
      const source = definitions.find((d) => d.id === definition.id);
      expect(definition.artifacts.map((a) => a.buildDefinitionId)).toEqual([
        source?.artifact.buildDefinitionId,
      ]);
      expect(
        definition.environments.map((environment) => ({
          id: environment.id,
          rank: environment.rank,
          preApprovers: environment.preApproval.approvers.map((a) => a.id),
          hasPreApprovers: environment.preApproval.hasApprovers,
          preGates: environment.preGates.gates.length,
          postGates: environment.postGates.gates.length,
        })),
      ).toEqual(
        source?.environments.map((environment) => ({
          id: environment.id,
          rank: environment.rank,
          preApprovers: environment.pre.approvers.map((a) => a.id),
          hasPreApprovers: environment.pre.approvers.length > 0,
          preGates: environment.preGates?.tasks.length ?? 0,
          postGates: environment.postGates?.tasks.length ?? 0,
        })),
      );
    }
  });

  it("lists every release with environments, approvals, gates and the build artifact", async () => {
    const listed = await ado.sources.release.listReleases(project);
    expect(listed).toHaveLength(emulator.summary.releases);
    expect(listed.map((r) => r.id)).toEqual(releases.map((r) => r.id).sort((a, b) => b - a));
    for (const release of listed) {
      const source = releases.find((r) => r.id === release.id);
      if (!source) throw new Error(`unexpected release ${release.id}`);
      expect(release.definition.id).toBe(source.definitionId);
      expect(release.artifacts.map((a) => a.buildId)).toEqual([source.buildId]);
      expect(
        release.environments.map((environment) => ({
          id: environment.id,
          status: environment.status,
          pre: environment.preApprovals.map((a) => [a.id, a.status]),
          post: environment.postApprovals.map((a) => [a.id, a.status]),
          steps: environment.deploySteps.map((step) => [
            step.id,
            step.preGates?.status,
            step.postGates?.status,
          ]),
        })),
      ).toEqual(
        source.environments.map((environment) => ({
          id: environment.id,
          status: environment.status,
          pre: environment.preApprovals.map((a) => [a.id, a.status]),
          post: environment.postApprovals.map((a) => [a.id, a.status]),
          // The service sends a gates object with status none where no gates ran.
          steps: environment.deploySteps.map((step) => [
            step.id,
            step.preGates?.status ?? "none",
            step.postGates?.status ?? "none",
          ]),
        })),
      );
    }
  });

  it("pages releases through pages shorter than asked (token in the header)", async () => {
    const pageSize = 4;
    expect(releases.length).toBeGreaterThan(pageSize);
    const pages = forceSmallPages(pageSize);
    try {
      ado.resetCalls();
      const listed = await ado.sources.release.listReleases(project);
      expect(pages.rewritten).toBeGreaterThan(0);
      expect(listed.map((r) => r.id)).toEqual(releases.map((r) => r.id).sort((a, b) => b - a));
      expect(ado.calls().byArea.release).toBe(pagesFor(releases.length, pageSize));
    } finally {
      pages.restore();
    }
  });

  it("finds the releases of one build and of one definition", async () => {
    const source = releases[0];
    const build = data.builds.find((b) => b.id === source.buildId);
    if (!build) throw new Error("release without build");
    const ofBuild = await ado.sources.release.listReleases(project, {
      buildArtifact: { projectId: main, buildDefinitionId: build.definitionId, buildId: build.id },
    });
    expect(ofBuild.map((r) => r.id).sort(byNumber)).toEqual(
      releases
        .filter((r) => r.buildId === build.id)
        .map((r) => r.id)
        .sort(byNumber),
    );
    const ofDefinition = await ado.sources.release.listReleases(project, {
      definitionId: source.definitionId,
    });
    expect(ofDefinition.map((r) => r.id).sort(byNumber)).toEqual(
      releases
        .filter((r) => r.definitionId === source.definitionId)
        .map((r) => r.id)
        .sort(byNumber),
    );
  });

  it("gets each release with gate samples", async () => {
    const withSamples = releases.filter((release) =>
      release.environments.some((e) => e.deploySteps.some((s) => s.preGates?.samples.length)),
    );
    expect(withSamples.length).toBeGreaterThan(0);
    for (const source of releases) {
      const release = await ado.sources.release.getRelease(project, source.id);
      expect(release.id).toBe(source.id);
      const samples = release.environments.flatMap((e) =>
        e.deploySteps.map((s) => s.preGates?.samples.length ?? 0),
      );
      const expected = source.environments.flatMap((e) =>
        e.deploySteps.map((s) => Math.min(s.preGates?.samples.length ?? 0, 10)),
      );
      expect(samples).toEqual(expected);
    }
  });

  it("lists release approvals: pending and all (manual ones)", async () => {
    const manual = releases.flatMap((release) =>
      release.environments.flatMap((e) =>
        [...e.preApprovals, ...e.postApprovals].filter((a) => !a.isAutomated),
      ),
    );
    const pending = await ado.sources.release.listReleaseApprovals(project, "pending");
    expect(pending.map((a) => a.id).sort(byNumber)).toEqual(
      manual
        .filter((a) => a.status === "pending")
        .map((a) => a.id)
        .sort(byNumber),
    );
    const all = await ado.sources.release.listReleaseApprovals(project, "all");
    expect(all.map((a) => a.id).sort(byNumber)).toEqual(manual.map((a) => a.id).sort(byNumber));
    for (const approval of all) {
      expect(approval.status).toBe(manual.find((a) => a.id === approval.id)?.status);
      expect(approval.release?.id).toBeDefined();
    }
  });
});

describe("work items", () => {
  it("lists every work item id of each project; together the summary's count", async () => {
    let total = 0;
    for (const { id, name } of emulator.summary.projects) {
      const ids = await ado.sources.workItems.listWorkItemIds(name);
      expect(ids).toEqual(
        data.workItems
          .filter((item) => item.projectId === id)
          .map((item) => item.id)
          .sort(byNumber),
      );
      total += ids.length;
    }
    expect(total).toBe(emulator.summary.workItems);
  });

  it("gets more than 200 work items in batches of 200, omitting ids that do not exist", async () => {
    const items = inMain(data.workItems);
    expect(items.length).toBeGreaterThan(200);
    const missing = Math.max(...data.workItems.map((item) => item.id)) + 1000;
    ado.resetCalls();
    const result = await ado.sources.workItems.getWorkItems(project, [
      ...items.map((item) => item.id),
      missing,
    ]);
    expect(ado.calls().byArea.workItems).toBe(Math.ceil((items.length + 1) / 200));
    expect(result.map((item) => item.id)).toEqual(items.map((item) => item.id));
    for (const item of result) {
      const source = items.find((candidate) => candidate.id === item.id);
      if (!source) throw new Error(`unexpected work item ${item.id}`);
      expect(item).toMatchObject({
        rev: source.rev,
        type: source.type,
        title: source.title,
        state: source.state,
      });
      expect(item.relations.map((relation) => relation.rel)).toEqual(
        source.relations.map((relation) => relation.rel),
      );
      const artifactUrls = source.relations
        .filter((relation) => relation.rel === "ArtifactLink")
        .map((relation) => relation.url);
      expect(
        item.relations.filter((relation) => relation.rel === "ArtifactLink").map((r) => r.url),
      ).toEqual(artifactUrls);
      // Every artifact link the demo writes is one the parser knows.
      for (const relation of item.relations.filter((r) => r.rel === "ArtifactLink")) {
        expect(relation.artifact?.kind).not.toBe("unknown");
      }
      const linked = source.relations
        .filter((relation) => relation.targetWorkItemId !== undefined)
        .map((relation) => relation.targetWorkItemId);
      expect(
        item.relations
          .filter((relation) => relation.workItemId !== undefined)
          .map((relation) => relation.workItemId),
      ).toEqual(linked);
    }
  });
});
