/*
 * Every choice (the hub's and the widget configurations') is an azure-devops-ui Dropdown
 * (DropdownField): a button named by its label that opens a list of options.
 */
import type { Frame } from "playwright-core";

async function open(frame: Frame, label: string): Promise<void> {
  await frame.getByLabel(label, { exact: true }).click();
  await frame.getByRole("listbox").getByRole("option").first().waitFor({ timeout: 30000 });
}

/** Picks `option` (its exact text) in the dropdown labelled `label`; a long list is filtered first. */
export async function chooseOption(frame: Frame, label: string, option: string): Promise<void> {
  await open(frame, label);
  const filterBox = frame.locator(".bolt-dropdown-filter input");
  if ((await filterBox.count()) > 0) await filterBox.fill(option);
  // By its text, not its accessible name: the selected row's check mark is an icon-font glyph
  // that counts in the name, so the chosen option is never found by name alone.
  const exact = new RegExp(`^\\s*${option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
  await frame.getByRole("listbox").getByRole("option").filter({ hasText: exact }).click();
  await frame.getByRole("listbox").waitFor({ state: "detached" });
}

/** The options of the dropdown labelled `label` (group headings left out); closes it again. */
export async function optionsOf(frame: Frame, label: string): Promise<string[]> {
  await open(frame, label);
  const texts = await frame.getByRole("listbox").getByRole("option").allTextContents();
  await frame.page().keyboard.press("Escape");
  await frame.getByRole("listbox").waitFor({ state: "detached" });
  return texts.map((text) => text.trim());
}

/** The choice the dropdown labelled `label` shows. */
export async function choiceOf(frame: Frame, label: string): Promise<string> {
  return frame.getByLabel(label, { exact: true }).inputValue();
}
