import * as React from "react";
import { screen, within } from "@testing-library/react";
import { WorkItemDeploymentsView } from "../../src/ui/components/WorkItemDeploymentsView";
import type { WorkItemRelation } from "../../src/core/model";
import { createFakeSources, defaultProject, release, repository, workItem } from "../fakes/sources";
import { renderWithSources } from "./renderWithSources";

const projectId = defaultProject.id;
const sha = "4800cfa0be564b1e606d6811e99e0380f765a9c4";
const scriptTitle = "<script>alert('x')</script> fix login";

const relations: WorkItemRelation[] = [
  {
    rel: "ArtifactLink",
    url: `vstfs:///Git/Commit/${projectId}%2Frepo-web%2F${sha}`,
    name: "Fixed in Commit",
    artifact: { kind: "commit", projectId, repositoryId: "repo-web", commitId: sha },
  },
  {
    rel: "ArtifactLink",
    url: `vstfs:///Git/PullRequestId/${projectId}%2Frepo-web%2F42`,
    name: "Pull Request",
    artifact: { kind: "pullRequest", projectId, repositoryId: "repo-web", pullRequestId: 42 },
  },
  {
    rel: "ArtifactLink",
    url: "vstfs:///Build/Build/636",
    name: "Integrated in build",
    artifact: { kind: "build", buildId: 636 },
  },
  {
    rel: "ArtifactLink",
    url: "vstfs:///Build/Build/636",
    name: "Found in build",
    artifact: { kind: "build", buildId: 636 },
  },
  {
    rel: "ArtifactLink",
    url: `vstfs:///ReleaseManagement/ReleaseEnvironment/${projectId}:7:70`,
    name: "Integrated in release environment",
    artifact: { kind: "releaseEnvironment", projectId, releaseId: 7, environmentId: 70 },
  },
  {
    rel: "System.LinkTypes.Hierarchy-Reverse",
    url: "https://x/_apis/wit/workItems/1",
    workItemId: 1,
  },
];

function org() {
  return createFakeSources({
    repositories: [repository({ id: "repo-web", name: "web" })],
    commits: [{ id: sha, repositoryId: "repo-web", comment: "Fix the login\n\nlong body" }],
    pullRequests: [
      {
        id: 42,
        repositoryId: "repo-web",
        title: scriptTitle,
        status: "completed",
        sourceRefName: "refs/heads/feature/login",
        targetRefName: "refs/heads/main",
        reviewers: [],
      },
    ],
    releases: [
      release({
        id: 7,
        name: "Release-7",
        environments: [
          {
            id: 70,
            releaseId: 7,
            name: "Production",
            rank: 1,
            status: "succeeded",
            definitionEnvironmentId: 1,
            preApprovals: [],
            postApprovals: [],
            deploySteps: [],
          },
        ],
      }),
    ],
    workItems: [workItem({ id: 12, relations })],
  });
}

function section(name: string): HTMLElement {
  return screen.getByRole("region", { name });
}

describe("WorkItemDeploymentsView", () => {
  it("groups the linked artifacts with details and links", async () => {
    const onSettled = jest.fn();
    const { container } = renderWithSources(
      <WorkItemDeploymentsView workItemId={12} onSettled={onSettled} />,
      org().sources,
    );
    const commit = await screen.findByText(sha.slice(0, 8));
    expect(commit.closest("a")?.getAttribute("href")).toBe(
      `https://dev.azure.com/fabrikam/${projectId}/_git/web/commit/${sha}`,
    );
    expect(within(section("Commits")).getByText(/web: Fix the login/)).toBeTruthy();

    const pullRequest = within(section("Pull requests")).getByText(`!42 ${scriptTitle}`);
    expect(pullRequest.closest("a")?.getAttribute("href")).toBe(
      `https://dev.azure.com/fabrikam/${projectId}/_git/web/pullrequest/42`,
    );
    expect(container.querySelector("script")).toBeNull();

    // the build was not found in the fake: shown by id, with the reason, both relation names kept
    const builds = section("Builds");
    expect(within(builds).getByText("Build 636").closest("a")?.getAttribute("href")).toBe(
      "https://dev.azure.com/fabrikam/Demo/_build/results?buildId=636",
    );
    expect(builds.textContent).toContain("Integrated in build, Found in build");
    expect(builds.textContent).toContain("details unavailable (not-found)");

    const releases = section("Release environments");
    expect(within(releases).getByText("Release-7 · Production")).toBeTruthy();
    expect(releases.textContent).toContain("succeeded");
    expect(onSettled).toHaveBeenCalledWith(undefined);
  });

  it("reports a missing work item as an error", async () => {
    const onSettled = jest.fn();
    renderWithSources(
      <WorkItemDeploymentsView workItemId={999} onSettled={onSettled} />,
      org().sources,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Could not load the links of work item 999");
    expect(alert.textContent).toContain("(not found)");
    expect(onSettled).toHaveBeenCalledWith(expect.objectContaining({ kind: "not-found" }));
  });

  it("explains that a new work item has no links yet, without reading anything", () => {
    const fake = org();
    renderWithSources(<WorkItemDeploymentsView workItemId={0} />, fake.sources);
    expect(screen.getByText(/Save the work item/)).toBeTruthy();
    expect(fake.calls).toHaveLength(0);
  });
});
