import * as React from "react";
import {
  labelStride,
  largestValue,
  lineSegments,
  niceAxis,
  pointText,
  pointTitle,
  seriesSummary,
  type ChartPoint,
  type ValueAxis,
} from "./chartScale";
import "./charts.css";

/*
 * Hand-written SVG rather than a chart library: the charts are small bars and lines, and the
 * libraries that draw them (with their scales and DOM helpers) weigh more than a hub tab's whole
 * budget. Colours are azure-devops-ui's theme variables, so both themes follow the host.
 */

export interface TrendChartProps {
  /** What the series is ("Deployments per week"): the chart's accessible name and table caption. */
  name: string;
  points: readonly ChartPoint[];
  format?: (value: number) => string;
  /** Bars for counts per period, a line for a level over time (a score). */
  variant?: "bar" | "line";
  /** A fixed top of the axis (1 for a rate); else a round value above the largest. */
  max?: number;
  /** An axis fitted to the values (a score's 40–50%, so a climb shows); overrides `max`. */
  axis?: ValueAxis;
  /** The drawing's text alternative; else a summary of the series. */
  summary?: string;
  /** Scales down to its container's width (a widget), never above `width`. */
  fit?: boolean;
  /** With no point chosen, the read-out shows the newest (a level now, as a score is). */
  showLatest?: boolean;
  /** Said after the read-out ("Axis 40–50%, not from 0 · Built-in baseline"). */
  note?: string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 8, right: 8, bottom: 20, left: 44 };
const defaultFormat = (value: number) => String(Math.round(value * 100) / 100);

interface Frame {
  width: number;
  height: number;
  band: number;
  /** The y of the axis' bottom, where bars stand. */
  bottom: number;
  x: (index: number) => number;
  y: (value: number) => number;
}

function frameOf(count: number, axis: ValueAxis, width: number, height: number): Frame {
  const inner = {
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const band = inner.width / Math.max(count, 1);
  const min = axis.min ?? 0;
  const span = axis.max - min || 1;
  const clamp = (value: number) => Math.max(min, Math.min(value, axis.max));
  return {
    width,
    height,
    band,
    bottom: MARGIN.top + inner.height,
    x: (index) => MARGIN.left + band * (index + 0.5),
    y: (value) => MARGIN.top + inner.height * (1 - (clamp(value) - min) / span),
  };
}

/** Below this height only the bottom and top lines are labelled, so the labels stay legible. */
const SHORT_CHART = 80;

function Grid(props: { axis: ValueAxis; frame: Frame; format: (value: number) => string }) {
  const { axis, frame, format } = props;
  const ticks =
    frame.height < SHORT_CHART && axis.ticks.length > 2
      ? [axis.ticks[0], axis.ticks[axis.ticks.length - 1]]
      : axis.ticks;
  return (
    <g>
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            className={tick === (axis.min ?? 0) ? "rt-chart-baseline" : "rt-chart-grid"}
            x1={MARGIN.left}
            x2={frame.width - MARGIN.right}
            y1={frame.y(tick)}
            y2={frame.y(tick)}
          />
          <text
            className="rt-chart-tick"
            x={MARGIN.left - 6}
            y={frame.y(tick)}
            dy="0.32em"
            textAnchor="end"
          >
            {format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** About the width of one 11 px tick character: enough to keep a label inside the drawing. */
const TICK_CHAR_WIDTH = 6.5;

type Anchor = "start" | "middle" | "end";

interface Tick {
  index: number;
  x: number;
  anchor: Anchor;
  left: number;
  right: number;
}

/** Centred under its point, unless that would cut it at the drawing's left or right edge. */
function placeTick(index: number, x: number, label: string, width: number): Tick {
  const full = label.length * TICK_CHAR_WIDTH;
  const anchor: Anchor = x + full / 2 > width ? "end" : x - full / 2 < 0 ? "start" : "middle";
  const left = anchor === "end" ? x - full : anchor === "start" ? x : x - full / 2;
  return { index, x, anchor, left, right: left + full };
}

/** Every `stride`-th label from the newest back, leaving out one that would touch its neighbour. */
function xTicks(points: readonly ChartPoint[], frame: Frame): Tick[] {
  const stride = labelStride(points.length, frame.band, 40);
  const ticks: Tick[] = [];
  for (let index = points.length - 1; index >= 0; index -= stride) {
    const tick = placeTick(index, frame.x(index), points[index].label, frame.width);
    const newer = ticks[ticks.length - 1];
    if (!newer || tick.right + 4 <= newer.left) ticks.push(tick);
  }
  return ticks.reverse();
}

function XLabels(props: { points: readonly ChartPoint[]; frame: Frame }) {
  const { points, frame } = props;
  return (
    <g>
      {xTicks(points, frame).map((tick) => (
        <text
          key={tick.index}
          className="rt-chart-tick"
          x={tick.x}
          y={frame.height - 6}
          textAnchor={tick.anchor}
        >
          {points[tick.index].label}
        </text>
      ))}
    </g>
  );
}

/** A point that could not be read: a dashed outline the height of the plot, never a zero bar. */
function Unread(props: { frame: Frame; index: number }) {
  const { frame, index } = props;
  const width = Math.max(2, frame.band * 0.5);
  const top = frame.y(Number.POSITIVE_INFINITY);
  return (
    <rect
      className="rt-chart-unread"
      x={frame.x(index) - width / 2}
      y={top}
      width={width}
      height={frame.bottom - top}
    />
  );
}

function Bars(props: { points: readonly ChartPoint[]; frame: Frame; active?: number }) {
  const { points, frame, active } = props;
  const width = Math.max(2, Math.min(frame.band * 0.6, 32));
  return (
    <g>
      {points.map((point, index) => {
        if (point.value === null)
          return point.empty ? null : <Unread key={index} frame={frame} index={index} />;
        const top = frame.y(point.value);
        return (
          <rect
            key={index}
            className={index === active ? "rt-chart-bar rt-chart-active" : "rt-chart-bar"}
            x={frame.x(index) - width / 2}
            y={top}
            width={width}
            // A zero stays visible as a hairline on the axis.
            height={Math.max(frame.bottom - top, 1)}
          />
        );
      })}
    </g>
  );
}

/** Below this many pixels per point, dots would merge into a thick line: only the chosen one shows. */
const DOT_ROOM = 8;

function Line(props: { points: readonly ChartPoint[]; frame: Frame; active?: number }) {
  const { points, frame, active } = props;
  const dots = frame.band >= DOT_ROOM;
  const at = (index: number) =>
    `${frame.x(index).toFixed(1)},${frame.y(points[index].value ?? 0).toFixed(1)}`;
  return (
    <g>
      {/* A lone point between gaps is its dot alone. */}
      {lineSegments(points)
        .filter((segment) => segment.length > 1)
        .map((segment) => (
          <polyline
            key={segment[0]}
            className="rt-chart-line"
            fill="none"
            points={segment.map(at).join(" ")}
          />
        ))}
      {points.map((point, index) =>
        point.value === null ? (
          point.empty ? null : (
            <Unread key={index} frame={frame} index={index} />
          )
        ) : !dots && index !== active ? null : (
          <circle
            key={index}
            className={index === active ? "rt-chart-dot rt-chart-active" : "rt-chart-dot"}
            cx={frame.x(index)}
            cy={frame.y(point.value)}
            r={index === active ? 4 : 2.5}
          />
        ),
      )}
    </g>
  );
}

/** The next point for a key press, or undefined when the key is not one the chart handles. */
export function nextPoint(
  key: string,
  current: number | undefined,
  count: number,
): number | undefined {
  const from = current ?? count - 1;
  switch (key) {
    case "ArrowLeft":
      return Math.max(0, from - 1);
    case "ArrowRight":
      return Math.min(count - 1, from + 1);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return undefined;
  }
}

/** The same figures as a table for screen readers (the drawing is one image to them). */
function ChartTable(props: {
  name: string;
  points: readonly ChartPoint[];
  format: (value: number) => string;
}) {
  return (
    <div className="rt-chart-sr">
      <table>
        <caption>{props.name}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {props.points.map((point, index) => (
            <tr key={index}>
              <th scope="row">{pointTitle(point)}</th>
              <td>
                {point.value === null
                  ? (point.empty ?? "not available")
                  : props.format(point.value)}
                {point.detail ? ` (${point.detail})` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Hover areas, one per point, from edge to edge so the pointer always picks the nearest. */
function HitAreas(props: { count: number; frame: Frame; onPoint: (index?: number) => void }) {
  const { count, frame, onPoint } = props;
  return (
    <g>
      {Array.from({ length: count }, (_, index) => {
        const left = index === 0 ? 0 : MARGIN.left + frame.band * index;
        const right = index === count - 1 ? frame.width : MARGIN.left + frame.band * (index + 1);
        return (
          <rect
            key={index}
            className="rt-chart-hit"
            x={left}
            y={0}
            width={right - left}
            height={frame.height}
            onMouseEnter={() => onPoint(index)}
            onMouseLeave={() => onPoint(undefined)}
          />
        );
      })}
    </g>
  );
}

function axisOf(props: TrendChartProps): ValueAxis {
  if (props.axis) return props.axis;
  return props.max !== undefined ? niceAxis(props.max) : niceAxis(largestValue(props.points));
}

/**
 * A small trend chart of one series (weekly bars, or a line), on a round 0-based axis or one
 * fitted to the values, with the period labels under it. The value of a point shows on hover, or
 * from the keyboard: focus the chart and move with the arrow keys. A point that could not be read
 * is a dashed outline, never 0. One component for every trend: the Delivery tab's weekly figures,
 * the Compliance tab's and the compliance widget's score.
 */
export function TrendChart(props: TrendChartProps) {
  const { name, points } = props;
  const format = props.format ?? defaultFormat;
  const axis = axisOf(props);
  const frame = frameOf(points.length, axis, props.width ?? 320, props.height ?? 140);
  const [active, setActive] = React.useState<number | undefined>(undefined);
  const Series = props.variant === "line" ? Line : Bars;
  const shown = active ?? (props.showLatest ? points.length - 1 : undefined);
  return (
    <div
      className={props.fit ? "rt-chart rt-chart-fit" : "rt-chart"}
      role="group"
      aria-label={`${name}: focus and use the arrow keys for each value`}
      tabIndex={points.length > 0 ? 0 : undefined}
      onFocus={() => setActive((current) => current ?? points.length - 1)}
      onBlur={() => setActive(undefined)}
      onKeyDown={(event) => {
        const next = nextPoint(event.key, active, points.length);
        if (next === undefined) return;
        event.preventDefault();
        setActive(next);
      }}
    >
      <svg
        className="rt-chart-svg"
        width={props.fit ? "100%" : frame.width}
        height={props.fit ? undefined : frame.height}
        style={props.fit ? { maxWidth: frame.width } : undefined}
        viewBox={`0 0 ${frame.width} ${frame.height}`}
        role="img"
        aria-label={props.summary ?? seriesSummary(name, points, format)}
      >
        <Grid axis={axis} frame={frame} format={format} />
        <Series points={points} frame={frame} active={shown} />
        <XLabels points={points} frame={frame} />
        <HitAreas count={points.length} frame={frame} onPoint={setActive} />
      </svg>
      <div className="rt-chart-readout">
        <span role="status" aria-label={`${name}: the chosen value`}>
          {shown !== undefined && points[shown] ? pointText(points[shown], format) : "\u00a0"}
        </span>
        {props.note && <span className="rt-chart-note"> · {props.note}</span>}
      </div>
      <ChartTable name={name} points={points} format={format} />
    </div>
  );
}
