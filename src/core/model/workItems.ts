import type { Identity } from "./common";

/** A parsed artifact-link URI (`vstfs:///...`). Unknown forms are kept as `unknown`. */
export type ArtifactLink =
  | { kind: "commit"; projectId: string; repositoryId: string; commitId: string }
  | { kind: "pullRequest"; projectId: string; repositoryId: string; pullRequestId: number }
  | { kind: "branch"; projectId: string; repositoryId: string; branch: string }
  | { kind: "tag"; projectId: string; repositoryId: string; tag: string }
  | { kind: "build"; buildId: number }
  | { kind: "releaseEnvironment"; projectId: string; releaseId: number; environmentId: number }
  | { kind: "unknown"; uri: string };

export interface WorkItemRelation {
  /** `ArtifactLink`, `System.LinkTypes.Hierarchy-Forward`, ... */
  rel: string;
  url: string;
  /** `attributes.name`, e.g. "Fixed in Commit", "Integrated in build". */
  name?: string;
  /** Set for `ArtifactLink` relations. */
  artifact?: ArtifactLink;
  /** Set for work item links: the linked work item id. */
  workItemId?: number;
}

export interface WorkItem {
  id: number;
  rev: number;
  type: string;
  title: string;
  state: string;
  projectName?: string;
  assignedTo?: Identity;
  changedDate?: Date;
  createdDate?: Date;
  /** `System.Tags`, split on `;` and trimmed. */
  tags?: string[];
  /** `Microsoft.VSTS.Build.FoundIn`: the build number a bug was found in, as typed. */
  foundIn?: string;
  relations: WorkItemRelation[];
}
