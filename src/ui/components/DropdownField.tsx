import * as React from "react";
import { Dropdown } from "azure-devops-ui/Dropdown";
import { getSafeId } from "azure-devops-ui/Util";
import { ListBoxItemType, type IListBoxItem } from "azure-devops-ui/ListBox";
import { DropdownSelection } from "azure-devops-ui/Utilities/DropdownSelection";
import "./ui.css";

import type { ChoiceFieldProps, ChoiceGroup, ChoiceOption } from "./ChoiceField";

/** The dropdown's rows: the ungrouped options, then each non-empty group under its header. */
export function dropdownItems(options: ChoiceOption[], groups: ChoiceGroup[] = []): IListBoxItem[] {
  const row = (option: ChoiceOption): IListBoxItem => ({ id: option.value, text: option.label });
  return [
    ...options.map(row),
    ...groups
      .filter((group) => group.options.length > 0)
      .flatMap((group) => [
        { id: `header:${group.label}`, text: group.label, type: ListBoxItemType.Header },
        ...group.options.map(row),
      ]),
  ];
}

/** Filtering pays off from a dozen rows on (a project's pipelines, its repositories). */
const FILTER_FROM = 12;

/**
 * A labelled azure-devops-ui Dropdown with one value at a time, the way Azure DevOps asks for a
 * choice: a button showing the value, a list (with a filter box when long) and group headers.
 * The value is controlled: the selection follows `value`, and a choice goes to `onChange`. It
 * costs nothing more in the hub, whose first chunk has it already for the FilterBar.
 */
export function DropdownField(props: ChoiceFieldProps) {
  const { id, label, value, options, groups, onChange } = props;
  const items = React.useMemo(() => dropdownItems(options, groups), [options, groups]);
  const selection = React.useMemo(() => new DropdownSelection(), []);
  const index = items.findIndex(
    (item) => item.id === value && item.type !== ListBoxItemType.Header,
  );
  React.useEffect(() => {
    if (index < 0) selection.clear();
    else if (!selection.selected(index)) selection.select(index);
  }, [selection, index, items]);
  const rows = items.filter((item) => item.type !== ListBoxItemType.Header).length;
  const shown = index < 0 ? "" : (items[index].text ?? "");
  // The library prefixes the ids it is given; the label takes the same prefix to be found.
  const labelId = getSafeId(`${id}-label`);
  return (
    <div className="rt-dropdown-field flex-column rhythm-vertical-4">
      <label id={labelId} htmlFor={getSafeId(id)} className="font-weight-semibold">
        {label}
      </label>
      <Dropdown
        className="rt-dropdown"
        inputId={id}
        items={items}
        selection={selection}
        ariaLabelledBy={`${id}-label`}
        placeholder="Choose…"
        renderSelectedItems={() => shown}
        showFilterBox={rows >= FILTER_FROM}
        onSelect={(_event, item) => {
          if (item.type !== ListBoxItemType.Header && item.id !== value) onChange(item.id);
        }}
      />
    </div>
  );
}
