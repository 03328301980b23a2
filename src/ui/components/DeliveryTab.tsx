import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { BANDS_SOURCE } from "../../core/metrics/bands";
import type { DeliveryMetricsReport, MetricsRow } from "../../core/metrics/types";
import type { ProductionPattern } from "../../core/vocabulary/production";
import { useComplianceEnvironment } from "../compliance/storage";
import { useUiEnvironment } from "../context";
import {
  useDeliveryMetrics,
  type DeliveryMetricsState,
  type DeliveryQuery,
} from "../hooks/useDeliveryMetrics";
import { useDeliveryTargets, type DeliveryTargets } from "../hooks/useDeliveryTargets";
import { rowName, utcText } from "../metrics/evidence";
import { deliveryFile } from "../metrics/exports";
import { chartSeries, METRIC_VIEWS, type MetricView } from "../metrics/figures";
import { useProduction } from "../production/ProductionProvider";
import { DEFAULT_DELIVERY_WINDOW_DAYS, DELIVERY_WINDOW_DAYS } from "../settings";
import { downloadFile } from "../trace/exports";
import { TrendChart } from "./charts/TrendChart";
import { DeliveryEvidencePanel } from "./DeliveryEvidencePanel";
import { DeliveryTable } from "./DeliveryTable";
import { DeliveryTiles } from "./DeliveryTiles";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import { EarnedEmpty, NotAvailableNotice } from "./NotAvailableNotice";
import { ProductionPatternNote } from "./ProductionPatternNote";
import type { ChoiceGroup } from "./ChoiceField";
import { DropdownField } from "./DropdownField";
import "./delivery.css";

export interface DeliveryFilters {
  /** Pipeline or release definition name; "" for every one. */
  pipeline: string;
  /** Environment name; "" for production by the project's pattern. */
  environment: string;
  windowDays: number;
}

const allFilters: DeliveryFilters = {
  pipeline: "",
  environment: "",
  windowDays: DEFAULT_DELIVERY_WINDOW_DAYS,
};

/** The filters as a metrics query ("" is every pipeline, production). */
export function queryOf(filters: DeliveryFilters, production: ProductionPattern): DeliveryQuery {
  return {
    ...(filters.pipeline ? { pipeline: filters.pipeline } : {}),
    ...(filters.environment ? { environment: filters.environment } : {}),
    windowDays: filters.windowDays,
    production,
  };
}

/** What is open in the drill-down: a figure of the total, or of one row. */
interface Opened {
  view: MetricView;
  row?: MetricsRow;
}

function pipelineGroups(targets: DeliveryTargets | undefined): ChoiceGroup[] {
  const options = (kind: "yaml" | "classic") =>
    (targets?.pipelines ?? [])
      .filter((pipeline) => pipeline.kind === kind)
      .map((pipeline) => ({ value: pipeline.name, label: pipeline.name }));
  return [
    { label: "YAML pipelines", options: options("yaml") },
    { label: "Classic release definitions", options: options("classic") },
  ];
}

function Filters(props: {
  filters: DeliveryFilters;
  targets: DeliveryTargets | undefined;
  onChange: (filters: DeliveryFilters) => void;
}) {
  const { filters, targets, onChange } = props;
  return (
    <div className="rt-filters" aria-label="Filters">
      <DropdownField
        id="rt-delivery-pipeline"
        label="Pipeline"
        value={filters.pipeline}
        options={[{ value: "", label: "Every pipeline and release definition" }]}
        groups={pipelineGroups(targets)}
        onChange={(pipeline) => onChange({ ...filters, pipeline })}
      />
      <DropdownField
        id="rt-delivery-environment"
        label="Environment"
        value={filters.environment}
        options={[
          { value: "", label: "Production (the project's pattern)" },
          ...(targets?.environments ?? []).map((name) => ({ value: name, label: name })),
        ]}
        onChange={(environment) => onChange({ ...filters, environment })}
      />
      <DropdownField
        id="rt-delivery-window"
        label="Window"
        value={String(filters.windowDays)}
        options={DELIVERY_WINDOW_DAYS.map((days) => ({
          value: String(days),
          label: `Last ${days} days`,
        }))}
        onChange={(days) => onChange({ ...filters, windowDays: Number(days) })}
      />
    </div>
  );
}

function Progress(props: { state: DeliveryMetricsState }) {
  const { progress } = props.state;
  const label = progress
    ? `Reading deployments, runs and their changes… ${progress.done} of ${progress.total}`
    : "Reading deployments, runs and their changes…";
  return <Loading label={label} />;
}

/** A chart's width: its grid column's at 1440 px (three a row); narrower columns scale it down. */
const CHART_WIDTH = 400;

function Charts(props: { report: DeliveryMetricsReport }) {
  return (
    <div className="rt-delivery-charts" aria-label="Weekly trend">
      {METRIC_VIEWS.map((view) => {
        const series = chartSeries(props.report.total, view);
        return (
          <figure key={view.id} className="rt-delivery-chart">
            <figcaption className="font-weight-semibold">{view.name}</figcaption>
            <TrendChart
              name={`${view.name} per week`}
              points={series.points}
              format={series.format}
              max={series.max}
              fit
              width={CHART_WIDTH}
            />
          </figure>
        );
      })}
    </div>
  );
}

function ReportView(props: {
  report: DeliveryMetricsReport;
  onOpen: (opened: Opened) => void;
  onExport: (format: "csv" | "json") => void;
  onReload: () => void;
}) {
  const { report, onOpen } = props;
  const partial = report.notAvailable.length > 0;
  return (
    <div className="rt-delivery-report flex-column rhythm-vertical-16">
      <NotAvailableNotice notes={report.notAvailable} />
      <div className="flex-row flex-wrap flex-center rt-trace-toolbar">
        <span className="flex-grow rt-muted rt-delivery-window" role="status" aria-label="Window">
          {utcText(report.window.since)} to {utcText(report.window.until)} (
          {Math.round(report.window.days)} days) ·{" "}
          {report.selection.environment ?? `production: ${report.selection.production}`}
        </span>
        {/* The actions wrap as one group, never leaving one button alone on a line. */}
        <div className="rt-delivery-actions">
          {(["csv", "json"] as const).map((format) => (
            <Button
              key={format}
              text={format.toUpperCase()}
              iconProps={{ iconName: "Download" }}
              ariaLabel={`Download the delivery metrics as ${format.toUpperCase()}`}
              onClick={() => props.onExport(format)}
            />
          ))}
          <Button text="Reload" iconProps={{ iconName: "Refresh" }} onClick={props.onReload} />
        </div>
      </div>
      <DeliveryTiles slice={report.total} onOpen={(view) => onOpen({ view })} />
      <div className="rt-muted rt-band-source">Bands: {BANDS_SOURCE}</div>
      <Card titleProps={{ text: "Weekly trend (ISO weeks, UTC)" }}>
        <Charts report={report} />
      </Card>
      <Card
        className="bolt-table-card"
        contentProps={{ contentPadding: false }}
        titleProps={{ text: `By pipeline and environment (${report.rows.length})` }}
      >
        {report.rows.length > 0 ? (
          <DeliveryTable rows={report.rows} onOpen={(row, view) => onOpen({ row, view })} />
        ) : (
          <div className="padding-16">
            <EarnedEmpty partial={partial}>
              No deployment to these environments in the window.
            </EarnedEmpty>
          </div>
        )}
      </Card>
    </div>
  );
}

/**
 * The Delivery tab: the DORA figures of the project (or one pipeline), for production or one
 * environment, over a window: tiles, weekly trends, a pipeline × environment table, drill-downs
 * to the deployments and commits behind each figure, CSV and JSON exports.
 */
export function DeliveryTab() {
  const { project } = useUiEnvironment();
  const { now } = useComplianceEnvironment();
  const production = useProduction();
  const targets = useDeliveryTargets();
  const [filters, setFilters] = React.useState<DeliveryFilters>(allFilters);
  const [reloadToken, setReloadToken] = React.useState(0);
  const [opened, setOpened] = React.useState<Opened | undefined>();
  const [downloaded, setDownloaded] = React.useState<string | undefined>();
  const query = queryOf(filters, production.pattern);
  // Reading with the default and again with the saved pattern would read everything twice.
  const state = useDeliveryMetrics(query, { enabled: !production.loading, reloadToken, now });
  const { report } = state;
  const openedFigure =
    opened && report ? (opened.row ?? report.total).figures[opened.view.key] : undefined;
  return (
    <div className="rt-delivery flex-column rhythm-vertical-16">
      <Filters filters={filters} targets={targets.data} onChange={setFilters} />
      <NotAvailableNotice
        notes={targets.data?.notAvailable}
        error={targets.error}
        title="Some choices could not be read, so the filters may miss some."
      />
      {(state.loading || production.loading) && <Progress state={state} />}
      {/* The filters' choices may still be on their way (their notice would then come later). */}
      {!state.loading && targets.loading && (
        <Loading label="Reading the pipelines and environments to choose from…" />
      )}
      {!state.loading && !report && (
        <ErrorCard error={state.error} whatFailed="Could not compute the delivery metrics" />
      )}
      {!state.loading && report && (
        <ReportView
          report={report}
          onOpen={setOpened}
          onReload={() => setReloadToken((count) => count + 1)}
          onExport={(format) => setDownloaded(downloadFile(deliveryFile(report, format, project)))}
        />
      )}
      {downloaded && (
        <div className="rt-muted" role="status">
          Downloaded {downloaded}
        </div>
      )}
      <ProductionPatternNote idPrefix="delivery" />
      {opened && report && openedFigure && (
        <DeliveryEvidencePanel
          report={report}
          figure={openedFigure}
          view={opened.view}
          scope={
            opened.row
              ? rowName(opened.row)
              : `All ${filters.pipeline || "pipelines"} · ${report.selection.environment ?? "production"}`
          }
          onDismiss={() => setOpened(undefined)}
        />
      )}
    </div>
  );
}
