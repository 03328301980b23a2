/**
 * Classic delivery events for the metrics, on payments-release's Production stage: an older
 * release whose first deployment attempt failed and was deployed again (attempt 2), and a
 * rollback: after the newest release that reached Production, the release before it is deployed
 * there again (a new attempt on that older release). Each new attempt has its own approval.
 */
import type { GenContext } from "./generate";
import type { DemoRelease, DemoReleaseApproval, DemoReleaseEnvironment } from "./model";

const MINUTE = 60 * 1000;
const DEFINITION = "payments-release";
const STAGE = "Production";

export function addClassicHistory(ctx: GenContext): void {
  const { demo } = ctx;
  const definition = demo.releaseDefinitions.find((candidate) => candidate.name === DEFINITION);
  const deployed = demo.releases
    .filter((release) => release.definitionId === definition?.id && release.status === "active")
    .map((release) => ({ release, stage: production(release) }))
    .filter(
      (entry): entry is { release: DemoRelease; stage: DemoReleaseEnvironment } =>
        entry.stage?.status === "succeeded" && entry.stage.deploySteps.length === 1,
    )
    .sort((a, b) => a.release.id - b.release.id);
  if (deployed.length < 3) return;
  const ids = nextIds(ctx);
  failThenRetry(deployed[0].stage, ids);
  redeploy(ctx, deployed[deployed.length - 2], deployed[deployed.length - 1].stage, ids);
}

function production(release: DemoRelease): DemoReleaseEnvironment | undefined {
  return release.environments.find((environment) => environment.name === STAGE);
}

interface Ids {
  step: number;
  approval: number;
}

function nextIds(ctx: GenContext): Ids {
  const environments = ctx.demo.releases.flatMap((release) => release.environments);
  const steps = environments.flatMap((environment) => environment.deploySteps);
  const approvals = environments.flatMap((environment) => [
    ...environment.preApprovals,
    ...environment.postApprovals,
  ]);
  return {
    step: Math.max(0, ...steps.map((step) => step.id)) + 1,
    approval: Math.max(0, ...approvals.map((approval) => approval.id)) + 1,
  };
}

/** The stage's pre-deployment approvals again, for a new attempt decided at `decided`. */
function approvalsFor(
  stage: DemoReleaseEnvironment,
  attempt: number,
  ids: Ids,
  decided: Date,
): DemoReleaseApproval[] {
  const asked = new Date(decided.getTime() - 6 * MINUTE);
  return stage.preApprovals
    .filter((approval) => (approval.attempt ?? 1) === 1)
    .map((approval) => ({
      ...approval,
      id: ids.approval++,
      attempt,
      status: "approved",
      comments: approval.isAutomated ? "" : "Go ahead",
      createdOn: asked,
      modifiedOn: approval.isAutomated ? asked : decided,
    }));
}

/** The first attempt failed halfway; the stage was deployed again and succeeded (attempt 2). */
function failThenRetry(stage: DemoReleaseEnvironment, ids: Ids): void {
  const [step] = stage.deploySteps;
  const finish = step.lastModifiedOn.getTime();
  const failedAt = new Date(step.queuedOn.getTime() + (finish - step.queuedOn.getTime()) / 2);
  stage.deploySteps.unshift({
    ...step,
    id: ids.step++,
    attempt: 1,
    status: "failed",
    operationStatus: "phaseFailed",
    lastModifiedOn: failedAt,
    preGates: undefined,
    postGates: undefined,
  });
  step.attempt = 2;
  step.reason = "manual";
  step.queuedOn = new Date(failedAt.getTime() + 2 * MINUTE);
  stage.preApprovals.push(
    ...approvalsFor(stage, 2, ids, new Date(step.queuedOn.getTime() + 10 * MINUTE)),
  );
}

/** The older release goes to the stage again after the newer one: a rollback. */
function redeploy(
  ctx: GenContext,
  { release, stage }: { release: DemoRelease; stage: DemoReleaseEnvironment },
  after: DemoReleaseEnvironment,
  ids: Ids,
): void {
  const start = after.modifiedOn.getTime() + 90 * MINUTE;
  const finish = Math.min(start + 40 * MINUTE, ctx.anchor.getTime() - MINUTE);
  if (finish <= start) return;
  const last = stage.deploySteps[stage.deploySteps.length - 1];
  const attempt = last.attempt + 1;
  stage.deploySteps.push({
    ...last,
    id: ids.step++,
    attempt,
    status: "succeeded",
    operationStatus: "phaseSucceeded",
    reason: "manual",
    queuedOn: new Date(start),
    lastModifiedOn: new Date(finish),
    preGates: undefined,
    postGates: undefined,
  });
  stage.preApprovals.push(...approvalsFor(stage, attempt, ids, new Date(start + 15 * MINUTE)));
  stage.modifiedOn = new Date(finish);
  release.modifiedOn = new Date(Math.max(release.modifiedOn.getTime(), finish));
}
