/** Indexes over the demo organisation, built once per emulator. */
import type {
  DemoApproval,
  DemoBuild,
  DemoBuildDefinition,
  DemoCheckSuite,
  DemoDeploymentRecord,
  DemoEnvironment,
  DemoOrganisation,
  DemoPolicy,
  DemoProject,
  DemoPullRequest,
  DemoRelease,
  DemoReleaseDefinition,
  DemoRepository,
  DemoWorkItem,
  Person,
} from "./demo/model";

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Artifact URIs compare case-insensitively (%2F vs %2f, GUID case). */
export function normalizeArtifactUri(uri: string): string {
  let text = uri.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    // Keep the text as given when it is not valid percent-encoding.
  }
  return text.toLowerCase();
}

export class Store {
  readonly projectsByKey = new Map<string, DemoProject>();
  readonly reposByProject: Map<string, DemoRepository[]>;
  readonly repoById: Map<string, DemoRepository>;
  readonly pullRequestById: Map<number, DemoPullRequest>;
  readonly pullRequestsByProject: Map<string, DemoPullRequest[]>;
  readonly policiesByProject: Map<string, DemoPolicy[]>;
  readonly policyById: Map<number, DemoPolicy>;
  readonly definitionById: Map<number, DemoBuildDefinition>;
  readonly buildById: Map<number, DemoBuild>;
  readonly environmentById: Map<number, DemoEnvironment>;
  readonly recordsByEnvironment: Map<number, DemoDeploymentRecord[]>;
  readonly checkSuiteById: Map<string, DemoCheckSuite>;
  readonly approvalById: Map<string, DemoApproval>;
  readonly releaseDefinitionById: Map<number, DemoReleaseDefinition>;
  readonly releaseById: Map<number, DemoRelease>;
  readonly workItemById: Map<number, DemoWorkItem>;
  readonly workItemsByProject: Map<string, DemoWorkItem[]>;
  readonly personById: Map<string, Person>;
  /** Installed extensions' data documents by extensionDocumentKey (see routes/extensionData). */
  readonly extensionData = new Map<string, Record<string, unknown>>();
  private artifactIndex?: Map<string, number[]>;

  constructor(readonly demo: DemoOrganisation) {
    for (const project of demo.projects) {
      this.projectsByKey.set(project.id.toLowerCase(), project);
      this.projectsByKey.set(project.name.toLowerCase(), project);
    }
    this.reposByProject = groupBy(demo.repositories, (repo) => repo.projectId);
    this.repoById = new Map(demo.repositories.map((repo) => [repo.id, repo]));
    this.pullRequestById = new Map(demo.pullRequests.map((pr) => [pr.id, pr]));
    this.pullRequestsByProject = groupBy(demo.pullRequests, (pr) => pr.projectId);
    this.policiesByProject = groupBy(demo.policies, (policy) => policy.projectId);
    this.policyById = new Map(demo.policies.map((policy) => [policy.id, policy]));
    this.definitionById = new Map(
      demo.buildDefinitions.map((definition) => [definition.id, definition]),
    );
    this.buildById = new Map(demo.builds.map((build) => [build.id, build]));
    this.environmentById = new Map(
      demo.environments.map((environment) => [environment.id, environment]),
    );
    this.recordsByEnvironment = groupBy(demo.deploymentRecords, (record) => record.environmentId);
    this.checkSuiteById = new Map(demo.checkSuites.map((suite) => [suite.id, suite]));
    this.approvalById = new Map(demo.approvals.map((approval) => [approval.id, approval]));
    this.releaseDefinitionById = new Map(
      demo.releaseDefinitions.map((definition) => [definition.id, definition]),
    );
    this.releaseById = new Map(demo.releases.map((release) => [release.id, release]));
    this.workItemById = new Map(demo.workItems.map((item) => [item.id, item]));
    this.workItemsByProject = groupBy(demo.workItems, (item) => item.projectId);
    this.personById = new Map([...demo.people].map((person) => [person.id, person]));
  }

  project(key: string): DemoProject | undefined {
    return this.projectsByKey.get(key.toLowerCase());
  }

  /** A repository of the project by id or name (case-insensitive). */
  repository(projectId: string | undefined, key: string): DemoRepository | undefined {
    const lower = key.toLowerCase();
    const byId = this.repoById.get(lower);
    if (byId && (projectId === undefined || byId.projectId === projectId)) return byId;
    if (projectId === undefined) return undefined;
    return (this.reposByProject.get(projectId) ?? []).find(
      (repo) => repo.name.toLowerCase() === lower,
    );
  }

  /** Work item ids per artifact URI, built on first use. */
  workItemsForArtifact(uri: string): number[] {
    if (!this.artifactIndex) {
      this.artifactIndex = new Map();
      for (const item of this.demo.workItems) {
        for (const relation of item.relations) {
          if (relation.rel !== "ArtifactLink" || !relation.url) continue;
          const key = normalizeArtifactUri(relation.url);
          const ids = this.artifactIndex.get(key) ?? [];
          ids.push(item.id);
          this.artifactIndex.set(key, ids);
        }
      }
    }
    return this.artifactIndex.get(normalizeArtifactUri(uri)) ?? [];
  }
}
