export type ScopeMatchKind = "Exact" | "Prefix" | "DefaultBranch";

/**
 * One entry of a policy configuration's `settings.scope`.
 * `repositoryId` null means every repository of the project; no `refName`/`matchKind` means a
 * repository (push) policy. `matchKind` keeps the service's value as given (case varies).
 */
export interface PolicyScope {
  repositoryId: string | null;
  refName?: string | null;
  matchKind?: string | null;
}

export interface PolicyType {
  id: string;
  displayName: string;
  description?: string;
}

export interface PolicyConfiguration {
  id: number;
  revision: number;
  typeId: string;
  typeDisplayName?: string;
  isEnabled: boolean;
  isBlocking: boolean;
  isDeleted: boolean;
  /** Type-specific settings without `scope`. A boolean missing here means false. */
  settings: Record<string, unknown>;
  scopes: PolicyScope[];
  createdDate?: Date;
}

export type PolicyEvaluationStatus =
  "queued" | "running" | "approved" | "rejected" | "notApplicable" | "broken";

/** One evaluation of a policy on a pull request (policy/evaluations). */
export interface PolicyEvaluation {
  evaluationId: string;
  status: PolicyEvaluationStatus;
  /** The configuration as it was evaluated (its revision included). */
  configuration: PolicyConfiguration;
  startedDate?: Date;
  completedDate?: Date;
}

/** Well-known policy type ids (policy/types). Unknown ids are carried through untouched. */
export const PolicyTypeIds = {
  minimumReviewers: "fa4e907d-c16b-4a4c-9dfa-4906e5d171dd",
  build: "0609b952-1397-4640-95ec-e00a01b2c241",
  workItemLinking: "40e92b44-2fe1-4dd6-b3d8-74a9c21d0c6e",
  commentRequirements: "c6a1889d-b943-4856-b76f-9e46bb6b0df2",
  requiredReviewers: "fd2167ab-b0be-447a-8ec8-39368250530e",
  mergeStrategy: "fa4e907d-c16b-4a4c-9dfa-4916e5d171ab",
  status: "cbdc66da-9728-4af8-aada-9a5a32e4a226",
  fileSizeRestriction: "2e26e725-8201-4edd-8bf5-978563c34a80",
  fileNameRestriction: "51c78909-e838-41a2-9496-c647091e3c61",
  pathLengthRestriction: "001a79cf-fda1-4c4e-9e7c-bac40ee5ead8",
  reservedNamesRestriction: "db2b9b4c-180d-4529-9701-01541d19f36b",
  commitAuthorEmail: "77ed4bd3-b063-4689-934a-175e4d0a78d7",
  gitRepositorySettings: "7ed39669-655c-494e-b4a0-a08b4da0fcce",
  secretsScanning: "ec003f37-8db0-4e10-992a-a2895045752c",
  secretsScanningAlt: "90f9629b-664b-4804-a560-dd79b0c628f8",
} as const;
