import * as React from "react";
import {
  collectDeliverySnapshot,
  deriveDeliveryMetrics,
  type DeliveryMetricsReport,
  type DeliverySnapshot,
  type MetricsOptions,
} from "../../core/metrics";
import { defaultWindow } from "../../core/metrics/window";
import type { Sources } from "../../core/sources";
import type { ProductionPattern } from "../../core/vocabulary/production";
import { useUiEnvironment } from "../context";

/** What a view asks for: the filters of the Delivery tab or the widget's settings. */
export interface DeliveryQuery {
  /** A pipeline or Classic release definition name; absent: every one. */
  pipeline?: string;
  /** An environment name; absent: production by `production`. */
  environment?: string;
  /** The last `windowDays` UTC days, today included. */
  windowDays: number;
  production: ProductionPattern;
}

export function metricsOptions(query: DeliveryQuery, now: Date): MetricsOptions {
  const { since, until } = defaultWindow(now, query.windowDays);
  return {
    since,
    until,
    now,
    production: query.production,
    ...(query.pipeline ? { pipeline: query.pipeline } : {}),
    ...(query.environment ? { environment: query.environment } : {}),
  };
}

/** Collects the snapshot for the query's window and scope (every pipeline), through the ports. */
export function loadDeliverySnapshot(
  sources: Sources,
  project: string,
  query: DeliveryQuery,
  context: { now: Date; onProgress?: (progress: { done: number; total: number }) => void },
): Promise<DeliverySnapshot> {
  const options = metricsOptions({ ...query, pipeline: undefined }, context.now);
  return collectDeliverySnapshot(sources, project, options, { onProgress: context.onProgress });
}

export interface DeliveryMetricsState {
  report?: DeliveryMetricsReport;
  error?: unknown;
  loading: boolean;
  /** Reads done of reads known, while it collects. */
  progress?: { done: number; total: number };
}

/**
 * The delivery metrics for a query. The snapshot is read once per window and environment scope;
 * choosing a pipeline derives again from it (pure, no request). `reloadToken` reads it again.
 */
export function useDeliveryMetrics(
  query: DeliveryQuery,
  options: { enabled?: boolean; reloadToken?: number; now?: () => Date } = {},
): DeliveryMetricsState {
  const { sources, project } = useUiEnvironment();
  const { enabled = true, reloadToken = 0, now } = options;
  const { windowDays, environment, production } = query;
  const [state, setState] = React.useState<{
    snapshot?: DeliverySnapshot;
    at?: Date;
    error?: unknown;
    loading: boolean;
    progress?: { done: number; total: number };
  }>({ loading: true });
  React.useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    const at = now ? now() : new Date();
    setState({ loading: true });
    const scope = { windowDays, environment, production };
    loadDeliverySnapshot(sources, project, scope, {
      now: at,
      onProgress: (progress) => current && setState((previous) => ({ ...previous, progress })),
    }).then(
      (snapshot) => current && setState({ snapshot, at, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [sources, project, windowDays, environment, production, enabled, reloadToken, now]);
  const { snapshot, at } = state;
  const derived = React.useMemo((): { report?: DeliveryMetricsReport; error?: unknown } => {
    if (!snapshot || !at) return {};
    try {
      return { report: deriveDeliveryMetrics(snapshot, metricsOptions({ ...query }, at)) };
    } catch (error) {
      // A bug in the derive step: said as one (noticeOfError), never as missing data.
      return { error };
    }
    // The query's fields, not its identity: a new object with the same filters derives nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snapshot, at, query.pipeline, windowDays, environment, production]);
  return {
    report: derived.report,
    error: state.error ?? derived.error,
    loading: state.loading,
    progress: state.progress,
  };
}
