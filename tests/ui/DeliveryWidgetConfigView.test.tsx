import * as React from "react";
import { fireEvent, screen } from "@testing-library/react";
import { DeliveryWidgetConfigView } from "../../src/ui/components/DeliveryWidgetConfigView";
import type { DeliveryWidgetSettings } from "../../src/ui/settings";
import { createFakeSources, pipeline, releaseDefinition } from "../fakes/sources";
import { choiceButton, chooseOption } from "./choose";
import { renderWithSources } from "./renderWithSources";

const policy = { hasApprovers: false, approvers: [], requiredApproverCount: 0 };
const noGates = { isEnabled: false, gates: [] };
const stage = (id: number, name: string) => ({
  id,
  name,
  rank: id,
  preApproval: policy,
  postApproval: policy,
  preGates: noGates,
  postGates: noGates,
});

function org() {
  return createFakeSources({
    pipelines: [
      pipeline({ id: 10, name: "web", kind: "yaml" }),
      pipeline({ id: 2, name: "classic-build", kind: "classic" }),
    ],
    releaseDefinitions: [
      releaseDefinition({ id: 5, name: "web-release", environments: [stage(1, "QA")] }),
    ],
    environments: [{ id: 1, name: "prod-us" }],
  });
}

/** The form as the configuration entry renders it: each change re-renders with the new settings. */
function Harness(props: {
  initial: DeliveryWidgetSettings;
  onChange: (settings: DeliveryWidgetSettings) => void;
}) {
  const [settings, setSettings] = React.useState(props.initial);
  return (
    <DeliveryWidgetConfigView
      settings={settings}
      onChange={(next) => {
        setSettings(next);
        props.onChange(next);
      }}
    />
  );
}

function renderForm(initial: DeliveryWidgetSettings = {}) {
  const onChange = jest.fn();
  renderWithSources(<Harness initial={initial} onChange={onChange} />, org().sources);
  return { onChange };
}

describe("DeliveryWidgetConfigView", () => {
  it("shows the defaults in three labelled dropdowns", async () => {
    renderForm();
    await screen.findByRole("button", { name: "Pipeline" });
    expect(choiceButton("Pipeline").value).toBe("Every pipeline and release definition");
    expect(choiceButton("Environment").value).toBe("Production (the project's pattern)");
    expect(choiceButton("Window").value).toBe("Last 30 days");
  });

  it("offers YAML pipelines and release definitions under their headers, and environments by name", async () => {
    renderForm();
    fireEvent.click(await screen.findByRole("button", { name: "Pipeline" }));
    await screen.findByRole("listbox");
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual([
      expect.stringContaining("Every pipeline and release definition"),
      "web",
      "web-release",
    ]);
    expect(screen.getByText("YAML pipelines")).toBeTruthy();
    expect(screen.getByText("Classic release definitions")).toBeTruthy();
    fireEvent.keyDown(screen.getByRole("listbox"), { key: "Escape" });
    await chooseOption("Environment", "QA");
    expect(choiceButton("Environment").value).toBe("QA");
  });

  it("reports each choice with the settings it makes", async () => {
    const { onChange } = renderForm();
    await screen.findByRole("button", { name: "Pipeline" });
    await chooseOption("Pipeline", "web-release");
    expect(onChange).toHaveBeenLastCalledWith({
      pipeline: { kind: "classic", id: 5, name: "web-release" },
    });
    await chooseOption("Environment", "prod-us");
    await chooseOption("Window", "Last 7 days");
    expect(onChange).toHaveBeenLastCalledWith({
      pipeline: { kind: "classic", id: 5, name: "web-release" },
      environment: "prod-us",
      windowDays: 7,
    });
    // Back to every pipeline and the production pattern: the keys go, not undefined values.
    await chooseOption("Pipeline", "Every pipeline and release definition");
    await chooseOption("Environment", "Production (the project's pattern)");
    expect(onChange).toHaveBeenLastCalledWith({ windowDays: 7 });
  });

  it("says when the saved pipeline or environment is gone", async () => {
    renderForm({ pipeline: { kind: "yaml", id: 404, name: "gone" }, environment: "Moon" });
    await screen.findByRole("button", { name: "Pipeline" });
    const alerts = screen.getAllByRole("alert").map((alert) => alert.textContent);
    expect(alerts).toEqual([
      expect.stringContaining("The saved pipeline “gone” no longer exists"),
      "The saved environment “Moon” is not in the project any more.",
    ]);
    expect(choiceButton("Pipeline").value).toBe("Every pipeline and release definition");
  });
});
