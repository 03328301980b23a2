import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { DropdownField } from "../../src/ui/components/DropdownField";
import type { ChoiceGroup } from "../../src/ui/components/ChoiceField";
import { choiceButton, chooseOption } from "./choose";

const groups: ChoiceGroup[] = [
  { label: "YAML pipelines", options: [{ value: "yaml:1", label: "web" }] },
  { label: "Classic release definitions", options: [] },
];

function Controlled(props: { onChange?: (value: string) => void }) {
  const [value, setValue] = React.useState("");
  return (
    <DropdownField
      id="pipeline"
      label="Pipeline"
      value={value}
      options={[{ value: "", label: "Every pipeline" }]}
      groups={groups}
      onChange={(next) => {
        props.onChange?.(next);
        setValue(next);
      }}
    />
  );
}

describe("DropdownField", () => {
  it("is named by its label and shows its value", () => {
    render(<Controlled />);
    expect(choiceButton("Pipeline").value).toBe("Every pipeline");
    // The label is the control's: a click on it focuses the control.
    expect(screen.getByText("Pipeline").getAttribute("for")).toBe(choiceButton("Pipeline").id);
  });

  it("lists the options under their group headers, hides empty groups, and follows a choice", async () => {
    const changes: string[] = [];
    render(<Controlled onChange={(value) => changes.push(value)} />);
    await chooseOption("Pipeline", "web");
    expect(changes).toEqual(["yaml:1"]);
    expect(choiceButton("Pipeline").value).toBe("web");
    fireEvent.click(choiceButton("Pipeline"));
    expect(await screen.findByText("YAML pipelines")).toBeTruthy();
    expect(screen.queryByText("Classic release definitions")).toBeNull();
  });

  it("shows the value it is given, not a stale choice", () => {
    const { rerender } = render(
      <DropdownField id="w" label="Window" value="7" options={days} onChange={() => {}} />,
    );
    expect(choiceButton("Window").value).toBe("Last 7 days");
    rerender(<DropdownField id="w" label="Window" value="30" options={days} onChange={() => {}} />);
    expect(choiceButton("Window").value).toBe("Last 30 days");
  });
});

const days = [
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
];
