import * as React from "react";
import { Status, Statuses, StatusSize } from "azure-devops-ui/Status";
import { useUiEnvironment } from "../context";
import { formatAge, plural } from "../format";
import { useSettled } from "../hooks/useAsync";
import { usePendingApprovalsCount, type PendingApproval } from "../hooks/usePendingApprovalsCount";
import type { GateTarget } from "../settings";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import { WebLink } from "./WebLink";
import { WidgetFrame, type WidgetSize } from "./WidgetFrame";

function ApprovalLine(props: { approval: PendingApproval; now: Date }) {
  const { links } = useUiEnvironment();
  const { approval, now } = props;
  const href =
    approval.runId === undefined
      ? undefined
      : approval.kind === "yaml"
        ? links.build(approval.runId)
        : links.release(approval.runId);
  const label = [approval.definitionName, approval.runName, approval.stageName]
    .filter(Boolean)
    .join(" · ");
  return (
    <li className="text-ellipsis">
      {href ? <WebLink href={href}>{label}</WebLink> : label}
      {approval.createdOn && (
        <span className="rt-muted"> · {formatAge(approval.createdOn, now)}</span>
      )}
    </li>
  );
}

/** How many approvals wait, and for how long; more detail as the widget grows. */
export function GateStatusWidgetView(props: {
  title: string;
  size: WidgetSize;
  target?: GateTarget;
  settingsProblem?: string;
  /** The clock, injectable so ages are testable. */
  now?: Date;
  onSettled?: (error?: unknown) => void;
}) {
  const state = usePendingApprovalsCount(props.target);
  useSettled(state, props.onSettled);
  const now = props.now ?? new Date();
  const scope = props.target
    ? props.target.name || `definition ${props.target.id}`
    : "all pipelines";
  let body: React.ReactNode;
  if (state.loading) body = <Loading label="Loading approvals…" />;
  else if (state.error !== undefined || !state.data)
    body = <ErrorCard error={state.error} whatFailed="Could not load pending approvals" />;
  else {
    const { total, yaml, classic, approvals, oldest } = state.data;
    const listed = props.size.columnSpan >= 3 ? approvals.slice(0, 4) : [];
    body = (
      <>
        <div className="flex-row flex-center rhythm-horizontal-8">
          <Status
            {...(total > 0 ? Statuses.Waiting : Statuses.Success)}
            size={StatusSize.l}
            ariaLabel={total > 0 ? "Waiting for approval" : "Nothing waiting"}
          />
          <span className="rt-big-number" aria-label="Pending approvals">
            {total}
          </span>
          <span>{total === 1 ? "approval waiting" : "approvals waiting"}</span>
        </div>
        <div className="rt-muted text-ellipsis">
          {oldest ? `Oldest waits ${formatAge(oldest, now)}` : "Nothing is waiting"} · {scope}
        </div>
        {props.size.rowSpan >= 2 && (
          <div className="margin-top-8">
            {plural(yaml, "YAML approval")} · {plural(classic, "Classic approval")}
          </div>
        )}
        {listed.length > 0 && (
          <ul className="rt-list margin-top-8">
            {listed.map((approval) => (
              <ApprovalLine key={`${approval.kind}-${approval.id}`} approval={approval} now={now} />
            ))}
            {approvals.length > listed.length && (
              <li className="rt-muted">and {approvals.length - listed.length} more</li>
            )}
          </ul>
        )}
        {props.settingsProblem && <div className="rt-muted">{props.settingsProblem}</div>}
      </>
    );
  }
  return <WidgetFrame title={props.title}>{body}</WidgetFrame>;
}
