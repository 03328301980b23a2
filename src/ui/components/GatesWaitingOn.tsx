import * as React from "react";
import { Card } from "azure-devops-ui/Card";
import { pendingGates } from "../../core/gates/queries";
import type { GatesResult } from "../../core/gates/types";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { formatAge, plural } from "../format";
import { pendingKindLabels } from "../gates/labels";
import { gateWebLink } from "../gates/links";
import {
  approverText,
  progressText,
  sortWaiting,
  timeoutText,
  waitingRows,
  type SortDirection,
  type WaitingRow,
  type WaitingSortKey,
} from "../gates/waiting";
import { useMediaQuery } from "../hooks/useMediaQuery";
import { ErrorCard } from "./ErrorCard";
import { GateStateChip } from "./GatesStateIcon";
import { DateText, NotAvailableCard, useGatesQuery } from "./GatesShared";
import { Loading } from "./Loading";
import { UnknownFieldsMarker, unknownFields } from "./UnknownFieldsMarker";
import { WebLink } from "./WebLink";
import "./gates.css";

function SortHeader(props: {
  label: string;
  sortKey: WaitingSortKey;
  sort: { key: WaitingSortKey; direction: SortDirection };
  onSort: (key: WaitingSortKey) => void;
}) {
  const { label, sortKey, sort, onSort } = props;
  const active = sort.key === sortKey;
  const ariaSort = active ? sort.direction : "none";
  const arrow = active ? (sort.direction === "ascending" ? "↑" : "↓") : "";
  return (
    <th aria-sort={ariaSort} scope="col">
      <button
        type="button"
        className="rt-sort-button"
        aria-label={`Sort by ${sortKey === "age" ? "age" : "timeout"}`}
        onClick={() => onSort(sortKey)}
      >
        {label}
        <span aria-hidden>{arrow}</span>
      </button>
    </th>
  );
}

function WaitingTableRow(props: { row: WaitingRow; now: Date; stacked: boolean }) {
  const { links } = useUiEnvironment();
  const { row, now, stacked } = props;
  const href = gateWebLink(links, row);
  const progress = progressText(row);
  const kindState = row.kind === "approval" ? "waiting-for-approval" : "checks-running";
  const unknown = unknownFields(row.unknown);
  return (
    <tr aria-label={`${row.pipeline.name} ${row.runLabel}, ${row.stage}`}>
      <td>
        <span className="rt-nowrap">
          <GateStateChip state={kindState} hideText />{" "}
          <span className="font-weight-semibold">{pendingKindLabels[row.kind]}</span>
        </span>
        {row.holding.length > 0 && row.kind !== "approval" && (
          <div className="rt-muted">{row.holding.join(", ")}</div>
        )}
      </td>
      <td>
        <div className="rt-nowrap">{row.pipeline.name}</div>
        <div className="rt-muted">
          {row.source === "classic" ? "Classic release " : "Run "}
          <span className="rt-nowrap">{row.runLabel}</span>
        </div>
      </td>
      <td>
        <div>{row.stage}</div>
        {row.environment && row.environment !== row.stage && (
          <div className="rt-muted">Environment {row.environment}</div>
        )}
        <UnknownFieldsMarker unknown={row.unknown} />
      </td>
      <td>
        <div aria-label="Approvers">
          {unknown.has("approvers") ? "Not read" : approverText(row)}
        </div>
        {(row.sequential || progress) && (
          <div className="rt-muted">
            {[row.sequential ? "in sequence" : undefined, progress].filter(Boolean).join(" · ")}
          </div>
        )}
        {stacked && (
          <div className="rt-stacked">
            <WaitingInstructions row={row} stacked />
          </div>
        )}
      </td>
      {!stacked && (
        <td>
          <WaitingInstructions row={row} />
        </td>
      )}
      <td className="rt-nowrap">
        <DateText date={row.since} text={row.since ? formatAge(row.since, now) : ""} />
      </td>
      <td className="rt-nowrap">
        {unknown.has("timeoutAt") ? (
          <span className="rt-muted">Not read</span>
        ) : (
          <DateText date={row.timeoutAt} text={timeoutText(row.timeoutAt, now)} />
        )}
      </td>
      <td className="rt-gates-act">
        {href ? (
          <WebLink href={href}>
            {row.kind === "approval" ? "Review" : "Open"}
            <span className="rt-gates-act-where"> in Azure DevOps</span>
          </WebLink>
        ) : (
          <span className="rt-muted">–</span>
        )}
      </td>
    </tr>
  );
}

/** A 900 px page: the instructions stack under the approvers, so "Act" stays in the card. */
const NARROW = "(max-width: 1100px)";

/** Instructions in their own column, or under the approvers when the view is narrow. */
function WaitingInstructions(props: { row: WaitingRow; stacked?: boolean }) {
  const { row, stacked } = props;
  if (row.instructions)
    return (
      <div className="rt-instructions" aria-label="Instructions">
        {row.instructions}
      </div>
    );
  if (unknownFields(row.unknown).has("instructions"))
    return <span className="rt-muted">Not read</span>;
  return stacked ? null : <span className="rt-muted">–</span>;
}

/** Every pending approval, check and Classic gate of the project, sortable by age and timeout. */
export function GatesWaitingOn(props: { now?: () => Date }) {
  const { project } = useUiEnvironment();
  const load = React.useCallback((sources: Sources) => pendingGates(sources, project), [project]);
  const state = useGatesQuery<GatesResult>(load);
  const narrow = useMediaQuery(NARROW);
  const [sort, setSort] = React.useState<{ key: WaitingSortKey; direction: SortDirection }>({
    key: "age",
    direction: "ascending",
  });
  const rows = React.useMemo(
    () => (state.data ? sortWaiting(waitingRows(state.data), sort.key, sort.direction) : []),
    [state.data, sort],
  );
  const onSort = (key: WaitingSortKey) =>
    setSort((previous) =>
      previous.key === key
        ? { key, direction: previous.direction === "ascending" ? "descending" : "ascending" }
        : { key, direction: "ascending" },
    );
  if (state.loading)
    return <Loading label="Reading pending approvals, checks and gates across the project…" />;
  if (!state.data)
    return <ErrorCard error={state.error} whatFailed="Could not read what releases wait on" />;
  const now = props.now ? props.now() : new Date();
  const byKind = (kind: WaitingRow["kind"]) => rows.filter((row) => row.kind === kind).length;
  // Empty is earned: with a read missing, "nothing is waiting" could be false; the notice says so.
  if (rows.length === 0 && state.data.notAvailable.length > 0) {
    return <NotAvailableCard notAvailable={state.data.notAvailable} />;
  }
  return (
    <div className="flex-column rhythm-vertical-16">
      <NotAvailableCard notAvailable={state.data.notAvailable} />
      <Card
        className="bolt-table-card"
        contentProps={{ contentPadding: false }}
        titleProps={{ text: `Waiting on (${rows.length})` }}
      >
        {rows.length === 0 ? (
          <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
            Nothing is waiting: no pipeline run or release of {project} waits for an approval, a
            check or a gate right now.
          </div>
        ) : (
          <div className="flex-column flex-grow">
            <div className="padding-horizontal-20 padding-bottom-8 rt-muted" aria-label="Summary">
              {plural(byKind("approval"), "approval")} · {plural(byKind("check"), "check")} ·{" "}
              {plural(byKind("gate"), "Classic gate")}. Approvals are given in Azure DevOps; this
              view only reads.
            </div>
            <div className="rt-gates-scroll">
              <table
                className="rt-table rt-gates-table"
                aria-label="Pending approvals, checks and gates"
              >
                <thead>
                  <tr>
                    <th scope="col">Waiting on</th>
                    <th scope="col">Pipeline or release</th>
                    <th scope="col">Stage or environment</th>
                    <th scope="col">{narrow ? "Approvers and instructions" : "Approvers"}</th>
                    {!narrow && <th scope="col">Instructions</th>}
                    <SortHeader label="Waiting for" sortKey="age" sort={sort} onSort={onSort} />
                    <SortHeader label="Times out" sortKey="timeout" sort={sort} onSort={onSort} />
                    <th scope="col">Act</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <WaitingTableRow key={row.key} row={row} now={now} stacked={narrow} />
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
