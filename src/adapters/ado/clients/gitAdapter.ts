import type {
  GitPullRequest,
  GitPullRequestSearchCriteria,
  GitQueryCommitsCriteria,
} from "azure-devops-extension-api/Git";
import type {
  CommitRef,
  GitRef,
  PullRequest,
  PullRequestStatus,
  Repository,
} from "../../../core/model";
import { SourceError, type GitSource } from "../../../core/sources";
import { distinct, runInBatches } from "../batching";
import {
  mapCommit,
  mapGitRef,
  mapPullRequest,
  mapRepository,
  PULL_REQUEST_STATUS_QUERY,
} from "../mappers";
import { collectAllByContinuationToken, collectByTopSkip, itemsOf } from "../paging";
import { byId, guarded, guardedList, rawTokenPage, type AdapterContext } from "./shared";

const REFS_PAGE_SIZE = 1000; // the service maximum for refs
const PULL_REQUESTS_PAGE_SIZE = 100;
const COMMITS_BATCH_SIZE = 100;

/*
 * Every git route is requested directly, with the route template and api-version the generated
 * GitRestClient uses (the same request on the wire): that class is 4 KB gzip on every page that
 * reads git, for the four routes used here.
 */
const GIT_API_VERSION = "7.2-preview.2";

export class GitAdapter implements GitSource {
  private readonly raw;

  constructor(context: AdapterContext) {
    this.raw = context.raw("git");
  }

  listRepositories(project: string): Promise<Repository[]> {
    return guardedList(`list repositories of ${project}`, byId, async () => {
      const body = await this.raw.request<unknown>({
        routeTemplate: "{project}/_apis/git/Repositories/{repositoryId}",
        apiVersion: GIT_API_VERSION,
        routeValues: { project },
      });
      return itemsOf(body, "repositories").map(mapRepository);
    });
  }

  listRefs(project: string, repositoryId: string, filter?: string): Promise<GitRef[]> {
    const what = `refs of repository ${repositoryId}`;
    return guardedList(
      `list ${what}`,
      (ref) => ref.name,
      async () => {
        // getRefs cannot pass a continuation token back, so the same route is requested directly.
        const refs = await collectAllByContinuationToken(
          (continuationToken) =>
            rawTokenPage(
              this.raw,
              {
                routeTemplate: "{project}/_apis/git/repositories/{repositoryId}/refs",
                apiVersion: "7.2-preview.2",
                routeValues: { project, repositoryId },
                queryParams: { filter, $top: REFS_PAGE_SIZE, continuationToken },
              },
              what,
            ),
          what,
        );
        return refs.map(mapGitRef);
      },
    );
  }

  getPullRequest(
    project: string,
    repositoryId: string,
    pullRequestId: number,
  ): Promise<PullRequest> {
    return guarded(`get pull request ${pullRequestId}`, async () => {
      const body = await this.raw.request<GitPullRequest>({
        routeTemplate:
          "{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}",
        apiVersion: GIT_API_VERSION,
        routeValues: { project, repositoryId, pullRequestId },
        queryParams: { includeCommits: false, includeWorkItemRefs: true },
      });
      return mapPullRequest(body, repositoryId);
    });
  }

  listPullRequests(
    project: string,
    criteria: { repositoryId?: string; status?: PullRequestStatus | "all"; targetRefName?: string },
  ): Promise<PullRequest[]> {
    return guardedList(`list pull requests of ${project}`, byId, async () => {
      // Only the criteria given are sent; the interface lists every field as required.
      const searchCriteria = {
        repositoryId: criteria.repositoryId,
        status: PULL_REQUEST_STATUS_QUERY[criteria.status ?? "all"],
        targetRefName: criteria.targetRefName,
      } as unknown as GitPullRequestSearchCriteria;
      const items = await collectByTopSkip(
        async (top, skip) =>
          itemsOf(
            await this.raw.request<unknown>({
              routeTemplate: "{project}/_apis/git/pullRequests",
              apiVersion: GIT_API_VERSION,
              routeValues: { project },
              queryParams: { searchCriteria, $skip: skip, $top: top },
            }),
            "pull requests",
          ),
        PULL_REQUESTS_PAGE_SIZE,
        "pull requests",
        (item) => String((item as { pullRequestId?: unknown }).pullRequestId),
      );
      return items.map((item) => mapPullRequest(item));
    });
  }

  getItemText(
    project: string,
    repositoryId: string,
    path: string,
    version?: string,
  ): Promise<string> {
    const what = `item ${path} of repository ${repositoryId}`;
    return guarded(`get ${what}`, async () => {
      // JSON with includeContent: one request, and the transport's error handling applies (a
      // missing file or branch is a 404, i.e. SourceError not-found).
      const body = await this.raw.request<unknown>({
        routeTemplate: "{project}/_apis/git/repositories/{repositoryId}/items",
        apiVersion: "7.1",
        routeValues: { project, repositoryId },
        queryParams: {
          path,
          includeContent: true,
          "versionDescriptor.version": version?.replace(/^refs\/heads\//, ""),
          "versionDescriptor.versionType": version ? "branch" : undefined,
        },
      });
      const item = (body ?? {}) as {
        content?: unknown;
        isFolder?: unknown;
        gitObjectType?: unknown;
      };
      if (item.isFolder === true || item.gitObjectType === "tree" || item.gitObjectType === 2) {
        throw new SourceError("not-found", `${what} is a folder, not a file`);
      }
      if (typeof item.content !== "string") {
        throw new SourceError("malformed", `${what}: the answer carries no text content`);
      }
      return item.content;
    });
  }

  getCommits(project: string, repositoryId: string, commitIds: string[]): Promise<CommitRef[]> {
    return guarded(`get commits of repository ${repositoryId}`, async () => {
      const ids = distinct(commitIds);
      return runInBatches(ids, COMMITS_BATCH_SIZE, async (batch) => {
        const criteria = {
          ids: batch,
          includeWorkItems: true,
        } as unknown as GitQueryCommitsCriteria;
        const body = await this.raw.request<unknown>({
          routeTemplate: "{project}/_apis/git/repositories/{repositoryId}/CommitsBatch",
          apiVersion: GIT_API_VERSION,
          method: "POST",
          routeValues: { project, repositoryId },
          queryParams: { $skip: 0, $top: batch.length },
          body: criteria,
        });
        return itemsOf(body, "commits").map((commit) => mapCommit(commit, repositoryId));
      });
    });
  }
}
