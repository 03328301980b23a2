/**
 * Pull requests of the delivery history: most history runs' newest commit is the squash commit of
 * a completed pull request (so lead time has its coding and review stages over three months),
 * linked to the commit's work items. Ids follow the existing pull requests'.
 */
import type { GenContext } from "./generate";
import type { DemoPullRequest, DemoReviewer, DemoWorkItem } from "./model";
import type { DeliveryHistory } from "./history";
import { artifactRelation, pullRequestUri } from "./links";
import { FEATURE_TOPICS, PR_TITLES } from "./names";
import { shaFrom } from "./random";

const HOUR = 3600 * 1000;

export function addHistoryPullRequests(ctx: GenContext, history: DeliveryHistory): void {
  const { demo } = ctx;
  const rng = ctx.rng.fork("history-pull-requests");
  const byId = new Map<number, DemoWorkItem>(demo.workItems.map((item) => [item.id, item]));
  let nextId = Math.max(0, ...demo.pullRequests.map((pr) => pr.id)) + 1;
  let nextLinkId =
    Math.max(
      0,
      ...demo.workItems.flatMap((item) =>
        item.relations.map((relation) => Number(relation.attributes.id ?? 0)),
      ),
    ) + 1;
  for (const run of history.runs) {
    const commit = run.hotfix ? undefined : ctx.commitById.get(run.build.changes[0] ?? "");
    // A merge of a hotfix branch is no pull request; nor is the first commit.
    if (!commit || commit.parents.length !== 1 || !rng.chance(0.7)) continue;
    const repo = ctx.repoById.get(commit.repositoryId);
    if (!repo?.defaultBranch) continue;
    const creator = rng.pick(ctx.people);
    const title = rng.pick(PR_TITLES);
    const id = nextId++;
    const reviewers: DemoReviewer[] = rng
      .sample(
        ctx.people.filter((person) => person.id !== creator.id),
        rng.int(1, 2),
      )
      .map((person) => ({ person, vote: 10, isRequired: false, hasDeclined: false }));
    const pr: DemoPullRequest = {
      id,
      repositoryId: repo.id,
      projectId: repo.projectId,
      status: "completed",
      title,
      description: `${title}.\n\nSee the linked work items for context.`,
      sourceRefName: `refs/heads/feature/${rng.pick(FEATURE_TOPICS)}`,
      targetRefName: repo.defaultBranch,
      createdBy: creator,
      creationDate: new Date(commit.date.getTime() - rng.int(2, 96) * HOUR),
      closedDate: commit.date,
      closedBy: rng.pick(ctx.people),
      isDraft: false,
      mergeStatus: "succeeded",
      lastMergeSourceCommit: shaFrom(`history-pr-source:${ctx.seed}:${repo.id}:${id}`),
      lastMergeTargetCommit: commit.parents[0],
      lastMergeCommit: commit.commitId,
      reviewers,
      mergeStrategy: "squash",
      workItemIds: [...commit.workItemIds],
      history: true,
    };
    commit.author = creator;
    commit.comment = `Merged PR ${id}: ${title}`;
    demo.pullRequests.push(pr);
    for (const workItemId of pr.workItemIds) {
      const item = byId.get(workItemId);
      const url = pullRequestUri(pr.projectId, pr.repositoryId, pr.id);
      item?.relations.push(artifactRelation(url, "Pull Request", pr.creationDate, nextLinkId++));
    }
  }
}
