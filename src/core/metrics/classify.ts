/**
 * Which deployment attempts are deployments for the metrics, and whether each is successful or
 * failed, from the one state vocabulary: succeeded is successful; failed and partially
 * succeeded failed; canceled or timed out after it started failed; anything else (not started,
 * skipped, waiting, rejected, still running, canceled before it started) is no deployment.
 */
import type { StateId } from "../vocabulary/states";
import type { DeploymentClassification } from "./types";

const FAILED: ReadonlySet<StateId> = new Set(["failed", "partially-succeeded"]);
const FAILED_IF_STARTED: ReadonlySet<StateId> = new Set(["canceled", "timed-out"]);

export function classifyDeployment(deployment: {
  state: StateId;
  startedAt: string | null;
  finishedAt: string | null;
}): DeploymentClassification | null {
  // Its time is its finish time: one that has not finished is not a deployment yet.
  if (deployment.finishedAt === null) return null;
  if (deployment.state === "succeeded") return "successful";
  if (FAILED.has(deployment.state)) return "failed";
  if (FAILED_IF_STARTED.has(deployment.state) && deployment.startedAt !== null) return "failed";
  return null;
}
