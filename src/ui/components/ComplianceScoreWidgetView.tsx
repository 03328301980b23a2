import * as React from "react";
import { isBaselineProblem, type BaselineChoice } from "../compliance/baseline";
import { describeChoice } from "../compliance/choice";
import type { Trend } from "../compliance/history";
import type { Gap } from "../compliance/matrix";
import { scoreTrend } from "../compliance/scoreTrend";
import { fitGaps, hasChart, scoreWidgetLayout } from "../compliance/widgetLayout";
import type { KeyValueStore } from "../compliance/storage";
import { loadComplianceSummary, type ComplianceSummaryData } from "../compliance/summary";
import { useUiEnvironment } from "../context";
import { plural } from "../format";
import { useAsync, useSettled } from "../hooks/useAsync";
import { ErrorCard } from "./ErrorCard";
import { EarnedEmpty, NotAvailableNotice } from "./NotAvailableNotice";
import { Loading } from "./Loading";
import { TrendChart } from "./charts/TrendChart";
import { WidgetFrame, type WidgetSize } from "./WidgetFrame";
import "./compliance.css";

function TrendArrow(props: { trend: Trend }) {
  const { trend } = props;
  if (trend.direction === "none" || trend.change === undefined) {
    return (
      <span className="rt-muted" aria-label="No earlier score to compare with">
        no trend yet
      </span>
    );
  }
  const arrow = trend.direction === "up" ? "↑" : trend.direction === "down" ? "↓" : "→";
  const sign = trend.change > 0 ? "+" : "";
  const words =
    trend.direction === "flat"
      ? "Unchanged since the previous scan"
      : `${trend.direction === "up" ? "Up" : "Down"} ${Math.abs(trend.change)} points since the previous scan`;
  return (
    <span className={`rt-trend-arrow-${trend.direction} font-weight-semibold`} aria-label={words}>
      {arrow} {sign}
      {trend.change}
    </span>
  );
}

function GapList(props: { gaps: Gap[]; lines: number; partial: boolean }) {
  const { gaps, lines, partial } = props;
  if (gaps.length === 0)
    return (
      <EarnedEmpty partial={partial}>
        <div className="rt-muted">No failing rule.</div>
      </EarnedEmpty>
    );
  const { shown, more } = fitGaps(gaps, lines);
  return (
    <>
      <ul className="rt-list rt-gap-list" aria-label="Top gaps by points lost">
        {shown.map((gap) => (
          <li key={gap.ruleId}>
            <span className="text-ellipsis" title={`${gap.title} (${gap.ruleId})`}>
              {gap.title}
            </span>
            <span
              className="rt-muted rt-nowrap"
              title={`${plural(gap.failures, "failing result")}, weighed by severity`}
            >
              −{gap.points} pts
            </span>
          </li>
        ))}
      </ul>
      {more > 0 && <div className="rt-muted">and {plural(more, "more failing rule")}</div>}
    </>
  );
}

/** The score history as the one trend chart, fitted to the widget, or why there is none yet. */
function ScoreChart(props: {
  history: ComplianceSummaryData["history"];
  width: number;
  height: number;
}) {
  const scores = scoreTrend(props.history);
  if (!scores.chart) return <span className="rt-muted rt-trend-empty">{scores.emptyText}</span>;
  // No note line: the ticks show the axis and the widget names its baseline itself.
  return (
    <TrendChart {...scores.chart} note={undefined} fit width={props.width} height={props.height} />
  );
}

/** "38 failing results · 12 repositories in total", on one line or two (beside a chart). */
function CountsLine(props: { scan: ComplianceSummaryData["scan"]; split?: boolean }) {
  const { scan } = props;
  const parts = [
    plural(scan.summary.byOutcome.fail, "failing result"),
    `${plural(scan.repositories.length, "repository", "repositories")} in total`,
  ];
  if (props.split)
    return (
      <>
        {parts.map((part) => (
          <div key={part} className="rt-muted text-ellipsis" title={part}>
            {part}
          </div>
        ))}
      </>
    );
  return (
    <div className="rt-muted text-ellipsis" title={parts.join(" · ")}>
      {parts.join(" · ")}
    </div>
  );
}

function Headline(props: { data: ComplianceSummaryData }) {
  const { score } = props.data.scan.summary;
  return (
    <div className="rt-widget-headline">
      <span
        className="rt-big-number"
        aria-label="Compliance score"
        title={`Against ${props.data.scan.baseline.name}`}
      >
        {score === null ? "N/A" : `${score}%`}
      </span>
      <TrendArrow trend={props.data.trend} />
    </div>
  );
}

function Gaps(props: { data: ComplianceSummaryData; lines: number }) {
  const { scan, gaps } = props.data;
  return (
    <div className="flex-column rt-widget-gaps">
      <div className="font-weight-semibold">Top gaps by points lost</div>
      <GapList gaps={gaps} lines={props.lines} partial={scan.notAvailable.length > 0} />
    </div>
  );
}

function ScoreBody(props: { data: ComplianceSummaryData; size: WidgetSize }) {
  const { data } = props;
  const { scan, history, historyProblem } = data;
  const layout = scoreWidgetLayout(props.size, hasChart(history));
  const chart = (
    <div className="rt-widget-chart">
      <ScoreChart history={history} width={layout.chart.width} height={layout.chart.height} />
    </div>
  );
  const baseline = (
    <div className="rt-muted text-ellipsis" title={scan.baseline.name}>
      Baseline: {scan.baseline.name}
    </div>
  );
  const notes = (
    <>
      <NotAvailableNotice notes={scan.notAvailable} className="rt-widget-notice" />
      {historyProblem && (
        <div className="rt-muted text-ellipsis" title={historyProblem}>
          {historyProblem}
        </div>
      )}
    </>
  );
  // One row: the chart beside the score; 2×2: under it, then the gaps; 3×2: beside it, the
  // gaps below with the full width for their titles. From two rows the baseline is named.
  const { arrangement } = layout;
  return (
    <div className={`rt-score-widget rt-score-widget-${arrangement}`}>
      <div className="rt-score-widget-top">
        <div className="rt-score-widget-figures">
          <Headline data={data} />
          {arrangement === "wide" && <CountsLine scan={scan} split />}
        </div>
        {arrangement !== "stack" && chart}
      </div>
      {arrangement !== "wide" && <CountsLine scan={scan} />}
      {arrangement === "stack" && chart}
      {layout.gapLines > 0 && <Gaps data={data} lines={layout.gapLines} />}
      {arrangement !== "row" && baseline}
      {notes}
    </div>
  );
}

/** Score against the configured baseline, the trend since the previous scan and the top gaps. */
export function ComplianceScoreWidgetView(props: {
  title: string;
  size: WidgetSize;
  baseline: BaselineChoice;
  store: KeyValueStore;
  settingsProblem?: string;
  now?: () => Date;
  onSettled?: (error?: unknown) => void;
}) {
  const { sources, project } = useUiEnvironment();
  const { baseline: choice, store, now } = props;
  const load = React.useCallback(
    () => loadComplianceSummary({ sources, project, choice, store, now: now ? now() : new Date() }),
    [sources, project, choice, store, now],
  );
  const state = useAsync(load);
  useSettled(state, props.onSettled);
  let body: React.ReactNode;
  if (state.loading) body = <Loading label="Scanning branch policies…" />;
  else if (state.error !== undefined && isBaselineProblem(state.error))
    body = (
      <div role="alert" className="flex-column rhythm-vertical-4">
        <span className="font-weight-semibold">
          The baseline {describeChoice(choice)} cannot be used
        </span>
        <span className="rt-pre-line rt-muted">{state.error.message}</span>
      </div>
    );
  else if (state.error !== undefined || !state.data)
    body = <ErrorCard error={state.error} whatFailed="Could not scan the branch policies" />;
  else body = <ScoreBody data={state.data} size={props.size} />;
  return (
    <WidgetFrame title={props.title}>
      {body}
      {props.settingsProblem && <div className="rt-muted">{props.settingsProblem}</div>}
    </WidgetFrame>
  );
}
