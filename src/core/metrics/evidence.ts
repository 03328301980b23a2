/**
 * The deployments a report lists (pure): every deployment of the selection inside the window,
 * and those its evidence points at (the deployment that rolled one back or recovered it), each
 * with its classification, the rules that make it failing and what it brought.
 */
import type { Classified, DeriveContext } from "./context";
import type { DeliveryFacts } from "./facts";
import type { DeploymentEvidence } from "./types";
import { inWindow } from "./window";

function brought(facts: DeliveryFacts, key: string): DeploymentEvidence["brought"] {
  const contents = facts.perDeployment.get(key)?.contents;
  if (!contents) return null;
  return {
    runs: contents.runs.map((run) => ({ id: run.id, number: run.number })),
    commits: contents.commits,
    workItems: contents.workItems,
    comparison: contents.comparison,
  };
}

export function evidenceOf(
  context: Pick<DeriveContext, "window">,
  facts: DeliveryFacts,
  deployment: Classified,
): DeploymentEvidence {
  const own = facts.perDeployment.get(deployment.key);
  return {
    key: deployment.key,
    kind: deployment.kind,
    pipeline: deployment.pipeline,
    environment: deployment.environment,
    production: deployment.production,
    ...(deployment.runId !== undefined ? { runId: deployment.runId } : {}),
    ...(deployment.releaseId !== undefined ? { releaseId: deployment.releaseId } : {}),
    name: deployment.name,
    ...(deployment.buildId !== undefined ? { buildId: deployment.buildId } : {}),
    result: deployment.result,
    state: deployment.state,
    classification: deployment.classification,
    failing: facts.failing.get(deployment.key) ?? [],
    startedAt: deployment.startedAt,
    finishedAt: deployment.finishedAt,
    inWindow: deployment.inScope && inWindow(context.window, new Date(deployment.at)),
    brought: brought(facts, deployment.key),
    rework: own?.rework ?? null,
    ...(own && own.notAvailable.length > 0 ? { notAvailable: own.notAvailable } : {}),
  };
}

export function deploymentEvidence(
  context: DeriveContext,
  facts: DeliveryFacts,
): DeploymentEvidence[] {
  const keys = new Set(facts.windowed.map((deployment) => deployment.key));
  for (const failure of facts.failures.values()) {
    if (failure.recoveredBy) keys.add(failure.recoveredBy);
    for (const reason of failure.reasons) if (reason.rule === "rollback") keys.add(reason.by);
  }
  return context.deployments
    .filter((deployment) => keys.has(deployment.key))
    .map((deployment) => evidenceOf(context, facts, deployment));
}
