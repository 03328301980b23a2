import type { Severity } from "../types";

export interface BaselineRuleConfig {
  severity?: Severity;
  params: Record<string, unknown>;
}

export interface BaselineException {
  rule: string;
  /** Repository name or id. */
  repository: string;
  /** Full ref name; absent means every branch of the repository. */
  branch?: string;
  justification: string;
  /** ISO date (YYYY-MM-DD or full timestamp); the exception ends at that instant. */
  expires: string;
}

export interface Baseline {
  name: string;
  /** Where it came from: "built-in" or a file path / repository path. */
  source: string;
  /** `default` and/or full ref patterns with `*` wildcards, e.g. `refs/heads/release/*`. */
  branches: string[];
  rules: Map<string, BaselineRuleConfig>;
  exceptions: BaselineException[];
}
