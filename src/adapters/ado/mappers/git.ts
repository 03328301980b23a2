import type {
  CommitRef,
  GitRef,
  MergeStrategy,
  Project,
  PullRequest,
  PullRequestReviewer,
  PullRequestStatus,
  Repository,
} from "../../../core/model";
import {
  asObject,
  compact,
  enumValue,
  identityOf,
  malformed,
  optArray,
  optBool,
  optDate,
  optIdentity,
  optInt,
  optObject,
  optString,
  reqInt,
  reqString,
} from "./read";

/** Git `PullRequestStatus` (§9). */
export const PULL_REQUEST_STATUS: Readonly<Record<number, PullRequestStatus>> = {
  0: "notSet",
  1: "active",
  2: "abandoned",
  3: "completed",
};

/** Query value for `searchCriteria.status` (§9, All = 4). */
export const PULL_REQUEST_STATUS_QUERY: Readonly<Record<PullRequestStatus | "all", number>> = {
  notSet: 0,
  active: 1,
  abandoned: 2,
  completed: 3,
  all: 4,
};

/** Git `GitPullRequestMergeStrategy` (§9). */
export const MERGE_STRATEGY: Readonly<Record<number, MergeStrategy>> = {
  1: "noFastForward",
  2: "squash",
  3: "rebase",
  4: "rebaseMerge",
};

export function mapProject(value: unknown): Project {
  const what = "project";
  const project = asObject(value, what);
  return { id: reqString(project, "id", what), name: reqString(project, "name", what) };
}

export function mapRepository(value: unknown): Repository {
  const what = "repository";
  const repository = asObject(value, what);
  const project = optObject(repository, "project", what);
  const projectId = project ? reqString(project, "id", `${what}.project`) : undefined;
  if (!projectId) {
    throw malformed(what, "project.id", "is missing");
  }
  return compact({
    id: reqString(repository, "id", what),
    name: reqString(repository, "name", what),
    projectId,
    defaultBranch: optString(repository, "defaultBranch", what) || undefined,
    isDisabled: optBool(repository, "isDisabled", what),
    webUrl: optString(repository, "webUrl", what),
  });
}

export function mapGitRef(value: unknown): GitRef {
  const what = "git ref";
  const ref = asObject(value, what);
  return { name: reqString(ref, "name", what), objectId: reqString(ref, "objectId", what) };
}

export function mapCommit(value: unknown, repositoryId: string): CommitRef {
  const what = "commit";
  const commit = asObject(value, what);
  const author = optObject(commit, "author", what);
  const committer = optObject(commit, "committer", what);
  const workItems = commit.workItems;
  return compact({
    id: reqString(commit, "commitId", what),
    repositoryId,
    comment: optString(commit, "comment", what),
    authorName: author ? optString(author, "name", `${what}.author`) : undefined,
    authorEmail: author ? optString(author, "email", `${what}.author`) : undefined,
    authorDate: author ? optDate(author, "date", `${what}.author`) : undefined,
    committerDate: committer ? optDate(committer, "date", `${what}.committer`) : undefined,
    workItemIds:
      workItems === undefined || workItems === null
        ? undefined
        : optArray(commit, "workItems", what).map((ref) =>
            reqInt(asObject(ref, `${what}.workItems[]`), "id", `${what}.workItems[]`),
          ),
  });
}

export function mapPullRequest(value: unknown, fallbackRepositoryId?: string): PullRequest {
  const what = "pull request";
  const pr = asObject(value, what);
  const repository = optObject(pr, "repository", what);
  const repositoryId =
    (repository ? optString(repository, "id", `${what}.repository`) : undefined) ??
    fallbackRepositoryId;
  const project = repository ? optObject(repository, "project", `${what}.repository`) : undefined;
  const completion = optObject(pr, "completionOptions", what);
  const lastMergeCommit = optObject(pr, "lastMergeCommit", what);
  const closedBy = optIdentity(pr, "closedBy", what);
  const bypass = completion
    ? optBool(completion, "bypassPolicy", `${what}.completionOptions`)
    : false;
  const workItemRefs = pr.workItemRefs;
  return compact({
    id: reqInt(pr, "pullRequestId", what),
    repositoryId: repositoryId ?? missingRepository(what),
    repositoryName: repository ? optString(repository, "name", `${what}.repository`) : undefined,
    projectId: project ? optString(project, "id", `${what}.repository.project`) : undefined,
    title: optString(pr, "title", what) ?? "",
    status: enumValue(pr, "status", PULL_REQUEST_STATUS, what) ?? "notSet",
    sourceRefName: reqString(pr, "sourceRefName", what),
    targetRefName: reqString(pr, "targetRefName", what),
    createdBy: optIdentity(pr, "createdBy", what),
    creationDate: optDate(pr, "creationDate", what),
    closedDate: optDate(pr, "closedDate", what),
    closedBy,
    mergeCommitId: lastMergeCommit
      ? optString(lastMergeCommit, "commitId", `${what}.lastMergeCommit`)
      : undefined,
    reviewers: optArray(pr, "reviewers", what).map((reviewer) => mapReviewer(reviewer, what)),
    mergeStrategy: completion
      ? enumValue(completion, "mergeStrategy", MERGE_STRATEGY, `${what}.completionOptions`)
      : undefined,
    policyBypass: bypass
      ? compact({
          reason: optString(completion ?? {}, "bypassReason", `${what}.completionOptions`),
          by: closedBy,
        })
      : undefined,
    workItemIds:
      workItemRefs === undefined || workItemRefs === null
        ? undefined
        : optArray(pr, "workItemRefs", what).map((ref) =>
            reqInt(asObject(ref, `${what}.workItemRefs[]`), "id", `${what}.workItemRefs[]`),
          ),
  });
}

function missingRepository(what: string): never {
  throw malformed(what, "repository.id", "is missing");
}

function mapReviewer(value: unknown, parent: string): PullRequestReviewer {
  const what = `${parent}.reviewers[]`;
  const reviewer = asObject(value, what);
  return {
    identity: identityOf(reviewer, what),
    vote: optInt(reviewer, "vote", what) ?? 0,
    isRequired: optBool(reviewer, "isRequired", what),
    hasDeclined: optBool(reviewer, "hasDeclined", what),
  };
}
