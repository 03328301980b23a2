import * as React from "react";
import type { NotAvailable, TraceGap } from "../../core/trace/types";
import { gapEvidence, gapGrade, gapOrigin } from "../trace/gapView";
import { ProductionPatternNote } from "./ProductionPatternNote";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";
import { NotAvailableNotice } from "./NotAvailableNotice";
import { UnknownFieldsMarker } from "./UnknownFieldsMarker";
import "./trace.css";

/** Evidence in words: "Pull requests: none", never `pullRequests: []`. */
function evidenceValue(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (Array.isArray(value)) {
    return value.length === 0 ? "none" : value.map((item) => evidenceValue(item)).join(", ");
  }
  if (typeof value === "object") {
    const named = value as { name?: unknown; id?: unknown };
    return String(named.name ?? named.id ?? "–");
  }
  return String(value);
}

/** `pullRequestId` → "Pull request id": field names as words. */
function evidenceKey(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Longer lists render only the gaps in view (a large deployment may hold thousands). */
const PLAIN_LIST_GAPS = 100;
const gapColumns: WindowedColumn[] = [{ id: "gap", header: "Gap", width: 760 }];

/** One gap: its rule's title and grade, the finding, whose gap it is, and its evidence. */
function GapEntry(props: { gap: TraceGap; compact?: boolean; windowed?: boolean }) {
  const { gap } = props;
  const evidence = gapEvidence(gap);
  const origin = gapOrigin(gap);
  const Line = props.windowed ? "span" : "div";
  const clip = props.windowed ? "text-ellipsis" : undefined;
  return (
    <>
      <Line>
        <span className="font-weight-semibold">{gap.title}</span>{" "}
        <span className="rt-muted">({gapGrade(gap)})</span>
      </Line>
      <Line className={clip} title={props.windowed ? gap.message : undefined}>
        {gap.message}
      </Line>
      {origin && <Line className={`rt-trace-note ${clip ?? ""}`}>{origin}</Line>}
      <UnknownFieldsMarker unknown={gap.unknown} />
      {!props.compact && evidence.length > 0 && (
        <Line className={`rt-trace-note ${clip ?? ""}`}>
          {evidence
            .map(([key, value]) => `${evidenceKey(key)}: ${evidenceValue(value)}`)
            .join(" · ")}
        </Line>
      )}
    </>
  );
}

/** The gaps found, each naming its rule's title and severity, with the evidence fields. */
export function TraceGapList(props: { gaps: TraceGap[]; compact?: boolean; partial?: boolean }) {
  if (props.gaps.length === 0 && props.partial) {
    // Empty is earned: with a read missing, a gap may hide in what was not read.
    return (
      <div className="rt-muted" role="note" aria-label="May be incomplete">
        No gaps in what could be read; some data could not be read, so gaps may be missing.
      </div>
    );
  }
  if (props.gaps.length === 0) return <div className="rt-muted">No gaps found.</div>;
  // Gaps about production say which pattern made an environment production.
  if (props.gaps.some((gap) => gap.kind.startsWith("prod-"))) {
    return (
      <div className="flex-column rhythm-vertical-8">
        <GapList gaps={props.gaps} compact={props.compact} />
        <ProductionPatternNote idPrefix="trace-gaps" readOnly />
      </div>
    );
  }
  return <GapList gaps={props.gaps} compact={props.compact} />;
}

function GapList(props: { gaps: TraceGap[]; compact?: boolean }) {
  if (props.gaps.length > PLAIN_LIST_GAPS) {
    return (
      <WindowedTable
        rows={props.gaps}
        columns={gapColumns}
        rowHeight={props.compact ? 48 : 68}
        rowKey={(gap, index) => `${gap.ruleId}:${index}`}
        ariaLabel="Gaps"
        height={480}
        renderCell={(gap) => (
          <div className="flex-column">
            <GapEntry gap={gap} compact={props.compact} windowed />
          </div>
        )}
      />
    );
  }
  return (
    <ul className="rt-list flex-column rhythm-vertical-8" aria-label="Gaps">
      {props.gaps.map((gap, index) => (
        <li key={`${gap.ruleId}:${index}`} className="rt-trace-gap">
          <GapEntry gap={gap} compact={props.compact} />
        </li>
      ))}
    </ul>
  );
}

/** What the trace could not read, in the one notice every view uses. */
export function TraceNotAvailable(props: { notes: NotAvailable[] }) {
  return <NotAvailableNotice notes={props.notes} />;
}
