import type { Severity } from "../types";

export interface BaselineRuleConfig {
  severity?: Severity;
  params: Record<string, unknown>;
}

/** A trace gap rule's settings: on or off, its severity and parameters. */
export interface BaselineGapConfig {
  enabled: boolean;
  severity?: Severity;
  params: Record<string, unknown>;
}

export interface BaselineException {
  /** A compliance rule id, or a trace gap rule id (`trace.<gap>`). */
  rule: string;
  /** Repository name or id; set for branch and repository rules. */
  repository?: string;
  /**
   * Environment or Classic stage the exception covers; set for environment and release-stage
   * rules. Matches the result's target name (`prod-eu`, `web-app-release / Production`) or id.
   */
  target?: string;
  /** Full ref name; absent means every branch of the repository. */
  branch?: string;
  /** Gap rules only: the pipeline (YAML pipeline or Classic release definition) name. */
  pipeline?: string;
  /** Gap rules only: the work item id. */
  workItem?: number;
  /** Gap rules only: the pull request id. */
  pullRequest?: number;
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
  /** Trace gap rules the baseline names; a gap rule not named is on, at its own severity. */
  gaps?: Map<string, BaselineGapConfig>;
  exceptions: BaselineException[];
}
