/**
 * Runs the gap rules over a graph and applies the baseline: a rule switched off is not run, a
 * severity set in the baseline replaces the rule's own, and an active exception turns a gap into
 * an exempt one that says why. A finding without data stays "not-available".
 */
import type { Baseline, BaselineException } from "../../compliance/baseline/types";
import type { Severity } from "../../compliance/types";
import { isProductionName, type ProductionPattern } from "../../vocabulary";
import type { ReachedDeployment, TraceGraph } from "../graph";
import type { TraceGap, TraceGapBroughtBy } from "../types";
import { gapRules } from "./index";
import type { GapFinding, GapRule, GapScope } from "./types";

export interface GapRequest {
  graph: TraceGraph;
  /** The work items the answer is about: the traced one, or those a run or release carried. */
  workItemIds: number[];
  /** Their pull requests (those merged in a run or release; all linked ones for a work item). */
  pullRequestIds: number[];
  /** Successful deployments: the subject's own, or those that first brought a work item. */
  deployments: ReachedDeployment[];
  /** On a work item's trace: mark each deployment gap with the deployment that brought the item. */
  markBroughtBy?: boolean;
  /** What counts as production (the vocabulary's setting); absent: the default rule. */
  production?: ProductionPattern;
}

export interface GapPolicy {
  /** Absent: every rule on, at its own severity, with no exceptions. */
  baseline?: Baseline;
  now?: Date;
}

interface RuleConfig {
  severity: Severity;
  params: Record<string, unknown>;
}

/** The rule's settings under the baseline; undefined when the baseline switches it off. */
function configOf(
  baseline: Baseline | undefined,
  id: string,
  rule: GapRule,
): RuleConfig | undefined {
  const config = baseline?.gaps?.get(id);
  if (config && !config.enabled) return undefined;
  return {
    severity: config?.severity ?? rule.metadata.severity,
    params: { ...rule.defaults, ...config?.params },
  };
}

interface Located {
  finding: GapFinding;
  deployment?: ReachedDeployment;
}

/** A listing of the subject's work items or pull requests failed: no rule over them can say "none". */
function unreadList(graph: TraceGraph, listing: "work-items" | "pull-requests"): Located[] {
  if (!graph.unread.has(listing)) return [];
  const what = listing === "work-items" ? "work items" : "pull requests";
  return [
    {
      finding: {
        outcome: "not-available",
        message: `Could not check every one: the ${what} could not all be read`,
        evidence: {},
        scope: {},
      },
    },
  ];
}

function findingsOf(
  rule: GapRule,
  request: GapRequest,
  params: Record<string, unknown>,
): Located[] {
  const context = {
    graph: request.graph,
    isProduction: (name: string) => isProductionName(name, request.production),
    params,
  };
  const deployments = request.deployments.filter((deployment) => deployment.reachedAt);
  if (rule.scope === "work-item")
    return [
      ...unreadList(request.graph, "work-items"),
      ...request.workItemIds.flatMap((workItemId) =>
        rule.evaluate({ ...context, workItemId, deployments }).map((finding) => ({ finding })),
      ),
    ];
  if (rule.scope === "pull-request")
    return [
      ...unreadList(request.graph, "pull-requests"),
      ...request.pullRequestIds.flatMap((pullRequestId) =>
        rule.evaluate({ ...context, pullRequestId }).map((finding) => ({ finding })),
      ),
    ];
  return deployments.flatMap((deployment) =>
    rule.evaluate({ ...context, deployment }).map((finding) => ({ finding, deployment })),
  );
}

function matchesAny(values: readonly string[] | undefined, wanted: string): boolean {
  return (values ?? []).some((value) => value.toLowerCase() === wanted.toLowerCase());
}

/** Every selector the exception gives must match the finding's scope. */
export function exceptionCovers(
  entry: BaselineException,
  ruleId: string,
  scope: GapScope,
): boolean {
  if (entry.rule !== ruleId) return false;
  const checks = [
    entry.target === undefined || matchesAny(scope.environment, entry.target),
    entry.pipeline === undefined || matchesAny(scope.pipeline, entry.pipeline),
    entry.repository === undefined || matchesAny(scope.repository, entry.repository),
    entry.workItem === undefined || scope.workItem === entry.workItem,
    entry.pullRequest === undefined || scope.pullRequest === entry.pullRequest,
  ];
  return checks.every(Boolean);
}

function withException(gap: TraceGap, scope: GapScope, policy: GapPolicy): TraceGap {
  if (gap.outcome !== "gap") return gap;
  const entry = policy.baseline?.exceptions.find((item) =>
    exceptionCovers(item, gap.ruleId, scope),
  );
  if (!entry) return gap;
  const expired = Date.parse(entry.expires) <= (policy.now ?? new Date()).getTime();
  gap.exception = { justification: entry.justification, expires: entry.expires, expired };
  if (expired) {
    gap.message += ` An exception expired on ${entry.expires}.`;
  } else {
    gap.outcome = "exempt";
    gap.message += ` Exempt until ${entry.expires}: ${entry.justification}`;
  }
  return gap;
}

function broughtBy(deployment: ReachedDeployment): TraceGapBroughtBy {
  return {
    pipeline: deployment.pipeline.name,
    ...(deployment.runId !== undefined ? { runId: deployment.runId } : {}),
    ...(deployment.releaseId !== undefined ? { releaseId: deployment.releaseId } : {}),
    name: deployment.name,
    environments: [deployment.environment],
  };
}

function gapOf(rule: GapRule, config: RuleConfig, finding: GapFinding): TraceGap {
  return {
    kind: rule.metadata.kind,
    ruleId: rule.metadata.id,
    title: rule.metadata.title,
    severity: config.severity,
    outcome: finding.outcome,
    message: finding.message,
    ...finding.evidence,
  };
}

/**
 * The gaps of one answer, rule by rule in registry order. The same finding reached through two
 * deployments of one run is listed once, naming every environment it brought the item to.
 */
export function evaluateGaps(request: GapRequest, policy: GapPolicy = {}): TraceGap[] {
  const gaps = new Map<string, TraceGap>();
  for (const [id, rule] of gapRules) {
    const config = configOf(policy.baseline, id, rule);
    if (!config) continue;
    for (const { finding, deployment } of findingsOf(rule, request, config.params)) {
      const key = `${id}|${finding.message}`;
      const known = gaps.get(key);
      const mark = request.markBroughtBy && deployment;
      if (known) {
        if (
          mark &&
          known.broughtBy &&
          !known.broughtBy.environments.includes(deployment.environment)
        )
          known.broughtBy.environments.push(deployment.environment);
        continue;
      }
      const gap = gapOf(rule, config, finding);
      if (mark) gap.broughtBy = broughtBy(deployment);
      gaps.set(key, withException(gap, finding.scope, policy));
    }
  }
  return [...gaps.values()];
}
