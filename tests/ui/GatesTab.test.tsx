import * as React from "react";
import { fireEvent, screen, within } from "@testing-library/react";
import { SourceError } from "../../src/core/sources";
import { GatesTab } from "../../src/ui/components/GatesTab";
import { choiceButton, chooseOption } from "./choose";
import { createFakeSources } from "../fakes/sources";
import { at, gatesOrg, HOSTILE_COMMENT, HOSTILE_INSTRUCTIONS } from "./GatesFixtures";
import { orgUrl, renderWithSources } from "./renderWithSources";

const now = () => at(100);

async function waitingRowLabels(): Promise<string[]> {
  const table = await screen.findByRole("table", { name: "Pending approvals, checks and gates" });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => row.getAttribute("aria-label") ?? "");
}

describe("Gates tab: Waiting on", () => {
  it("lists every pending approval, oldest first, and sorts by timeout both ways", async () => {
    renderWithSources(<GatesTab now={now} />, createFakeSources(gatesOrg()).sources);
    expect(await screen.findByText("Waiting on (2)")).toBeTruthy();
    expect(await waitingRowLabels()).toEqual(["api r5, Stage Live", "web r3, Stage Prod"]);
    const byTimeout = screen.getByRole("button", { name: "Sort by timeout" });
    fireEvent.click(byTimeout);
    expect(await waitingRowLabels()).toEqual(["web r3, Stage Prod", "api r5, Stage Live"]);
    expect(byTimeout.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(byTimeout);
    expect(await waitingRowLabels()).toEqual(["api r5, Stage Live", "web r3, Stage Prod"]);
    expect(byTimeout.closest("th")?.getAttribute("aria-sort")).toBe("descending");
    fireEvent.click(screen.getByRole("button", { name: "Sort by age" }));
    expect(await waitingRowLabels()).toEqual(["api r5, Stage Live", "web r3, Stage Prod"]);
  });

  it("names only the approver whose turn it is, keeps instructions inert and links to the run", async () => {
    const { container } = renderWithSources(
      <GatesTab now={now} />,
      createFakeSources(gatesOrg()).sources,
    );
    const row = await screen.findByRole("row", { name: "web r3, Stage Prod" });
    expect(within(row).getByLabelText("Approvers").textContent).toBe("Next: Alice");
    expect(within(row).getByText(/in sequence · 0 of 2 approved/)).toBeTruthy();
    expect(within(row).getByLabelText("Instructions").textContent).toBe(HOSTILE_INSTRUCTIONS);
    expect(container.querySelector("img[src='x']")).toBeNull();
    // Waiting 90 min at minute 100; times out at minute 70: overdue by 30 min.
    expect(within(row).getByText("1 h")).toBeTruthy();
    expect(within(row).getByText("overdue by 30 min")).toBeTruthy();
    expect(within(row).getByRole("link").getAttribute("href")).toBe(
      `${orgUrl}/Demo/_build/results?buildId=3&view=results`,
    );
    const other = screen.getByRole("row", { name: "api r5, Stage Live" });
    expect(within(other).getByLabelText("Approvers").textContent).toBe("Carol");
    expect(within(other).getByText("in 8 h")).toBeTruthy();
    // Read-only: no approve or reject buttons anywhere.
    expect(screen.queryByRole("button", { name: /approve|reject/i })).toBeNull();
  });

  it("says so when nothing waits", async () => {
    const org = gatesOrg();
    org.approvals = [];
    org.runs = [];
    renderWithSources(<GatesTab now={now} />, createFakeSources(org).sources);
    expect(
      await screen.findByText(/Nothing is waiting: no pipeline run or release of Demo/),
    ).toBeTruthy();
  });

  it("shows what could not be read with the error's kind, and the rest", async () => {
    const fake = createFakeSources(gatesOrg());
    fake.fail(
      "release.listReleases",
      new SourceError("throttled", "Too many requests", { status: 429 }),
    );
    renderWithSources(<GatesTab now={now} />, fake.sources);
    expect(await screen.findByText("Waiting on (2)")).toBeTruthy();
    expect(
      screen.getByText("Azure DevOps did not answer for the releases in progress (rate-limited)."),
    ).toBeTruthy();
    // The technical reason waits behind "Details", closed at first.
    expect(screen.queryByText(/Too many requests/)).toBeNull();
    const toggle = screen.getByRole("button", { name: "Details" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(
      screen.getByText("releases in progress (throttled, HTTP 429): Too many requests"),
    ).toBeTruthy();
  });

  it("shows each part's own kind when two failures read the same", async () => {
    const fake = createFakeSources(gatesOrg());
    fake.fail("release.listReleases", new SourceError("throttled", "Request failed"));
    fake.fail("release.listReleaseDefinitions", new SourceError("server", "Request failed"));
    renderWithSources(<GatesTab now={now} />, fake.sources);
    expect(await screen.findByText("Waiting on (2)")).toBeTruthy();
    const lines = screen.getAllByRole("listitem").map((item) => item.textContent);
    expect(lines).toEqual(
      expect.arrayContaining([
        "Azure DevOps did not answer for the releases in progress (rate-limited).",
        "Azure DevOps did not answer for the release definitions (server error).",
      ]),
    );
  });

  it("says which parts failed, and no false all-clear, when the project cannot be read", async () => {
    const fake = createFakeSources(gatesOrg());
    renderWithSources(<GatesTab now={now} />, fake.sources, { project: "Elsewhere" });
    // Every read fails not-found: the engine answers with nothing and says why for each part.
    expect(
      await screen.findByText("Some data could not be read, so items may be missing."),
    ).toBeTruthy();
    expect(screen.getAllByText(/\(not found\)\.$/).length).toBeGreaterThan(0);
    // Empty is earned: nothing says that nothing is waiting.
    expect(screen.queryByText(/Nothing is waiting/)).toBeNull();
    expect(screen.queryByText("Waiting on (0)")).toBeNull();
  });
});

describe("Gates tab: pipeline view", () => {
  it("shows runs as rows and stages as columns with chips, and details on click", async () => {
    const fake = createFakeSources(gatesOrg());
    renderWithSources(<GatesTab now={now} />, fake.sources);
    fireEvent.click(screen.getByRole("tab", { name: "Pipeline view" }));
    await screen.findByLabelText("Pipeline or release definition");
    // The first pipeline by name is chosen: api.
    expect(choiceButton("Pipeline or release definition").value).toBe("api");
    await chooseOption("Pipeline or release definition", "web");
    expect(await screen.findByText("web: 2 newest runs")).toBeTruthy();
    const chips = screen
      .getAllByRole("button", { name: /\. Show details$/ })
      .map((button) => button.getAttribute("aria-label"));
    expect(chips).toEqual([
      "r3, Stage Build: Succeeded. Show details",
      "r3, Stage Prod: Waiting for approval. Show details",
      "r1, Stage Prod: Rejected. Show details",
    ]);
    // Hover text summarises; a click opens the evidence.
    const rejected = screen.getByRole("button", { name: "r1, Stage Prod: Rejected. Show details" });
    expect(rejected.getAttribute("title")).toContain("by Bob");
    fireEvent.click(rejected);
    const details = screen.getByLabelText("Stage details");
    expect(within(details).getByText("Bob", { exact: false })).toBeTruthy();
    expect(within(details).getByText(`“${HOSTILE_COMMENT}”`)).toBeTruthy();
    expect(details.querySelector("script")).toBeNull();
    fireEvent.click(
      screen.getByRole("button", { name: "r3, Stage Prod: Waiting for approval. Show details" }),
    );
    const waiting = screen.getByLabelText("Stage details");
    expect(within(waiting).getByText(/Next: Alice/)).toBeTruthy();
    expect(
      within(within(waiting).getByRole("table", { name: "Checks" })).getAllByRole("row"),
    ).toHaveLength(2);
  });
});

describe("Gates tab: recent outcomes and protection", () => {
  it("lists the rejection with who and why, inert", async () => {
    const { container } = renderWithSources(
      <GatesTab now={now} />,
      createFakeSources(gatesOrg()).sources,
    );
    fireEvent.click(screen.getByRole("tab", { name: "Recent outcomes" }));
    expect(await screen.findByText("Rejected, timed out or failed (1)")).toBeTruthy();
    expect(screen.getByLabelText("Who").textContent).toBe("Bob");
    expect(screen.getByLabelText("Why").textContent).toBe(HOSTILE_COMMENT);
    expect(container.querySelector("table script")).toBeNull();
    await chooseOption("Window", "Last 24 hours");
    expect(await screen.findByText("Rejected, timed out or failed (1)")).toBeTruthy();
  });

  it("says so when nothing was rejected in the window", async () => {
    const org = gatesOrg();
    org.approvals = org.approvals!.filter((approval) => approval.status !== "rejected");
    org.runs = org.runs!.filter((run) => run.id !== 1);
    renderWithSources(<GatesTab now={now} />, createFakeSources(org).sources);
    fireEvent.click(screen.getByRole("tab", { name: "Recent outcomes" }));
    expect(
      await screen.findByText(
        /No approval, check or gate was rejected, timed out or failed in the last 7 days/,
      ),
    ).toBeTruthy();
  });

  it("highlights production environments and flags the unprotected one", async () => {
    renderWithSources(<GatesTab now={now} />, createFakeSources(gatesOrg()).sources);
    fireEvent.click(screen.getByRole("tab", { name: "Environment protection" }));
    expect(await screen.findByText("Environments (3)")).toBeTruthy();
    const prod = screen.getByRole("row", { name: "prod (production)" });
    expect(prod.className).toContain("rt-production");
    expect(within(prod).getByText("Production")).toBeTruthy();
    expect(within(prod).getByText("Approvals")).toBeTruthy();
    const live = screen.getByRole("row", { name: "live" });
    expect(live.className).not.toContain("rt-production");
    const drill = screen.getByRole("row", { name: "prod-dr (production)" });
    expect(within(drill).getByText("Unprotected")).toBeTruthy();
    expect(within(drill).getByText("No checks configured")).toBeTruthy();
    expect(screen.getByText(/2 production environments, 1 without an enabled check/)).toBeTruthy();
    expect(screen.getByText("Demo has no Classic release definitions.")).toBeTruthy();
  });
});
