import * as React from "react";
import { foldName } from "../../core/vocabulary";
import { useDeliveryTargets, type DeliveryPipeline } from "../hooks/useDeliveryTargets";
import {
  DELIVERY_WINDOW_DAYS,
  deliveryWindowDaysOf,
  type DeliveryWidgetSettings,
} from "../settings";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import { NotAvailableNotice } from "./NotAvailableNotice";
import { DropdownField } from "./DropdownField";

const valueOf = (pipeline: Pick<DeliveryPipeline, "kind" | "id">) =>
  `${pipeline.kind}:${pipeline.id}`;

/**
 * Configuration of the delivery-metrics widget: a pipeline or release definition (or all), an
 * environment (production by the project's pattern unless one is chosen) and the window. Every
 * change goes to `onChange`, which the live preview follows.
 */
export function DeliveryWidgetConfigView(props: {
  settings: DeliveryWidgetSettings;
  onChange: (settings: DeliveryWidgetSettings) => void;
}) {
  const { settings, onChange } = props;
  const targets = useDeliveryTargets();
  if (targets.loading) return <Loading label="Loading pipelines and environments…" />;
  if (!targets.data)
    return (
      <ErrorCard error={targets.error} whatFailed="Could not load pipelines and environments" />
    );
  const { pipelines, environments, notAvailable } = targets.data;
  const byValue = new Map(pipelines.map((pipeline) => [valueOf(pipeline), pipeline]));
  const savedPipeline = settings.pipeline;
  const pipelineGone = savedPipeline !== undefined && !byValue.has(valueOf(savedPipeline));
  const environmentGone =
    settings.environment !== undefined &&
    !environments.some((name) => foldName(name) === foldName(settings.environment ?? ""));
  const change = (next: Partial<DeliveryWidgetSettings>) => {
    const merged = { ...settings, ...next };
    for (const key of Object.keys(merged) as (keyof DeliveryWidgetSettings)[])
      if (merged[key] === undefined) delete merged[key];
    onChange(merged);
  };
  const group = (kind: DeliveryPipeline["kind"]) =>
    pipelines
      .filter((pipeline) => pipeline.kind === kind)
      .map((pipeline) => ({ value: valueOf(pipeline), label: pipeline.name }));
  return (
    <div className="rt-widget-config flex-column rhythm-vertical-16">
      <NotAvailableNotice
        notes={notAvailable}
        title="Some choices could not be read, so the lists may miss some."
      />
      <DropdownField
        id="rt-delivery-config-pipeline"
        label="Pipeline"
        value={savedPipeline && !pipelineGone ? valueOf(savedPipeline) : ""}
        options={[{ value: "", label: "Every pipeline and release definition" }]}
        groups={[
          { label: "YAML pipelines", options: group("yaml") },
          { label: "Classic release definitions", options: group("classic") },
        ]}
        onChange={(value) => change({ pipeline: byValue.get(value) })}
      />
      <DropdownField
        id="rt-delivery-config-environment"
        label="Environment"
        value={settings.environment && !environmentGone ? settings.environment : ""}
        options={[
          { value: "", label: "Production (the project's pattern)" },
          ...environments.map((name) => ({ value: name, label: name })),
        ]}
        onChange={(value) => change({ environment: value || undefined })}
      />
      <DropdownField
        id="rt-delivery-config-window"
        label="Window"
        value={String(deliveryWindowDaysOf(settings))}
        options={DELIVERY_WINDOW_DAYS.map((days) => ({
          value: String(days),
          label: `Last ${days} days`,
        }))}
        onChange={(value) => change({ windowDays: Number(value) })}
      />
      {pipelineGone && (
        <div className="error-text" role="alert">
          The saved pipeline “{savedPipeline?.name}” no longer exists; choose another, or every
          pipeline.
        </div>
      )}
      {environmentGone && (
        <div className="error-text" role="alert">
          The saved environment “{settings.environment}” is not in the project any more.
        </div>
      )}
    </div>
  );
}
