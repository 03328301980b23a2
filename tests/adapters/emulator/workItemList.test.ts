/*
 * Listing a project's work items past the WIQL 20,000 cap, against the large demo: ids come in
 * ascending id ranges ([System.Id] > last, $top 20,000), and a filter goes to the service.
 */
import { generateDemo } from "../../../dev/emulator/demo/generate";
import { startEmulator, type RunningEmulator } from "../../../dev/emulator";
import { createAdoSources, patAuth, type AdoSources } from "../../../src/adapters/ado";
import { wiqlWhere } from "../../../src/adapters/ado/clients/workItemAdapter";

const SEED = 5;
let emulator: RunningEmulator;
let ado: AdoSources;
const data = generateDemo({ seed: SEED, size: "large", org: "fabrikam" });
const inMain = data.workItems.filter((item) => item.projectId === data.mainProjectId);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: SEED, size: "large" });
  ado = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("work-item-list-pat") });
}, 60_000);

afterAll(() => emulator?.close());

describe("listWorkItemIds at scale", () => {
  it("pages past the 20,000 cap by id ranges: every id once, ascending, in two queries", async () => {
    expect(inMain.length).toBeGreaterThan(20_000);
    ado.resetCalls();
    const ids = await ado.sources.workItems.listWorkItemIds(emulator.project.name);
    expect(ids).toEqual(inMain.map((item) => item.id).sort((a, b) => a - b));
    expect(ado.calls().byArea.workItems).toBe(Math.ceil((inMain.length + 1) / 20_000));
  }, 60_000);

  it("filters by type, state and title in the query", async () => {
    const sample = inMain[inMain.length - 1];
    const word = sample.title.split(/\s+/).find((part) => part.length > 3) ?? sample.title;
    const filter = { type: sample.type, state: sample.state, titleContains: word.toUpperCase() };
    const ids = await ado.sources.workItems.listWorkItemIds(emulator.project.name, filter);
    const expected = inMain
      .filter(
        (item) =>
          item.type === sample.type &&
          item.state === sample.state &&
          item.title.toLowerCase().includes(word.toLowerCase()),
      )
      .map((item) => item.id)
      .sort((a, b) => a - b);
    expect(expected).toContain(sample.id);
    expect(ids).toEqual(expected);
    const byType = await ado.sources.workItems.listWorkItemIds(emulator.project.name, {
      type: sample.type,
    });
    expect(byType).toEqual(
      inMain.filter((item) => item.type === sample.type).map((item) => item.id),
    );
  }, 60_000);

  it("keeps quotes and the word AND inside the title literal", async () => {
    expect(wiqlWhere({ titleContains: "it's a and b" })).toBe(
      "[System.TeamProject] = @project AND [System.Title] CONTAINS 'it''s a and b'",
    );
    const ids = await ado.sources.workItems.listWorkItemIds(emulator.project.name, {
      titleContains: "no such ' and [System.Id] > 0 title",
    });
    expect(ids).toEqual([]);
  });

  it("filters by tag in the query: one whole tag, case-insensitively", async () => {
    expect(wiqlWhere({ type: "Bug", tag: "incident" })).toBe(
      "[System.TeamProject] = @project AND [System.WorkItemType] = 'Bug' AND [System.Tags] CONTAINS 'incident'",
    );
    const ids = await ado.sources.workItems.listWorkItemIds(emulator.project.name, {
      type: "Bug",
      tag: "INCIDENT",
    });
    const expected = inMain
      .filter(
        (item) =>
          item.type === "Bug" && (item.tags ?? []).some((tag) => tag.toLowerCase() === "incident"),
      )
      .map((item) => item.id);
    expect(ids).toEqual(expected);
  }, 60_000);
});
