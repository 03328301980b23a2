import * as React from "react";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { SourceError } from "../../src/core/sources";
import { deployedMatrix, evidencePack, traceWorkItem } from "../../src/core/trace";
import { TraceTab } from "../../src/ui/components/TraceTab";
import { memoryVersionedStore } from "../fakes/memoryVersionedStore";
import {
  INDEX_DOCUMENT_ID,
  parseIndex,
} from "../../src/core/trace/deploymentIndex/deploymentIndex";
import { DeploymentIndexProvider } from "../../src/ui/trace/deploymentIndex";
import { deploymentStateText } from "../../src/ui/trace/status";
import {
  captureDownloads,
  HOSTILE_BRANCH,
  HOSTILE_PIPELINE,
  HOSTILE_TITLE,
  REPO,
  renderTrace,
  traceOrg,
} from "./TraceFixtures";

function cellButtons(): HTMLElement[] {
  return screen.queryAllByRole("button", { name: /\. Show what it contains$/ });
}

function labels(): string[] {
  return cellButtons().map((button) => button.getAttribute("aria-label") ?? "");
}

async function openTab(fake = traceOrg()) {
  const view = renderTrace(<TraceTab />, fake.sources);
  await screen.findByLabelText("Matrix size", {}, { timeout: 3000 });
  return { fake, ...view };
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** Waits for the matrix to show the size given (the keyword filters are throttled). */
async function size(text: string): Promise<void> {
  await waitFor(() => expect(screen.getByLabelText("Matrix size").textContent).toBe(text));
}

/** Picks one value of a filter dropdown of the filter bar. */
async function choose(label: string, option: string): Promise<void> {
  fireEvent.click(screen.getByRole("button", { name: label }));
  fireEvent.click(await screen.findByRole("option", { name: option }));
  fireEvent.keyDown(document.activeElement as Element, { key: "Escape", which: 27 });
}

afterEach(() => jest.restoreAllMocks());

describe("TraceTab: deployed where", () => {
  it("shows the engine's latest deployment in each pipeline × environment cell", async () => {
    const { fake } = await openTab();
    const expected = await deployedMatrix(traceOrg().sources, "Demo");
    const expectedLabels = expected.cells.flatMap((cell) => {
      const subject = (name: string | null) => (cell.runId !== undefined ? `run ${name}` : name);
      const where = `${cell.pipeline} to ${cell.environment}`;
      const attempt = cell.latestAttempt;
      return [
        ...(cell.state
          ? [
              `${where}: ${subject(cell.name)}, ${deploymentStateText(cell.state)}. Show what it contains`,
            ]
          : []),
        ...(attempt
          ? [
              `${where}: newer attempt ${cell.kind === "yaml" ? `run ${attempt.name}` : attempt.name}, ${deploymentStateText(attempt.state)}, not deployed. Show what it contains`,
            ]
          : []),
      ];
    });
    expect([...labels()].sort()).toEqual([...expectedLabels].sort());
    // A Classic stage waiting for approval is never in the cell as deployed: what runs there
    // is the release before it, and the waiting release sits apart.
    expect(labels()).toContain(
      "web-release to Production: Release-20, Succeeded. Show what it contains",
    );
    expect(labels()).toContain(
      "web-release to Production: newer attempt Release-21, Waiting for approval, not deployed. Show what it contains",
    );
    // Columns run from the first environment to production, whatever their names' order.
    const headers = screen.getAllByRole("columnheader").map((header) => header.textContent);
    expect(headers).toEqual(["Pipeline", "dev", "QA", "staging", "prod", "Production"]);
    const prod = screen.getByRole("button", { name: /^web-ci-cd to prod:/ });
    expect(prod.textContent).toContain("2025.12");
    // Two lines: the run, then its commit and age; the branch and who in the tooltip.
    expect(prod.textContent).toContain("12c0ffee · 5 d ago");
    expect(prod.getAttribute("title")).toMatch(/ on main\n.* by Ana Rivera$/);
    // Every read went through the session: each list once.
    expect(fake.callCount("environments.listEnvironments")).toBe(1);
    expect(fake.callCount("release.listReleases")).toBe(1);
  });

  it("filters pipelines by name and kind, environments by name, and failures", async () => {
    await openTab();
    type("Pipeline name", "WEB");
    await size("2 of 3 pipelines × 5 environments");
    await choose("Kind", "Classic releases");
    await waitFor(() =>
      expect(labels().every((label) => label.startsWith("web-release to "))).toBe(true),
    );
    // QA, and Production with its newer attempt.
    expect(labels()).toHaveLength(3);
    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    type("Environment name", "prod");
    // The hostile pipeline only deployed to dev: hidden with the dev column.
    await size("2 of 3 pipelines × 2 of 5 environments");
    expect(screen.getAllByRole("columnheader").map((header) => header.textContent)).toEqual([
      "Pipeline",
      "prod",
      "Production",
    ]);
    type("Environment name", "");
    await choose("State", "A newer attempt, or nothing deployed");
    await size("2 of 3 pipelines × 5 environments");
    type("Pipeline name", "no such pipeline");
    expect(await screen.findByText("No pipeline matches the filters.")).toBeTruthy();
  }, 30_000);

  it("keeps hostile pipeline names, branches and titles as text", async () => {
    const { container } = await openTab();
    expect(screen.getByText(HOSTILE_PIPELINE)).toBeTruthy();
    const cell = screen.getByRole("button", {
      name: new RegExp(`^${escape(HOSTILE_PIPELINE)} to dev: run`),
    });
    expect(cell.getAttribute("title")).toContain("feature/<img src=x onerror=alert(2)>");
    expect(HOSTILE_BRANCH).toContain("<img");
    expect(container.querySelector("script")).toBeNull();
    expect(document.querySelector("img")).toBeNull();
  });

  it("marks a cell whose run could not be read, and says why", async () => {
    const fake = traceOrg();
    fake.fail(
      "build.listRuns",
      new SourceError("server", "HTTP 503", { status: 503, attempts: 5 }),
    );
    await openTab(fake);
    const prod = screen.getByRole("button", { name: /^web-ci-cd to prod: run/ });
    expect(prod.textContent).toContain("⚠ version unknown");
    expect(prod.textContent).not.toContain("no version");
    const marker = within(prod).getByText(/unknown$/);
    expect(marker.getAttribute("title")).toBe(
      "Azure DevOps did not answer for sourceBranch, sourceVersion, deployedBy of deployment of web-ci-cd to prod (server error, 5 tries).",
    );
  });

  it("virtualises hundreds of pipelines", async () => {
    await openTab(traceOrg({ extraPipelines: 300 }));
    expect(screen.getByLabelText("Matrix size").textContent).toBe("303 pipelines × 5 environments");
    const rows = screen.getAllByRole("row").length;
    expect(rows).toBeGreaterThan(1);
    expect(rows).toBeLessThan(200);
  });

  it("exports the filtered view as CSV and JSON", async () => {
    await openTab();
    const downloads = captureDownloads();
    type("Pipeline name", "web-ci-cd");
    await size("1 of 3 pipelines × 5 environments");
    fireEvent.click(
      screen.getByRole("button", { name: "Download the deployed-where view as CSV" }),
    );
    fireEvent.click(
      screen.getByRole("button", { name: "Download the deployed-where view as JSON" }),
    );
    expect(downloads.files.map((file) => file.name)).toEqual([
      "deployed-Demo-2025-01-10.csv",
      "deployed-Demo-2025-01-10.json",
    ]);
    const csv = (await downloads.text(0)).trim().split("\r\n");
    expect(csv[0]).toBe(
      "pipeline,kind,environment,runId,releaseId,name,sourceBranch,sourceVersion,result,deployedAt,deployedBy,state,latestAttemptId,latestAttemptName,latestAttemptState,latestAttemptAt,unknownFields",
    );
    expect(csv.slice(1).map((line) => line.split(",").slice(0, 4).join(","))).toEqual([
      // Delivery order: production last.
      "web-ci-cd,yaml,staging,13",
      "web-ci-cd,yaml,prod,12",
    ]);
    const json = JSON.parse(await downloads.text(1)) as { schemaVersion: number; cells: unknown[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.cells).toHaveLength(2);
    expect(screen.getByText("Downloaded deployed-Demo-2025-01-10.json")).toBeTruthy();
  });
});

describe("TraceTab: what's in it", () => {
  it("opens a cell's contents since the previous deployment to the same environment", async () => {
    await openTab();
    fireEvent.click(screen.getByRole("button", { name: /^web-ci-cd to prod:/ }));
    const contents = await screen.findByLabelText("Deployment contents", {}, { timeout: 3000 });
    expect(contents.textContent).toContain(
      "Compared with the previous deployment to prod, run 2025.10 deployed",
    );
    expect(contents.textContent).toContain("2 runs brought in.");
    // The panel names the run by its number, as Azure DevOps does, not by its id.
    expect(screen.getByText(/^What run 2025\.12 brought to prod$/)).toBeTruthy();
    const section = (name: string) => within(contents).getByRole("region", { name });
    // Work items of runs 11 and 12, not of 10 (already in prod).
    const workItems = section("Work items");
    expect(within(workItems).getByText("Faster search")).toBeTruthy();
    expect(within(workItems).getByText("Dark mode")).toBeTruthy();
    expect(within(workItems).queryByText(HOSTILE_TITLE)).toBeNull();
    const prs = section("Pull requests");
    expect(within(prs).getByText("!5 Faster <b>search</b>")).toBeTruthy();
    expect(within(prs).getByText("Ana Rivera: Approved")).toBeTruthy();
    expect(within(prs).getByText("Bo Chen: Waiting for author")).toBeTruthy();
    expect(within(prs).getByText("Bypassed by Bo Chen: Hotfix for the outage")).toBeTruthy();
    const commits = section("Commits");
    expect(within(commits).getByText("Unlinked tweak")).toBeTruthy();
    expect(within(commits).getByText("99c0ffee").closest("a")?.getAttribute("href")).toBe(
      "https://dev.azure.com/fabrikam/Demo/_git/web/commit/99c0ffee00000000000000000000000000000000",
    );
    const approvals = section("Approvals");
    expect(approvals.textContent).toContain("Cy Approver");
    expect(approvals.textContent).toContain("Ship it");
    const gaps = section("Gaps");
    expect(gaps.textContent).toContain("Commit 99c0ffee in run 12 links to no work item");
    // Every gap names its rule's title and severity.
    expect(gaps.textContent).toContain("Pull request completed bypassing policies (High)");
    expect(gaps.textContent).toContain("Commit without a work item (Medium)");
    expect(gaps.textContent).toContain("Reason: Hotfix for the outage");
    // Evidence in words, never raw fields such as `pullRequests: []`.
    expect(gaps.textContent).toContain("Pull requests: none");
    expect(gaps.textContent).not.toMatch(/pullRequests|\[\]/);
    expect(document.querySelector("b")).toBeNull();
  });

  it("opens a Classic release cell and downloads its evidence pack in Markdown and JSON", async () => {
    const { fake } = await openTab();
    fireEvent.click(
      screen.getByRole("button", { name: /^web-release to Production: newer attempt/ }),
    );
    const contents = await screen.findByLabelText("Deployment contents", {}, { timeout: 3000 });
    // Waiting for its pre-deployment approval: never called deployed.
    expect(contents.textContent).toContain(
      "Release-21 to Production from main: not deployed there (waiting for approval).",
    );
    expect(contents.textContent).not.toMatch(/Release-21 to Production[^.]*deployed \d/);
    // Stages in words, never raw values.
    const stages = within(contents).getByRole("region", { name: "Stages" });
    expect(stages.textContent).toContain("Production → Production: waiting for approval");
    expect(stages.textContent).not.toContain("inProgress");
    expect(within(contents).getByRole("region", { name: "Approvals" }).textContent).toContain(
      "Production (pre-deployment approval)",
    );
    const downloads = captureDownloads();
    fireEvent.click(
      screen.getByRole("button", { name: "Download the evidence pack of Release-21 as Markdown" }),
    );
    fireEvent.click(
      screen.getByRole("button", { name: "Download the evidence pack of Release-21 as JSON" }),
    );
    fireEvent.click(screen.getByRole("button", { name: "Download what it contains as CSV" }));
    expect(downloads.files.map((file) => file.name)).toEqual([
      "evidence-release-Release-21.md",
      "evidence-release-Release-21.json",
      "contents-release-Release-21-Production.csv",
    ]);
    const markdown = await downloads.text(0);
    expect(markdown).toContain("# Evidence pack: release Release-21 of web-release");
    expect(markdown).toContain("Organization fabrikam, project Demo.");
    const pack = JSON.parse(await downloads.text(1));
    const expected = await evidencePack(fake.sources, "Demo", { releaseId: 21 });
    expect(pack).toEqual(JSON.parse(JSON.stringify(expected)));
    const csv = await downloads.text(2);
    expect(csv).toContain("work item,2,Faster search,Active");
    expect(csv).toContain("approval,Production (pre-deployment approval),,pending,Cy Approver,");
  });
});

describe("TraceTab: work item lookup", () => {
  it("traces a work item, shows its path and opens what a deployment brought", async () => {
    const { fake } = await openTab();
    fireEvent.click(screen.getByRole("tab", { name: "Work item lookup" }));
    // Named by its label, not by its placeholder.
    expect(screen.getByRole("textbox", { name: "Work item id" })).toBeTruthy();
    type("Work item id", "abc");
    fireEvent.click(screen.getByRole("button", { name: "Trace" }));
    expect(screen.getByRole("alert").textContent).toContain("a whole number from 1 to");
    type("Work item id", "#2");
    fireEvent.click(screen.getByRole("button", { name: "Trace" }));
    const path = await screen.findByLabelText("Work item path", {}, { timeout: 3000 });
    const expected = await traceWorkItem(traceOrg().sources, "Demo", 2);
    const environments = within(path).getByRole("region", { name: "Environments" });
    const rows = within(environments).getAllByRole("row").slice(1) as HTMLTableRowElement[];
    expect(rows.map((row) => row.cells[0].textContent)).toEqual(
      expected.deployments.map((deployment) => deployment.environment),
    );
    expect(rows[0].textContent).toContain("run order");
    expect(within(path).getByText("!5 Faster <b>search</b>")).toBeTruthy();
    expect(within(path).getByRole("region", { name: "Pending stages" }).textContent).toContain(
      "Waiting for approval",
    );
    expect(within(path).getByRole("region", { name: "Gaps" }).textContent).toContain(
      "Open work item deployed",
    );

    const downloads = captureDownloads();
    fireEvent.click(
      screen.getByRole("button", { name: "Download the path of work item 2 as JSON" }),
    );
    fireEvent.click(
      screen.getByRole("button", { name: "Download the path of work item 2 as CSV" }),
    );
    fireEvent.click(
      screen.getByRole("button", { name: "Download the path of work item 2 as Markdown" }),
    );
    expect(downloads.files.map((file) => file.name)).toEqual([
      "trace-work-item-2.json",
      "trace-work-item-2.csv",
      "trace-work-item-2.md",
    ]);
    expect(JSON.parse(await downloads.text(0))).toEqual(JSON.parse(JSON.stringify(expected)));
    const csv = await downloads.text(1);
    expect(csv).toContain("deployment,12,web-ci-cd (yaml),succeeded,prod,Prod,run-order,");
    expect(await downloads.text(2)).toContain("# User Story 2: Faster search");

    const before = fake.calls.length;
    fireEvent.click(
      within(rows[0]).getByRole("button", { name: /^What run 2025.12 brought to staging/ }),
    );
    const contents = await screen.findByLabelText("Deployment contents", {}, { timeout: 3000 });
    expect(contents.textContent).toContain("run 2025.12 to staging");
    // The session already holds environments, records and releases.
    await waitFor(() =>
      expect(fake.calls.slice(before).map((call) => call.method)).not.toContain(
        "environments.listDeploymentRecords",
      ),
    );
  }, 30_000);

  it("clears the old result on a new query and sends no id the service could not hold", async () => {
    const { fake } = await openTab();
    fireEvent.click(screen.getByRole("tab", { name: "Work item lookup" }));
    type("Work item id", "2");
    fireEvent.click(screen.getByRole("button", { name: "Trace" }));
    await screen.findByLabelText("Work item path", {}, { timeout: 3000 });
    const before = fake.calls.length;
    for (const text of ["2147483648", "0", "x1"]) {
      type("Work item id", text);
      fireEvent.click(screen.getByRole("button", { name: "Trace" }));
      expect(screen.getByRole("alert").textContent).toContain("from 1 to 2,147,483,647");
      expect(screen.queryByLabelText("Work item path")).toBeNull();
      expect(screen.queryByRole("button", { name: /Download the path/ })).toBeNull();
    }
    expect(fake.calls.slice(before).map((call) => call.method)).not.toContain(
      "workItems.getWorkItem",
    );
    expect(fake.calls.length).toBe(before);
  }, 30_000);

  it("says when the work item does not exist", async () => {
    await openTab();
    fireEvent.click(screen.getByRole("tab", { name: "Work item lookup" }));
    type("Work item id", "999");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Trace" }));
    });
    const alert = await screen.findByRole("alert", {}, { timeout: 3000 });
    expect(alert.textContent).toContain("Could not trace work item 999");
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("TraceTab: the project's baseline for gap rules", () => {
  const choice = {
    kind: "repository",
    repositoryId: REPO,
    repositoryName: "web",
    path: "/compliance/baseline.yml",
  };
  const store = {
    get: async <T,>(key: string) =>
      (key.startsWith("compliance-baseline-") ? choice : undefined) as T,
    set: async () => undefined,
  };

  async function contentsWith(file: string) {
    const fake = traceOrg({ files: { "/compliance/baseline.yml": file } });
    renderTrace(<TraceTab />, fake.sources, store);
    await screen.findByLabelText("Matrix size", {}, { timeout: 3000 });
    fireEvent.click(screen.getByRole("button", { name: /^web-ci-cd to prod:/ }));
    return screen.findByLabelText("Deployment contents", {}, { timeout: 3000 });
  }

  it("shows an excepted gap as exempt with its reason, and leaves out a gap rule switched off", async () => {
    const contents = await contentsWith(
      [
        "rules:",
        "  branch.no-self-approval: {}",
        "gaps:",
        "  trace.commit-without-work-item: false",
        "exceptions:",
        "  - rule: trace.pr-policy-bypass",
        "    pullRequest: 5",
        "    justification: Outage hotfix, reviewed afterwards (INC-9)",
        '    expires: "2999-12-31"',
      ].join("\n"),
    );
    const gaps = within(contents).getByRole("region", { name: "Gaps" });
    expect(gaps.textContent).toContain("Pull request completed bypassing policies (High · exempt)");
    expect(gaps.textContent).toContain(
      "Exempt until 2999-12-31: Outage hotfix, reviewed afterwards (INC-9)",
    );
    expect(gaps.textContent).not.toContain("Commit without a work item");
  });

  it("says when the baseline cannot be used, and applies every gap rule", async () => {
    const contents = await contentsWith(
      "rules:\n  branch.no-self-approval: {}\ngaps:\n  trace.nope: false\n",
    );
    expect(contents.textContent).toContain("baseline for gap rules (every gap rule applies");
    const gaps = within(contents).getByRole("region", { name: "Gaps" });
    expect(gaps.textContent).toContain("Commit without a work item (Medium)");
  });
});

describe("TraceTab: the deployment index it saves", () => {
  it("holds every environment and every Classic release", async () => {
    const { store, documents } = memoryVersionedStore();
    const fake = traceOrg();
    const projectId = "index-project";
    renderTrace(
      <DeploymentIndexProvider value={{ projectId, store }}>
        <TraceTab />
      </DeploymentIndexProvider>,
      fake.sources,
    );
    await screen.findByLabelText("Matrix size", {}, { timeout: 3000 });
    await waitFor(() => expect(documents.has(INDEX_DOCUMENT_ID)).toBe(true));
    const index = parseIndex(documents.get(INDEX_DOCUMENT_ID)?.value, projectId, Date.now());
    const releases = await fake.sources.release.listReleases("Demo");
    const environments = await fake.sources.environments.listEnvironments("Demo");
    expect(index?.environments.map((environment) => environment.id).sort()).toEqual(
      environments.map((environment) => environment.id).sort(),
    );
    expect(index?.releases?.rows.map((row) => row[0])).toEqual(releases.map((item) => item.id));
    expect(index?.releases?.watermark).toBe(Math.max(...releases.map((item) => item.id)));
  });
});
