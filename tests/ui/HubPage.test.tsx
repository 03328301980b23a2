import * as React from "react";
import { act, fireEvent, screen } from "@testing-library/react";
import { HubPage, hubTabs, tabFromHash, type TabLocation } from "../../src/ui/components/HubPage";
import { complianceOrg, memoryStore, renderCompliance } from "./complianceFixtures";

function location() {
  const listeners: ((hash: string) => void)[] = [];
  const value: TabLocation & { select: jest.Mock } = {
    select: jest.fn(),
    listen: (listener) => listeners.push(listener),
  };
  return { value, navigate: (hash: string) => listeners.forEach((listener) => listener(hash)) };
}

describe("HubPage", () => {
  it("opens on the overview and records the Compliance tab in the hash when chosen", async () => {
    const { value } = location();
    renderCompliance(<HubPage location={value} />, complianceOrg().sources, memoryStore().store);
    expect(screen.getByText("Release Trace")).toBeTruthy();
    expect(await screen.findByLabelText("Totals")).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: "Compliance" }));
    expect(value.select).toHaveBeenCalledWith("compliance");
    expect(await screen.findByLabelText("Project score", {}, { timeout: 3000 })).toBeTruthy();
  });

  it("deep-links to a tab and follows Back/Forward", async () => {
    const { value, navigate } = location();
    renderCompliance(
      <HubPage initialTab="compliance" location={value} />,
      complianceOrg().sources,
      memoryStore().store,
    );
    expect(await screen.findByLabelText("Project score", {}, { timeout: 3000 })).toBeTruthy();
    act(() => navigate("repositories"));
    expect(await screen.findByLabelText("Totals")).toBeTruthy();
    expect(screen.queryByLabelText("Project score")).toBeNull();
    expect(value.select).not.toHaveBeenCalled();
  });

  it("reads unknown or empty hashes as the first tab", () => {
    expect(tabFromHash("")).toBe(hubTabs[0].id);
    expect(tabFromHash("#Compliance")).toBe("compliance");
    expect(tabFromHash("<script>")).toBe(hubTabs[0].id);
  });
});
