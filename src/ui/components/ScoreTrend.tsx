import * as React from "react";
import type { ScoreSnapshot } from "../compliance/history";
import "./compliance.css";

function formatScore(score: number | null): string {
  return score === null ? "n/a" : `${score}%`;
}

/** A labelled sparkline of the daily scores (theme colours; 0–100 on the vertical axis). */
export function ScoreTrend(props: { history: ScoreSnapshot[]; width?: number; height?: number }) {
  const width = props.width ?? 160;
  const height = props.height ?? 36;
  // One line per baseline: scores of different baselines measure different things, and a day
  // may hold one entry per baseline. The line is the latest entry's baseline.
  const baseline = props.history[props.history.length - 1]?.baseline;
  const points = props.history.filter(
    (entry) => entry.score !== null && entry.baseline === baseline,
  );
  if (points.length < 2) {
    return (
      <span className="rt-muted rt-trend-empty">
        The trend shows once scans exist for two days ({points.length} so far).
      </span>
    );
  }
  const pad = 3;
  const step = (width - 2 * pad) / (points.length - 1);
  const y = (score: number) => pad + (1 - score / 100) * (height - 2 * pad);
  const coordinates = points.map((entry, index) => [pad + index * step, y(entry.score as number)]);
  const first = points[0];
  const last = points[points.length - 1];
  const label =
    `Score trend over ${points.length} days: ${formatScore(first.score)} on ${first.date}, ` +
    `${formatScore(last.score)} on ${last.date}`;
  const [lastX, lastY] = coordinates[coordinates.length - 1];
  return (
    <span className="rt-trend flex-row flex-center">
      <svg
        className="rt-sparkline"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
      >
        <title>{label}</title>
        <line className="rt-sparkline-axis" x1={pad} x2={width - pad} y1={y(50)} y2={y(50)} />
        <polyline
          className="rt-sparkline-line"
          fill="none"
          points={coordinates.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ")}
        />
        <circle className="rt-sparkline-dot" cx={lastX} cy={lastY} r={2.5} />
      </svg>
      <span className="rt-muted rt-trend-caption">
        {first.date}: {formatScore(first.score)} → {last.date}: {formatScore(last.score)}
      </span>
    </span>
  );
}
