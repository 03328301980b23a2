import * as React from "react";
import "./ui.css";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectGroup {
  label: string;
  options: SelectOption[];
}

/**
 * A labelled native select styled like azure-devops-ui text fields (theme variables only). The
 * library's Dropdown would add about 30 KB gzip to a widget configuration, over its size budget;
 * a native select also scales to hundreds of options and is accessible as is.
 */
export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: SelectOption[];
  groups?: SelectGroup[];
  onChange: (value: string) => void;
}) {
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
