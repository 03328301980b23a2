/**
 * The shape of a trace gap rule: metadata like a compliance rule's, parameters a baseline may
 * set, and a pure `evaluate` over the traceability graph (no I/O).
 */
import type { ParamProblem, RuleMetadata } from "../../compliance/types";
import type { ReachedDeployment, TraceGraph } from "../graph";
import type { TraceGap } from "../types";

export type GapKind = TraceGap["kind"];

export interface GapRuleMetadata extends RuleMetadata {
  /** The gap's kind in the JSON (`TraceGap.kind`), kept for readers of schemaVersion 1. */
  kind: GapKind;
}

/** What every rule is given besides its own subject. */
interface GapContext {
  graph: TraceGraph;
  /** The production test; one function so the project's vocabulary can replace it. */
  isProduction: (environment: string) => boolean;
  params: Record<string, unknown>;
}

/** A work item and the successful deployments that carried it (or that the subject made). */
export interface WorkItemGapInput extends GapContext {
  workItemId: number;
  deployments: ReachedDeployment[];
}

export interface PullRequestGapInput extends GapContext {
  pullRequestId: number;
}

/** One successful deployment (a YAML run to an environment, or a Classic release stage). */
export interface DeploymentGapInput extends GapContext {
  deployment: ReachedDeployment;
}

/** What a baseline exception may name to cover a finding; every name it gives must match. */
export interface GapScope {
  environment?: string[];
  pipeline?: string[];
  /** Repository id and name. */
  repository?: string[];
  workItem?: number;
  pullRequest?: number;
}

export interface GapFinding {
  /** "not-available": the data the rule needs could not be read, so no verdict either way. */
  outcome: "gap" | "not-available";
  message: string;
  /** Ids and names carried into the JSON next to the message. */
  evidence: Record<string, unknown>;
  scope: GapScope;
}

/** What a gap rule is, without how it evaluates: all the baseline validation needs. */
interface GapDefinitionBase {
  metadata: GapRuleMetadata;
  defaults: Record<string, unknown>;
  /** JSON Schema of each parameter, for the published baseline schema. */
  paramSchema: Record<string, object>;
  checkParams(params: Record<string, unknown>): ParamProblem[];
}

export interface WorkItemGapDefinition extends GapDefinitionBase {
  scope: "work-item";
}

export interface PullRequestGapDefinition extends GapDefinitionBase {
  scope: "pull-request";
}

export interface DeploymentGapDefinition extends GapDefinitionBase {
  scope: "deployment";
}

export type GapDefinition =
  WorkItemGapDefinition | PullRequestGapDefinition | DeploymentGapDefinition;

export interface WorkItemGapRule extends WorkItemGapDefinition {
  evaluate(input: WorkItemGapInput): GapFinding[];
}

export interface PullRequestGapRule extends PullRequestGapDefinition {
  evaluate(input: PullRequestGapInput): GapFinding[];
}

export interface DeploymentGapRule extends DeploymentGapDefinition {
  evaluate(input: DeploymentGapInput): GapFinding[];
}

export type GapRule = WorkItemGapRule | PullRequestGapRule | DeploymentGapRule;
