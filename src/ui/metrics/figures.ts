/** View shaping of the delivery metrics: figure words, bands, trend arrows, chart series. */
import type {
  Band,
  MetricFigures,
  MetricId,
  MetricsSlice,
  TrendDirection,
  TrendWeek,
} from "../../core/metrics/types";
import { durationText, frequencyText, rateText } from "../../core/report/metrics";
import type { ChartPoint } from "../components/charts/chartScale";

/** Any of the five figures (they share the base fields). */
export type Figure = MetricFigures[keyof MetricFigures];

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

const oneDecimal = (value: number) => String(Math.round(value * 10) / 10);

export interface MetricView {
  id: MetricId;
  key: keyof MetricFigures;
  name: string;
  /** For the widget's small cells. */
  short: string;
  /** Which way is better: the trend arrow is coloured by it. */
  better: "up" | "down";
  format: (value: number) => string;
}

/** The five figures, in the order every view shows them. */
export const METRIC_VIEWS: readonly MetricView[] = [
  {
    id: "deployment-frequency",
    key: "deploymentFrequency",
    name: "Deployment frequency",
    short: "Deploy frequency",
    better: "up",
    format: frequencyText,
  },
  {
    id: "lead-time",
    key: "leadTime",
    name: "Lead time for changes",
    short: "Lead time",
    better: "down",
    format: durationText,
  },
  {
    id: "change-failure-rate",
    key: "changeFailureRate",
    name: "Change failure rate",
    short: "Change failure rate",
    better: "down",
    format: rateText,
  },
  {
    id: "recovery-time",
    key: "recoveryTime",
    name: "Failed deployment recovery time",
    short: "Recovery time",
    better: "down",
    format: durationText,
  },
  {
    id: "rework-rate",
    key: "reworkRate",
    name: "Rework rate",
    short: "Rework rate",
    better: "down",
    format: rateText,
  },
];

/** The four keys the widget shows (rework rate has no band and stays in the hub). */
export const WIDGET_METRICS: readonly MetricView[] = METRIC_VIEWS.filter(
  (view) => view.id !== "rework-rate",
);

export function metricView(id: MetricId): MetricView {
  const found = METRIC_VIEWS.find((view) => view.id === id);
  if (!found) throw new Error(`unknown metric ${id}`);
  return found;
}

export const BAND_NAMES: Record<Band, string> = {
  elite: "Elite",
  high: "High",
  medium: "Medium",
  low: "Low",
};

/** The headline: the value (worded as the CLI words it), or why there is none. */
export function headlineText(figure: Figure, view: MetricView): string {
  if (figure.outcome === "not-available") return "Not available";
  if (figure.outcome === "none" || figure.value === null) return "No data";
  return view.format(figure.value);
}

/** "3 of 41 deployments"; the noun in the singular for one. */
export function universeText(figure: Figure): string {
  const { counted, of, noun } = figure.universe;
  const word = of === 1 ? noun.replace(/s$/, "") : noun;
  return counted === of && figure.metric === "lead-time"
    ? `${of} ${word}`
    : `${counted} of ${of} ${word}`;
}

export interface DirectionView {
  arrow: "↑" | "↓" | "→" | "";
  /** "better", "worse", "no change" or "" (unknown). */
  verdict: "better" | "worse" | "flat" | "unknown";
  /** Spoken: "Up over the trend, better". */
  label: string;
}

/** The trend arrow of a figure, judged by which way is better for it. */
export function directionView(direction: TrendDirection, view: MetricView): DirectionView {
  if (direction === "unknown") return { arrow: "", verdict: "unknown", label: "No trend yet" };
  if (direction === "flat") return { arrow: "→", verdict: "flat", label: "Flat over the trend" };
  const verdict = direction === view.better ? "better" : "worse";
  const arrow = direction === "up" ? "↑" : "↓";
  const way = direction === "up" ? "Up" : "Down";
  return { arrow, verdict, label: `${way} over the trend, ${verdict}` };
}

/** "W49" from "2026-W49". */
export function weekLabel(week: string): string {
  return week.replace(/^\d{4}-/, "");
}

/** "2026-W49 (1–7 Dec, so far)": the full name of a trend week. */
export function weekTitle(week: TrendWeek): string {
  const day = (iso: string) =>
    new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  // `to` is exclusive: the week's last day is the one before it.
  const last = new Date(new Date(week.to).getTime() - 1).toISOString();
  return `${week.week} (${day(week.from)}–${day(last)}${week.partial ? ", part of the week" : ""})`;
}

export interface ChartSeries {
  points: ChartPoint[];
  format: (value: number) => string;
  /** A fixed axis top, when the unit has one. */
  max?: number;
}

/** Seconds drawn in the unit of the largest value, so the axis reads 0, 2, 4 d, not 0, 172800. */
function secondsScale(largest: number): { per: number; suffix: string } {
  if (largest >= 2 * DAY) return { per: DAY, suffix: " d" };
  if (largest >= 2 * HOUR) return { per: HOUR, suffix: " h" };
  return { per: MINUTE, suffix: " min" };
}

/** One metric's weekly trend as chart points (null where the week has no value). */
export function chartSeries(slice: MetricsSlice, view: MetricView): ChartSeries {
  const raw = slice.trend.map((week) => week.values[view.id]);
  const base = (value: number | null, week: TrendWeek): ChartPoint => ({
    label: weekLabel(week.week),
    title: weekTitle(week),
    value,
    ...(week.outcomes[view.id] === "none" ? { empty: "nothing to count" } : {}),
  });
  if (view.id === "lead-time" || view.id === "recovery-time") {
    const scale = secondsScale(Math.max(0, ...raw.map((value) => value ?? 0)));
    return {
      points: slice.trend.map((week, index) =>
        base(raw[index] === null ? null : (raw[index] as number) / scale.per, week),
      ),
      format: (value) => `${oneDecimal(value)}${scale.suffix}`,
    };
  }
  const points = slice.trend.map((week, index) => base(raw[index], week));
  if (view.id === "deployment-frequency")
    return { points, format: (value) => `${oneDecimal(value)}/day` };
  return { points, format: rateText };
}
