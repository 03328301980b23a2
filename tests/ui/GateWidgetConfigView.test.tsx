import * as React from "react";
import { fireEvent, screen, within } from "@testing-library/react";
import { GateWidgetConfigView } from "../../src/ui/components/GateWidgetConfigView";
import type { GateWidgetSettings } from "../../src/ui/settings";
import { createFakeSources, pipeline, releaseDefinition } from "../fakes/sources";
import { gatesOrg } from "./GatesFixtures";
import { choiceButton, chooseOption } from "./choose";
import { renderWithSources } from "./renderWithSources";

const policy = { hasApprovers: false, approvers: [], requiredApproverCount: 0 };
const noGates = { isEnabled: false, gates: [] };

function org() {
  return createFakeSources({
    ...gatesOrg(),
    pipelines: [
      ...gatesOrg().pipelines!,
      pipeline({ id: 2, name: "classic-build", kind: "classic" }),
    ],
    releaseDefinitions: [
      releaseDefinition({
        id: 5,
        name: "web-release",
        environments: [
          {
            id: 2,
            name: "Production",
            rank: 2,
            preApproval: policy,
            postApproval: policy,
            preGates: noGates,
            postGates: noGates,
          },
          {
            id: 1,
            name: "Staging",
            rank: 1,
            preApproval: policy,
            postApproval: policy,
            preGates: noGates,
            postGates: noGates,
          },
        ],
      }),
    ],
  });
}

/** Renders the form as the configuration entry does: each change re-renders with the new settings. */
function Harness(props: {
  initial: GateWidgetSettings;
  onChange: (settings: GateWidgetSettings) => void;
  onProblem: (problem: string | undefined) => void;
}) {
  const [settings, setSettings] = React.useState(props.initial);
  return (
    <GateWidgetConfigView
      settings={settings}
      onChange={(next) => {
        setSettings(next);
        props.onChange(next);
      }}
      onProblem={props.onProblem}
    />
  );
}

function renderForm(initial: GateWidgetSettings = {}) {
  const onChange = jest.fn();
  const onProblem = jest.fn();
  renderWithSources(
    <Harness initial={initial} onChange={onChange} onProblem={onProblem} />,
    org().sources,
  );
  return { onChange, onProblem };
}

const lastProblem = (onProblem: jest.Mock) =>
  onProblem.mock.calls[onProblem.mock.calls.length - 1][0];

describe("GateWidgetConfigView", () => {
  it("offers the all-pipelines view, the YAML pipelines and the Classic release definitions", async () => {
    const { onProblem } = renderForm();
    const button = await screen.findByRole("button", { name: "Pipeline" });
    expect(choiceButton("Pipeline").value).toBe("All pipelines: what waits for approval");
    fireEvent.click(button);
    await screen.findByRole("listbox");
    const options = screen.getAllByRole("option").map((option) => option.textContent);
    // Each group under its header (the Classic build pipeline is no YAML pipeline).
    expect(options).toEqual([
      expect.stringContaining("All pipelines: what waits for approval"),
      "api",
      "web",
      "web-release",
    ]);
    expect(screen.getByText("YAML pipelines")).toBeTruthy();
    expect(screen.getByText("Classic release definitions")).toBeTruthy();
    // The all-pipelines view opens with no error and can be saved.
    expect(lastProblem(onProblem)).toBeUndefined();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("reports every change: pipeline, stages (in pipeline order) and interval", async () => {
    const { onChange, onProblem } = renderForm();
    await screen.findByRole("button", { name: "Pipeline" });
    await chooseOption("Pipeline", "web-release");
    expect(onChange).toHaveBeenLastCalledWith({
      target: { kind: "classic", id: 5, name: "web-release" },
    });
    expect(lastProblem(onProblem)).toBeUndefined();
    // The definition's stages by rank.
    const stages = within(screen.getByRole("group", { name: "Stages" })).getAllByRole("checkbox");
    expect(stages.map((box) => box.parentElement?.textContent)).toEqual(["Staging", "Production"]);
    fireEvent.click(screen.getByLabelText("Production"));
    fireEvent.click(screen.getByLabelText("Staging"));
    expect(onChange).toHaveBeenLastCalledWith({
      target: { kind: "classic", id: 5, name: "web-release" },
      stages: ["Staging", "Production"],
    });
    fireEvent.change(screen.getByLabelText("Refresh every (minutes)"), { target: { value: "15" } });
    expect(onChange).toHaveBeenLastCalledWith({
      target: { kind: "classic", id: 5, name: "web-release" },
      stages: ["Staging", "Production"],
      refreshMinutes: 15,
    });
  });

  it("lists a YAML pipeline's stages from its newest run", async () => {
    renderForm({ target: { kind: "yaml", id: 10, name: "web" } });
    await screen.findByLabelText("Stage Prod");
    const stages = within(screen.getByRole("group", { name: "Stages" })).getAllByRole("checkbox");
    expect(stages.map((box) => box.parentElement?.textContent)).toEqual([
      "Stage Build",
      "Stage Prod",
    ]);
  });

  it.each(["0", "0.5", "", "abc", "2000"])(
    "refuses the interval %p with the reason",
    async (value) => {
      const { onProblem } = renderForm({ target: { kind: "yaml", id: 10, name: "web" } });
      const input = await screen.findByLabelText("Refresh every (minutes)");
      fireEvent.change(input, { target: { value } });
      expect(lastProblem(onProblem)).toMatch(/^Refresh every 1 to 1440 minutes/);
      expect(screen.getByRole("alert").textContent).toMatch(/never more often than once a minute/);
      fireEvent.change(input, { target: { value: "1" } });
      expect(lastProblem(onProblem)).toBeUndefined();
    },
  );

  it("flags a saved pipeline that no longer exists", async () => {
    const first = renderForm({ target: { kind: "yaml", id: 404, name: "gone" } });
    await screen.findByRole("button", { name: "Pipeline" });
    expect(lastProblem(first.onProblem)).toBe(
      "The saved pipeline “gone” no longer exists; choose another one.",
    );
  });

  it("flags chosen stages that the pipeline no longer has", async () => {
    const { onProblem } = renderForm({
      target: { kind: "yaml", id: 10, name: "web" },
      stages: ["Smoke"],
    });
    await screen.findByLabelText("Smoke (not in the newest run)");
    expect(lastProblem(onProblem)).toMatch(/None of the chosen stages exists any more/);
    fireEvent.click(screen.getByLabelText("Smoke (not in the newest run)"));
    expect(lastProblem(onProblem)).toBeUndefined();
  });
});
