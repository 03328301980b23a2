/**
 * Work item ArtifactLinks in every URI form the service uses (§7.4): commits (%2F and %2f),
 * pull requests, branches, builds ("Integrated in build") and Classic release environments.
 */
import type { GenContext } from "./generate";
import type { DemoRelation, DemoWorkItem } from "./model";
import { FEATURE_TOPICS } from "./names";

const FOREVER = new Date(Date.UTC(9999, 0, 1));

export function commitUri(
  projectId: string,
  repositoryId: string,
  commitId: string,
  lower = false,
): string {
  const sep = lower ? "%2f" : "%2F";
  return `vstfs:///Git/Commit/${projectId}${sep}${repositoryId}${sep}${commitId}`;
}

export function pullRequestUri(
  projectId: string,
  repositoryId: string,
  pullRequestId: number,
): string {
  return `vstfs:///Git/PullRequestId/${projectId}%2F${repositoryId}%2F${pullRequestId}`;
}

/** An ArtifactLink as the service stores it (`attributes.name` is the link type's name). */
export function artifactRelation(url: string, name: string, date: Date, id: number): DemoRelation {
  return {
    rel: "ArtifactLink",
    url,
    attributes: {
      authorizedDate: date,
      id,
      resourceCreatedDate: date,
      resourceModifiedDate: date,
      revisedDate: FOREVER,
      name,
    },
  };
}

export function linkWorkItems(ctx: GenContext): void {
  const { demo } = ctx;
  const rng = ctx.rng.fork("links");
  const byId = new Map<number, DemoWorkItem>(demo.workItems.map((item) => [item.id, item]));
  let nextLinkId = 1;
  const link = (workItemId: number, url: string, name: string, date: Date) => {
    const item = byId.get(workItemId);
    if (!item) return;
    if (item.relations.some((relation) => relation.url === url)) return;
    const relation: DemoRelation = {
      rel: "ArtifactLink",
      url,
      attributes: {
        authorizedDate: date,
        id: nextLinkId++,
        resourceCreatedDate: date,
        resourceModifiedDate: date,
        revisedDate: FOREVER,
        name,
      },
    };
    item.relations.push(relation);
  };

  // Pull requests.
  for (const pr of demo.pullRequests) {
    for (const id of pr.workItemIds) {
      link(
        id,
        pullRequestUri(pr.projectId, pr.repositoryId, pr.id),
        "Pull Request",
        pr.creationDate,
      );
    }
  }
  // Commits: alternate the upper- and lower-case encodings the service is known to store.
  let flip = false;
  for (const repo of demo.repositories) {
    for (const commit of repo.commits) {
      for (const id of commit.workItemIds) {
        flip = !flip;
        link(
          id,
          commitUri(repo.projectId, repo.id, commit.commitId, flip),
          "Fixed in Commit",
          commit.date,
        );
      }
    }
  }
  // Branches.
  const activeRepos = demo.repositories.filter(
    (repo) => repo.commits.length > 0 && !repo.isDisabled,
  );
  for (const item of demo.workItems) {
    if (!rng.chance(0.04)) continue;
    const repo = rng.pick(
      activeRepos.filter((candidate) => candidate.projectId === item.projectId).slice(0, 50),
    );
    if (!repo) continue;
    const branch = `feature/${rng.pick(FEATURE_TOPICS)}`.replace(/\//g, "%2F");
    link(
      item.id,
      `vstfs:///Git/Ref/${repo.projectId}%2F${repo.id}%2FGB${branch}`,
      "Branch",
      item.createdDate,
    );
  }
  // Builds: "Integrated in build" on successful CI runs (auto-linking).
  for (const build of demo.builds) {
    if (build.reason === "pullRequest" || !build.finishTime) continue;
    if (build.result !== "succeeded" && build.result !== "partiallySucceeded") continue;
    for (const id of build.workItemIds) {
      if (byId.get(id)?.projectId !== build.projectId) continue;
      link(id, `vstfs:///Build/Build/${build.id}`, "Integrated in build", build.finishTime);
    }
  }
  // Classic releases with "Report deployment status to Boards".
  const buildById = new Map(demo.builds.map((build) => [build.id, build]));
  for (const release of demo.releases) {
    const build = buildById.get(release.buildId);
    if (!build) continue;
    for (const environment of release.environments) {
      if (environment.status !== "succeeded") continue;
      for (const id of build.workItemIds) {
        link(
          id,
          `vstfs:///ReleaseManagement/ReleaseEnvironment/${release.projectId}:${release.id}:${environment.id}`,
          "Integrated in release environment",
          environment.modifiedOn,
        );
      }
    }
  }
  // Cross-project links between the two projects.
  const [main, second] = demo.projects;
  const mainItem = demo.workItems.find(
    (item) => item.projectId === main.id && item.type === "User Story",
  );
  const secondItem = demo.workItems.find(
    (item) => item.projectId === second.id && item.type !== "Task",
  );
  const secondRepo = demo.repositories.find(
    (repo) => repo.projectId === second.id && repo.commits.length > 0,
  );
  const mainPr = demo.pullRequests.find(
    (pr) => pr.projectId === main.id && pr.status === "completed",
  );
  if (mainItem && secondRepo) {
    const commit = secondRepo.commits[1];
    commit.workItemIds.push(mainItem.id);
    link(
      mainItem.id,
      commitUri(second.id, secondRepo.id, commit.commitId, true),
      "Fixed in Commit",
      commit.date,
    );
  }
  if (secondItem && mainPr) {
    mainPr.workItemIds.push(secondItem.id);
    link(
      secondItem.id,
      pullRequestUri(main.id, mainPr.repositoryId, mainPr.id),
      "Pull Request",
      mainPr.creationDate,
    );
  }
  if (mainItem && secondItem) {
    mainItem.relations.push({
      rel: "System.LinkTypes.Related",
      targetWorkItemId: secondItem.id,
      targetProjectId: second.id,
      attributes: { isLocked: false, name: "Related" },
    });
    secondItem.relations.push({
      rel: "System.LinkTypes.Related",
      targetWorkItemId: mainItem.id,
      targetProjectId: main.id,
      attributes: { isLocked: false, name: "Related" },
    });
  }
}
