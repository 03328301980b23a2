import * as React from "react";
import { fireEvent, screen, within } from "@testing-library/react";
import { RepositoryPoliciesOverview as RepositoryPoliciesPage } from "../../src/ui/components/RepositoryPoliciesPage";
import { SourceError } from "../../src/core/sources";
import { createFakeSources, policyConfiguration, repository } from "../fakes/sources";
import { renderWithSources } from "./renderWithSources";

const scriptTitle = '<img src=x onerror="alert(1)">';

function org() {
  return createFakeSources({
    repositories: [
      repository({ id: "r-web", name: "web" }),
      repository({ id: "r-api", name: "api", defaultBranch: "refs/heads/develop" }),
      repository({ id: "r-empty", name: "empty", defaultBranch: undefined }),
      repository({ id: "r-old", name: "old", isDisabled: true }),
      repository({ id: "r-x", name: scriptTitle }),
    ],
    policyConfigurations: [
      // every repository's default branch, blocking
      policyConfiguration({ id: 1, scopes: [{ repositoryId: null, matchKind: "DefaultBranch" }] }),
      // web/main only, not blocking
      policyConfiguration({
        id: 2,
        isBlocking: false,
        scopes: [{ repositoryId: "r-web", refName: "refs/heads/main", matchKind: "Exact" }],
      }),
      // repository policy for every repository, blocking
      policyConfiguration({ id: 3, scopes: [{ repositoryId: null }] }),
      // deleted: counted nowhere
      policyConfiguration({ id: 4, isDeleted: true, scopes: [{ repositoryId: null }] }),
    ],
  });
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByText(name).closest("tr");
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe("RepositoryPoliciesPage", () => {
  it("lists repositories with blocking / applicable policy counts and totals", async () => {
    const fake = org();
    renderWithSources(<RepositoryPoliciesPage />, fake.sources);
    expect(await screen.findByText("web")).toBeTruthy();

    const totals = screen.getByLabelText("Totals");
    expect(totals.textContent).toContain("5 repositories");
    expect(totals.textContent).toContain("3 policies");
    expect(totals.textContent).toContain("2 blocking");

    expect(within(rowOf("web")).getByText("2 / 3")).toBeTruthy();
    expect(within(rowOf("api")).getByText("develop")).toBeTruthy();
    expect(within(rowOf("api")).getByText("2 / 2")).toBeTruthy();
    expect(within(rowOf("empty")).getByText("empty repository")).toBeTruthy();
    // an empty repository only gets the repository-wide policy
    expect(within(rowOf("empty")).getByText("1 / 1")).toBeTruthy();
    expect(within(rowOf("old")).getByText("Disabled")).toBeTruthy();
    expect(fake.callCount("policy.listPolicyConfigurations")).toBe(1);
  });

  it("renders a script-looking repository name as text and encodes its link", async () => {
    const { container } = renderWithSources(<RepositoryPoliciesPage />, org().sources);
    const link = (await screen.findByText(scriptTitle)).closest("a");
    expect(container.querySelector("img")).toBeNull();
    expect(link?.getAttribute("href")).toBe(
      `https://dev.azure.com/fabrikam/Demo/_git/${encodeURIComponent(scriptTitle)}`,
    );
  });

  it("filters the repositories by a keyword of their name", async () => {
    renderWithSources(<RepositoryPoliciesPage />, org().sources);
    expect(await screen.findByText("web")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Repository name"), { target: { value: "EMP" } });
    expect(await screen.findByText("Repositories (1 of 5)")).toBeTruthy();
    expect(screen.getByText("empty")).toBeTruthy();
    expect(screen.queryByText("web")).toBeNull();
    fireEvent.change(screen.getByLabelText("Repository name"), { target: { value: "zzz" } });
    expect(await screen.findByText("No repository matches the filter.")).toBeTruthy();
  });

  it("asks the host to navigate on a plain click", async () => {
    const navigate = jest.fn();
    renderWithSources(<RepositoryPoliciesPage />, org().sources, { navigate });
    fireEvent.click(await screen.findByText("web"));
    expect(navigate).toHaveBeenCalledWith("https://dev.azure.com/fabrikam/Demo/_git/web");
  });

  it("says what failed and why when a source fails", async () => {
    const fake = org();
    fake.fail(
      "policy.listPolicyConfigurations",
      new SourceError("permission", "Access to policy configurations was denied", { status: 403 }),
    );
    renderWithSources(<RepositoryPoliciesPage />, fake.sources);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Could not load repositories and policies");
    expect(alert.textContent).toContain("Azure DevOps did not answer (no permission).");
    // The technical reason sits behind "Details", closed at first.
    expect(alert.textContent).not.toContain("Access to policy configurations was denied");
    fireEvent.click(within(alert).getByRole("button", { name: "Details" }));
    expect(alert.textContent).toContain("Access to policy configurations was denied");
    expect(alert.textContent).toContain("HTTP 403");
  });

  it("shows an empty state for a project without repositories", async () => {
    renderWithSources(<RepositoryPoliciesPage />, createFakeSources({}).sources);
    expect(await screen.findByText("No repositories")).toBeTruthy();
  });
});
