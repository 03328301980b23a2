import * as React from "react";
import { screen } from "@testing-library/react";
import { ComplianceScoreWidgetView } from "../../src/ui/components/ComplianceScoreWidgetView";
import { PolicyTypeIds } from "../../src/core/model";
import { SourceError } from "../../src/core/sources";
import { createFakeSources, policyConfiguration, repository } from "../fakes/sources";
import { renderWithSources } from "./renderWithSources";

function org() {
  return createFakeSources({
    repositories: [
      repository({ id: "r1", name: "covered" }),
      repository({ id: "r2", name: "optional-only" }),
      repository({ id: "r3", name: "other-branch", defaultBranch: "refs/heads/trunk" }),
      repository({ id: "r4", name: "disabled", isDisabled: true }),
      repository({ id: "r5", name: "empty", defaultBranch: undefined }),
    ],
    policyConfigurations: [
      policyConfiguration({
        id: 1,
        typeId: PolicyTypeIds.minimumReviewers,
        scopes: [{ repositoryId: "r1", refName: "refs/heads/main", matchKind: "Exact" }],
      }),
      policyConfiguration({
        id: 2,
        typeId: PolicyTypeIds.minimumReviewers,
        isBlocking: false,
        scopes: [{ repositoryId: "r2", refName: "refs/heads/main", matchKind: "Exact" }],
      }),
      // blocking, but a build policy: not the reviewer rule
      policyConfiguration({
        id: 3,
        typeId: PolicyTypeIds.build,
        scopes: [{ repositoryId: null, matchKind: "DefaultBranch" }],
      }),
      // reviewers on main for every repository, but disabled: covers nobody
      policyConfiguration({
        id: 4,
        typeId: PolicyTypeIds.minimumReviewers,
        isEnabled: false,
        scopes: [{ repositoryId: null, refName: "refs/heads/main", matchKind: "Exact" }],
      }),
    ],
  });
}

describe("ComplianceScoreWidgetView", () => {
  it("counts repositories covered by a blocking minimum-reviewers policy", async () => {
    renderWithSources(
      <ComplianceScoreWidgetView title="Compliance" size={{ rowSpan: 2, columnSpan: 2 }} />,
      org().sources,
    );
    expect((await screen.findByLabelText("Covered repositories")).textContent).toBe("1/3");
    expect(screen.getByText(/2 repositories without · 5 repositories in total/)).toBeTruthy();
    expect(screen.getByText("Not applicable: 1 disabled, 1 empty")).toBeTruthy();
    const uncovered = screen.getByLabelText("Repositories without the policy").textContent;
    expect(uncovered).toContain("optional-only");
    expect(uncovered).toContain("other-branch");
  });

  it("keeps the 1x2 size to the headline", async () => {
    renderWithSources(
      <ComplianceScoreWidgetView title="Compliance" size={{ rowSpan: 1, columnSpan: 2 }} />,
      org().sources,
    );
    expect(await screen.findByLabelText("Covered repositories")).toBeTruthy();
    expect(screen.queryByText(/Not applicable/)).toBeNull();
  });

  it("shows why it could not read the policies", async () => {
    const fake = org();
    fake.fail(
      "git.listRepositories",
      new SourceError("auth", "The token expired", { status: 401 }),
    );
    renderWithSources(
      <ComplianceScoreWidgetView title="Compliance" size={{ rowSpan: 1, columnSpan: 2 }} />,
      fake.sources,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Could not load branch policies");
    expect(alert.textContent).toContain("(authentication)");
  });
});
