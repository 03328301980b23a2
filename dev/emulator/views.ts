/** Common REST shapes built from the store per request (URLs depend on the host). */
import { en } from "./format";
import type { DemoProject, DemoRepository, Person } from "./demo/model";
import type { Urls } from "./http";

export function identity(urls: Urls, person: Person): Record<string, unknown> {
  const avatar = `${urls.orgUrl}/_apis/GraphProfile/MemberAvatars/${person.descriptor}`;
  return {
    displayName: person.displayName,
    url: `${urls.orgUrl}/_apis/Identities/${person.id}`,
    _links: { avatar: { href: avatar } },
    id: person.id,
    uniqueName: person.uniqueName,
    imageUrl: avatar,
    descriptor: person.descriptor,
    ...(person.isContainer ? { isContainer: true } : {}),
  };
}

export function projectRef(urls: Urls, project: DemoProject): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    url: `${urls.orgUrl}/_apis/projects/${project.id}`,
    state: en("ProjectState", "wellFormed"),
    revision: project.revision,
    visibility: en("ProjectVisibility", "private"),
    lastUpdateTime: project.lastUpdateTime,
  };
}

export function projectFull(urls: Urls, project: DemoProject): Record<string, unknown> {
  return {
    ...projectRef(urls, project),
    description: project.description,
    _links: {
      self: { href: `${urls.orgUrl}/_apis/projects/${project.id}` },
      collection: { href: `${urls.orgUrl}/_apis/projectCollections/${project.id}` },
      web: { href: `${urls.orgUrl}/${encodeURIComponent(project.name)}` },
    },
    defaultTeam: { id: project.id, name: `${project.name} Team` },
  };
}

export function repositoryView(
  urls: Urls,
  repo: DemoRepository,
  project: DemoProject,
): Record<string, unknown> {
  const remote = urls.baseUrl.replace("://", `://${urls.org}@`);
  const view: Record<string, unknown> = {
    id: repo.id,
    name: repo.name,
    url: `${urls.orgUrl}/${project.id}/_apis/git/repositories/${repo.id}`,
    project: projectRef(urls, project),
  };
  if (repo.defaultBranch) view.defaultBranch = repo.defaultBranch;
  Object.assign(view, {
    size: repo.size,
    remoteUrl: `${remote}/${urls.org}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`,
    sshUrl: `git@ssh.dev.azure.com:v3/${urls.org}/${encodeURIComponent(project.name)}/${encodeURIComponent(repo.name)}`,
    webUrl: `${urls.orgUrl}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`,
    isDisabled: repo.isDisabled,
    isInMaintenance: false,
  });
  return view;
}

/** The shallow repository reference embedded in pull requests. */
export function repositoryRef(
  urls: Urls,
  repo: DemoRepository,
  project: DemoProject,
): Record<string, unknown> {
  return {
    id: repo.id,
    name: repo.name,
    url: `${urls.orgUrl}/${project.id}/_apis/git/repositories/${repo.id}`,
    project: {
      id: project.id,
      name: project.name,
      state: en("ProjectState", "unchanged"),
      visibility: en("ProjectVisibility", "private"),
    },
  };
}

export function workItemUrl(urls: Urls, id: number, projectId?: string): string {
  return projectId
    ? `${urls.orgUrl}/${projectId}/_apis/wit/workItems/${id}`
    : `${urls.orgUrl}/_apis/wit/workItems/${id}`;
}

export function resourceRefs(urls: Urls, ids: number[]): { id: string; url: string }[] {
  return ids.map((id) => ({ id: String(id), url: workItemUrl(urls, id) }));
}
