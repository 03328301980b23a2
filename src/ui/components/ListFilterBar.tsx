import * as React from "react";
import { DropdownFilterBarItem } from "azure-devops-ui/Dropdown";
import { FilterBar } from "azure-devops-ui/FilterBar";
import { KeywordFilterBarItem } from "azure-devops-ui/TextFilterBarItem";
import {
  DropdownMultiSelection,
  DropdownSelection,
} from "azure-devops-ui/Utilities/DropdownSelection";
import { Filter, FILTER_CHANGE_EVENT } from "azure-devops-ui/Utilities/Filter";

/** One filter of a list: a keyword box, or a dropdown of the values the list holds. */
export interface FilterField {
  key: string;
  /** What it filters by: the placeholder and the accessible name. */
  label: string;
  /** The values to choose from (a dropdown); absent: a keyword box. */
  options?: Array<{ id: string; text: string }>;
  /** One value at a time (default: any number, combined with "or"). */
  single?: boolean;
}

/** Keyword boxes give their text ("" when empty), dropdowns the ids chosen ([] when none). */
export type FilterValues = Record<string, string | string[]>;

/** The text of a keyword filter. */
export function keywordOf(values: FilterValues, key: string): string {
  const value = values[key];
  return typeof value === "string" ? value : "";
}

/** The ids chosen in a dropdown filter. */
export function choicesOf(values: FilterValues, key: string): string[] {
  const value = values[key];
  return Array.isArray(value) ? value : [];
}

function readValues(filter: Filter, fields: FilterField[]): FilterValues {
  const values: FilterValues = {};
  for (const field of fields) {
    const value = filter.getFilterItemValue<unknown>(field.key);
    if (field.options)
      values[field.key] = Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
    else values[field.key] = typeof value === "string" ? value : "";
  }
  return values;
}

/**
 * azure-devops-ui's FilterBar, the way Azure DevOps filters its own lists: a keyword box and
 * dropdowns, with a clear button once anything is set. The whole bar is in the hub's first chunk
 * (several tabs use it), so a tab pays nothing more for it.
 */
export function ListFilterBar(props: {
  label: string;
  fields: FilterField[];
  onChange: (values: FilterValues) => void;
  className?: string;
}) {
  const { fields, onChange } = props;
  const filter = React.useMemo(() => new Filter(), []);
  const selections = React.useMemo(
    () =>
      new Map(
        fields.map((field) => [
          field.key,
          field.single ? new DropdownSelection() : new DropdownMultiSelection(),
        ]),
      ),
    // One selection per filter for the bar's life: the options may change, the filters do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const latest = React.useRef({ fields, onChange });
  latest.current = { fields, onChange };
  React.useEffect(() => {
    const changed = () => latest.current.onChange(readValues(filter, latest.current.fields));
    filter.subscribe(changed, FILTER_CHANGE_EVENT);
    return () => filter.unsubscribe(changed, FILTER_CHANGE_EVENT);
  }, [filter]);
  return (
    <div className={props.className} role="search" aria-label={props.label}>
      <FilterBar filter={filter}>
        {fields.map((field) =>
          field.options ? (
            <DropdownFilterBarItem
              key={field.key}
              filterItemKey={field.key}
              filter={filter}
              items={field.options}
              selection={selections.get(field.key) as DropdownSelection}
              placeholder={field.label}
              ariaLabel={field.label}
              showFilterBox={field.options.length > 10}
            />
          ) : (
            <KeywordFilterBarItem
              key={field.key}
              filterItemKey={field.key}
              filter={filter}
              placeholder={field.label}
              ariaLabel={field.label}
            />
          ),
        )}
      </FilterBar>
    </div>
  );
}
