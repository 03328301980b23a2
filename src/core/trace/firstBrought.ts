/**
 * `firstBroughtBy`: a work item delivered earlier stays delivered. A later deployment that carries
 * more commits of it still lists it, but says which deployment first brought it to the
 * environment: the one its own trace names (one answer on every surface).
 */
import type { ReachedDeployment } from "./graph";
import type { DeploymentContents } from "./contents";

/** The deployment that brought a work item to the environment before this one did. */
export interface FirstBroughtBy {
  runId?: number;
  releaseId?: number;
  /** Run number or release name. */
  name: string;
  reachedAt: string;
}

function sameName(left: string, right: string): boolean {
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

/**
 * Pure: from where a work item reached (its trace), the earlier deployment of the same pipeline
 * (or release definition) that first brought it to the contents' environment, if any.
 */
export function firstBroughtBy(
  contents: Pick<DeploymentContents, "kind" | "pipeline" | "environment" | "current">,
  reached: readonly ReachedDeployment[],
): FirstBroughtBy | undefined {
  const there = reached.find(
    (deployment) =>
      deployment.kind === contents.kind &&
      sameName(deployment.pipeline.name, contents.pipeline) &&
      sameName(deployment.environment, contents.environment),
  );
  if (!there?.reachedAt) return undefined;
  const id = contents.kind === "yaml" ? there.runId : there.releaseId;
  if (id === contents.current.id) return undefined;
  // Only an earlier deployment: a later one does not make this one's delivery "already there".
  const currentAt = contents.current.deployedAt ? Date.parse(contents.current.deployedAt) : NaN;
  if (!Number.isNaN(currentAt) && there.reachedAt.getTime() >= currentAt) return undefined;
  return {
    ...(there.runId !== undefined ? { runId: there.runId } : {}),
    ...(there.releaseId !== undefined ? { releaseId: there.releaseId } : {}),
    name: there.name,
    reachedAt: there.reachedAt.toISOString(),
  };
}
