import * as React from "react";
import { act, cleanup, render, screen, within } from "@testing-library/react";
import type { IndexRow } from "../../src/core/trace/deploymentIndex/deploymentIndex";
import { mergeIndex } from "../../src/core/trace/deploymentIndex/mergeIndex";
import { fullRead } from "../../src/core/trace/deploymentIndex/refreshIndex";
import { SourceError } from "../../src/core/sources";
import { TraceSession } from "../../src/core/trace";
import { WorkItemDeploymentsView } from "../../src/ui/components/WorkItemDeploymentsView";
import { SourcesProvider } from "../../src/ui/context";
import { createWebLinks } from "../../src/ui/links";
import { NOW, orgUrl, traceOrg } from "./TraceFixtures";
import { renderWithSources } from "./renderWithSources";

const now = () => NOW;

function section(name: string): HTMLElement {
  return screen.getByRole("region", { name });
}

describe("WorkItemDeploymentsView", () => {
  it("shows development, builds, environments with the gate state of a pending stage", async () => {
    const onSettled = jest.fn();
    renderWithSources(
      <WorkItemDeploymentsView workItemId={4} onSettled={onSettled} now={now} />,
      traceOrg().sources,
    );
    expect(screen.getByRole("status").textContent).toContain("Reading development");
    const environments = await screen.findByRole("region", { name: "Environments" });
    expect(within(section("Builds")).getByText("web-ci-cd 2025.13").closest("a")?.href).toBe(
      `${orgUrl}/Demo/_build/results?buildId=13`,
    );
    const items = within(environments).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      // The icon's accessible name comes first, then the step.
      "Succeededstaging reached 4 d ago · run 2025.13web-ci-cd · direct link",
      "Waiting for approvalprod Waiting for approval for 4 d · approvers: Cy Approver · run 2025.13web-ci-cd · stage Prod",
    ]);
    expect(within(items[1]).getByRole("img", { name: "Waiting for approval" })).toBeTruthy();
    expect(onSettled).toHaveBeenCalledWith(undefined);
  });

  it("lists branches, commits and PRs with status and votes, reached environments and gaps", async () => {
    const { container } = renderWithSources(
      <WorkItemDeploymentsView workItemId={2} now={now} />,
      traceOrg().sources,
    );
    const prs = await screen.findByRole("region", { name: "Pull requests" });
    expect(within(prs).getByRole("heading").textContent).toBe("Pull requests (1)");
    const pr = within(prs).getByText("!5 Faster <b>search</b>");
    expect(pr.closest("a")?.getAttribute("href")).toBe(
      `${orgUrl}/00000000-0000-4000-8000-000000000001/_git/web/pullrequest/5`,
    );
    expect(prs.textContent).toContain(
      "completed · feature/search → main · 1 of 2 approved · Bo Chen: Waiting for author · policies bypassed by Bo Chen",
    );
    expect(container.querySelector("b")).toBeNull();
    const environments = section("Environments");
    expect(environments.textContent).toContain("prod reached 5 d ago");
    expect(environments.textContent).toContain("run order");
    // Production of the Classic release waits for its pre-deployment approval.
    expect(environments.textContent).toContain(
      "Production not reached (waiting for approval) · Release-21web-release · run order · Waiting for approval for 6 d · approvers: Cy Approver",
    );
    expect(environments.textContent).toContain(
      "prod reached 5 d ago · run 2025.12web-ci-cd · run order · then run 2025.13: waiting for approval for 4 d · approvers: Cy Approver",
    );
    const gaps = section("Gaps");
    expect(gaps.textContent).toContain("Open work item deployed");
    expect(gaps.textContent).toContain("Pull request completed bypassing policies (High)");
    // The unlinked commit of the run that brought the work item is its gap too, marked as such.
    expect(gaps.textContent).toContain("Commit without a work item (Medium)");
    expect(gaps.textContent).toContain(
      "Gap of run 2025.12 (web-ci-cd), which first brought it to staging, QA, prod",
    );
  });

  it("says a commit's repository was not read when the repository list failed", async () => {
    const fake = traceOrg();
    fake.fail("git.listRepositories", new SourceError("server", "500 on repositories"));
    renderWithSources(<WorkItemDeploymentsView workItemId={2} now={now} />, fake.sources);
    const commits = await screen.findByRole("region", { name: "Commits" });
    expect(commits.textContent).toContain("Not read: repository (server error)");
  });

  it("keeps hostile titles and branch names inert", async () => {
    const { container } = renderWithSources(
      <WorkItemDeploymentsView workItemId={1} now={now} />,
      traceOrg().sources,
    );
    const branches = await screen.findByRole("region", { name: "Branches" });
    expect(within(branches).getByText("fix/checkout").closest("a")?.getAttribute("href")).toBe(
      `${orgUrl}/00000000-0000-4000-8000-000000000001/_git/web?version=GBfix%2Fcheckout`,
    );
    expect(within(section("Commits")).getByText("10c0ffee")).toBeTruthy();
    expect(container.querySelector("img, script")).toBeNull();
  });

  it("reloads on refresh with the session's environments and releases, within 10 calls", async () => {
    const fake = traceOrg();
    const session = new TraceSession(fake.sources, "Demo");
    const links = createWebLinks(orgUrl, "Demo");
    const view = (workItemId: number, reloadToken: number) => (
      <SourcesProvider sources={fake.sources} project="Demo" links={links}>
        <WorkItemDeploymentsView
          workItemId={workItemId}
          session={session}
          reloadToken={reloadToken}
          now={now}
        />
      </SourcesProvider>
    );
    const { rerender } = renderWithSources(<span />, fake.sources);
    rerender(view(2, 0));
    await screen.findByRole("region", { name: "Environments" });
    const first = fake.calls.length;
    expect(fake.callCount("environments.listDeploymentRecords")).toBe(3);

    // The form's Refresh: everything on screen stays while the work item is read again.
    act(() => rerender(view(2, 1)));
    expect(screen.getByText("Refreshing…")).toBeTruthy();
    expect(section("Environments")).toBeTruthy();
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.queryByText("Refreshing…")).toBeNull();
    const refresh = fake.calls.slice(first).map((call) => call.method);
    expect(refresh).toContain("workItems.getWorkItems");
    expect(refresh).toContain("git.getPullRequest");
    for (const cached of [
      "environments.listEnvironments",
      "environments.listDeploymentRecords",
      "release.listReleases",
      "git.listRepositories",
    ])
      expect(refresh).not.toContain(cached);
    expect(refresh.length).toBeLessThanOrEqual(10);

    // Another work item in the same form frame: also within 10 calls.
    const beforeOther = fake.calls.length;
    act(() => rerender(view(4, 1)));
    expect(screen.queryByRole("region", { name: "Pull requests" })).toBeNull();
    await screen.findByText(/approvers: Cy Approver/);
    expect(fake.calls.length - beforeOther).toBeLessThanOrEqual(10);
  });

  it("with a deployment index: its rows labelled first, then confirmed; a tampered row is said and not shown", async () => {
    const plainFake = traceOrg();
    renderWithSources(<WorkItemDeploymentsView workItemId={2} now={now} />, plainFake.sources);
    const plain = (await screen.findByRole("region", { name: "Environments" })).textContent;
    const plainGaps = screen.queryByRole("region", { name: "Gaps" })?.textContent;
    expect(plainGaps).toBeDefined();
    cleanup();

    const fake = traceOrg();
    const full = await new TraceSession(fake.sources, "Demo").environmentDeployments([]);
    const index = mergeIndex(
      undefined,
      fullRead("p-demo", new Date(NOW.getTime() - 5 * 60_000), full),
    );
    // Any project member can write the index: a row saying run 12 also reached dev, which
    // Azure DevOps has no record of.
    const dev = full.environments.find((environment) => environment.name === "dev");
    const invented: IndexRow = [
      9_999,
      dev?.id as number,
      index.rows[0][2],
      12,
      "2025.12",
      "Prod",
      "succeeded",
      null,
      null,
      null,
    ];
    index.rows.unshift(invented);
    for (const environment of index.environments)
      if (environment.id === dev?.id) environment.watermark = 9_999;
    const session = new TraceSession(fake.sources, "Demo").useDeploymentIndex({
      projectId: "p-demo",
      read: async () => JSON.parse(JSON.stringify(index)),
    });
    const links = createWebLinks(orgUrl, "Demo");
    fake.calls.length = 0;
    // The confirming reads go on beside the labelled step: held here until its rows are shown.
    let confirm: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (confirm = resolve));
    const listRecords = fake.sources.environments.listDeploymentRecords;
    let labelledWhenAsked: boolean | undefined;
    fake.sources.environments.listDeploymentRecords = async (...args) => {
      labelledWhenAsked ??= /verifying/.test(document.body.textContent ?? "");
      await held;
      return listRecords(...args);
    };
    render(
      <SourcesProvider sources={fake.sources} project="Demo" links={links}>
        <WorkItemDeploymentsView workItemId={2} session={session} now={now} />
      </SourcesProvider>,
    );
    await screen.findByText(
      /From the deployment index \(deployments as of 5 min ago\) · verifying with Azure DevOps; gaps and waiting approvals follow/,
    );
    // The labelled step comes before the gaps' reads: no gaps are shown, none are claimed.
    expect(screen.queryByRole("region", { name: "Gaps" })).toBeNull();
    // Started before the labelled rows were shown, not after them.
    expect(labelledWhenAsked).toBe(false);
    expect(fake.callCount("environments.listEnvironments")).toBe(1);
    confirm();
    await screen.findByText("Checked with Azure DevOps · deployment index as of 5 min ago");
    expect(section("Gaps").textContent).toBe(plainGaps);
    const environments = section("Environments");
    expect(environments.textContent).toContain(
      "The deployment index says run 2025.12 deployed to dev (record 9999); Azure DevOps has no such record that you can see: not shown.",
    );
    const steps = within(environments)
      .getAllByRole("listitem")
      .map((item) => item.textContent)
      .join("");
    // The same environments, steps and heading as without an index.
    expect(plain).toBe(`${within(environments).getByRole("heading").textContent}${steps}`);
    // Each environment was read only down to the oldest record the index names there; dev, whose
    // watermark the altered index put above any record it has, was then read to its end.
    const reads = fake.calls.filter((call) => call.method === "environments.listDeploymentRecords");
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads)
      expect(read.args[2]).toEqual(
        read.args[1] === dev?.id && read.args[2] === undefined
          ? undefined
          : { downToId: expect.any(Number) },
      );
    expect(reads.filter((read) => read.args[2] === undefined).map((read) => read.args[1])).toEqual([
      dev?.id,
    ]);
    expect(fake.callCount("environments.listEnvironments")).toBe(1);
  });

  it("reports a missing work item as an error", async () => {
    const onSettled = jest.fn();
    renderWithSources(
      <WorkItemDeploymentsView workItemId={999} onSettled={onSettled} now={now} />,
      traceOrg().sources,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Could not read the deployments of work item 999");
    expect(onSettled).toHaveBeenCalledWith(expect.any(Error));
  });

  it("explains that a new work item has nothing yet, without reading anything", () => {
    const fake = traceOrg();
    renderWithSources(<WorkItemDeploymentsView workItemId={0} />, fake.sources);
    expect(screen.getByText(/Save the work item/)).toBeTruthy();
    expect(fake.calls).toHaveLength(0);
  });
});
