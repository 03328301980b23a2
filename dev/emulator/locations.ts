/**
 * Resource locations for `OPTIONS {org}/_apis/{area}`: azure-devops-node-api looks every route up
 * here (by location id) before calling it. Ids and route templates are the ones the official
 * clients use; the version figures are the product's api-version table's, for the emulated server
 * (a route that server lacks is not listed, as the service does).
 */
import {
  routeForPath,
  versionsOn,
  type ServerTarget,
  type TargetVersions,
} from "../../src/adapters/ado/apiVersions";

export interface ApiResourceLocation {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}

const table: [string, string, string, string][] = [
  [
    "e81700f7-3be2-46de-8624-2eb35882fcaa",
    "Location",
    "ResourceAreas",
    "_apis/{resource}/{areaId}",
  ],
  ["603fe2ac-9723-48b9-88ad-09305aa6c6e1", "core", "projects", "_apis/projects/{*projectId}"],
  [
    "225f7195-f9c7-4d14-ab28-a83f7ff77e1f",
    "git",
    "repositories",
    "{project}/_apis/git/Repositories/{repositoryId}",
  ],
  [
    "2d874a60-a811-4f62-9c9f-963a6ea0a55b",
    "git",
    "refs",
    "{project}/_apis/git/repositories/{repositoryId}/refs/{*filter}",
  ],
  [
    "c2570c3b-5b3f-41b8-98bf-5407bfde8d58",
    "git",
    "commits",
    "{project}/_apis/git/repositories/{repositoryId}/Commits/{commitId}",
  ],
  [
    "6400dfb2-0bcb-462b-b992-5a57f8f1416c",
    "git",
    "commitsBatch",
    "{project}/_apis/git/repositories/{repositoryId}/CommitsBatch",
  ],
  [
    "9946fd70-0d40-406e-b686-b4744cbbcc37",
    "git",
    "pullRequests",
    "{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}",
  ],
  [
    "a5d28130-9cd2-40fa-9f08-902e7daa9efb",
    "git",
    "pullRequests",
    "{project}/_apis/git/pullRequests",
  ],
  [
    "01a46dea-7d46-4d40-bc84-319e7c260d99",
    "git",
    "pullRequests",
    "{project}/_apis/git/pullRequests/{pullRequestId}",
  ],
  [
    "0a637fcc-5370-4ce8-b0e8-98091f5f9482",
    "git",
    "pullRequestWorkItems",
    "{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/workitems",
  ],
  [
    "dad91cbe-d183-45f8-9c6e-9c1164472121",
    "policy",
    "configurations",
    "{project}/_apis/policy/Configurations/{configurationId}",
  ],
  [
    "fe1e68a2-60d3-43cb-855b-85e41ae97c95",
    "policy",
    "revisions",
    "{project}/_apis/policy/configurations/{configurationId}/Revisions/{revisionId}",
  ],
  [
    "44096322-2d3d-466a-bb30-d1b7de69f61f",
    "policy",
    "types",
    "{project}/_apis/policy/Types/{typeId}",
  ],
  [
    "0cd358e1-9217-4d94-8269-1c1ee6f93dcf",
    "build",
    "builds",
    "{project}/_apis/build/builds/{buildId}",
  ],
  [
    "dbeaf647-6167-421a-bda9-c9327b25e2e6",
    "build",
    "definitions",
    "{project}/_apis/build/definitions/{definitionId}",
  ],
  [
    "8baac422-4c6e-4de5-8532-db96d92acffa",
    "build",
    "Timeline",
    "{project}/_apis/build/builds/{buildId}/Timeline/{timelineId}",
  ],
  [
    "5a21f5d2-5642-47e4-a0bd-1356e6731bee",
    "build",
    "workitems",
    "{project}/_apis/build/builds/{buildId}/workitems",
  ],
  [
    "54572c7b-bbd3-45d4-80dc-28be08941620",
    "build",
    "changes",
    "{project}/_apis/build/builds/{buildId}/changes",
  ],
  [
    "72c7ddf8-2cdc-4f60-90cd-ab71c14a399b",
    "wit",
    "workItems",
    "{project}/_apis/wit/workItems/{id}",
  ],
  [
    "908509b6-4248-4475-a1cd-829139ba419f",
    "wit",
    "workItemsBatch",
    "{project}/_apis/wit/workItemsBatch",
  ],
  ["1a9c53f7-f243-4447-b110-35ef023636e4", "wit", "wiql", "{project}/{team}/_apis/wit/wiql"],
  [
    "a9a9aa7a-8c09-44d3-ad1b-46e855c1e3d3",
    "wit",
    "artifactUriQuery",
    "{project}/_apis/wit/artifactUriQuery",
  ],
  [
    "8572b1fc-2482-47fa-8f74-7e3ed53ee54b",
    "distributedtask",
    "environments",
    "{project}/_apis/distributedtask/environments/{environmentId}",
  ],
  [
    "51bb5d21-4305-4ea6-9dbb-b7488af73334",
    "distributedtask",
    "environmentdeploymentRecords",
    "{project}/_apis/distributedtask/environments/{environmentId}/environmentdeploymentRecords",
  ],
  [
    "a166fde7-27ad-408e-ba75-703c2cc9d500",
    "Release",
    "releases",
    "{project}/_apis/Release/releases/{releaseId}",
  ],
  [
    "d8f96f24-8ea7-4cb6-baab-2df8fc515665",
    "Release",
    "definitions",
    "{project}/_apis/Release/definitions/{definitionId}",
  ],
  [
    "b47c6458-e73b-47cb-a770-4df1e8813a91",
    "Release",
    "approvals",
    "{project}/_apis/Release/approvals",
  ],
];

/**
 * The table's versions of a location, found by its route template (the part after `_apis/`, with
 * the service's `{area}` and `{resource}` tokens filled in).
 */
function versionsOf(
  [, area, resourceName, routeTemplate]: [string, string, string, string],
  server: ServerTarget,
): TargetVersions | undefined {
  const afterApis = (routeTemplate.split("_apis/")[1] ?? "")
    .replace("{area}", area)
    .replace("{resource}", resourceName);
  const route = routeForPath(afterApis.split("/"));
  if (!route) throw new Error(`${routeTemplate} has no row in the api-version table.`);
  return versionsOn(route, server);
}

/** The locations the emulated server has, with their versions there. */
export function locationsOn(server: ServerTarget): ApiResourceLocation[] {
  return table.flatMap((entry) => {
    const [id, area, resourceName, routeTemplate] = entry;
    const versions = versionsOf(entry, server);
    if (!versions) return [];
    const { minVersion, maxVersion, releasedVersion, resourceVersion } = versions;
    return [
      {
        id,
        area,
        resourceName,
        routeTemplate,
        resourceVersion,
        minVersion,
        maxVersion,
        releasedVersion,
      },
    ];
  });
}

export function locationsForArea(area: string, server: ServerTarget): ApiResourceLocation[] {
  return locationsOn(server).filter(
    (location) => location.area.toLowerCase() === area.toLowerCase(),
  );
}
