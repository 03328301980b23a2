import * as React from "react";
import type { ScoreSnapshot } from "../compliance/history";
import { scoreAxis, type ScoreAxis } from "../compliance/trendAxis";
import "./compliance.css";

function formatScore(score: number | null): string {
  return score === null ? "n/a" : `${score}%`;
}

/** Room for the tick labels on the left and the dates below, in SVG units. */
const MARGIN = { left: 34, right: 8, top: 8, bottom: 18 };

interface Plot {
  width: number;
  height: number;
  axis: ScoreAxis;
  x: (index: number) => number;
  y: (score: number) => number;
}

function plotOf(points: ScoreSnapshot[], width: number, height: number): Plot {
  const axis = scoreAxis(points.map((entry) => entry.score as number));
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  const step = innerWidth / Math.max(1, points.length - 1);
  return {
    width,
    height,
    axis,
    x: (index) => MARGIN.left + index * step,
    y: (score) => MARGIN.top + (1 - (score - axis.min) / (axis.max - axis.min)) * innerHeight,
  };
}

/** A short chart labels its bottom and top lines only, so the values stay legible. */
function ticksShown(plot: Plot): number[] {
  const { ticks } = plot.axis;
  return plot.height < 80 ? [ticks[0], ticks[ticks.length - 1]] : ticks;
}

/** Grid lines with their values, and the first and last dates under the line. */
function TrendAxes(props: { plot: Plot; points: ScoreSnapshot[] }) {
  const { plot, points } = props;
  const last = points.length - 1;
  return (
    <g aria-hidden="true">
      {ticksShown(plot).map((tick) => (
        <g key={tick}>
          <line
            className="rt-chart-grid"
            x1={MARGIN.left}
            x2={plot.width - MARGIN.right}
            y1={plot.y(tick)}
            y2={plot.y(tick)}
          />
          <text
            className="rt-chart-label"
            x={MARGIN.left - 4}
            y={plot.y(tick) + 3.5}
            textAnchor="end"
          >
            {tick}%
          </text>
        </g>
      ))}
      <text className="rt-chart-label" x={plot.x(0)} y={plot.height - 4} textAnchor="start">
        {points[0].date}
      </text>
      <text className="rt-chart-label" x={plot.x(last)} y={plot.height - 4} textAnchor="end">
        {points[last].date}
      </text>
    </g>
  );
}

/** The day under the pointer or chosen with the arrow keys; undefined shows the latest. */
function useActivePoint(count: number) {
  const [active, setActive] = React.useState<number | undefined>(undefined);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const current = active ?? count - 1;
    const next: Record<string, number> = {
      ArrowLeft: Math.max(0, current - 1),
      ArrowRight: Math.min(count - 1, current + 1),
      Home: 0,
      End: count - 1,
    };
    if (!(event.key in next)) return;
    event.preventDefault();
    setActive(next[event.key]);
  };
  const onMouseMove = (event: React.MouseEvent<SVGSVGElement>, plot: Plot) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width === 0) return;
    const x = ((event.clientX - box.left) / box.width) * plot.width;
    const step = plot.x(1) - plot.x(0) || 1;
    setActive(Math.min(count - 1, Math.max(0, Math.round((x - MARGIN.left) / step))));
  };
  return { active, setActive, onKeyDown, onMouseMove };
}

/**
 * The daily scores of the latest entry's baseline as a line chart: an axis that fits the scores
 * (and says when it does not start at 0), the date and score of a day on hover or with the arrow
 * keys, theme colours, and a text alternative.
 */
export function ScoreTrend(props: { history: ScoreSnapshot[]; width?: number; height?: number }) {
  const width = props.width ?? 320;
  const height = props.height ?? 110;
  // One line per baseline: scores of different baselines measure different things, and a day
  // may hold one entry per baseline. The line is the latest entry's baseline.
  const baseline = props.history[props.history.length - 1]?.baseline;
  const points = props.history.filter(
    (entry) => entry.score !== null && entry.baseline === baseline,
  );
  const pointer = useActivePoint(points.length);
  if (points.length < 2) {
    return (
      <span className="rt-muted rt-trend-empty">
        The trend shows once scans exist for two days ({points.length} so far).
      </span>
    );
  }
  const plot = plotOf(points, width, height);
  const first = points[0];
  const last = points[points.length - 1];
  const label =
    `Score trend over ${points.length} days: ${formatScore(first.score)} on ${first.date}, ` +
    `${formatScore(last.score)} on ${last.date}`;
  const shown = pointer.active ?? points.length - 1;
  const day = points[shown];
  const line = points.map(
    (entry, index) => `${plot.x(index).toFixed(1)},${plot.y(entry.score as number).toFixed(1)}`,
  );
  return (
    <div
      className="rt-trend-chart flex-column"
      tabIndex={0}
      role="group"
      aria-label="Score trend: arrow keys step through the days"
      onKeyDown={pointer.onKeyDown}
    >
      <svg
        className="rt-chart"
        viewBox={`0 0 ${width} ${height}`}
        style={{ maxWidth: width }}
        role="img"
        aria-label={`${label}; axis ${plot.axis.min}–${plot.axis.max}%`}
        onMouseMove={(event) => pointer.onMouseMove(event, plot)}
        onMouseLeave={() => pointer.setActive(undefined)}
      >
        <title>{label}</title>
        <TrendAxes plot={plot} points={points} />
        <polyline className="rt-sparkline-line" fill="none" points={line.join(" ")} />
        <line
          className="rt-chart-guide"
          x1={plot.x(shown)}
          x2={plot.x(shown)}
          y1={MARGIN.top}
          y2={height - MARGIN.bottom}
        />
        <circle
          className="rt-sparkline-dot"
          cx={plot.x(shown)}
          cy={plot.y(day.score as number)}
          r={3.5}
        />
      </svg>
      <div className="rt-trend-caption flex-row rhythm-horizontal-8">
        <span className="rt-nowrap" aria-live="polite" aria-label="Score on the chosen day">
          {day.date}: <span className="font-weight-semibold">{formatScore(day.score)}</span>
        </span>
        <span className="rt-muted">
          {plot.axis.zoomed
            ? `Axis ${plot.axis.min}–${plot.axis.max}%, not from 0`
            : `Axis ${plot.axis.min}–${plot.axis.max}%`}{" "}
          · {baseline}
        </span>
      </div>
    </div>
  );
}
