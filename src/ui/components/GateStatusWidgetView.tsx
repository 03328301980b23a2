import * as React from "react";
import { Status, Statuses, StatusSize } from "azure-devops-ui/Status";
import type { StageGate } from "../../core/gates/types";
import type { Sources } from "../../core/sources";
import { useUiEnvironment } from "../context";
import { formatAge, plural } from "../format";
import { gateStateLabels, shortGateStateLabels } from "../gates/labels";
import { gateWebLink } from "../gates/links";
import { useRefreshing, type RefreshingState } from "../gates/useRefreshing";
import { approverText } from "../gates/waiting";
import {
  fitStages,
  loadWidgetStages,
  widgetLayout,
  type WidgetLayout,
  type WidgetStages,
} from "../gates/widget";
import { useSettled } from "../hooks/useAsync";
import { loadPendingApprovals, type PendingApprovals } from "../gates/pendingApprovals";
import { refreshMinutesOf, type GateTarget, type GateWidgetSettings } from "../settings";
import { ErrorCard } from "./ErrorCard";
import { NotAvailableNotice, noticeOfError } from "./NotAvailableNotice";
import { GateStateChip } from "./GatesStateIcon";
import { GateWaitingList } from "./GateWaitingList";
import { Loading } from "./Loading";
import { WebLink } from "./WebLink";
import { WidgetFrame, type WidgetSize } from "./WidgetFrame";
import "./gates.css";

/** Who or what the stage waits on, or who decided it: one short phrase. */
export function waitingOnText(stage: StageGate): string | undefined {
  const waiting = stage.waiting[0];
  if (waiting) {
    if (waiting.kind === "approval")
      return approverText({
        kind: waiting.kind,
        approvers: waiting.approvers,
        sequential: waiting.executionOrder === "inSequence",
      });
    return `${waiting.kind === "gate" ? "Gates" : "Checks"}: ${waiting.holding.join(", ") || "running"}`;
  }
  if (stage.decision?.by) return `By ${stage.decision.by.displayName}`;
  return undefined;
}

function ageOf(stage: StageGate, now: Date): string {
  return stage.since ? formatAge(stage.since, now) : "";
}

function StageLine(props: { stage: StageGate; layout: WidgetLayout; now: Date }) {
  const { stage, layout, now } = props;
  const who = waitingOnText(stage);
  const age = ageOf(stage, now);
  // 2×2: the state in words and the age, the approver on a line of its own; 1×2: the approver
  // (or the state) and the age beside the name.
  const meta = layout.approverLine
    ? [shortGateStateLabels[stage.state], age]
    : [who ?? shortGateStateLabels[stage.state], age];
  return (
    <li aria-label={`${stage.stage}: ${gateStateLabels[stage.state]}`}>
      <div className="rt-stage-line">
        <GateStateChip state={stage.state} hideText />
        <span className="rt-stage-name rt-stage-name-keeps" title={stage.stage}>
          {stage.stage}
        </span>
        <span
          className="rt-stage-meta rt-stage-meta-yields"
          title={meta.filter(Boolean).join(" · ")}
        >
          {meta.filter(Boolean).join(" · ")}
        </span>
      </div>
      {layout.approverLine && who && (
        <div className="rt-stage-sub" title={who}>
          {who}
        </div>
      )}
    </li>
  );
}

/**
 * The stages in order as boxes, like Azure DevOps's release overview: each with its state word,
 * its age, and what it waits on (approvers, checks) or who decided it.
 */
function StageStrip(props: { stages: StageGate[]; now: Date }) {
  return (
    <ol className="rt-stage-strip" aria-label="Stages">
      {props.stages.map((stage) => {
        const who = waitingOnText(stage);
        return (
          <li
            key={stage.stageIdentifier ?? stage.stage}
            className={`rt-strip-stage rt-strip-${stage.state}`}
            aria-label={`${stage.stage}: ${gateStateLabels[stage.state]}`}
          >
            <span className="rt-clamp rt-strip-name" title={stage.stage}>
              {stage.stage}
            </span>
            <span className="rt-strip-state" title={gateStateLabels[stage.state]}>
              <GateStateChip state={stage.state} />
            </span>
            <span className="rt-ellipsis rt-muted">{ageOf(stage, props.now) || "\u00a0"}</span>
            {who && (
              <span className="rt-clamp rt-muted" title={who}>
                {who}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function RefreshNote(props: { state: RefreshingState<unknown>; now: Date }) {
  const { state } = props;
  if (state.throttled)
    return (
      <div className="rt-muted text-ellipsis" role="status">
        Azure DevOps is throttling; next refresh in {state.nextInMinutes} min
      </div>
    );
  if (state.error !== undefined && state.data !== undefined) {
    // One plain sentence; the technical detail stays out of the widget's single line.
    const [sentence] = noticeOfError(state.error).sentences;
    return (
      <div className="rt-muted text-ellipsis" role="status" title={sentence}>
        Refresh failed: {sentence} Showing earlier data.
      </div>
    );
  }
  if (state.error !== undefined)
    return (
      <div className="rt-muted text-ellipsis" role="status">
        Next try in {state.nextInMinutes} min
      </div>
    );
  return null;
}

function StagesBody(props: {
  state: RefreshingState<WidgetStages>;
  target: GateTarget;
  size: WidgetSize;
  now: Date;
}) {
  const { links } = useUiEnvironment();
  const { state, target, size, now } = props;
  if (state.loading) return <Loading label="Loading stages…" />;
  if (!state.data)
    return (
      <>
        <ErrorCard
          error={state.error}
          whatFailed={`Could not load ${target.name || "the stages"}`}
        />
        <RefreshNote state={state} now={now} />
      </>
    );
  const data = state.data;
  const layout = widgetLayout(size);
  const { shown, more } = fitStages(data.stages, layout);
  const href = data.latest ? gateWebLink(links, data.latest) : undefined;
  const name = target.name || `definition ${target.id}`;
  return (
    <>
      <div className="rt-muted text-ellipsis" aria-label="Latest run">
        {name}
        {data.latest && (
          <>
            {" · "}
            {href ? <WebLink href={href}>{data.latest.label}</WebLink> : data.latest.label}
          </>
        )}
      </div>
      {!data.latest && (
        <div className="margin-top-8">
          No {target.kind === "yaml" ? "runs" : "releases"} of {name} yet.
        </div>
      )}
      {data.latest && data.stages.length === 0 && (
        <div className="margin-top-8">
          The newest {target.kind === "yaml" ? "run" : "release"} has none of the chosen stages (
          {data.missing.join(", ")}).
        </div>
      )}
      {shown.length > 0 &&
        (layout.wide ? (
          <StageStrip stages={shown} now={now} />
        ) : (
          <ul className="rt-stage-lines" aria-label="Stages">
            {shown.map((stage) => (
              <StageLine
                key={stage.stageIdentifier ?? stage.stage}
                stage={stage}
                layout={layout}
                now={now}
              />
            ))}
          </ul>
        ))}
      {more > 0 && <div className="rt-muted">and {plural(more, "more stage")}</div>}
      {data.stages.length > 0 && data.missing.length > 0 && (
        <div className="rt-muted text-ellipsis">Not in this run: {data.missing.join(", ")}</div>
      )}
      <NotAvailableNotice notes={data.notAvailable} className="rt-widget-notice" />
      <RefreshNote state={state} now={now} />
    </>
  );
}

function OverviewBody(props: {
  state: RefreshingState<PendingApprovals>;
  size: WidgetSize;
  now: Date;
}) {
  const { state, size, now } = props;
  if (state.loading) return <Loading label="Loading approvals…" />;
  if (!state.data)
    return (
      <>
        <ErrorCard error={state.error} whatFailed="Could not load pending approvals" />
        <RefreshNote state={state} now={now} />
      </>
    );
  const { total, yaml, classic, oldest } = state.data;
  const since = `${oldest ? `Oldest waits ${formatAge(oldest, now)}` : "Nothing is waiting"} · all pipelines`;
  const kinds = `${plural(yaml, "YAML approval")} · ${plural(classic, "Classic approval")}`;
  return (
    <>
      <div className="rt-waiting-head">
        <Status
          {...(total > 0 ? Statuses.Waiting : Statuses.Success)}
          size={StatusSize.l}
          ariaLabel={total > 0 ? "Waiting for approval" : "Nothing waiting"}
        />
        <span className="rt-big-number" aria-label="Pending approvals">
          {total}
        </span>
        <div className="rt-waiting-head-text">
          <span className="text-ellipsis">
            {total === 1 ? "approval waiting" : "approvals waiting"}
          </span>
          <span className="rt-muted text-ellipsis" title={since}>
            {since}
          </span>
        </div>
      </div>
      {size.rowSpan >= 2 && (
        <div className="rt-muted text-ellipsis" title={kinds}>
          {kinds}
        </div>
      )}
      <GateWaitingList approvals={state.data.approvals} size={size} now={now} />
      <RefreshNote state={state} now={now} />
    </>
  );
}

function StagesWidget(props: {
  target: GateTarget;
  stages?: string[];
  interval: number;
  size: WidgetSize;
  now: Date;
  onSettled?: (error?: unknown) => void;
}) {
  const { project } = useUiEnvironment();
  const { kind, id, name } = props.target;
  const stageList = (props.stages ?? []).join("\n");
  const load = React.useCallback(
    (sources: Sources) =>
      loadWidgetStages(sources, project, {
        target: { kind, id, name },
        ...(stageList ? { stages: stageList.split("\n") } : {}),
      }),
    [project, kind, id, name, stageList],
  );
  const state = useRefreshing(load, props.interval);
  useSettled(settledView(state), props.onSettled);
  return <StagesBody state={state} target={props.target} size={props.size} now={props.now} />;
}

function OverviewWidget(props: {
  interval: number;
  size: WidgetSize;
  now: Date;
  onSettled?: (error?: unknown) => void;
}) {
  const { project } = useUiEnvironment();
  const load = React.useCallback(
    (sources: Sources) => loadPendingApprovals(sources, project),
    [project],
  );
  const state = useRefreshing(load, props.interval);
  useSettled(settledView(state), props.onSettled);
  return <OverviewBody state={state} size={props.size} now={props.now} />;
}

/** The host hears about the first answer; a later failed refresh keeps the earlier data. */
function settledView(state: RefreshingState<unknown>): { loading: boolean; error?: unknown } {
  return { loading: state.loading, error: state.data === undefined ? state.error : undefined };
}

/**
 * The latest state of each stage of one pipeline or release definition (every pending approval of
 * the project until one is chosen), refreshed on the configured interval.
 */
export function GateStatusWidgetView(props: {
  title: string;
  size: WidgetSize;
  settings: GateWidgetSettings;
  settingsProblem?: string;
  /** The clock, injectable so ages are testable. */
  now?: () => Date;
  onSettled?: (error?: unknown) => void;
}) {
  const { settings, size, onSettled } = props;
  const interval = refreshMinutesOf(settings);
  const now = props.now ? props.now() : new Date();
  return (
    <WidgetFrame title={props.title}>
      {settings.target ? (
        <StagesWidget
          target={settings.target}
          stages={settings.stages}
          interval={interval}
          size={size}
          now={now}
          onSettled={onSettled}
        />
      ) : (
        <OverviewWidget interval={interval} size={size} now={now} onSettled={onSettled} />
      )}
      {props.settingsProblem && (
        <div className="rt-muted text-ellipsis">{props.settingsProblem}</div>
      )}
    </WidgetFrame>
  );
}
