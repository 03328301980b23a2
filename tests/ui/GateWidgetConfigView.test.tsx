import * as React from "react";
import { fireEvent, screen } from "@testing-library/react";
import { GateWidgetConfigView } from "../../src/ui/components/GateWidgetConfigView";
import { createFakeSources, pipeline, releaseDefinition } from "../fakes/sources";
import { renderWithSources } from "./renderWithSources";

function org() {
  return createFakeSources({
    pipelines: [
      pipeline({ id: 1, name: "web-ci" }),
      pipeline({ id: 2, name: "classic-build", kind: "classic" }),
    ],
    releaseDefinitions: [releaseDefinition({ id: 5, name: "web-release" })],
  });
}

describe("GateWidgetConfigView", () => {
  it("offers all, the YAML pipelines and the Classic release definitions", async () => {
    renderWithSources(<GateWidgetConfigView onChange={jest.fn()} />, org().sources);
    const select = (await screen.findByLabelText("Pipeline")) as HTMLSelectElement;
    const options = [...select.querySelectorAll("option")].map((option) => option.textContent);
    expect(options).toEqual(["All pipelines and release definitions", "web-ci", "web-release"]);
    expect(select.value).toBe("all");
  });

  it("reports the chosen target", async () => {
    const onChange = jest.fn();
    renderWithSources(<GateWidgetConfigView onChange={onChange} />, org().sources);
    fireEvent.change(await screen.findByLabelText("Pipeline"), { target: { value: "classic:5" } });
    expect(onChange).toHaveBeenCalledWith({ kind: "classic", id: 5, name: "web-release" });
    fireEvent.change(screen.getByLabelText("Pipeline"), { target: { value: "all" } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it("says when the saved pipeline no longer exists", async () => {
    renderWithSources(
      <GateWidgetConfigView target={{ kind: "yaml", id: 99, name: "gone" }} onChange={jest.fn()} />,
      org().sources,
    );
    expect((await screen.findByRole("alert")).textContent).toContain("“gone” no longer exists");
  });
});
