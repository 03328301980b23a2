/**
 * The one per-route api-version table: for every REST route the product (or the emulator) uses,
 * the route's version range on each target (as `OPTIONS /_apis` answers it) and the version the
 * product sends there. The transport applies it to every request; the emulator's strict mode
 * checks requests against it. Pure data and lookups.
 *
 * Where the figures come from:
 * - [LOC] The location data dev.azure.com answered to `OPTIONS /{org}/_apis?allHostTypes=True`
 *   (ado-recordings/test_invoke_command_basic.yaml #2): minVersion, releasedVersion ("0.0": the
 *   route never left preview), maxVersion and resourceVersion, per location id.
 * - [SPEC] The 7.1 OpenAPI specs (ado-rest-specs/<area>/7.1): an operation marked
 *   `x-ms-preview` is preview at 7.1; routes the specs lack are treated as preview.
 * - [CLIENT] The version azure-devops-extension-api 5.276's generated client hard-codes for the
 *   method the adapters call (azure-devops-node-api 17 sends the same 7.2-preview.N).
 * - [ADAPTER] A version an adapter pins instead (a raw route, or a released version on purpose).
 * - [VSRM]/[EXTMGMT] Release and extension data live on other hosts (vsrm., extmgmt.), whose
 *   location data is not recorded: their range is the specs' (released 7.1, max 7.2) and the
 *   resource version the client sends; their minVersion is not known and set at 2.0 (release)
 *   and 3.0/3.1 (work items, documents), well below anything sent.
 * - Server 2022: its REST ceiling is 7.0 (Server 2022.1 and later answer up to 7.1, so 7.0 is
 *   accepted by every Server 2022 and later). A route is sent released ("7.0") only where it was
 *   released long before 7.0 (git, build, core, policy configurations, wit, release, with 7.0
 *   reference pages at a plain "7.0"); every other route is sent "7.0-preview.N": the service
 *   accepts -preview on a released version, but refuses a plain version on a preview route, so
 *   preview is the safe side where the 7.0 status is not certain. minVersion is the Services one
 *   (a route's minimum never moves); the resource version is the one sent.
 */

/** Where a request goes: Azure DevOps Services, or Azure DevOps Server 2022 and later. */
export type ServerTarget = "services" | "server-2022";

export const SERVER_TARGETS: readonly ServerTarget[] = ["services", "server-2022"];

/** The highest REST version each target answers (the "latest REST API version" it reports). */
export const TARGET_MAX_VERSION: Readonly<Record<ServerTarget, string>> = {
  services: "7.2",
  "server-2022": "7.0",
};

/** A route's version range on one target, and the version the product sends there. */
export interface TargetVersions {
  /** The api-version the product sends to this route on this target. */
  send: string;
  minVersion: string;
  /** "0.0" when the route is preview only. */
  releasedVersion: string;
  maxVersion: string;
  resourceVersion: number;
}

/**
 * One REST location (its area, resource name and location id, as `OPTIONS /_apis` names them,
 * are in the comment of its row: they cost the browser bundles bytes and no lookup needs them).
 */
export interface ApiRoute {
  /** A short name for messages and tests: `git.refs`. */
  key: string;
  /**
   * The route after `_apis/`, lower case. `{}` is one segment, `{*}` any rest; trailing
   * parameters may be left out, as in the service's own route templates (the parameters' names
   * are in the row's comment, not in the bundles).
   */
  route: string;
  services: TargetVersions;
  /** Null when Azure DevOps Server 2022 has no such route. */
  server2022: TargetVersions | null;
}

/** Services: released at 7.1, maximum 7.2 [LOC]. */
function servicesReleased(
  send: string,
  minVersion: string,
  resourceVersion: number,
): TargetVersions {
  return { send, minVersion, releasedVersion: "7.1", maxVersion: "7.2", resourceVersion };
}

/** Services: preview only ("0.0" released), maximum 7.2 [LOC]. */
function servicesPreview(send: string, minVersion: string): TargetVersions {
  return { send, minVersion, releasedVersion: "0.0", maxVersion: "7.2", resourceVersion: 1 };
}

/** Server 2022: released at 7.0, sent "7.0". */
function server(minVersion: string, resourceVersion: number): TargetVersions {
  return { send: "7.0", minVersion, releasedVersion: "7.0", maxVersion: "7.0", resourceVersion };
}

/** Server 2022: treated as preview at 7.0, sent "7.0-preview.1". */
function serverPreview(minVersion: string): TargetVersions {
  return {
    send: "7.0-preview.1",
    minVersion,
    releasedVersion: "0.0",
    maxVersion: "7.0",
    resourceVersion: 1,
  };
}

/** A route released on both targets: Services at 7.1 (sent `send`), Server 2022 at 7.0. */
function released(
  key: string,
  route: string,
  send: string,
  minVersion: string,
  resourceVersion: number,
): ApiRoute {
  const services = servicesReleased(send, minVersion, resourceVersion);
  return { key, route, services, server2022: server(minVersion, resourceVersion) };
}

/** A route preview only on both targets. */
function preview(key: string, route: string, send: string, minVersion: string): ApiRoute {
  return {
    key,
    route,
    services: servicesPreview(send, minVersion),
    server2022: serverPreview(minVersion),
  };
}

/** A route released on Services whose 7.0 status is not certain: preview on Server 2022. */
function previewOnServer(
  key: string,
  route: string,
  send: string,
  minVersion: string,
  resourceVersion: number,
): ApiRoute {
  const services = servicesReleased(send, minVersion, resourceVersion);
  return { key, route, services, server2022: serverPreview(minVersion) };
}

export const API_ROUTES: readonly ApiRoute[] = [
  // Location. connectionData is preview only [LOC]; the same version is valid on both targets,
  // which is what lets it tell them apart before the target is known.
  // Location ConnectionData, location 00d9565f-ed9c-4a06-9a50-00e7896ccab4
  preview("location.connectionData", "connectiondata", "7.0-preview.1", "1.0"),
  // Resource areas (what azure-devops-node-api asks before it picks a host) [LOC e81700f7].
  // Location ResourceAreas, location e81700f7-3be2-46de-8624-2eb35882fcaa
  preview("location.resourceAreas", "resourceareas/{}", "7.2-preview.1", "3.2"),
  // Core [LOC 603fe2ac: 1.0/7.1/7.2 rv4; CLIENT 7.2-preview.4].
  // core projects, location 603fe2ac-9723-48b9-88ad-09305aa6c6e1
  released("core.projects", "projects/{*}", "7.2-preview.4", "1.0", 4),
  // Git [LOC; CLIENT 7.2-preview.N].
  // git repositories, location 225f7195-f9c7-4d14-ab28-a83f7ff77e1f
  released("git.repositories", "git/repositories/{}", "7.2-preview.2", "1.0", 1),
  // git refs, location 2d874a60-a811-4f62-9c9f-963a6ea0a55b
  released("git.refs", "git/repositories/{}/refs/{*}", "7.2-preview.2", "1.0", 2),
  // Items: the adapter pins the released 7.1 [ADAPTER].
  // git items, location fb93c0db-47ed-4a31-8c20-47552878fb44
  released("git.items", "git/repositories/{}/items/{*}", "7.1", "1.0", 1),
  // git commits, location c2570c3b-5b3f-41b8-98bf-5407bfde8d58
  released("git.commits", "git/repositories/{}/commits/{}", "7.2-preview.2", "1.0", 2),
  // git commitsBatch, location 6400dfb2-0bcb-462b-b992-5a57f8f1416c
  released("git.commitsBatch", "git/repositories/{}/commitsbatch", "7.2-preview.2", "1.0", 2),
  // git pullRequests, location 9946fd70-0d40-406e-b686-b4744cbbcc37
  released("git.pullRequests", "git/repositories/{}/pullrequests/{}", "7.2-preview.2", "1.0", 2),
  // git pullRequestWorkItems, location 0a637fcc-5370-4ce8-b0e8-98091f5f9482
  released(
    "git.pullRequestWorkItems",
    "git/repositories/{}/pullrequests/{}/workitems",
    "7.2-preview.1",
    "1.0",
    1,
  ),
  // git pullRequests, location a5d28130-9cd2-40fa-9f08-902e7daa9efb
  released("git.pullRequestsByProject", "git/pullrequests", "7.2-preview.2", "1.0", 2),
  // git pullRequests, location 01a46dea-7d46-4d40-bc84-319e7c260d99
  released("git.pullRequestById", "git/pullrequests/{}", "7.2-preview.2", "3.0", 2),
  // git policyConfigurations, location 2c420070-a0a2-49cc-9639-c9f271c5ff07
  released("git.policyConfigurations", "git/policy/configurations", "7.2-preview.1", "5.0", 1),
  // Policy [LOC; CLIENT 7.2-preview.1]. Evaluations are preview only [LOC "0.0", SPEC
  // x-ms-preview]; the adapter pins 7.1-preview.1 [ADAPTER].
  // policy configurations, location dad91cbe-d183-45f8-9c6e-9c1164472121
  released("policy.configurations", "policy/configurations/{}", "7.2-preview.1", "2.0", 1),
  // policy revisions, location fe1e68a2-60d3-43cb-855b-85e41ae97c95
  released("policy.revisions", "policy/configurations/{}/revisions/{}", "7.2-preview.1", "2.0", 1),
  // policy types, location 44096322-2d3d-466a-bb30-d1b7de69f61f
  released("policy.types", "policy/types/{}", "7.2-preview.1", "2.0", 1),
  // policy evaluations, location c23ddff5-229c-4d04-a80b-0fdce9f360c8
  preview("policy.evaluations", "policy/evaluations", "7.1-preview.1", "2.0"),
  // Build [LOC; CLIENT 7.2-preview.N].
  // build Builds, location 0cd358e1-9217-4d94-8269-1c1ee6f93dcf
  released("build.builds", "build/builds/{}", "7.2-preview.8", "1.0", 7),
  // build Definitions, location dbeaf647-6167-421a-bda9-c9327b25e2e6
  released("build.definitions", "build/definitions/{}", "7.2-preview.8", "1.0", 7),
  // build Timeline, location 8baac422-4c6e-4de5-8532-db96d92acffa
  released("build.timeline", "build/builds/{}/timeline/{}", "7.2-preview.3", "2.0", 3),
  // build workitems, location 5a21f5d2-5642-47e4-a0bd-1356e6731bee
  released("build.workitems", "build/builds/{}/workitems", "7.2-preview.2", "2.0", 2),
  // build changes, location 54572c7b-bbd3-45d4-80dc-28be08941620
  released("build.changes", "build/builds/{}/changes", "7.2-preview.2", "2.0", 2),
  // Work items [LOC]. The extension-api's work item client still sends 5.0-preview.N [CLIENT].
  // wit workItems, location 72c7ddf8-2cdc-4f60-90cd-ab71c14a399b
  released("wit.workItems", "wit/workitems/{}", "5.0-preview.3", "1.0", 3),
  // wit workItemsBatch, location 908509b6-4248-4475-a1cd-829139ba419f
  released("wit.workItemsBatch", "wit/workitemsbatch", "5.0-preview.1", "5.0", 1),
  // wit wiql, location 1a9c53f7-f243-4447-b110-35ef023636e4
  released("wit.wiql", "wit/wiql", "5.0-preview.2", "1.0", 2),
  // wit artifactUriQuery, location a9a9aa7a-8c09-44d3-ad1b-46e855c1e3d3
  previewOnServer("wit.artifactUriQuery", "wit/artifacturiquery", "5.0-preview.1", "3.2", 1),
  // Environments [LOC; CLIENT 7.2-preview.1].
  // distributedtask environments, location 8572b1fc-2482-47fa-8f74-7e3ed53ee54b
  previewOnServer(
    "distributedtask.environments",
    "distributedtask/environments/{}",
    "7.2-preview.1",
    "5.0",
    1,
  ),
  // distributedtask environmentdeploymentRecords, location 51bb5d21-4305-4ea6-9dbb-b7488af73334
  previewOnServer(
    "distributedtask.environmentDeploymentRecords",
    "distributedtask/environments/{}/environmentdeploymentrecords",
    "7.2-preview.1",
    "5.0",
    1,
  ),
  // Approvals and checks. Approvals are released at 7.1 [LOC, SPEC] and pinned there
  // [ADAPTER]; checks are preview only [LOC "0.0", SPEC x-ms-preview], pinned 7.1-preview.1.
  // approval approvals, location 37794717-f36f-4d78-b2bf-4dc30d0cfbcd
  previewOnServer("pipelines.approvals", "pipelines/approvals/{}", "7.1", "5.1", 2),
  // PipelinesChecks runs, location 91282c1d-c183-444f-9554-1485bfb3879d
  preview("pipelines.checks.runs", "pipelines/checks/runs/{}", "7.1-preview.1", "5.1"),
  // PipelinesChecks configurations, location 86c8381e-5aee-4cde-8ae4-25c0c7f5eaea
  preview(
    "pipelines.checks.configurations",
    "pipelines/checks/configurations/{}",
    "7.1-preview.1",
    "5.1",
  ),
  // PipelinesChecks queryconfigurations, location 5f3d0e64-f943-4584-8811-77eb495e831e
  preview(
    "pipelines.checks.queryConfigurations",
    "pipelines/checks/queryconfigurations",
    "7.1-preview.1",
    "5.2",
  ),
  // Classic Release [VSRM; SPEC released 7.1; CLIENT 7.2-preview.N]. Release work items are not
  // in the 7.1 specs: preview.
  // Release releases, location a166fde7-27ad-408e-ba75-703c2cc9d500
  released("release.releases", "release/releases/{}", "7.2-preview.9", "2.0", 9),
  // Release definitions, location d8f96f24-8ea7-4cb6-baab-2df8fc515665
  released("release.definitions", "release/definitions/{}", "7.2-preview.4", "2.0", 4),
  // Release approvals, location b47c6458-e73b-47cb-a770-4df1e8813a91
  released("release.approvals", "release/approvals", "7.2-preview.3", "2.0", 3),
  // Release deployments, location b005ef73-cddc-448e-9ba2-5193bf36b19f
  released("release.deployments", "release/deployments", "7.2-preview.2", "2.0", 2),
  // Release workitems, location 4f165cc0-875c-4768-b148-f12f78769fab
  preview("release.workItems", "release/releases/{}/workitems", "7.2-preview.1", "3.0"),
  // Extension data [EXTMGMT; node-api location bbe06c18; preview only], pinned 7.1-preview.1.
  // ExtensionManagement DocumentsByName, location bbe06c18-1c8b-4fcd-b9c6-1535aaab8749
  preview(
    "extensionManagement.documents",
    "extensionmanagement/installedextensions/{}/{}/data/scopes/{}/{}/collections/{}/documents/{}",
    "7.1-preview.1",
    "3.1",
  ),
];

/** A route's versions on a target; undefined when the target has no such route. */
export function versionsOn(route: ApiRoute, target: ServerTarget): TargetVersions | undefined {
  return (target === "services" ? route.services : route.server2022) ?? undefined;
}

function matches(segments: readonly string[], path: readonly string[]): boolean {
  for (let index = 0; index < segments.length; index++) {
    const pattern = segments[index];
    if (pattern.startsWith("{*")) return true;
    const value = path[index];
    if (value === undefined) {
      // Only trailing parameters may be left out.
      return segments.slice(index).every((rest) => rest.startsWith("{"));
    }
    if (!pattern.startsWith("{") && pattern !== value.toLowerCase()) return false;
  }
  return path.length <= segments.length;
}

/**
 * The route of the path segments after `_apis` (case-insensitive) in `routes`, if it has it. The
 * first match wins, so a route without a trailing parameter comes before its longer sibling.
 */
export function routeForPath(
  afterApis: readonly string[],
  routes: readonly ApiRoute[] = API_ROUTES,
): ApiRoute | undefined {
  const path = afterApis.filter((segment) => segment !== "");
  return routes.find((route) => matches(route.route.split("/"), path));
}

/** The route of a request URL (the part after its `_apis` segment) in `routes`, if it has it. */
export function findRoute(routes: readonly ApiRoute[], url: string): ApiRoute | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const segments = pathname.split("/");
  const apis = segments.findIndex((segment) => segment.toLowerCase() === "_apis");
  return apis < 0 ? undefined : routeForPath(segments.slice(apis + 1), routes);
}
