/**
 * The hub's production pattern setting: shown where the views say "production", changed in place,
 * saved to the project's extension data under the key the CLI reads.
 */
import * as React from "react";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { productionSettingKey } from "../../src/core/vocabulary";
import type { KeyValueStore } from "../../src/ui/compliance/storage";
import { GatesTab } from "../../src/ui/components/GatesTab";
import { ProductionProvider } from "../../src/ui/production/ProductionProvider";
import { createFakeSources } from "../fakes/sources";
import { at, gatesOrg } from "./GatesFixtures";
import { renderWithSources } from "./renderWithSources";

const now = () => at(100);

function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & {
  values: Map<string, unknown>;
} {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: <T,>(key: string) => Promise.resolve(values.get(key) as T | undefined),
    set: async <T,>(key: string, value: T) => {
      values.set(key, value);
    },
  };
}

function renderProtection(store: KeyValueStore) {
  renderWithSources(
    <ProductionProvider store={store} projectId="p-1" editable>
      <GatesTab now={now} />
    </ProductionProvider>,
    createFakeSources(gatesOrg()).sources,
  );
  fireEvent.click(screen.getByRole("tab", { name: "Environment protection" }));
}

describe("the production pattern in the hub", () => {
  it("says which pattern marked the environments (the default), not prod*", async () => {
    renderProtection(memoryStore());
    expect(await screen.findByText("Environments (3)")).toBeTruthy();
    const note = screen.getByLabelText("Production pattern");
    expect(note.textContent).toMatch(
      /Production: names whose first or last word "prod" or "production", not beginning with "pre" or "non" \(default\)\./,
    );
    expect(screen.queryByText(/prod\*/)).toBeNull();
  });

  it("uses the saved setting, and saves a change under the key the CLI reads", async () => {
    const store = memoryStore({ [productionSettingKey("p-1")]: { patterns: ["live"] } });
    renderProtection(store);
    expect(await screen.findByText("Environments (3)")).toBeTruthy();
    expect(screen.getByRole("row", { name: "live (production)" })).toBeTruthy();
    expect(screen.getByRole("row", { name: "prod" })).toBeTruthy();
    expect(screen.getByText("Production: live (project setting).")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Change" }));
    const input = screen.getByLabelText(/Production environments and stages/);
    fireEvent.change(input, { target: { value: "prod, ,live" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByRole("alert").textContent).toMatch(/empty entry/);
    expect(store.values.get(productionSettingKey("p-1"))).toEqual({ patterns: ["live"] });

    fireEvent.change(input, { target: { value: "prod*, live" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Production: prod*, live (project setting).")).toBeTruthy();
    expect(store.values.get(productionSettingKey("p-1"))).toEqual({ patterns: ["prod*", "live"] });
    await waitFor(() =>
      expect(screen.getByRole("row", { name: "prod (production)" })).toBeTruthy(),
    );

    fireEvent.click(screen.getByRole("button", { name: "Change" }));
    fireEvent.click(screen.getByRole("button", { name: "Use the default" }));
    expect(await screen.findByText(/\(default\)\.$/)).toBeTruthy();
    expect(store.values.get(productionSettingKey("p-1"))).toEqual({ patterns: [] });
    await waitFor(() => expect(screen.getByRole("row", { name: "live" })).toBeTruthy());
  });

  it("says when the saved setting cannot be used, and applies the default", async () => {
    renderProtection(memoryStore({ [productionSettingKey("p-1")]: { patterns: 3 } }));
    expect(await screen.findByText("Environments (3)")).toBeTruthy();
    const note = screen.getByLabelText("Production pattern");
    expect(within(note).getByText(/cannot be used .* the default applies/)).toBeTruthy();
  });
});
