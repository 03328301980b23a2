import * as React from "react";
import { Status, Statuses, StatusSize } from "azure-devops-ui/Status";
import { statusIcon, statusText, type StatusIcon } from "../trace/status";
import "./trace.css";

/** A result or state as icon and words: never colour alone. */
export function TraceStatus(props: {
  status: string | null | undefined;
  /** Words to show instead of the status's own. */
  label?: string;
  icon?: StatusIcon;
  /** Icon only; the words stay the accessible name. */
  iconOnly?: boolean;
  className?: string;
}) {
  const label = props.label ?? statusText(props.status);
  const icon = props.icon ?? statusIcon(props.status);
  return (
    <span
      className={`rt-trace-status ${props.iconOnly ? "" : "rt-trace-status-labelled"} ${props.className ?? ""}`}
    >
      <Status
        {...Statuses[icon]}
        size={StatusSize.s}
        ariaLabel={props.iconOnly ? label : undefined}
        animated={false}
      />
      {!props.iconOnly && <span>{label}</span>}
    </span>
  );
}
