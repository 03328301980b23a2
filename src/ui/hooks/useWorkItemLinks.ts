import * as React from "react";
import type { ArtifactLink, WorkItem } from "../../core/model";
import { SourceError, isSourceError, type Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { shortBranchName } from "../format";
import type { WebLinks } from "../links";
import { useAsync, type AsyncState } from "./useAsync";

export interface LinkedArtifact {
  /** Stable key: the artifact URI. */
  key: string;
  label: string;
  detail?: string;
  href?: string;
  /** Relation names on the work item, e.g. "Fixed in Commit", "Integrated in build". */
  relationNames: string[];
  /** Why details are missing, when a lookup failed; the link itself is still shown. */
  problem?: string;
}

export type LinkGroupId =
  "commits" | "pullRequests" | "builds" | "branches" | "releaseEnvironments" | "other";

export interface WorkItemLinks {
  workItem: WorkItem;
  groups: Record<LinkGroupId, LinkedArtifact[]>;
  total: number;
}

type Kind<K extends ArtifactLink["kind"]> = Extract<ArtifactLink, { kind: K }>;

function detailProblem(reason: unknown): string {
  return isSourceError(reason) ? `details unavailable (${reason.kind})` : "details unavailable";
}

/** Runs `lookup` once per distinct key; failures are kept per key, never thrown. */
async function lookupEach<T>(
  keys: string[],
  lookup: (key: string) => Promise<T>,
): Promise<Map<string, PromiseSettledResult<T>>> {
  const distinct = [...new Set(keys)];
  const results = await Promise.allSettled(distinct.map(lookup));
  return new Map(distinct.map((key, index) => [key, results[index]]));
}

function fulfilled<T>(result: PromiseSettledResult<T> | undefined): T | undefined {
  return result?.status === "fulfilled" ? result.value : undefined;
}

function problemOf<T>(result: PromiseSettledResult<T> | undefined): string | undefined {
  return result?.status === "rejected" ? detailProblem(result.reason) : undefined;
}

/** The work item's artifact links, grouped, with names and titles looked up where possible. */
export async function loadWorkItemLinks(
  sources: Sources,
  project: string,
  links: WebLinks,
  workItemId: number,
): Promise<WorkItemLinks> {
  const [workItem] = await sources.workItems.getWorkItems(project, [workItemId]);
  if (!workItem) throw new SourceError("not-found", `Work item ${workItemId} was not found`);

  const byUri = new Map<string, { artifact: ArtifactLink; names: string[] }>();
  for (const relation of workItem.relations) {
    if (!relation.artifact) continue;
    const entry = byUri.get(relation.url) ?? { artifact: relation.artifact, names: [] };
    if (relation.name && !entry.names.includes(relation.name)) entry.names.push(relation.name);
    byUri.set(relation.url, entry);
  }
  const entries = [...byUri.entries()].map(([uri, entry]) => ({ uri, ...entry }));
  const ofKind = <K extends ArtifactLink["kind"]>(kind: K) =>
    entries
      .filter((entry) => entry.artifact.kind === kind)
      .map((entry) => ({ ...entry, artifact: entry.artifact as Kind<K> }));

  const commits = ofKind("commit");
  const pullRequests = ofKind("pullRequest");
  const branches = ofKind("branch");
  const tags = ofKind("tag");
  const builds = ofKind("build");
  const releaseEnvironments = ofKind("releaseEnvironment");
  const unknown = ofKind("unknown");

  const gitProjects = [...commits, ...pullRequests, ...branches, ...tags].map(
    (entry) => entry.artifact.projectId,
  );
  const repositoryKey = (projectId: string, repositoryId: string) =>
    `${projectId.toLowerCase()}/${repositoryId.toLowerCase()}`;
  const commitKey = (entry: (typeof commits)[number]) =>
    repositoryKey(entry.artifact.projectId, entry.artifact.repositoryId);

  const [repositoryLists, commitLists, pullRequestDetails, buildDetails, releaseDetails] =
    await Promise.all([
      lookupEach(gitProjects, (projectId) => sources.git.listRepositories(projectId)),
      lookupEach(commits.map(commitKey), (key) => {
        const inRepository = commits.filter((entry) => commitKey(entry) === key);
        const { projectId, repositoryId } = inRepository[0].artifact;
        const ids = inRepository.map((entry) => entry.artifact.commitId);
        return sources.git.getCommits(projectId, repositoryId, ids);
      }),
      lookupEach(
        pullRequests.map((entry) => entry.uri),
        (uri) => {
          const { projectId, repositoryId, pullRequestId } = pullRequests.find(
            (entry) => entry.uri === uri,
          )!.artifact;
          return sources.git.getPullRequest(projectId, repositoryId, pullRequestId);
        },
      ),
      lookupEach(
        builds.map((entry) => String(entry.artifact.buildId)),
        (buildId) => sources.build.getRun(project, Number(buildId)),
      ),
      lookupEach(
        releaseEnvironments.map(
          (entry) => `${entry.artifact.projectId}:${entry.artifact.releaseId}`,
        ),
        (key) => {
          const [projectId, releaseId] = key.split(":");
          return sources.release.getRelease(projectId, Number(releaseId));
        },
      ),
    ]);

  const repositoryName = (projectId: string, repositoryId: string): string | undefined =>
    fulfilled(repositoryLists.get(projectId))?.find(
      (repository) => repository.id.toLowerCase() === repositoryId.toLowerCase(),
    )?.name;
  const repositoryLabel = (projectId: string, repositoryId: string) =>
    repositoryName(projectId, repositoryId) ?? repositoryId;

  const groups: Record<LinkGroupId, LinkedArtifact[]> = {
    commits: commits.map(({ uri, artifact, names }) => {
      const lookup = commitLists.get(commitKey({ uri, artifact, names }));
      const commit = fulfilled(lookup)?.find(
        (candidate) => candidate.id.toLowerCase() === artifact.commitId.toLowerCase(),
      );
      const repository = repositoryLabel(artifact.projectId, artifact.repositoryId);
      const message = commit?.comment?.split("\n")[0];
      return {
        key: uri,
        label: artifact.commitId.slice(0, 8),
        detail: message ? `${repository}: ${message}` : repository,
        href: links.forProject(artifact.projectId).commit(repository, artifact.commitId),
        relationNames: names,
        problem: problemOf(lookup),
      };
    }),
    pullRequests: pullRequests.map(({ uri, artifact, names }) => {
      const lookup = pullRequestDetails.get(uri);
      const pullRequest = fulfilled(lookup);
      const repository = repositoryLabel(artifact.projectId, artifact.repositoryId);
      return {
        key: uri,
        label: `!${artifact.pullRequestId}${pullRequest ? ` ${pullRequest.title}` : ""}`,
        detail: pullRequest
          ? `${repository} · ${pullRequest.status} · into ${shortBranchName(pullRequest.targetRefName)}`
          : repository,
        href: links.forProject(artifact.projectId).pullRequest(repository, artifact.pullRequestId),
        relationNames: names,
        problem: problemOf(lookup),
      };
    }),
    builds: builds.map(({ uri, artifact, names }) => {
      const lookup = buildDetails.get(String(artifact.buildId));
      const run = fulfilled(lookup);
      return {
        key: uri,
        label: run ? `${run.pipeline.name} ${run.number}` : `Build ${artifact.buildId}`,
        detail: run ? (run.result ?? run.status) : undefined,
        href: links.build(artifact.buildId),
        relationNames: names,
        problem: problemOf(lookup),
      };
    }),
    branches: [...branches, ...tags].map(({ uri, artifact, names }) => {
      const repository = repositoryLabel(artifact.projectId, artifact.repositoryId);
      const isBranch = artifact.kind === "branch";
      const name = isBranch ? artifact.branch : artifact.tag;
      return {
        key: uri,
        label: isBranch ? name : `Tag ${name}`,
        detail: repository,
        href: links
          .forProject(artifact.projectId)
          .branch(repository, isBranch ? `refs/heads/${name}` : `refs/tags/${name}`),
        relationNames: names,
      };
    }),
    releaseEnvironments: releaseEnvironments.map(({ uri, artifact, names }) => {
      const lookup = releaseDetails.get(`${artifact.projectId}:${artifact.releaseId}`);
      const release = fulfilled(lookup);
      const environment = release?.environments.find((env) => env.id === artifact.environmentId);
      return {
        key: uri,
        label: release
          ? `${release.name} · ${environment?.name ?? `environment ${artifact.environmentId}`}`
          : `Release ${artifact.releaseId} · environment ${artifact.environmentId}`,
        detail: release
          ? [release.definition.name, environment?.status].filter(Boolean).join(" · ")
          : undefined,
        href: links
          .forProject(artifact.projectId)
          .releaseEnvironment(artifact.releaseId, artifact.environmentId),
        relationNames: names,
        problem: problemOf(lookup),
      };
    }),
    other: unknown.map(({ uri, names }) => ({
      key: uri,
      label: uri,
      relationNames: names,
    })),
  };
  return { workItem, groups, total: entries.length };
}

export function useWorkItemLinks(workItemId: number): AsyncState<WorkItemLinks> {
  const { sources, project, links } = useUiEnvironment();
  const load = React.useCallback(
    () => loadWorkItemLinks(sources, project, links, workItemId),
    [sources, project, links, workItemId],
  );
  return useAsync(load);
}
