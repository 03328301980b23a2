/** git: repositories, refs, commits, pull requests, PR work items, scope-resolving policies. */
import { en } from "../format";
import type {
  DemoCommit,
  DemoPolicy,
  DemoProject,
  DemoPullRequest,
  DemoRepository,
} from "../demo/model";
import {
  badRequest,
  genericNotFound,
  headerPaged,
  idPaged,
  list,
  notFound,
  repositoryNotFound,
  skipTop,
  type RequestContext,
  type Route,
} from "../http";
import { identity, repositoryRef, repositoryView, resourceRefs } from "../views";
import { policyView } from "./policy";
import { shaFrom, uuidFrom } from "../demo/random";

function projectOf(ctx: RequestContext, repo: DemoRepository): DemoProject {
  return ctx.store.demo.projects.find((project) => project.id === repo.projectId) as DemoProject;
}

/** Resolves `{repositoryId}` (id or name); sub-resources also need a readable, enabled repo. */
export function resolveRepository(ctx: RequestContext, subResource: boolean): DemoRepository {
  const key = ctx.params.repositoryId;
  const repo = ctx.store.repository(ctx.project?.id, key);
  if (!repo) throw repositoryNotFound(key);
  if (subResource) {
    // Disabled repositories are listed, but their content cannot be read.
    if (repo.isDisabled) throw repositoryNotFound(key);
    ctx.assertRepositoryReadable(repo.id, repo.name);
  }
  return repo;
}

function commitUrl(ctx: RequestContext, repo: DemoRepository, commitId: string): string {
  return `${ctx.urls.orgUrl}/${repo.projectId}/_apis/git/repositories/${repo.id}/commits/${commitId}`;
}

function commitView(
  ctx: RequestContext,
  repo: DemoRepository,
  commit: DemoCommit,
  includeWorkItems: boolean,
): Record<string, unknown> {
  const project = projectOf(ctx, repo);
  const user = {
    name: commit.author.displayName,
    email: commit.author.uniqueName,
    date: commit.date,
  };
  const view: Record<string, unknown> = {
    commitId: commit.commitId,
    author: user,
    committer: user,
    comment: commit.comment,
    changeCounts: commit.changeCounts,
    parents: commit.parents,
    url: commitUrl(ctx, repo, commit.commitId),
    remoteUrl: `${ctx.urls.orgUrl}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}/commit/${commit.commitId}`,
  };
  if (includeWorkItems) view.workItems = resourceRefs(ctx.urls, commit.workItemIds);
  return view;
}

function commitIndex(repo: DemoRepository): Map<string, DemoCommit> {
  return new Map(
    [...repo.commits, ...repo.branchCommits].map((commit) => [commit.commitId, commit]),
  );
}

/** First-parent history from a commit. */
function history(repo: DemoRepository, headId: string): DemoCommit[] {
  const byId = commitIndex(repo);
  const out: DemoCommit[] = [];
  let current = byId.get(headId);
  while (current) {
    out.push(current);
    current = current.parents.length > 0 ? byId.get(current.parents[0]) : undefined;
  }
  return out;
}

function resolveVersion(
  repo: DemoRepository,
  version: string,
  versionType: string,
): string | undefined {
  const type = versionType.toLowerCase();
  if (type === "commit") return version;
  const prefix = type === "tag" ? "refs/tags/" : "refs/heads/";
  const name = version.startsWith("refs/") ? version : prefix + version;
  return repo.refs.find((ref) => ref.name.toLowerCase() === name.toLowerCase())?.objectId;
}

interface CommitCriteria {
  ids: string[];
  itemVersion?: { version: string; versionType: string };
  author?: string;
  fromDate?: string;
  toDate?: string;
  includeWorkItems: boolean;
  top?: number;
  skip?: number;
}

function searchCommits(repo: DemoRepository, criteria: CommitCriteria): DemoCommit[] {
  let commits: DemoCommit[];
  if (criteria.ids.length > 0) {
    const byId = commitIndex(repo);
    commits = criteria.ids
      .map((id) => byId.get(id.toLowerCase()))
      .filter((commit): commit is DemoCommit => commit !== undefined);
  } else if (criteria.itemVersion) {
    const head = resolveVersion(
      repo,
      criteria.itemVersion.version,
      criteria.itemVersion.versionType,
    );
    if (!head) {
      throw genericNotFound(
        `TF401175: The version descriptor <${criteria.itemVersion.versionType}: ${criteria.itemVersion.version}> could not be resolved to a version in the repository ${repo.name}.`,
      );
    }
    commits = history(repo, head);
  } else {
    commits = repo.defaultBranch ? history(repo, repo.commits[0]?.commitId ?? "") : [];
  }
  if (criteria.author) {
    const needle = criteria.author.toLowerCase();
    commits = commits.filter(
      (commit) =>
        commit.author.displayName.toLowerCase().includes(needle) ||
        commit.author.uniqueName.toLowerCase().includes(needle),
    );
  }
  const from = criteria.fromDate ? Date.parse(criteria.fromDate) : NaN;
  const to = criteria.toDate ? Date.parse(criteria.toDate) : NaN;
  if (!Number.isNaN(from)) commits = commits.filter((commit) => commit.date.getTime() >= from);
  if (!Number.isNaN(to)) commits = commits.filter((commit) => commit.date.getTime() <= to);
  const skip = criteria.skip ?? 0;
  return commits.slice(skip, skip + (criteria.top ?? 100));
}

const PR_STATUS_NUMBERS: Record<string, string> = {
  "0": "notset",
  "1": "active",
  "2": "abandoned",
  "3": "completed",
  "4": "all",
};

function prCriteria(ctx: RequestContext, name: string): string | undefined {
  return ctx.query.get(`searchCriteria.${name}`, name);
}

function filterPullRequests(ctx: RequestContext, prs: DemoPullRequest[]): DemoPullRequest[] {
  let status = (prCriteria(ctx, "status") ?? "active").toLowerCase();
  status = PR_STATUS_NUMBERS[status] ?? status;
  if (!["notset", "active", "abandoned", "completed", "all"].includes(status)) {
    throw badRequest(`The value '${status}' is not valid for searchCriteria.status.`);
  }
  const target = prCriteria(ctx, "targetRefName")?.toLowerCase();
  const source = prCriteria(ctx, "sourceRefName")?.toLowerCase();
  const repositoryId = prCriteria(ctx, "repositoryId")?.toLowerCase();
  const creatorId = prCriteria(ctx, "creatorId")?.toLowerCase();
  const reviewerId = prCriteria(ctx, "reviewerId")?.toLowerCase();
  const filtered = prs.filter(
    (pr) =>
      (status === "all" || pr.status === status) &&
      (!target || pr.targetRefName.toLowerCase() === target) &&
      (!source || pr.sourceRefName.toLowerCase() === source) &&
      (!repositoryId || pr.repositoryId === repositoryId) &&
      (!creatorId || pr.createdBy.id === creatorId) &&
      (!reviewerId || pr.reviewers.some((reviewer) => reviewer.person.id === reviewerId)),
  );
  // Newest first, like the service.
  return filtered.sort((a, b) => b.id - a.id);
}

export function pullRequestView(
  ctx: RequestContext,
  pr: DemoPullRequest,
  detail: boolean,
): Record<string, unknown> {
  const repo = ctx.store.repoById.get(pr.repositoryId) as DemoRepository;
  const project = projectOf(ctx, repo);
  const url = `${ctx.urls.orgUrl}/${project.id}/_apis/git/repositories/${repo.id}/pullRequests/${pr.id}`;
  const commitRef = (commitId: string) => {
    const ref: Record<string, unknown> = { commitId, url: commitUrl(ctx, repo, commitId) };
    const known = detail ? commitIndex(repo).get(commitId) : undefined;
    if (known) {
      const user = {
        name: known.author.displayName,
        email: known.author.uniqueName,
        date: known.date,
      };
      Object.assign(ref, { author: user, committer: user, comment: known.comment });
    }
    return ref;
  };
  const view: Record<string, unknown> = {
    repository: repositoryRef(ctx.urls, repo, project),
    pullRequestId: pr.id,
    codeReviewId: pr.id,
    status: en("PullRequestStatus", pr.status),
    createdBy: identity(ctx.urls, pr.createdBy),
    creationDate: pr.creationDate,
  };
  if (pr.closedDate) view.closedDate = pr.closedDate;
  Object.assign(view, {
    title: pr.title,
    description: pr.description,
    sourceRefName: pr.sourceRefName,
    targetRefName: pr.targetRefName,
    mergeStatus: en("PullRequestAsyncStatus", pr.mergeStatus),
    isDraft: pr.isDraft,
    mergeId: uuidFrom(`merge:${pr.repositoryId}:${pr.id}`),
    lastMergeSourceCommit: commitRef(pr.lastMergeSourceCommit),
    lastMergeTargetCommit: commitRef(pr.lastMergeTargetCommit),
  });
  if (pr.lastMergeCommit) view.lastMergeCommit = commitRef(pr.lastMergeCommit);
  view.reviewers = pr.reviewers.map((reviewer) => ({
    reviewerUrl: `${ctx.urls.orgUrl}/${project.id}/_apis/git/repositories/${repo.id}/pullRequests/${pr.id}/reviewers/${reviewer.person.id}`,
    vote: reviewer.vote,
    hasDeclined: reviewer.hasDeclined,
    isRequired: reviewer.isRequired,
    isFlagged: false,
    ...identity(ctx.urls, reviewer.person),
  }));
  if (pr.closedBy) view.closedBy = identity(ctx.urls, pr.closedBy);
  if (pr.status === "completed" && pr.mergeStrategy) {
    const options: Record<string, unknown> = {
      mergeStrategy: en("GitPullRequestMergeStrategy", pr.mergeStrategy),
      deleteSourceBranch: true,
      squashMerge: pr.mergeStrategy === "squash",
      transitionWorkItems: true,
    };
    if (pr.bypassPolicy) {
      options.bypassPolicy = true;
      options.bypassReason = pr.bypassReason;
    }
    view.completionOptions = options;
    if (pr.closedDate) view.completionQueueTime = new Date(pr.closedDate.getTime() - 60 * 1000);
  }
  view.url = url;
  view.supportsIterations = true;
  if (detail) {
    view.artifactId = `vstfs:///Git/PullRequestId/${project.id}%2f${repo.id}%2f${pr.id}`;
    if (ctx.query.bool("includeWorkItemRefs"))
      view.workItemRefs = resourceRefs(ctx.urls, pr.workItemIds);
    if (ctx.query.bool("includeCommits") && pr.lastMergeCommit)
      view.commits = [commitRef(pr.lastMergeCommit)];
  }
  return view;
}

function commitsRoute(ctx: RequestContext) {
  const repo = resolveRepository(ctx, true);
  const criteria: CommitCriteria = {
    ids: ctx.query.list("searchCriteria.ids", "ids"),
    author: ctx.query.get("searchCriteria.author", "author"),
    fromDate: ctx.query.get("searchCriteria.fromDate", "fromDate"),
    toDate: ctx.query.get("searchCriteria.toDate", "toDate"),
    includeWorkItems:
      ctx.query.bool("searchCriteria.includeWorkItems") || ctx.query.bool("includeWorkItems"),
    top: ctx.query.int("searchCriteria.$top", "$top", "top"),
    skip: ctx.query.int("searchCriteria.$skip", "$skip", "skip"),
  };
  const version = ctx.query.get("searchCriteria.itemVersion.version", "itemVersion.version");
  if (version) {
    criteria.itemVersion = {
      version,
      versionType:
        ctx.query.get("searchCriteria.itemVersion.versionType", "itemVersion.versionType") ??
        "branch",
    };
  }
  return list(
    searchCommits(repo, criteria).map((commit) =>
      commitView(ctx, repo, commit, criteria.includeWorkItems),
    ),
  );
}

/** Policy configurations that apply (repository + ref), per the service's scope rules. */
function appliesTo(
  policy: DemoPolicy,
  repo: DemoRepository | undefined,
  refName: string | undefined,
): boolean {
  const current = policy.revisions[policy.revisions.length - 1];
  const scopes = (current.settings.scope ?? []) as {
    repositoryId?: string | null;
    refName?: string | null;
    matchKind?: string | null;
  }[];
  if (!repo && !refName) {
    // Defined at project level: every scope entry is project-wide.
    return scopes.length > 0 && scopes.every((scope) => !scope.repositoryId);
  }
  return scopes.some((scope) => {
    if (repo && scope.repositoryId && scope.repositoryId !== repo.id) return false;
    if (!repo && scope.repositoryId) return false;
    const kind = (scope.matchKind ?? "").toLowerCase();
    if (!kind && !scope.refName) return true;
    if (!refName) return true;
    const ref = refName.toLowerCase();
    if (kind === "exact") return (scope.refName ?? "").toLowerCase() === ref;
    if (kind === "prefix") return ref.startsWith((scope.refName ?? "").toLowerCase());
    if (kind === "defaultbranch")
      return !!repo?.defaultBranch && repo.defaultBranch.toLowerCase() === ref;
    return false;
  });
}

/** Folder paths implied by the files of a repository (`/compliance` for `/compliance/x.yml`). */
function isFolder(files: Record<string, string>, path: string): boolean {
  const prefix = path === "/" ? "/" : `${path}/`;
  return Object.keys(files).some((file) => file.startsWith(prefix));
}

/**
 * One item by `path` (or `scopePath`) on a branch, tag or commit (default: the default branch).
 * JSON only: `includeContent=true` puts the text in `content`, as the service does for JSON.
 */
function itemRoute(ctx: RequestContext) {
  const repo = resolveRepository(ctx, true);
  const rawPath = ctx.params.path || ctx.query.get("path", "scopePath") || "/";
  const path = `/${rawPath.replace(/^\/+/, "")}`.replace(/\/+$/, "") || "/";
  const version = ctx.query.get("versionDescriptor.version", "version");
  const versionType = ctx.query.get("versionDescriptor.versionType", "versionType") ?? "branch";
  const shown = version ?? (repo.defaultBranch ?? "").replace(/^refs\/heads\//, "");
  const commitId =
    version !== undefined
      ? resolveVersion(repo, version, versionType)
      : repo.defaultBranch
        ? resolveVersion(repo, repo.defaultBranch, "branch")
        : undefined;
  if (!commitId) {
    throw genericNotFound(
      `TF401175: The version descriptor <${versionType}: ${shown}> could not be resolved to a version in the repository ${repo.name}`,
    );
  }
  const files = repo.files ?? {};
  const text = files[path];
  const folder = text === undefined && isFolder(files, path);
  if (text === undefined && !folder) {
    throw notFound(
      `TF401174: The item '${path}' could not be found in the repository '${repo.name}' at the version specified by '<${versionType}: ${shown}>' (resolved to commit '${commitId}').`,
      "Microsoft.TeamFoundation.Git.Server.GitItemNotFoundException, Microsoft.TeamFoundation.Git.Server",
      "GitItemNotFoundException",
    );
  }
  const body: Record<string, unknown> = {
    objectId: shaFrom(`item:${repo.id}:${path}:${text ?? "folder"}`),
    gitObjectType: en("GitObjectType", folder ? "tree" : "blob"),
    commitId,
    path,
    url: `${ctx.urls.orgUrl}/${repo.projectId}/_apis/git/repositories/${repo.id}/items?path=${encodeURIComponent(path)}&versionType=Branch&versionOptions=None`,
  };
  if (folder) body.isFolder = true;
  if (!folder && ctx.query.bool("includeContent")) body.content = text;
  return { body };
}

export const gitRoutes: Route[] = [
  {
    method: "GET",
    pattern: "git/repositories",
    project: "optional",
    name: "git.repositories",
    handler: (ctx) => {
      const repos = ctx.project
        ? (ctx.store.reposByProject.get(ctx.project.id) ?? [])
        : ctx.store.demo.repositories;
      return list(repos.map((repo) => repositoryView(ctx.urls, repo, projectOf(ctx, repo))));
    },
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}",
    project: "optional",
    name: "git.repository",
    handler: (ctx) => {
      const repo = resolveRepository(ctx, false);
      return { body: repositoryView(ctx.urls, repo, projectOf(ctx, repo)) };
    },
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}/refs/{*filter}",
    project: "optional",
    name: "git.refs",
    handler: (ctx) => {
      const repo = resolveRepository(ctx, true);
      const filter = (ctx.params.filter || ctx.query.get("filter") || "").toLowerCase();
      const contains = ctx.query.get("filterContains")?.toLowerCase();
      const refs = repo.refs
        .filter((ref) => ref.name.toLowerCase().startsWith(`refs/${filter}`))
        .filter((ref) => !contains || ref.name.toLowerCase().includes(contains))
        .map((ref) => ({
          name: ref.name,
          objectId: ref.objectId,
          creator: identity(ctx.urls, ref.creator),
          url: `${ctx.urls.orgUrl}/${repo.projectId}/_apis/git/repositories/${repo.id}/refs?filter=${encodeURIComponent(ref.name.slice(5))}`,
        }));
      return headerPaged(ctx, refs, { defaultTopWithToken: 100, maxTop: 1000 });
    },
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}/items/{*path}",
    project: "optional",
    name: "git.items",
    handler: itemRoute,
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}/commits",
    project: "optional",
    name: "git.commits",
    handler: commitsRoute,
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}/commits/{commitId}",
    project: "optional",
    name: "git.commit",
    handler: (ctx) => {
      const repo = resolveRepository(ctx, true);
      const commit = commitIndex(repo).get(ctx.params.commitId.toLowerCase());
      if (!commit) {
        throw genericNotFound(
          `TF401174: The item ${ctx.params.commitId} in repository ${repo.name}`,
        );
      }
      return { body: commitView(ctx, repo, commit, false) };
    },
  },
  {
    method: "POST",
    pattern: "git/repositories/{repositoryId}/commitsbatch",
    project: "optional",
    name: "git.commitsbatch",
    handler: (ctx) => {
      const repo = resolveRepository(ctx, true);
      const body = (ctx.body ?? {}) as {
        ids?: string[];
        itemVersion?: { version: string; versionType?: string };
        includeWorkItems?: boolean;
        $top?: number;
        $skip?: number;
      };
      if (body.ids !== undefined && !Array.isArray(body.ids))
        throw badRequest("ids must be an array.");
      const criteria: CommitCriteria = {
        ids: body.ids ?? [],
        itemVersion: body.itemVersion
          ? {
              version: body.itemVersion.version,
              versionType: body.itemVersion.versionType ?? "branch",
            }
          : undefined,
        includeWorkItems: body.includeWorkItems === true,
        top:
          ctx.query.int("$top") ??
          body.$top ??
          (body.ids ? Math.max(body.ids.length, 100) : undefined),
        skip: ctx.query.int("$skip") ?? body.$skip,
      };
      return list(
        searchCommits(repo, criteria).map((commit) =>
          commitView(ctx, repo, commit, criteria.includeWorkItems),
        ),
      );
    },
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}/pullrequests",
    project: "optional",
    name: "git.pullrequests",
    handler: (ctx) => {
      const repo = resolveRepository(ctx, true);
      const prs = ctx.store.demo.pullRequests.filter((pr) => pr.repositoryId === repo.id);
      return list(
        skipTop(ctx, filterPullRequests(ctx, prs)).map((pr) => pullRequestView(ctx, pr, false)),
      );
    },
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}/pullrequests/{pullRequestId}",
    project: "optional",
    name: "git.pullrequest",
    handler: (ctx) => {
      const repo = resolveRepository(ctx, true);
      const pr = ctx.store.pullRequestById.get(Number(ctx.params.pullRequestId));
      if (!pr || pr.repositoryId !== repo.id) {
        throw genericNotFound(`TF401180: The requested pull request ${ctx.params.pullRequestId}`);
      }
      return { body: pullRequestView(ctx, pr, true) };
    },
  },
  {
    method: "GET",
    pattern: "git/repositories/{repositoryId}/pullrequests/{pullRequestId}/workitems",
    project: "optional",
    name: "git.pullrequest.workitems",
    handler: (ctx) => {
      const repo = resolveRepository(ctx, true);
      const pr = ctx.store.pullRequestById.get(Number(ctx.params.pullRequestId));
      if (!pr || pr.repositoryId !== repo.id) {
        throw genericNotFound(`TF401180: The requested pull request ${ctx.params.pullRequestId}`);
      }
      return list(resourceRefs(ctx.urls, pr.workItemIds));
    },
  },
  {
    method: "GET",
    pattern: "git/pullrequests",
    project: "optional",
    name: "git.pullrequests.project",
    handler: (ctx) => {
      const all = ctx.project
        ? (ctx.store.pullRequestsByProject.get(ctx.project.id) ?? [])
        : ctx.store.demo.pullRequests;
      const readable = all.filter((pr) => {
        const repo = ctx.store.repoById.get(pr.repositoryId) as DemoRepository;
        return !repo.isDisabled;
      });
      return list(
        skipTop(ctx, filterPullRequests(ctx, readable)).map((pr) =>
          pullRequestView(ctx, pr, false),
        ),
      );
    },
  },
  {
    method: "GET",
    pattern: "git/pullrequests/{pullRequestId}",
    project: "optional",
    name: "git.pullrequest.byid",
    handler: (ctx) => {
      const pr = ctx.store.pullRequestById.get(Number(ctx.params.pullRequestId));
      if (!pr || (ctx.project && pr.projectId !== ctx.project.id)) {
        throw genericNotFound(`TF401180: The requested pull request ${ctx.params.pullRequestId}`);
      }
      const repo = ctx.store.repoById.get(pr.repositoryId) as DemoRepository;
      ctx.assertRepositoryReadable(repo.id, repo.name);
      return { body: pullRequestView(ctx, pr, true) };
    },
  },
  {
    method: "GET",
    pattern: "git/policy/configurations",
    project: "required",
    name: "git.policy.configurations",
    handler: (ctx) => {
      const project = ctx.project as DemoProject;
      const repositoryId = ctx.query.get("repositoryId");
      const refName = ctx.query.get("refName");
      const policyType = ctx.query.get("policyType")?.toLowerCase();
      let repo: DemoRepository | undefined;
      if (repositoryId) {
        repo = ctx.store.repository(project.id, repositoryId);
        if (!repo) throw repositoryNotFound(repositoryId);
      }
      const policies = (ctx.store.policiesByProject.get(project.id) ?? [])
        .filter((policy) => !policy.revisions[policy.revisions.length - 1].isDeleted)
        .filter(
          (policy) =>
            !policyType || policy.revisions[policy.revisions.length - 1].typeId === policyType,
        )
        .filter((policy) => appliesTo(policy, repo, refName))
        .sort((a, b) => a.id - b.id);
      return idPaged(ctx, policies, (policy) => policy.id, {
        top: ctx.query.int("$top"),
        view: (policy) => policyView(ctx, policy, policy.revisions.length - 1),
      });
    },
  },
];
