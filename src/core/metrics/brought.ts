/**
 * What a successful deployment brought (pure): the runs of its pipeline and branch after the run
 * of the previous successful deployment to the same pipeline and environment, up to and
 * including its own run (traceability's run-order rule). For Classic, the runs of the primary
 * build artifact's pipeline in the same way. A rollback (an older run) brings nothing.
 */
import type { Run } from "../model";
import { compareRunOrder } from "../trace/graph";
import { foldName, fullRefName, sameRefName } from "../vocabulary/names";
import type { Classified, DeriveContext } from "./context";
import type { DeploymentEvidence } from "./types";

export type Comparison = NonNullable<DeploymentEvidence["brought"]>["comparison"];

export interface BroughtRuns {
  /** Oldest first, its own run last. */
  runs: Run[];
  comparison: Comparison;
}

/** Per row (oldest first), each deployment's previous successful one: computed in one pass. */
const PREVIOUS = new WeakMap<readonly Classified[], Map<string, Classified | undefined>>();

function previousIndex(row: readonly Classified[]): Map<string, Classified | undefined> {
  let index = PREVIOUS.get(row);
  if (index) return index;
  index = new Map();
  let last: Classified | undefined;
  for (const candidate of row) {
    index.set(candidate.key, last);
    if (candidate.classification === "successful") last = candidate;
  }
  PREVIOUS.set(row, index);
  return index;
}

/** The previous successful deployment in the same row that finished before this one. */
export function previousSuccessful(
  context: Pick<DeriveContext, "byRow">,
  deployment: Classified,
): Classified | undefined {
  return previousIndex(context.byRow.get(deployment.row) ?? []).get(deployment.key);
}

/** A pipeline's runs on one branch, oldest first (by the run-order rule). */
export type RunsOf = (pipelineId: number, branch: string) => readonly Run[];

/** The runs between two runs of one pipeline and branch: (previous, current], oldest first. */
export function runsBetween(family: readonly Run[], previous: Run, current: Run): Run[] {
  return family.filter(
    (run) => compareRunOrder(run, previous) > 0 && compareRunOrder(run, current) <= 0,
  );
}

/**
 * The runs a deployment brought, or undefined when they cannot be known (its run, or its
 * previous deployment's run, was not read).
 */
export function broughtRuns(
  context: Pick<DeriveContext, "byRow" | "runs">,
  deployment: Classified,
  runsOf: RunsOf,
): BroughtRuns | undefined {
  const run = deployment.buildId !== undefined ? context.runs.get(deployment.buildId) : undefined;
  if (!run) return undefined;
  const previous = previousSuccessful(context, deployment);
  if (!previous) return { runs: [run], comparison: "first-deployment" };
  const before = previous.buildId !== undefined ? context.runs.get(previous.buildId) : undefined;
  if (!before) return undefined;
  if (before.pipeline.id !== run.pipeline.id || !sameRefName(before.sourceBranch, run.sourceBranch))
    return { runs: [run], comparison: "other-branch" };
  return {
    runs: runsBetween(runsOf(run.pipeline.id, run.sourceBranch), before, run),
    comparison: "since-previous",
  };
}

function familyKey(pipelineId: number, branch: string): string {
  return `${pipelineId}|${foldName(fullRefName(branch))}`;
}

/** Runs by pipeline and branch, each list in run order, for `broughtRuns`. */
export function runsByPipeline(runs: Iterable<Run>): RunsOf {
  const index = new Map<string, Run[]>();
  for (const run of runs) {
    const key = familyKey(run.pipeline.id, run.sourceBranch);
    const list = index.get(key);
    if (list) list.push(run);
    else index.set(key, [run]);
  }
  for (const list of index.values()) list.sort(compareRunOrder);
  return (pipelineId, branch) => index.get(familyKey(pipelineId, branch)) ?? [];
}
