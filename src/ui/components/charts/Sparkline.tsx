import * as React from "react";
import { largestValue, lineSegments, pointText, type ChartPoint } from "./chartScale";
import "./charts.css";

export interface SparklineProps {
  /** What the series is ("Deployments per week"), for the text alternative. */
  name: string;
  points: readonly ChartPoint[];
  format?: (value: number) => string;
  /** A fixed top (1 for a rate); else the largest value. */
  max?: number;
  width?: number;
  height?: number;
}

/** The text alternative: every point, oldest first (a sparkline has few). */
export function sparklineText(
  name: string,
  points: readonly ChartPoint[],
  format: (value: number) => string,
): string {
  if (points.length === 0) return `${name}: no points.`;
  return `${name}: ${points.map((point) => pointText(point, format)).join("; ")}.`;
}

/**
 * A word-sized line of a series from 0 to its largest value (or `max`), the newest point marked.
 * Points that could not be read leave a gap. Its text alternative lists every point.
 */
export function Sparkline(props: SparklineProps) {
  const { name, points } = props;
  const width = props.width ?? 96;
  const height = props.height ?? 24;
  const format = props.format ?? String;
  const pad = 3;
  const top = props.max ?? (largestValue(points) || 1);
  const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
  const x = (index: number) => pad + (points.length > 1 ? index * step : (width - 2 * pad) / 2);
  const y = (value: number) => pad + (1 - Math.min(value, top) / top) * (height - 2 * pad);
  const at = (index: number) => `${x(index).toFixed(1)},${y(points[index].value ?? 0).toFixed(1)}`;
  const lastRead = points.map((point) => point.value !== null).lastIndexOf(true);
  return (
    <svg
      className="rt-sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={sparklineText(name, points, format)}
    >
      <line className="rt-chart-baseline" x1={pad} x2={width - pad} y1={y(0)} y2={y(0)} />
      {lineSegments(points).map((segment) =>
        segment.length > 1 ? (
          <polyline
            key={segment[0]}
            className="rt-chart-line"
            fill="none"
            points={segment.map(at).join(" ")}
          />
        ) : null,
      )}
      {lastRead >= 0 && (
        <circle
          className="rt-chart-dot"
          cx={x(lastRead)}
          cy={y(points[lastRead].value ?? 0)}
          r={2.5}
        />
      )}
    </svg>
  );
}
