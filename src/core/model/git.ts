import type { Identity } from "./common";

export interface Project {
  id: string;
  name: string;
}

/** A Git repository as the engines see it. `defaultBranch` is absent on an empty repository. */
export interface Repository {
  id: string;
  name: string;
  projectId: string;
  /** Full ref name, e.g. `refs/heads/main`; undefined when the repository has no commits. */
  defaultBranch?: string;
  isDisabled: boolean;
  webUrl?: string;
}

export interface GitRef {
  /** Full ref name, e.g. `refs/heads/release/1.0`. */
  name: string;
  objectId: string;
}

export interface CommitRef {
  id: string;
  repositoryId: string;
  comment?: string;
  authorName?: string;
  authorEmail?: string;
  authorDate?: Date;
  /** When the commit was made on its branch (rebases and squashes renew it; lead time starts here). */
  committerDate?: Date;
  /** Work item ids linked to the commit, when the source was asked for them. */
  workItemIds?: number[];
}

export type PullRequestStatus = "active" | "abandoned" | "completed" | "notSet";
export type MergeStrategy = "noFastForward" | "squash" | "rebase" | "rebaseMerge";

export interface PullRequestReviewer {
  identity: Identity;
  /** 10 approved, 5 approved with suggestions, 0 no vote, -5 waiting for author, -10 rejected. */
  vote: number;
  isRequired: boolean;
  hasDeclined: boolean;
}

export interface PullRequest {
  id: number;
  repositoryId: string;
  repositoryName?: string;
  projectId?: string;
  title: string;
  status: PullRequestStatus;
  sourceRefName: string;
  targetRefName: string;
  createdBy?: Identity;
  creationDate?: Date;
  closedDate?: Date;
  closedBy?: Identity;
  /** The merge, squash or rebase commit that landed on the target branch (completed PRs). */
  mergeCommitId?: string;
  reviewers: PullRequestReviewer[];
  mergeStrategy?: MergeStrategy;
  /** Set when the PR was completed bypassing branch policies. */
  policyBypass?: { reason?: string; by?: Identity };
  workItemIds?: number[];
}
