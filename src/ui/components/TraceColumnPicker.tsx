import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import type { EnvironmentColumn } from "../trace/matrix";
import "./trace.css";

/**
 * "Columns": which environment columns of the matrix show. A list of checkboxes under the
 * button; Escape or a click elsewhere closes it and focus goes back to the button.
 */
export function TraceColumnPicker(props: {
  columns: readonly EnvironmentColumn[];
  hidden: readonly string[];
  onChange: (hidden: string[]) => void;
}) {
  const { columns, hidden, onChange } = props;
  const [open, setOpen] = React.useState(false);
  const root = React.useRef<HTMLDivElement>(null);
  const close = React.useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) root.current?.querySelector<HTMLElement>("button")?.focus();
  }, []);
  React.useEffect(() => {
    if (!open) return;
    const outside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open, close]);
  const shownCount = columns.filter((column) => !hidden.includes(column.key)).length;
  const toggle = (key: string, show: boolean) =>
    onChange(show ? hidden.filter((item) => item !== key) : [...hidden, key]);
  return (
    <div
      ref={root}
      className="rt-column-picker"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          close(true);
        }
      }}
    >
      <Button
        text={`Columns (${shownCount} of ${columns.length})`}
        ariaExpanded={open}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <fieldset className="rt-column-picker-list bolt-callout-content depth-8">
          <legend className="font-weight-semibold">Environment columns</legend>
          {columns.map((column) => (
            <label key={column.key} className="rt-column-picker-item">
              <input
                type="checkbox"
                checked={!hidden.includes(column.key)}
                onChange={(event) => toggle(column.key, event.target.checked)}
              />
              {column.name}
              {column.production && <span className="rt-muted"> (production)</span>}
            </label>
          ))}
          <Button
            text="Show all"
            subtle
            disabled={hidden.length === 0}
            onClick={() => onChange([])}
          />
        </fieldset>
      )}
    </div>
  );
}

/** A stored column choice: a list of column keys (anything else is ignored). */
export function isColumnChoice(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
