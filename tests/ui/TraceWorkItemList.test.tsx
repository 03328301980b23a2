import * as React from "react";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { TraceTab } from "../../src/ui/components/TraceTab";
import { TraceWorkItemList } from "../../src/ui/components/TraceWorkItemList";
import { createFakeSources, workItem } from "../fakes/sources";
import { HOSTILE_TITLE, renderTrace, traceOrg } from "./TraceFixtures";

const MANY = 2500;

function manyWorkItems() {
  return Array.from({ length: MANY }, (_, index) =>
    workItem({
      id: index + 1,
      type: index % 3 === 0 ? "Bug" : "User Story",
      state: index % 2 === 0 ? "Active" : "Closed",
      title:
        index === 7 ? HOSTILE_TITLE : `Item ${index + 1} ${index % 5 === 0 ? "search" : "other"}`,
    }),
  );
}

/** Opens a filter dropdown and returns the values it offers. */
async function optionsOf(label: string): Promise<string[]> {
  fireEvent.click(screen.getByRole("button", { name: label }));
  const options = await screen.findAllByRole("option");
  return options.map((option) => option.textContent ?? "");
}

function status(): string {
  return screen.getByLabelText("Work items loaded").textContent ?? "";
}

describe("TraceWorkItemList", () => {
  it("reads every work item in steps and renders only a window of the rows", async () => {
    const fake = createFakeSources({ workItems: manyWorkItems() });
    const { container } = renderTrace(
      <TraceWorkItemList onTrace={() => undefined} />,
      fake.sources,
    );
    await waitFor(() => expect(status()).toBe(`${MANY} work items.`), { timeout: 5000 });
    const table = screen.getByRole("table", { name: "Work items of the project" });
    expect(table.getAttribute("aria-rowcount")).toBe(String(MANY + 1));
    const rows = within(table).getAllByRole("row");
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(fake.callCount("workItems.listWorkItemIds")).toBe(1);
    expect(fake.callCount("workItems.getWorkItems")).toBe(Math.ceil(MANY / 1000));
    // The first row: a link to the work item, its fields, and its trace button.
    expect(within(rows[1]).getByRole("link", { name: "1" }).getAttribute("href")).toContain(
      "/_workitems/edit/1",
    );
    expect(within(rows[1]).getByText("Item 1 search")).toBeTruthy();
    expect(within(rows[1]).getByRole("button", { name: "Trace work item 1" })).toBeTruthy();
    // A hostile title is text.
    expect(screen.getByText(HOSTILE_TITLE)).toBeTruthy();
    expect(container.querySelector("script, img")).toBeNull();
  });

  it("offers the types and states present and sends the chosen filter to the source", async () => {
    const fake = createFakeSources({ workItems: manyWorkItems() });
    renderTrace(<TraceWorkItemList onTrace={() => undefined} />, fake.sources);
    await waitFor(() => expect(status()).toBe(`${MANY} work items.`), { timeout: 5000 });
    expect(await optionsOf("Type")).toEqual(["Bug", "User Story"]);
    fireEvent.click(screen.getByRole("option", { name: "Bug" }));
    expect(await optionsOf("State")).toEqual(["Active", "Closed"]);
    fireEvent.click(screen.getByRole("option", { name: "Active" }));
    fireEvent.change(screen.getByLabelText("Title contains"), { target: { value: "SEARCH" } });
    const expected = manyWorkItems().filter(
      (item) => item.type === "Bug" && item.state === "Active" && item.title.includes("search"),
    );
    await waitFor(() => expect(status()).toBe(`${expected.length} work items.`), {
      timeout: 5000,
    });
    const last = fake.calls.filter((call) => call.method === "workItems.listWorkItemIds").pop();
    expect(last?.args[1]).toEqual({ type: "Bug", state: "Active", titleContains: "SEARCH" });
    const table = screen.getByRole("table", { name: "Work items of the project" });
    expect(table.getAttribute("aria-rowcount")).toBe(String(expected.length + 1));
    // A filtered list still offers every type the project holds.
    expect(await optionsOf("Type")).toEqual(["Bug", "User Story"]);
    fireEvent.keyDown(document.activeElement as Element, { key: "Escape", which: 27 });

    fireEvent.change(screen.getByLabelText("Title contains"), { target: { value: "nothing" } });
    expect(await screen.findByText("No work item matches.", {}, { timeout: 3000 })).toBeTruthy();
  }, 20_000);

  it("says what failed and keeps what was read", async () => {
    const fake = createFakeSources({ workItems: manyWorkItems() });
    fake.fail("workItems.listWorkItemIds", new Error("WIQL refused"));
    renderTrace(<TraceWorkItemList onTrace={() => undefined} />, fake.sources);
    expect((await screen.findByRole("alert")).textContent).toContain(
      "Could not list the work items",
    );
  });

  it("opens the trace of a listed work item in the lookup view", async () => {
    renderTrace(<TraceTab />, traceOrg().sources);
    fireEvent.click(screen.getByRole("tab", { name: "Work items" }));
    const trace = await screen.findByRole(
      "button",
      { name: "Trace work item 2" },
      { timeout: 3000 },
    );
    fireEvent.click(trace);
    const path = await screen.findByLabelText("Work item path", {}, { timeout: 3000 });
    expect(within(path).getAllByText(/Faster search/).length).toBeGreaterThan(0);
    expect((screen.getByLabelText("Work item id") as HTMLInputElement).value).toBe("2");
  });
});
