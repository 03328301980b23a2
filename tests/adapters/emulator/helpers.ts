/*
 * Shared setup for the adapter-against-emulator tests: the demo organisation the emulator serves
 * (generated here from the same seed, so expectations never hard-code counts), a connection
 * factory with a recording sleep, a full read of every port method for before/after fault
 * comparisons, and a fetch wrapper that forces small pages on the header-paged routes.
 */
import { generateDemo } from "../../../dev/emulator/demo/generate";
import type { DemoOrganisation } from "../../../dev/emulator/demo/model";
import type { RunningEmulator } from "../../../dev/emulator";
import {
  createAdoSources,
  patAuth,
  type AdoConnectionOptions,
  type SourceError,
  type AdoSources,
} from "../../../src/adapters/ado";
import type { Sources } from "../../../src/core/sources";

export const SEED = 42;
export const ORG = "fabrikam";
/** A PAT long and odd enough that finding it in a message cannot be a coincidence. */
export const TEST_PAT = "emulator-pat-Zq81xW3vT5";

let cachedDemo: DemoOrganisation | undefined;
/** The demo organisation the emulator (seed 42, small) serves. */
export function demo(): DemoOrganisation {
  cachedDemo ??= generateDemo({ seed: SEED, size: "small", org: ORG });
  return cachedDemo;
}

export function mainProjectId(): string {
  return demo().mainProjectId;
}

export interface Recorder {
  sleep: (ms: number) => Promise<void>;
  waits: number[];
  warnings: string[];
}

/** A sleep that records the wait and returns at once (no real waiting in tests). */
export function recorder(): Recorder {
  const waits: number[] = [];
  const warnings: string[] = [];
  return {
    waits,
    warnings,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

export function connect(
  emulator: RunningEmulator,
  record: Recorder,
  options: Partial<AdoConnectionOptions> = {},
): AdoSources {
  return createAdoSources({
    orgUrl: emulator.orgUrl,
    auth: patAuth(TEST_PAT),
    sleep: record.sleep,
    onWarning: (message) => record.warnings.push(message),
    ...options,
  });
}

export { sourceErrorOf } from "../helpers/sourceErrors";

/** Secrets derived from the PAT that must never show in an error. */
export function patSecrets(pat: string): string[] {
  return [pat, Buffer.from(`:${pat}`).toString("base64")];
}

export function expectNoSecret(error: SourceError, pat: string): void {
  for (const secret of patSecrets(pat)) {
    expect(error.message).not.toContain(secret);
    expect(error.url ?? "").not.toContain(secret);
    expect(String(error.stack ?? "")).not.toContain(secret);
  }
}

/*
 * Forcing small pages. The adapters ask for large pages (500, 1000) and the small demo fits in
 * one, so paging to the end would go untested. This wrapper lowers the page size on the routes
 * whose paging is the `x-ms-continuationtoken` header (contracts §1.6): a service that returns
 * fewer items than asked, with a token, is within that contract. Routes paged by $top/$skip
 * are left alone: there a short page legitimately means "the end".
 */
const HEADER_PAGED_ROUTES: { pattern: RegExp; param: "$top" | "top"; addWhenMissing?: boolean }[] =
  [
    { pattern: /\/_apis\/projects$/i, param: "$top" },
    { pattern: /\/_apis\/git\/repositories\/[^/]+\/refs$/i, param: "$top" },
    // The adapter sends no $top here; without one the emulator returns everything at once.
    { pattern: /\/_apis\/policy\/configurations$/i, param: "$top", addWhenMissing: true },
    { pattern: /\/_apis\/build\/definitions$/i, param: "$top" },
    { pattern: /\/_apis\/build\/builds$/i, param: "$top" },
    { pattern: /\/_apis\/build\/builds\/\d+\/changes$/i, param: "$top" },
    { pattern: /\/_apis\/distributedtask\/environments$/i, param: "$top" },
    { pattern: /\/environmentdeploymentrecords$/i, param: "top" },
    { pattern: /\/_apis\/release\/definitions$/i, param: "$top" },
    // Releases page by release id; the emulator (and, reportedly, the service) also sends the
    // next id in the header, which is what tells a short page from the last one.
    { pattern: /\/_apis\/release\/releases$/i, param: "$top" },
    { pattern: /\/_apis\/release\/approvals$/i, param: "top" },
  ];

export interface FetchRewrite {
  /** Requests whose URL the wrapper changed. */
  rewritten: number;
  restore(): void;
}

/** Replaces the global fetch with one that passes each URL through `rewrite` first. */
export function rewriteRequests(rewrite: (url: URL) => boolean): FetchRewrite {
  const original = globalThis.fetch;
  const state = { rewritten: 0 };
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    if (typeof input === "string" || input instanceof URL) {
      const url = new URL(String(input));
      if (rewrite(url)) {
        state.rewritten += 1;
        return original(url.toString(), init);
      }
    }
    return original(input, init);
  };
  return {
    get rewritten() {
      return state.rewritten;
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** Caps the page size of every header-paged route at `pageSize`. */
export function forceSmallPages(pageSize: number): FetchRewrite {
  return rewriteRequests((url) => {
    const route = HEADER_PAGED_ROUTES.find((entry) => entry.pattern.test(url.pathname));
    if (!route) return false;
    const asked = url.searchParams.get(route.param);
    if (asked === null && !route.addWhenMissing) return false;
    if (asked !== null && Number(asked) <= pageSize) return false;
    url.searchParams.set(route.param, String(pageSize));
    return true;
  });
}

/** Pages a listing of `count` items takes at `pageSize` (the service sends a token only when more exist). */
export function pagesFor(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** Runs `work` for each item, all started at once (the transport bounds concurrency). */
function each<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(items.map(work));
}

/**
 * Calls every port method over the main demo project and returns the results, keyed by call.
 * The same read under faults must give an identical object.
 */
export async function readEverything(sources: Sources, project: string) {
  const data = demo();
  const main = data.mainProjectId;
  const repositories = await sources.git.listRepositories(project);
  const readable = repositories.filter((repository) => !repository.isDisabled);
  const demoRepos = data.repositories.filter((repository) => repository.projectId === main);
  const pullRequests = await sources.git.listPullRequests(project, { status: "all" });
  const policies = await sources.policy.listPolicyConfigurations(project);
  const runs = await sources.build.listRuns(project);
  const environments = await sources.environments.listEnvironments(project);
  const releases = await sources.release.listReleases(project);
  const workItemIds = await sources.workItems.listWorkItemIds(project);
  const checkResources = distinctResources(data);

  return {
    projects: await sources.core.listProjects(),
    project: await sources.core.getProject(project),
    repositories,
    refs: await each(readable, (repository) => sources.git.listRefs(project, repository.id)),
    branches: await each(readable, (repository) =>
      sources.git.listRefs(project, repository.id, "heads/"),
    ),
    pullRequests,
    pullRequestDetails: await each(pullRequests, (pr) =>
      sources.git.getPullRequest(project, pr.repositoryId, pr.id),
    ),
    commits: await each(
      demoRepos.filter((repository) => !repository.isDisabled),
      (repository) =>
        sources.git.getCommits(
          project,
          repository.id,
          [...repository.commits, ...repository.branchCommits].map((commit) => commit.commitId),
        ),
    ),
    policies,
    policyTypes: await sources.policy.listPolicyTypes(project),
    policyRevisions: await each(policies, (policy) =>
      sources.policy.listPolicyRevisions(project, policy.id),
    ),
    pipelines: await sources.build.listPipelines(project),
    runs,
    runDetails: await each(runs, (run) => sources.build.getRun(project, run.id)),
    timelines: await each(runs, (run) => sources.build.getTimeline(project, run.id)),
    runWorkItems: await each(runs, (run) => sources.build.getRunWorkItemIds(project, run.id)),
    runChanges: await each(runs, (run) => sources.build.getRunChanges(project, run.id)),
    environments,
    deploymentRecords: await each(environments, (environment) =>
      sources.environments.listDeploymentRecords(project, environment.id),
    ),
    checkConfigurations: await sources.checks.queryCheckConfigurations(project, checkResources),
    checkSuites: await each(
      data.checkSuites.filter((suite) => suite.projectId === main),
      (suite) => sources.checks.getCheckSuite(project, suite.id),
    ),
    pendingApprovals: await sources.checks.listApprovals(project, { state: "pending" }),
    allApprovals: await sources.checks.listApprovals(project, { state: "all" }),
    releaseDefinitions: await sources.release.listReleaseDefinitions(project),
    releases,
    releaseDetails: await each(releases, (release) =>
      sources.release.getRelease(project, release.id),
    ),
    pendingReleaseApprovals: await sources.release.listReleaseApprovals(project, "pending"),
    allReleaseApprovals: await sources.release.listReleaseApprovals(project, "all"),
    workItemIds,
    workItems: await sources.workItems.getWorkItems(project, workItemIds),
  };
}

/** Every resource that has check configurations in the main project, once each. */
export function distinctResources(data: DemoOrganisation) {
  const seen = new Map<string, { type: string; id: string; name: string }>();
  for (const configuration of data.checkConfigurations) {
    if (configuration.projectId !== data.mainProjectId) continue;
    const { type, id, name } = configuration.resource;
    seen.set(`${type}:${id}`.toLowerCase(), { type, id, name });
  }
  return [...seen.values()];
}
