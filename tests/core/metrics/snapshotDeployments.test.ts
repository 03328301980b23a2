/** Classic deploy steps in the one state vocabulary, and what makes one a deployment. */
import type { DeploymentAttempt } from "../../../src/core/model";
import { classifyDeployment } from "../../../src/core/metrics/classify";
import { stepDeployment, stepState } from "../../../src/core/metrics/snapshotDeployments";
import { release } from "../../fakes/sources";

function step(status: string, operationStatus: string): DeploymentAttempt {
  return {
    id: 1,
    attempt: 1,
    status,
    operationStatus,
    queuedOn: new Date("2026-11-02T10:00:00Z"),
    lastModifiedOn: new Date("2026-11-02T10:30:00Z"),
  };
}

describe("Classic deploy steps", () => {
  it.each([
    ["succeeded", "PhaseSucceeded", "succeeded", "successful"],
    ["partiallySucceeded", "PhasePartiallySucceeded", "partially-succeeded", "failed"],
    ["failed", "PhaseFailed", "failed", "failed"],
    ["notDeployed", "PhaseCanceled", "canceled", "failed"],
    ["notDeployed", "Canceled", "canceled", null],
    ["notDeployed", "GateFailed", "rejected", null],
    ["notDeployed", "Rejected", "rejected", null],
    ["inProgress", "Pending", "waiting-for-approval", null],
    ["inProgress", "EvaluatingGates", "checks-running", null],
    ["inProgress", "PhaseInProgress", "in-progress", null],
    ["notDeployed", "Queued", "queued", null],
  ])("%s / %s is %s: %s", (status, operation, state, classification) => {
    const attempt = step(status, operation);
    expect(stepState(attempt)).toBe(state);
    const environment = {
      id: 7,
      releaseId: 3,
      name: "Production",
      rank: 1,
      status: "inProgress" as const,
      definitionEnvironmentId: 1,
      preApprovals: [],
      postApprovals: [],
      deploySteps: [attempt],
    };
    const deployment = stepDeployment(release({ id: 3 }), environment, attempt);
    expect(classifyDeployment(deployment)).toBe(classification);
  });
});
