import * as React from "react";
import { durationText } from "../../core/report/metrics";
import { BAND_TEXT } from "../../core/metrics/bands";
import type { Band, MetricId, MetricsSlice } from "../../core/metrics/types";
import {
  BAND_NAMES,
  directionView,
  headlineText,
  METRIC_VIEWS,
  universeText,
  type Figure,
  type MetricView,
} from "../metrics/figures";
import "./delivery.css";

/** The cut-offs of a metric's bands in words; rework rate has none. */
export function bandCutOffs(metric: MetricId): string | undefined {
  return metric === "rework-rate" ? undefined : BAND_TEXT[metric];
}

/** The band with its name, drawn as a coloured dot and the word (never colour alone). */
export function BandChip(props: { band: Band | null; metric: MetricId }) {
  const { band, metric } = props;
  if (band === null) return null;
  return (
    <span className="rt-band" title={bandCutOffs(metric)}>
      <span className={`rt-band-dot rt-band-${band}`} aria-hidden="true" />
      {BAND_NAMES[band]}
    </span>
  );
}

/** A figure's second line: what its headline does not say. */
export function figureDetail(figure: Figure): string | undefined {
  if (figure.outcome !== "value") return undefined;
  switch (figure.metric) {
    case "deployment-frequency":
      return figure.deploymentDays === null
        ? undefined
        : `on ${figure.deploymentDays} of ${Math.round(figure.windowDays)} days`;
    case "lead-time":
      return figure.p90Seconds === null ? undefined : `p90 ${durationText(figure.p90Seconds)}`;
    case "recovery-time":
      return figure.open ? `${figure.open} not recovered yet` : undefined;
    default:
      return undefined;
  }
}

export function TrendArrow(props: {
  direction: MetricsSlice["directions"][MetricId];
  view: MetricView;
}) {
  const direction = directionView(props.direction, props.view);
  if (!direction.arrow) return null;
  return (
    <span
      className={`rt-trend-arrow rt-trend-${direction.verdict}`}
      role="img"
      aria-label={direction.label}
      title={direction.label}
    >
      {direction.arrow}
    </span>
  );
}

function MetricTile(props: {
  slice: MetricsSlice;
  view: MetricView;
  onOpen: (view: MetricView) => void;
}) {
  const { slice, view, onOpen } = props;
  const figure = slice.figures[view.key];
  const text = headlineText(figure, view);
  const detail = figureDetail(figure);
  const cutOffs = bandCutOffs(view.id);
  return (
    <section className="rt-metric-tile" aria-label={view.name}>
      <h3 className="rt-metric-name">{view.name}</h3>
      <div className="rt-metric-body">
        <div className="rt-metric-headline">
          <button
            type="button"
            className={`rt-metric-figure rt-outcome-${figure.outcome}`}
            aria-label={`${view.name}: ${text}. Show the evidence`}
            onClick={() => onOpen(view)}
          >
            {text}
          </button>
          <TrendArrow direction={slice.directions[view.id]} view={view} />
        </div>
        <div className="rt-metric-meta">
          <BandChip band={figure.band} metric={view.id} />
          <span className="rt-muted">{universeText(figure)}</span>
        </div>
        {detail && <div className="rt-muted">{detail}</div>}
        {cutOffs && <div className="rt-metric-cutoffs rt-muted">{cutOffs}</div>}
      </div>
    </section>
  );
}

/** The five headline figures of a slice; clicking one opens what it was computed from. */
export function DeliveryTiles(props: { slice: MetricsSlice; onOpen: (view: MetricView) => void }) {
  return (
    <div className="rt-metric-tiles" role="list" aria-label="Delivery metrics">
      {METRIC_VIEWS.map((view) => (
        <div role="listitem" key={view.id}>
          <MetricTile slice={props.slice} view={view} onOpen={props.onOpen} />
        </div>
      ))}
    </div>
  );
}
