import * as React from "react";
import { Status, Statuses, StatusSize, type IStatusProps } from "azure-devops-ui/Status";
import type { CheckItemState, GateState } from "../../core/gates/types";
import { checkStateLabels, gateStateLabels, shortGateStateLabels } from "../gates/labels";
import "./gates.css";

const gateStatuses: Record<GateState, IStatusProps> = {
  "not-started": Statuses.Queued,
  queued: Statuses.Queued,
  "waiting-for-approval": Statuses.Waiting,
  "checks-running": Statuses.Running,
  "in-progress": Statuses.Running,
  succeeded: Statuses.Success,
  "partially-succeeded": Statuses.Warning,
  failed: Statuses.Failed,
  rejected: Statuses.Failed,
  "timed-out": Statuses.Warning,
  canceled: Statuses.Canceled,
  skipped: Statuses.Skipped,
};

const checkStatuses: Record<CheckItemState, IStatusProps> = {
  pending: Statuses.Waiting,
  running: Statuses.Running,
  succeeded: Statuses.Success,
  failed: Statuses.Failed,
  rejected: Statuses.Failed,
  "timed-out": Statuses.Warning,
  canceled: Statuses.Canceled,
  skipped: Statuses.Skipped,
};

/** A stage's state as icon and words (never colour alone); `short` for dense cells. */
export function GateStateChip(props: {
  state: GateState;
  short?: boolean;
  hideText?: boolean;
  className?: string;
}) {
  const { state, short, hideText } = props;
  return (
    <span className={`rt-gate-chip rt-gate-${state} ${props.className ?? ""}`}>
      <Status
        {...gateStatuses[state]}
        size={StatusSize.s}
        ariaLabel={gateStateLabels[state]}
        animated={false}
      />
      {!hideText && (
        <span className="rt-gate-chip-text" aria-hidden={short ? true : undefined}>
          {short ? shortGateStateLabels[state] : gateStateLabels[state]}
        </span>
      )}
    </span>
  );
}

export function CheckStateChip(props: { state: CheckItemState }) {
  return (
    <span className="rt-gate-chip">
      <Status
        {...checkStatuses[props.state]}
        size={StatusSize.s}
        ariaLabel={checkStateLabels[props.state]}
        animated={false}
      />
      <span className="rt-gate-chip-text" aria-hidden>
        {checkStateLabels[props.state]}
      </span>
    </span>
  );
}
