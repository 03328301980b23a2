import * as React from "react";
import "./ui.css";

import type { ChoiceFieldProps } from "./ChoiceField";

/**
 * A labelled native select styled like azure-devops-ui text fields (theme variables only), for
 * the widget configurations only: azure-devops-ui's Dropdown (DropdownField, the hub's) adds
 * 36.6 KB gzip to a configuration page, which puts each over its 150 KB budget (measured:
 * compliance 172.5, gate 161.4, delivery 154.0 KB). A native select is accessible as is.
 */
export function SelectField(props: ChoiceFieldProps) {
  const { id, label, value, options, groups = [], onChange } = props;
  return (
    <div className="flex-column rhythm-vertical-4">
      <label htmlFor={id} className="font-weight-semibold">
        {label}
      </label>
      <select
        id={id}
        className="rt-select body-m"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {groups
          .filter((group) => group.options.length > 0)
          .map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
    </div>
  );
}
