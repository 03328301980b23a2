import { fireEvent, screen } from "@testing-library/react";

/** The control of the DropdownField labelled `label` (its value is the choice shown). */
export function choiceButton(label: string): HTMLInputElement {
  return screen.getByRole("button", { name: label }) as HTMLInputElement;
}

/** Opens the DropdownField labelled `label` and picks `option`, as a user does. */
export async function chooseOption(label: string, option: string): Promise<void> {
  fireEvent.click(choiceButton(label));
  // The list opens in a callout; a loaded machine may take longer than the default second.
  fireEvent.click(await screen.findByRole("option", { name: option }, { timeout: 3000 }));
}
