import * as React from "react";
import { Card } from "azure-devops-ui/Card";
import { recentOutcomes } from "../../core/gates/queries";
import type { GatesResult, StageGate } from "../../core/gates/types";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { plural } from "../format";
import { decisionCauseLabels } from "../gates/labels";
import { gateWebLink, runLabel } from "../gates/links";
import { ErrorCard } from "./ErrorCard";
import { GateStateChip } from "./GatesStateIcon";
import { DateText, NotAvailableCard, useGatesQuery } from "./GatesShared";
import { Loading } from "./Loading";
import { DropdownField } from "./DropdownField";
import { WebLink } from "./WebLink";
import "./gates.css";

export const OUTCOME_WINDOWS = [
  { value: "24h", label: "Last 24 hours", hours: 24 },
  { value: "7d", label: "Last 7 days", hours: 24 * 7 },
  { value: "30d", label: "Last 30 days", hours: 24 * 30 },
] as const;

type WindowValue = (typeof OUTCOME_WINDOWS)[number]["value"];

/** Why it did not pass, in the decider's words where there are any. */
export function outcomeReason(stage: StageGate): string {
  if (stage.decision?.comment) return stage.decision.comment;
  const failing = stage.checks.filter((check) =>
    ["failed", "rejected", "timed-out"].includes(check.state),
  );
  const messages = failing.map((check) =>
    check.message ? `${check.name}: ${check.message}` : check.name,
  );
  if (messages.length > 0) return messages.join("; ");
  return "No reason given";
}

/**
 * "3/4/2025, 9:59 AM" in the user's locale: to the minute, as Azure DevOps's lists show times. A
 * narrow column breaks it after the date only ("9:59 AM" stays whole).
 */
function minuteText(at: Date): string {
  return at
    .toLocaleString(undefined, {
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
    })
    .replace(/\s(AM|PM)$/i, "\u00a0$1");
}

function decidedAt(stage: StageGate): Date | undefined {
  return stage.decision?.at ?? stage.since;
}

/** Rejected, timed-out and failed approvals, checks and gates in a chosen window. */
export function GatesOutcomes(props: { now?: () => Date }) {
  const { project, links } = useUiEnvironment();
  const [windowValue, setWindowValue] = React.useState<WindowValue>("7d");
  const clock = props.now;
  const load = React.useCallback(
    (sources: Sources) => {
      const until = clock ? clock() : new Date();
      const hours = OUTCOME_WINDOWS.find((option) => option.value === windowValue)?.hours ?? 168;
      return recentOutcomes(sources, project, {
        since: new Date(until.getTime() - hours * 3_600_000),
        // The window includes this very moment.
        until: new Date(until.getTime() + 1),
      });
    },
    [project, windowValue, clock],
  );
  const state = useGatesQuery<GatesResult>(load);
  const label = OUTCOME_WINDOWS.find((option) => option.value === windowValue)?.label ?? "";
  const stages = React.useMemo(
    () =>
      [...(state.data?.stages ?? [])].sort(
        (left, right) => (decidedAt(right)?.getTime() ?? 0) - (decidedAt(left)?.getTime() ?? 0),
      ),
    [state.data],
  );
  return (
    <div className="flex-column rhythm-vertical-16">
      <div className="rt-gates-toolbar">
        <DropdownField
          id="rt-gates-window"
          label="Window"
          value={windowValue}
          options={OUTCOME_WINDOWS.map(({ value, label: text }) => ({ value, label: text }))}
          onChange={(next) => setWindowValue(next as WindowValue)}
        />
      </div>
      {state.loading && <Loading label="Reading decided approvals, checks and gates…" />}
      {!state.loading && !state.data && (
        <ErrorCard error={state.error} whatFailed="Could not read recent gate outcomes" />
      )}
      {state.data && stages.length === 0 && state.data.notAvailable.length > 0 && (
        // Empty is earned: with a read missing, "none in the window" could be false.
        <NotAvailableCard notAvailable={state.data.notAvailable} />
      )}
      {state.data && (stages.length > 0 || state.data.notAvailable.length === 0) && (
        <>
          <NotAvailableCard notAvailable={state.data.notAvailable} />
          <Card
            className="bolt-table-card"
            contentProps={{ contentPadding: false }}
            titleProps={{ text: `Rejected, timed out or failed (${stages.length})` }}
          >
            {stages.length === 0 ? (
              <div className="padding-horizontal-20 padding-vertical-16 rt-muted">
                No approval, check or gate was rejected, timed out or failed in the{" "}
                {label.toLowerCase()}.
              </div>
            ) : (
              <div className="flex-column flex-grow">
                <div
                  className="padding-horizontal-20 padding-bottom-8 rt-muted"
                  aria-label="Summary"
                >
                  {plural(stages.filter((stage) => stage.state === "rejected").length, "rejection")}{" "}
                  ·{" "}
                  {plural(stages.filter((stage) => stage.state === "timed-out").length, "timeout")}{" "}
                  · {plural(stages.filter((stage) => stage.state === "failed").length, "failure")}
                </div>
                <div className="rt-gates-scroll">
                  <table className="rt-table rt-gates-table" aria-label="Recent gate outcomes">
                    <thead>
                      <tr>
                        <th scope="col">Outcome</th>
                        <th scope="col">When</th>
                        <th scope="col">Pipeline or release</th>
                        <th scope="col">Stage or environment</th>
                        <th scope="col">Who</th>
                        <th scope="col">Why</th>
                        <th scope="col">Details</th>
                      </tr>
                    </thead>
                    <tbody>
                      {stages.map((stage) => {
                        const href = gateWebLink(links, stage);
                        const at = decidedAt(stage);
                        return (
                          <tr
                            key={`${stage.source}-${stage.runId ?? stage.releaseId}-${stage.stage}`}
                          >
                            <td>
                              <GateStateChip state={stage.state} />
                              {stage.decision && (
                                <div className="rt-muted">
                                  {decisionCauseLabels[stage.decision.cause]}
                                </div>
                              )}
                            </td>
                            <td>
                              <DateText date={at} text={at ? minuteText(at) : ""} />
                            </td>
                            <td>
                              <div>{stage.pipeline.name}</div>
                              <div className="rt-muted">{runLabel(stage)}</div>
                            </td>
                            <td>
                              <div>{stage.stage}</div>
                              {stage.environment && stage.environment !== stage.stage && (
                                <div className="rt-muted">Environment {stage.environment}</div>
                              )}
                            </td>
                            <td aria-label="Who">
                              {stage.decision?.by?.displayName ?? (
                                <span className="rt-muted">
                                  {stage.state === "timed-out" ? "Nobody acted" : "Automatic"}
                                </span>
                              )}
                            </td>
                            <td className="rt-instructions" aria-label="Why">
                              {outcomeReason(stage)}
                            </td>
                            <td className="rt-gates-act">
                              {href ? (
                                <WebLink href={href}>
                                  Open<span className="rt-gates-act-where"> in Azure DevOps</span>
                                </WebLink>
                              ) : (
                                "–"
                              )}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </div>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
