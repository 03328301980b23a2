import * as React from "react";
import { fireEvent, screen } from "@testing-library/react";
import { ComplianceWidgetConfigView } from "../../src/ui/components/ComplianceWidgetConfigView";
import type { ComplianceWidgetSettings } from "../../src/ui/settings";
import { createFakeSources, repository } from "../fakes/sources";
import { choiceButton, chooseOption } from "./choose";
import { renderWithSources } from "./renderWithSources";

function org() {
  return createFakeSources({
    repositories: [repository({ id: "r2", name: "web" }), repository({ id: "r1", name: "infra" })],
    files: {
      r1: {
        "/compliance/baseline.json": '{"name": "Team", "rules": {"branch.min-reviewers": {}}}',
      },
    },
  });
}

/** The form as the configuration entry renders it: each change re-renders with the new settings. */
function Harness(props: {
  initial: ComplianceWidgetSettings;
  onChange: (settings: ComplianceWidgetSettings) => void;
}) {
  const [settings, setSettings] = React.useState(props.initial);
  return (
    <ComplianceWidgetConfigView
      settings={settings}
      onChange={(next) => {
        setSettings(next);
        props.onChange(next);
      }}
    />
  );
}

function renderForm(initial: ComplianceWidgetSettings = { baseline: { kind: "built-in" } }) {
  const onChange = jest.fn();
  renderWithSources(<Harness initial={initial} onChange={onChange} />, org().sources);
  return { onChange };
}

describe("ComplianceWidgetConfigView", () => {
  it("opens on the built-in baseline, checked", async () => {
    renderForm();
    expect(choiceButton("Baseline").value).toBe("Built-in baseline");
    expect(screen.queryByRole("button", { name: "Repository" })).toBeNull();
    expect((await screen.findByLabelText("Baseline check")).textContent).toContain(
      "Release Trace default",
    );
  });

  it("chooses a file in a repository (the first by name preselected), then checks it", async () => {
    const { onChange } = renderForm();
    await screen.findByLabelText("Baseline check");
    await chooseOption("Baseline", "A file in a repository of the project");
    expect(onChange).toHaveBeenLastCalledWith({
      baseline: {
        kind: "repository",
        repositoryId: "r1",
        repositoryName: "infra",
        path: "/compliance/baseline.yml",
      },
    });
    expect(choiceButton("Repository").value).toBe("infra");
    fireEvent.click(choiceButton("Repository"));
    await screen.findByRole("listbox");
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual([
      expect.stringContaining("infra"),
      "web",
    ]);
    fireEvent.keyDown(screen.getByRole("listbox"), { key: "Escape" });
    const path = screen.getByLabelText("Path (.yml, .yaml or .json)");
    fireEvent.change(path, { target: { value: "/compliance/baseline.json" } });
    fireEvent.keyDown(path, { key: "Enter" });
    expect((await screen.findByText("Team: 1 rule on default")).textContent).toBe(
      "Team: 1 rule on default",
    );
    await chooseOption("Repository", "web");
    expect(onChange).toHaveBeenLastCalledWith({
      baseline: {
        kind: "repository",
        repositoryId: "r2",
        repositoryName: "web",
        path: "/compliance/baseline.json",
      },
    });
    // web has no such file: the check says so instead of a rule count.
    expect((await screen.findByRole("alert")).textContent).toMatch(/baseline/i);
  });
});
