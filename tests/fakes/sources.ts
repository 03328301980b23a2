import type {
  BuildChange,
  CheckConfiguration,
  CheckSuite,
  CommitRef,
  DeploymentRecord,
  Environment,
  GitRef,
  Pipeline,
  PipelineApproval,
  PolicyConfiguration,
  PolicyEvaluation,
  PolicyType,
  Project,
  PullRequest,
  Release,
  ReleaseGates,
  ReleaseApproval,
  ReleaseDefinition,
  Repository,
  Run,
  Timeline,
  WorkItem,
} from "../../src/core/model";
import { SourceError, type Sources } from "../../src/core/sources";

/**
 * An in-memory `Sources` for core and UI tests. Give it the domain objects a test needs; every
 * port method answers from them with the port's documented filtering. The data belongs to every
 * project in `projects`; any other project name or id gets a `not-found` SourceError.
 *
 *   const fake = createFakeSources({ repositories: [repo({ name: "web" })] });
 *   fake.fail("policy.listPolicyConfigurations", new SourceError("permission", "403"));
 *   await engine(fake.sources, "Demo");
 *   expect(fake.calls.map((call) => call.method)).toContain("git.listRepositories");
 */
export interface FakeOrg {
  projects?: Project[];
  repositories?: Repository[];
  /** Refs by repository id, full names (`refs/heads/main`). */
  refs?: Record<string, GitRef[]>;
  /** File texts by repository id, then path (`/compliance/baseline.yml`); the same on every branch. */
  files?: Record<string, Record<string, string>>;
  pullRequests?: PullRequest[];
  commits?: CommitRef[];
  policyConfigurations?: PolicyConfiguration[];
  policyTypes?: PolicyType[];
  /** Revisions by configuration id, newest first. Without an entry, the configuration itself. */
  policyRevisions?: Record<number, PolicyConfiguration[]>;
  /** Policy evaluations by pull request id. */
  policyEvaluations?: Record<number, PolicyEvaluation[]>;
  pipelines?: Pipeline[];
  runs?: Run[];
  timelines?: Timeline[];
  runWorkItemIds?: Record<number, number[]>;
  runChanges?: Record<number, BuildChange[]>;
  environments?: Environment[];
  deploymentRecords?: DeploymentRecord[];
  checkConfigurations?: CheckConfiguration[];
  checkSuites?: CheckSuite[];
  approvals?: PipelineApproval[];
  releaseDefinitions?: ReleaseDefinition[];
  releases?: Release[];
  releaseApprovals?: ReleaseApproval[];
  /** Work item ids by release id (what the service computes against the previous release). */
  releaseWorkItemIds?: Record<number, number[]>;
  workItems?: WorkItem[];
}

/** `"area.method"` for every port method, e.g. `"git.listRepositories"`. */
export type SourceMethod = {
  [Area in keyof Sources]: `${Area}.${Extract<keyof Sources[Area], string>}`;
}[keyof Sources];

export interface FakeCall {
  method: SourceMethod;
  args: unknown[];
}

export interface FakeSources {
  sources: Sources;
  /** Every call in order, failed ones included. */
  calls: FakeCall[];
  /** From now on `method` rejects with `error`. */
  fail(method: SourceMethod, error: Error): void;
  /** Undo `fail`. */
  heal(method: SourceMethod): void;
  callCount(method: SourceMethod): number;
}

export const defaultProject: Project = { id: "00000000-0000-4000-8000-000000000001", name: "Demo" };

function notFound(what: string): SourceError {
  return new SourceError("not-found", `${what} was not found`, { status: 404 });
}

/**
 * A release as the release list answers it: every gate step without its sampling evaluations,
 * which only Get Release ($topGateRecords) carries.
 */
function asListed(listed: Release): Release {
  const unsampled = (gates: ReleaseGates | undefined) => gates && { ...gates, samples: [] };
  return {
    ...listed,
    environments: listed.environments.map((environment) => ({
      ...environment,
      deploySteps: environment.deploySteps.map((step) => ({
        ...step,
        preGates: unsampled(step.preGates),
        postGates: unsampled(step.postGates),
      })),
    })),
  };
}

function byNewestId<T extends { id: number }>(items: T[]): T[] {
  return [...items].sort((left, right) => right.id - left.id);
}

function runTime(run: Run, order: "finishTime" | "queueTime"): number {
  const date = order === "finishTime" ? run.finishTime : run.queueTime;
  return date ? date.getTime() : 0;
}

export function createFakeSources(org: FakeOrg = {}): FakeSources {
  const projects = org.projects ?? [defaultProject];
  const calls: FakeCall[] = [];
  const failures = new Map<SourceMethod, Error>();

  const requireProject = (project: string): Project => {
    const found = projects.find(
      (candidate) =>
        candidate.id === project || candidate.name.toLowerCase() === project.toLowerCase(),
    );
    if (!found) throw notFound(`Project '${project}'`);
    return found;
  };

  const core: Sources["core"] = {
    getProject: async (project) => requireProject(project),
    listProjects: async () => [...projects],
  };

  const git: Sources["git"] = {
    listRepositories: async (project) => {
      requireProject(project);
      return [...(org.repositories ?? [])];
    },
    listRefs: async (project, repositoryId, filter) => {
      requireProject(project);
      const prefix = `refs/${filter ?? ""}`;
      return (org.refs?.[repositoryId] ?? []).filter((ref) => ref.name.startsWith(prefix));
    },
    getPullRequest: async (project, repositoryId, pullRequestId) => {
      requireProject(project);
      const found = (org.pullRequests ?? []).find(
        (pr) => pr.repositoryId === repositoryId && pr.id === pullRequestId,
      );
      if (!found) throw notFound(`Pull request ${pullRequestId}`);
      return found;
    },
    // An absent status means every status here; the fake does not copy the service's "active" default.
    listPullRequests: async (project, criteria) => {
      requireProject(project);
      return (org.pullRequests ?? []).filter(
        (pr) =>
          (criteria.repositoryId === undefined || pr.repositoryId === criteria.repositoryId) &&
          (criteria.status === undefined ||
            criteria.status === "all" ||
            pr.status === criteria.status) &&
          (criteria.targetRefName === undefined || pr.targetRefName === criteria.targetRefName),
      );
    },
    getCommits: async (project, repositoryId, commitIds) => {
      requireProject(project);
      const wanted = new Set(commitIds);
      return (org.commits ?? []).filter(
        (commit) => commit.repositoryId === repositoryId && wanted.has(commit.id),
      );
    },
    getItemText: async (project, repositoryId, path) => {
      requireProject(project);
      const text = org.files?.[repositoryId]?.[path];
      if (text === undefined) throw notFound(`Item ${path} in repository ${repositoryId}`);
      return text;
    },
  };

  const policy: Sources["policy"] = {
    listPolicyConfigurations: async (project) => {
      requireProject(project);
      return (org.policyConfigurations ?? []).filter((configuration) => !configuration.isDeleted);
    },
    listPolicyTypes: async (project) => {
      requireProject(project);
      return [...(org.policyTypes ?? [])];
    },
    listPolicyRevisions: async (project, configurationId) => {
      requireProject(project);
      const revisions = org.policyRevisions?.[configurationId];
      if (revisions) return [...revisions];
      const current = (org.policyConfigurations ?? []).find((item) => item.id === configurationId);
      if (!current) throw notFound(`Policy configuration ${configurationId}`);
      return [current];
    },
    listPullRequestPolicyEvaluations: async (project, pullRequest) => {
      requireProject(project);
      return [...(org.policyEvaluations?.[pullRequest.pullRequestId] ?? [])];
    },
  };

  const build: Sources["build"] = {
    listPipelines: async (project) => {
      requireProject(project);
      return [...(org.pipelines ?? [])];
    },
    listRuns: async (project, query = {}) => {
      requireProject(project);
      const matching = (org.runs ?? []).filter(
        (run) =>
          (query.ids === undefined || query.ids.includes(run.id)) &&
          (query.pipelineIds === undefined || query.pipelineIds.includes(run.pipeline.id)) &&
          (query.branch === undefined || run.sourceBranch === query.branch) &&
          (query.status === undefined || run.status === query.status) &&
          (query.repositoryId === undefined || run.repositoryId === query.repositoryId),
      );
      const order = query.order ?? "queueTimeDescending";
      const since = query.minTime?.getTime();
      if (since !== undefined) {
        const kind = order === "finishTimeDescending" ? "finishTime" : "queueTime";
        matching.splice(
          0,
          matching.length,
          ...matching.filter((run) => runTime(run, kind) >= since),
        );
      }
      const sorted = [...matching].sort((left, right) => {
        if (order === "finishTimeDescending")
          return runTime(right, "finishTime") - runTime(left, "finishTime");
        if (order === "queueTimeAscending")
          return runTime(left, "queueTime") - runTime(right, "queueTime");
        return runTime(right, "queueTime") - runTime(left, "queueTime");
      });
      return query.max === undefined ? sorted : sorted.slice(0, query.max);
    },
    getRun: async (project, runId) => {
      requireProject(project);
      const found = (org.runs ?? []).find((run) => run.id === runId);
      if (!found) throw notFound(`Run ${runId}`);
      return found;
    },
    getTimeline: async (project, runId) => {
      requireProject(project);
      const found = (org.timelines ?? []).find((timeline) => timeline.runId === runId);
      if (!found) throw notFound(`Timeline of run ${runId}`);
      return found;
    },
    getRunWorkItemIds: async (project, runId) => {
      requireProject(project);
      return [...(org.runWorkItemIds?.[runId] ?? [])];
    },
    getRunChanges: async (project, runId) => {
      requireProject(project);
      return [...(org.runChanges?.[runId] ?? [])];
    },
  };

  const environments: Sources["environments"] = {
    listEnvironments: async (project) => {
      requireProject(project);
      return [...(org.environments ?? [])];
    },
    listDeploymentRecords: async (project, environmentId) => {
      requireProject(project);
      if (!(org.environments ?? []).some((environment) => environment.id === environmentId)) {
        throw notFound(`Environment ${environmentId}`);
      }
      return byNewestId(
        (org.deploymentRecords ?? []).filter((record) => record.environmentId === environmentId),
      );
    },
  };

  const checks: Sources["checks"] = {
    queryCheckConfigurations: async (project, resources) => {
      requireProject(project);
      return (org.checkConfigurations ?? []).filter((configuration) =>
        resources.some(
          (resource) =>
            resource.type === configuration.resource.type &&
            resource.id === configuration.resource.id,
        ),
      );
    },
    getCheckSuite: async (project, checkSuiteId) => {
      requireProject(project);
      const found = (org.checkSuites ?? []).find((suite) => suite.id === checkSuiteId);
      if (!found) throw notFound(`Check suite ${checkSuiteId}`);
      return found;
    },
    listApprovals: async (project, query) => {
      requireProject(project);
      return (org.approvals ?? []).filter(
        (approval) =>
          (query.approvalIds === undefined || query.approvalIds.includes(approval.id)) &&
          (query.state !== "pending" || approval.status === "pending"),
      );
    },
  };

  const release: Sources["release"] = {
    listReleaseDefinitions: async (project) => {
      requireProject(project);
      return [...(org.releaseDefinitions ?? [])];
    },
    listReleases: async (project, query = {}) => {
      requireProject(project);
      const artifact = query.buildArtifact;
      const matching = (org.releases ?? []).filter(
        (item) =>
          (query.definitionId === undefined || item.definition.id === query.definitionId) &&
          (query.environmentStatuses === undefined ||
            item.environments.some((environment) =>
              query.environmentStatuses?.includes(environment.status),
            )) &&
          (artifact === undefined ||
            item.artifacts.some(
              (candidate) =>
                candidate.buildDefinitionId === artifact.buildDefinitionId &&
                candidate.buildId === artifact.buildId,
            )) &&
          (query.releaseIds === undefined || query.releaseIds.includes(item.id)) &&
          (query.downToId === undefined || item.id >= query.downToId),
      );
      const newestFirst = byNewestId(matching).map(asListed);
      return query.max === undefined ? newestFirst : newestFirst.slice(0, query.max);
    },
    getRelease: async (project, releaseId) => {
      requireProject(project);
      const found = (org.releases ?? []).find((item) => item.id === releaseId);
      if (!found) throw notFound(`Release ${releaseId}`);
      return found;
    },
    listReleaseApprovals: async (project, status) => {
      requireProject(project);
      return (org.releaseApprovals ?? []).filter(
        (approval) => status === "all" || approval.status === "pending",
      );
    },
    getReleaseWorkItemIds: async (project, releaseId) => {
      requireProject(project);
      if (!(org.releases ?? []).some((item) => item.id === releaseId)) {
        throw notFound(`Release ${releaseId}`);
      }
      return [...(org.releaseWorkItemIds?.[releaseId] ?? [])];
    },
  };

  const workItems: Sources["workItems"] = {
    getWorkItems: async (project, ids) => {
      requireProject(project);
      const byId = new Map((org.workItems ?? []).map((item) => [item.id, item]));
      return ids.flatMap((id) => {
        const found = byId.get(id);
        return found ? [found] : [];
      });
    },
    listWorkItemIds: async (project, filter = {}) => {
      requireProject(project);
      const same = (left: string, right: string | undefined) =>
        right === undefined || right === "" || left.toLowerCase() === right.toLowerCase();
      const title = (filter.titleContains ?? "").toLowerCase();
      return (org.workItems ?? [])
        .filter(
          (item) =>
            same(item.type, filter.type) &&
            same(item.state, filter.state) &&
            item.title.toLowerCase().includes(title) &&
            (filter.tag === undefined ||
              (item.tags ?? []).some((tag) => tag.toLowerCase() === filter.tag?.toLowerCase())),
        )
        .map((item) => item.id)
        .sort((left, right) => left - right);
    },
  };

  const plain: Sources = {
    core,
    git,
    policy,
    build,
    environments,
    checks,
    release,
    workItems,
  };

  // Wrap every method once: record the call, then fail if the test said so.
  const sources = {} as Record<string, Record<string, unknown>>;
  for (const [area, methods] of Object.entries(plain) as [string, object][]) {
    const wrapped: Record<string, unknown> = {};
    for (const [name, implementation] of Object.entries(methods) as [
      string,
      (...args: unknown[]) => Promise<unknown>,
    ][]) {
      const method = `${area}.${name}` as SourceMethod;
      wrapped[name] = async (...args: unknown[]) => {
        calls.push({ method, args });
        const failure = failures.get(method);
        if (failure) throw failure;
        return implementation(...args);
      };
    }
    sources[area] = wrapped;
  }

  return {
    // The wrapped object has exactly the shape of `plain`, method for method.
    sources: sources as unknown as Sources,
    calls,
    fail: (method, error) => failures.set(method, error),
    heal: (method) => failures.delete(method),
    callCount: (method) => calls.filter((call) => call.method === method).length,
  };
}

/* Small builders with sensible defaults, so tests only spell out what they assert on. */

export function repository(overrides: Partial<Repository> & { name: string }): Repository {
  return {
    id: `repo-${overrides.name}`,
    projectId: defaultProject.id,
    defaultBranch: "refs/heads/main",
    isDisabled: false,
    ...overrides,
  };
}

export function policyConfiguration(
  overrides: Partial<PolicyConfiguration> & { id: number },
): PolicyConfiguration {
  return {
    revision: 1,
    typeId: "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd",
    isEnabled: true,
    isBlocking: true,
    isDeleted: false,
    settings: {},
    scopes: [{ repositoryId: null, refName: "refs/heads/main", matchKind: "Exact" }],
    ...overrides,
  };
}

export function pipeline(overrides: Partial<Pipeline> & { id: number }): Pipeline {
  return { name: `pipeline-${overrides.id}`, path: "\\", kind: "yaml", ...overrides };
}

export function releaseDefinition(
  overrides: Partial<ReleaseDefinition> & { id: number },
): ReleaseDefinition {
  return {
    name: `release-definition-${overrides.id}`,
    path: "\\",
    environments: [],
    artifacts: [],
    ...overrides,
  };
}

export function release(overrides: Partial<Release> & { id: number }): Release {
  return {
    name: `Release-${overrides.id}`,
    status: "active",
    definition: { id: 1, name: "release-definition-1" },
    artifacts: [],
    environments: [],
    ...overrides,
  };
}

export function workItem(overrides: Partial<WorkItem> & { id: number }): WorkItem {
  return {
    rev: 1,
    type: "User Story",
    title: `Work item ${overrides.id}`,
    state: "Active",
    relations: [],
    ...overrides,
  };
}
