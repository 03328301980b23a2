import * as React from "react";
import type { MetricsSlice } from "../../core/metrics/types";
import { useSettled } from "../hooks/useAsync";
import { useDeliveryMetrics } from "../hooks/useDeliveryMetrics";
import {
  chartSeries,
  headlineText,
  universeText,
  WIDGET_METRICS,
  type MetricView,
} from "../metrics/figures";
import { useProduction } from "../production/ProductionProvider";
import { deliveryWindowDaysOf, type DeliveryWidgetSettings } from "../settings";
import { Sparkline } from "./charts/Sparkline";
import { BandChip, TrendArrow } from "./DeliveryTiles";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import { NotAvailableNotice } from "./NotAvailableNotice";
import { WidgetFrame, type WidgetSize } from "./WidgetFrame";
import "./delivery.css";

/** How the widget lays out its four keys in the cells it was given. */
export interface DeliveryWidgetLayout {
  /** "grid": a 2 × 2 grid of keys; "rows": one key per line with more beside it. */
  arrangement: "grid" | "rows";
  /** Sparkline size in pixels. */
  spark: { width: number; height: number };
  /** Whether a key shows its universe ("3 of 41 deployments"). */
  universe: boolean;
  /** Whether a key's value is drawn large. */
  large: boolean;
  /** Whether the band has a line of its own (else it sits beside the value). */
  bandLine: boolean;
}

/** 2×1: a compact grid; 2×2: a grid with room for the universe; 3×2: a row per key. */
export function deliveryWidgetLayout(size: WidgetSize): DeliveryWidgetLayout {
  if (size.columnSpan >= 3)
    return {
      arrangement: "rows",
      spark: { width: 200, height: 28 },
      universe: true,
      large: true,
      bandLine: false,
    };
  if (size.rowSpan >= 2)
    return {
      arrangement: "grid",
      spark: { width: 136, height: 32 },
      universe: true,
      large: true,
      bandLine: true,
    };
  return {
    arrangement: "grid",
    spark: { width: 136, height: 14 },
    universe: false,
    large: false,
    bandLine: false,
  };
}

function Key(props: { slice: MetricsSlice; view: MetricView; layout: DeliveryWidgetLayout }) {
  const { slice, view, layout } = props;
  const figure = slice.figures[view.key];
  const text = headlineText(figure, view);
  const series = chartSeries(slice, view);
  return (
    <li
      className={`rt-widget-key rt-widget-key-${layout.arrangement}${layout.bandLine ? " rt-widget-key-stacked" : ""}`}
      aria-label={`${view.name}: ${text}`}
    >
      <span className="rt-widget-key-name rt-muted text-ellipsis" title={view.name}>
        {view.short}
      </span>
      <span
        className={layout.large ? "rt-widget-key-value rt-widget-key-large" : "rt-widget-key-value"}
      >
        {text}
        <TrendArrow direction={slice.directions[view.id]} view={view} />
      </span>
      <span className="rt-widget-key-band">
        <BandChip band={figure.band} metric={view.id} />
      </span>
      <span className="rt-widget-key-spark">
        <Sparkline
          name={`${view.name} per week`}
          points={series.points}
          format={series.format}
          width={layout.spark.width}
          height={layout.spark.height}
        />
      </span>
      {layout.universe && (
        <span
          className="rt-widget-key-universe rt-muted text-ellipsis"
          title={universeText(figure)}
        >
          {universeText(figure)}
        </span>
      )}
    </li>
  );
}

/** "web-app · production · last 30 days". */
export function widgetScopeText(settings: DeliveryWidgetSettings): string {
  return [
    settings.pipeline?.name ?? "All pipelines",
    settings.environment ?? "production",
    `last ${deliveryWindowDaysOf(settings)} days`,
  ].join(" · ");
}

/**
 * The delivery-metrics widget: frequency, lead time, change failure rate and recovery time with
 * their bands and a weekly sparkline each, for one pipeline (or all), production or one
 * environment, over the configured window.
 */
export function DeliveryWidgetView(props: {
  title: string;
  size: WidgetSize;
  settings: DeliveryWidgetSettings;
  settingsProblem?: string;
  now?: () => Date;
  onSettled?: (error?: unknown) => void;
}) {
  const { settings, size } = props;
  const production = useProduction();
  const query = {
    ...(settings.pipeline ? { pipeline: settings.pipeline.name } : {}),
    ...(settings.environment ? { environment: settings.environment } : {}),
    windowDays: deliveryWindowDaysOf(settings),
    production: production.pattern,
  };
  const state = useDeliveryMetrics(query, { enabled: !production.loading, now: props.now });
  const settled = React.useMemo(
    () => ({
      loading: state.loading || production.loading,
      error: state.report ? undefined : state.error,
    }),
    [state.loading, state.report, state.error, production.loading],
  );
  useSettled(settled, props.onSettled);
  const layout = deliveryWidgetLayout(size);
  const { report } = state;
  return (
    <WidgetFrame title={props.title}>
      {settled.loading && <Loading label="Reading deployments…" />}
      {!settled.loading && !report && (
        <ErrorCard error={state.error} whatFailed="Could not compute the delivery metrics" />
      )}
      {!settled.loading && report && (
        <>
          <ul
            className={`rt-widget-keys rt-widget-keys-${layout.arrangement}`}
            aria-label="Delivery metrics"
          >
            {WIDGET_METRICS.map((view) => (
              <Key key={view.id} slice={report.total} view={view} layout={layout} />
            ))}
          </ul>
          <NotAvailableNotice notes={report.notAvailable} className="rt-widget-notice" />
        </>
      )}
      <div className="rt-muted text-ellipsis rt-widget-scope" title={widgetScopeText(settings)}>
        {widgetScopeText(settings)}
      </div>
      {props.settingsProblem && (
        <div className="rt-muted text-ellipsis">{props.settingsProblem}</div>
      )}
    </WidgetFrame>
  );
}
