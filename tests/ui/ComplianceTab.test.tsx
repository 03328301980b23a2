import * as React from "react";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { defaultBaseline } from "../../src/core/compliance/baseline/default";
import { scanCompliance } from "../../src/core/compliance/scan";
import type { PolicyConfiguration } from "../../src/core/model";
import { safeFileName } from "../../src/ui/compliance/exports";
import { MAX_SNAPSHOTS, type ScoreSnapshot } from "../../src/ui/compliance/history";
import { storeKeys } from "../../src/ui/compliance/storage";
import { ComplianceTab } from "../../src/ui/components/ComplianceTab";
import { chooseOption } from "./choose";
import { createFakeSources, repository } from "../fakes/sources";
import {
  complianceOrg,
  HOSTILE,
  memoryStore,
  NOW,
  PROJECT_ID,
  renderCompliance,
} from "./complianceFixtures";

async function engineRun() {
  return scanCompliance(complianceOrg().sources, {
    organization: "fabrikam",
    project: "Demo",
    baseline: defaultBaseline(),
    now: NOW,
  });
}

function matrix(): HTMLElement {
  return screen.getByRole("grid", { name: "Repositories by rule" });
}

function rowOf(name: string): HTMLElement {
  const row = within(matrix()).getByText(name).closest("tr");
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

async function scanned() {
  await screen.findByLabelText("Project score", {}, { timeout: 3000 });
}

/** Picks one value of a filter dropdown of the filter bar. */
async function choose(label: string, option: string): Promise<void> {
  fireEvent.click(screen.getByRole("button", { name: label }));
  fireEvent.click(await screen.findByRole("option", { name: option }));
  fireEvent.keyDown(document.activeElement as Element, { key: "Escape", which: 27 });
}

describe("ComplianceTab", () => {
  it("shows the engine's project score, per-repository scores and one cell per rule", async () => {
    const expected = await engineRun();
    const store = memoryStore();
    const { container } = renderCompliance(<ComplianceTab />, complianceOrg().sources, store.store);
    await scanned();
    expect(screen.getByLabelText("Project score").textContent).toBe(`${expected.summary.score}%`);
    for (const [id, summary] of Object.entries(expected.summary.byRepository)) {
      const score = summary.score === null ? "N/A" : `${summary.score}%`;
      expect(
        within(rowOf(summary.name)).getByLabelText(`Score of ${summary.name}: ${score}`),
      ).toBeTruthy();
      expect(id).toBeTruthy();
    }
    // Every rule has a column; every evaluated cell is a labelled button.
    const webCells = within(rowOf("web")).getAllByRole("button");
    expect(webCells).toHaveLength(defaultBaseline().rules.size);
    expect(webCells[0].getAttribute("aria-label")).toMatch(
      /^web, .+: (Pass|Fail)\. Show evidence$/,
    );
    // The hostile name is text, nothing was parsed as HTML.
    expect(within(matrix()).getByText(HOSTILE)).toBeTruthy();
    expect(container.querySelector("img")).toBeNull();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it("filters by rule, outcome, severity and repository name", async () => {
    const expected = await engineRun();
    renderCompliance(<ComplianceTab />, complianceOrg().sources, memoryStore().store);
    await scanned();

    const rules = defaultBaseline();
    const minReviewers = expected.results.find(
      (result) => result.ruleId === "branch.min-reviewers",
    );
    await choose("Rule", minReviewers?.title as string);
    await waitFor(() => expect(within(rowOf("web")).getAllByRole("button")).toHaveLength(1));

    await choose("Outcome", "Pass");
    const passing = new Set(
      expected.results
        .filter((result) => result.ruleId === "branch.min-reviewers" && result.outcome === "pass")
        .map((result) => result.repository?.name),
    );
    expect(passing).toEqual(new Set(["web"]));
    await waitFor(() => expect(within(matrix()).queryByText("api")).toBeNull());
    expect(within(matrix()).getByText("web")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await choose("Severity", "High");
    const high = [...rules.rules.keys()].filter(
      (id) => expected.results.find((result) => result.ruleId === id)?.severity === "high",
    );
    await waitFor(() =>
      expect(within(rowOf("web")).getAllByRole("button")).toHaveLength(high.length),
    );

    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    fireEvent.change(screen.getByLabelText("Repository name"), { target: { value: "AP" } });
    await waitFor(() => expect(within(matrix()).queryByText("web")).toBeNull());
    expect(within(matrix()).getByText("api")).toBeTruthy();
    expect(screen.getByText("Repositories (1 of 5)")).toBeTruthy();
  }, 30_000);

  it("drills down to the effective policies, why their scopes match, remediation and the policy page", async () => {
    const navigate = jest.fn();
    renderCompliance(<ComplianceTab />, complianceOrg().sources, memoryStore().store, {
      navigate,
    });
    await scanned();
    fireEvent.click(
      within(rowOf("web")).getByRole("button", {
        name: /^web, Pull requests need a minimum number of approvals/,
      }),
    );
    const evidence = await screen.findByLabelText("Evidence");
    const policies = within(evidence).getByRole("table", { name: "Effective policies" });
    const reviewerRow = within(policies).getByText("11").closest("tr") as HTMLElement;
    expect(reviewerRow.textContent).toContain("cited");
    expect(reviewerRow.textContent).toContain("enforced");
    expect(reviewerRow.textContent).toContain(
      "refs/heads/main equals refs/heads/main (case-insensitive)",
    );
    const buildRow = within(policies).getByText("12").closest("tr") as HTMLElement;
    expect(buildRow.textContent).toContain("project-wide; refs/heads/main is the default branch");
    expect(within(evidence).getByText(/Remediation:/)).toBeTruthy();
    const link = within(evidence).getByText("Open the branch policies in Azure DevOps");
    const href =
      "https://dev.azure.com/fabrikam/Demo/_settings/repositories?repo=r-web&_a=policiesMid&refs=refs%2Fheads%2Fmain";
    expect(link.closest("a")?.getAttribute("href")).toBe(href);
    fireEvent.click(link);
    expect(navigate).toHaveBeenCalledWith(href);
  });

  it("lists an optional policy as ignored and explains a prefix scope", async () => {
    renderCompliance(<ComplianceTab />, complianceOrg().sources, memoryStore().store);
    await scanned();
    fireEvent.click(within(rowOf("api")).getAllByRole("button")[0]);
    const evidence = await screen.findByLabelText("Evidence");
    const policies = within(evidence).getByRole("table", { name: "Effective policies" });
    const row = within(policies).getByText("13").closest("tr") as HTMLElement;
    expect(row.textContent).toContain("ignored (disabled or optional)");
    expect(row.textContent).toContain("refs/heads/develop starts with refs/heads/");
  });

  it("exports JSON, CSV, SARIF and Markdown with the engine's content", async () => {
    const expected = await engineRun();
    const blobs: Blob[] = [];
    const names: string[] = [];
    Object.assign(URL, {
      createObjectURL: jest.fn((blob: Blob) => {
        blobs.push(blob);
        return `blob:test/${blobs.length}`;
      }),
      revokeObjectURL: jest.fn(),
    });
    const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    renderCompliance(<ComplianceTab />, complianceOrg().sources, memoryStore().store);
    await scanned();
    for (const label of ["JSON", "CSV", "SARIF", "Markdown"]) {
      fireEvent.click(screen.getByRole("button", { name: `Download the report as ${label}` }));
    }
    click.mockRestore();
    expect(names).toEqual([
      "compliance-Demo-2025-03-10.json",
      "compliance-Demo-2025-03-10.csv",
      "compliance-Demo-2025-03-10.sarif",
      "compliance-Demo-2025-03-10.md",
    ]);
    const [json, csv, sarif, markdown] = await Promise.all(blobs.map((blob) => readBlob(blob)));
    const report = JSON.parse(json) as {
      schemaVersion: number;
      results: unknown[];
      summary: { score: number };
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.results).toHaveLength(expected.results.length);
    expect(report.summary.score).toBe(expected.summary.score);
    expect(csv.split("\n")[0]).toContain("ruleId,title,severity,outcome,repository");
    expect(csv.trim().split("\n")).toHaveLength(expected.results.length + 1);
    const log = JSON.parse(sarif) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results).toHaveLength(expected.summary.byOutcome.fail);
    expect(markdown).toContain("# Branch-policy compliance: Demo");
    expect(blobs[0].type).toBe("application/json;charset=utf-8");
    expect(screen.getByRole("status").textContent).toBe("Downloaded compliance-Demo-2025-03-10.md");
  });

  it("sanitises project names for file names", () => {
    expect(safeFileName('My <b>Proj</b>/../"x"')).toBe("My-b-Proj-b-x");
    expect(safeFileName("../..")).toBe("project");
    expect(safeFileName("Été 2025")).toBe("Ete-2025");
  });

  it("uses and saves a baseline file from a repository, and shows a broken one's field path", async () => {
    const store = memoryStore();
    renderCompliance(<ComplianceTab />, complianceOrg().sources, store.store);
    await scanned();
    await chooseOption("Baseline", "A file in a repository of the project");
    await screen.findByLabelText("Repository", {}, { timeout: 3000 });
    await chooseOption("Repository", "infra");
    await screen.findByText(/Using Team baseline \(infra\/compliance\/baseline.yml\)/);
    expect(store.data.get(storeKeys.baselineChoice(PROJECT_ID))).toEqual({
      kind: "repository",
      repositoryId: "r-infra",
      repositoryName: "infra",
      path: "/compliance/baseline.yml",
    });
    // The exception in the file exempts api's missing reviewers.
    expect(within(rowOf("api")).getByRole("button", { name: /Exempt/ })).toBeTruthy();

    const path = screen.getByLabelText("Path (.yml, .yaml or .json)");
    fireEvent.change(path, { target: { value: "compliance/broken.yml" } });
    fireEvent.keyDown(path, { key: "Enter" });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Baseline infra/compliance/broken.yml is not valid");
    expect(alert.textContent).toContain("rules.branch.min-reviewers.minimumApprovers");
  });

  it("starts from the saved choice and records one snapshot per day, bounded", async () => {
    const old: ScoreSnapshot[] = Array.from({ length: MAX_SNAPSHOTS + 5 }, (_unused, index) => ({
      date: new Date(Date.UTC(2024, 0, 1 + index)).toISOString().slice(0, 10),
      score: 40,
      counts: { pass: 1, fail: 1, exempt: 0, error: 0, "not-available": 0, "not-applicable": 0 },
      baseline: "x",
    }));
    const store = memoryStore({
      [storeKeys.baselineChoice(PROJECT_ID)]: {
        kind: "repository",
        repositoryId: "r-infra",
        repositoryName: "infra",
        path: "/compliance/baseline.json",
      },
      [storeKeys.history(PROJECT_ID)]: old,
    });
    renderCompliance(<ComplianceTab />, complianceOrg().sources, store.store);
    await screen.findByText(/Using infra\/compliance\/baseline.json/);
    await waitFor(() => {
      const history = store.data.get(storeKeys.history(PROJECT_ID)) as ScoreSnapshot[];
      expect(history).toHaveLength(MAX_SNAPSHOTS);
      expect(history[MAX_SNAPSHOTS - 1].date).toBe("2025-03-10");
    });
    // The stored days are of another baseline: today's scan starts its own trend line.
    expect(
      screen.getByText(/The trend shows once scans exist for two days \(1 so far\)/),
    ).toBeTruthy();
    // A rescan the same day with the same result reads the history and writes nothing: the day's
    // entry already says it (a write would only risk a conflict with another writer).
    const reads = () => store.calls.filter((call) => call.startsWith("get compliance-history"));
    const readsBefore = reads().length;
    fireEvent.click(screen.getByRole("button", { name: "Rescan" }));
    await scanned();
    await waitFor(() => expect(reads().length).toBeGreaterThan(readsBefore));
    expect(store.calls.filter((call) => call.startsWith("set compliance-history"))).toHaveLength(1);
    expect((store.data.get(storeKeys.history(PROJECT_ID)) as ScoreSnapshot[]).length).toBe(
      MAX_SNAPSHOTS,
    );
  });

  it("never cuts or overwrites what a scheduled scan wrote", async () => {
    // A full history whose newest entry is today's scan of the same baseline.
    const today = "2025-03-10";
    const scans: ScoreSnapshot[] = Array.from({ length: MAX_SNAPSHOTS }, (_unused, index) => ({
      date: new Date(Date.parse(`${today}T00:00:00Z`) - (MAX_SNAPSHOTS - 1 - index) * 86_400_000)
        .toISOString()
        .slice(0, 10),
      score: 90,
      counts: { pass: 9, fail: 1, exempt: 0, error: 0, "not-available": 0, "not-applicable": 0 },
      baseline: "Release Trace default",
      origin: "scan",
    }));
    const store = memoryStore({ [storeKeys.history(PROJECT_ID)]: scans });
    renderCompliance(<ComplianceTab />, complianceOrg().sources, store.store);
    await scanned();
    await waitFor(() =>
      expect(store.calls.some((call) => call.startsWith("get compliance-history"))).toBe(true),
    );
    // The view's snapshot loses to the day's scan: nothing new, so nothing is written at all.
    expect(store.calls.some((call) => call.startsWith("set compliance-history"))).toBe(false);
    expect(store.data.get(storeKeys.history(PROJECT_ID))).toEqual(scans);
  });

  it("puts environments in their own table, with evidence but no branch policies", async () => {
    const fake = createFakeSources({
      repositories: [repository({ id: "r-infra", name: "infra" })],
      environments: [
        { id: 7, name: "prod" },
        { id: 8, name: "test" },
      ],
      files: {
        "r-infra": {
          "/b.json": JSON.stringify({
            rules: { "branch.min-reviewers": {}, "environment.approval-required": {} },
          }),
        },
      },
    });
    const store = memoryStore({
      [storeKeys.baselineChoice(PROJECT_ID)]: {
        kind: "repository",
        repositoryId: "r-infra",
        repositoryName: "infra",
        path: "/b.json",
      },
    });
    renderCompliance(<ComplianceTab />, fake.sources, store.store);
    const table = await screen.findByRole(
      "grid",
      { name: "Environments and release stages by rule" },
      { timeout: 3000 },
    );
    expect(screen.getByText("Environments and release stages (1 of 1)")).toBeTruthy();
    // The repository table has only the branch rule's column, the environment table only its own.
    expect(within(rowOf("infra")).getAllByRole("button")).toHaveLength(1);
    const cell = within(table).getByRole("button", { name: /^prod, .+: Fail\. Show evidence$/ });
    fireEvent.click(cell);
    const evidence = await screen.findByLabelText("Evidence");
    expect(within(evidence).getByText(/No enabled approval check/)).toBeTruthy();
    expect(within(evidence).queryByRole("table", { name: "Effective policies" })).toBeNull();
  });

  it("shows progress while the scan runs", async () => {
    const fake = complianceOrg();
    let release: (policies: PolicyConfiguration[]) => void = () => undefined;
    const waiting = new Promise<PolicyConfiguration[]>((resolve) => (release = resolve));
    const slow = {
      ...fake.sources,
      policy: { ...fake.sources.policy, listPolicyConfigurations: () => waiting },
    };
    renderCompliance(<ComplianceTab />, slow, memoryStore().store);
    const progress = await screen.findByRole("progressbar");
    await waitFor(() =>
      expect(progress.getAttribute("aria-valuetext")).toBe("Listing policy configurations…"),
    );
    await act(async () => release([]));
    await scanned();
    expect(screen.queryByRole("progressbar")).toBeNull();
  });
});

function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}
