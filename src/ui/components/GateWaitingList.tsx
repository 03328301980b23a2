import * as React from "react";
import { useUiEnvironment } from "../context";
import { formatAge, plural } from "../format";
import { gateWebLink } from "../gates/links";
import { approvalPlace, type PendingApproval } from "../gates/pendingApprovals";
import { fitApprovals, waitingListLayout } from "../gates/widget";
import { WebLink } from "./WebLink";
import type { WidgetSize } from "./WidgetFrame";
import "./gates.css";

function ApprovalLine(props: {
  approval: PendingApproval;
  now: Date;
  wide: boolean;
  twoLines: boolean;
}) {
  const { links } = useUiEnvironment();
  const { approval, now, wide, twoLines } = props;
  const href = gateWebLink(links, {
    source: approval.kind,
    ...(approval.kind === "yaml" ? { runId: approval.runId } : { releaseId: approval.runId }),
  });
  const place = approvalPlace(approval);
  const age = approval.createdOn ? formatAge(approval.createdOn, now) : "";
  // Two lines: the stage moves down beside who may approve.
  const detail = [approval.stageName, approval.approvers].filter(Boolean).join(" · ");
  return (
    <li
      className={twoLines ? "rt-approval-entry" : undefined}
      aria-label={`${place}: waiting ${age || "for approval"}`}
    >
      <div className="rt-stage-line">
        <span
          className="rt-stage-name"
          title={twoLines ? place : `${place} · ${approval.approvers}`}
        >
          {href ? (
            <WebLink href={href}>{approval.definitionName}</WebLink>
          ) : (
            approval.definitionName
          )}
          {approval.runName && <span className="rt-muted"> · {approval.runName}</span>}
          {!twoLines && approval.stageName && (
            <span className="rt-muted"> · {approval.stageName}</span>
          )}
        </span>
        {wide && (
          <span className="rt-stage-meta rt-fixed">
            {approval.kind === "yaml" ? "YAML" : "Classic"}
          </span>
        )}
        <span className="rt-stage-meta rt-fixed">{age}</span>
      </div>
      {twoLines && (
        <div className="rt-approval-detail" title={detail}>
          {detail}
        </div>
      )}
    </li>
  );
}

/**
 * What waits for approval across the project, oldest first, as many as the widget's size holds;
 * the rest are counted on a last line.
 */
export function GateWaitingList(props: {
  approvals: PendingApproval[];
  size: WidgetSize;
  now: Date;
}) {
  const layout = waitingListLayout(props.size);
  const { shown, more } = fitApprovals(props.approvals, layout.entries);
  if (shown.length === 0) return null;
  return (
    <>
      <ul className="rt-stage-lines" aria-label="Waiting for approval">
        {shown.map((approval) => (
          <ApprovalLine
            key={`${approval.kind}:${approval.id}`}
            approval={approval}
            now={props.now}
            wide={props.size.columnSpan >= 3}
            twoLines={layout.twoLines}
          />
        ))}
      </ul>
      {more > 0 && <div className="rt-muted">and {plural(more, "more approval")}</div>}
    </>
  );
}
