import * as React from "react";
import { Status, Statuses, StatusSize, type IStatusProps } from "azure-devops-ui/Status";
import type { Outcome } from "../../core/compliance/types";
import { outcomeLabels } from "../compliance/matrix";

const statusOf: Record<Outcome, IStatusProps> = {
  pass: Statuses.Success,
  fail: Statuses.Failed,
  exempt: Statuses.Information,
  "not-available": Statuses.Warning,
  "not-applicable": Statuses.Skipped,
  error: Statuses.Canceled,
};

/** Short words beside the icon in dense cells; the full label is the accessible name. */
export const shortOutcomeLabels: Record<Outcome, string> = {
  pass: "Pass",
  fail: "Fail",
  exempt: "Exempt",
  "not-available": "Unread",
  "not-applicable": "N/A",
  error: "Error",
};

/** An outcome as icon and text: never colour alone. */
export function OutcomeIcon(props: { outcome: Outcome; short?: boolean; className?: string }) {
  const { outcome, short } = props;
  return (
    <span className={`rt-outcome flex-row flex-center ${props.className ?? ""}`}>
      <Status {...statusOf[outcome]} size={StatusSize.s} ariaLabel={outcomeLabels[outcome]} />
      <span className="rt-outcome-text" aria-hidden={short ? true : undefined}>
        {short ? shortOutcomeLabels[outcome] : outcomeLabels[outcome]}
      </span>
    </span>
  );
}
