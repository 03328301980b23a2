import { shortBranchName } from "./format";

/**
 * Deep links into the Azure DevOps web UI, built only from ids and names, each segment encoded.
 * `orgUrl` is the organisation root (e.g. `https://dev.azure.com/fabrikam/`); `project` a name or id.
 */
export interface WebLinks {
  repository(repository: string): string;
  branch(repository: string, refName: string): string;
  commit(repository: string, commitId: string): string;
  pullRequest(repository: string, pullRequestId: number): string;
  build(buildId: number): string;
  pipeline(definitionId: number): string;
  release(releaseId: number): string;
  releaseEnvironment(releaseId: number, environmentId: number): string;
  releaseDefinition(definitionId: number): string;
  workItem(workItemId: number): string;
  /** The same links for another project of the organisation (artifacts may live elsewhere). */
  forProject(project: string): WebLinks;
}

const e = encodeURIComponent;

export function createWebLinks(orgUrl: string, project: string): WebLinks {
  const root = `${orgUrl.replace(/\/+$/, "")}/${e(project)}`;
  return {
    repository: (repository) => `${root}/_git/${e(repository)}`,
    branch: (repository, refName) =>
      `${root}/_git/${e(repository)}?version=${e(`GB${shortBranchName(refName)}`)}`,
    commit: (repository, commitId) => `${root}/_git/${e(repository)}/commit/${e(commitId)}`,
    pullRequest: (repository, pullRequestId) =>
      `${root}/_git/${e(repository)}/pullrequest/${e(String(pullRequestId))}`,
    build: (buildId) => `${root}/_build/results?buildId=${e(String(buildId))}`,
    pipeline: (definitionId) => `${root}/_build?definitionId=${e(String(definitionId))}`,
    release: (releaseId) =>
      `${root}/_releaseProgress?_a=release-pipeline-progress&releaseId=${e(String(releaseId))}`,
    releaseEnvironment: (releaseId, environmentId) =>
      `${root}/_releaseProgress?_a=release-environment-logs&releaseId=${e(String(releaseId))}` +
      `&environmentId=${e(String(environmentId))}`,
    releaseDefinition: (definitionId) =>
      `${root}/_release?_a=releases&view=mine&definitionId=${e(String(definitionId))}`,
    workItem: (workItemId) => `${root}/_workitems/edit/${e(String(workItemId))}`,
    forProject: (otherProject) => createWebLinks(orgUrl, otherProject),
  };
}
