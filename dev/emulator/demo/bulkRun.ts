/**
 * The large demo's bulk run: one deployed CI run of web-app-ci-cd whose newest change links to
 * 2,000 work items (a release-branch style batch), so the evidence pack is measured at that size.
 * Runs before linkWorkItems, which turns the commit's work items into links as usual.
 */
import type { GenContext } from "./generate";

export const BULK_RUN_WORK_ITEMS = 2000;
const PIPELINE = "web-app-ci-cd";

export function addBulkRun(ctx: GenContext): void {
  if (!ctx.large) return;
  const { demo } = ctx;
  const definition = demo.buildDefinitions.find((candidate) => candidate.name === PIPELINE);
  if (!definition) return;
  const deployed = new Set(
    demo.deploymentRecords
      .filter((record) => record.result === "succeeded")
      .map((record) => record.owner.id),
  );
  // The newest successful CI run of the pipeline that was deployed somewhere and brought changes.
  const run = demo.builds
    .filter(
      (build) =>
        build.definitionId === definition.id &&
        build.reason !== "pullRequest" &&
        build.result === "succeeded" &&
        build.changes.length > 0 &&
        deployed.has(build.id),
    )
    .sort((a, b) => b.queueTime.getTime() - a.queueTime.getTime())[0];
  if (!run) return;
  const commit = ctx.commitById.get(run.changes[0]);
  if (!commit) return;
  const ids = demo.workItems
    .filter((item) => item.projectId === demo.mainProjectId)
    .slice(0, BULK_RUN_WORK_ITEMS)
    .map((item) => item.id);
  commit.workItemIds = [...new Set([...commit.workItemIds, ...ids])];
  // Every run that brought this commit (other pipelines on the repository too) lists them.
  for (const build of demo.builds) {
    if (build.reason === "pullRequest" || !build.changes.includes(commit.commitId)) continue;
    build.workItemIds = [...new Set([...build.workItemIds, ...commit.workItemIds])];
  }
}
