import * as React from "react";
import { latestStageStates } from "../../core/gates/queries";
import type { ReleaseDefinition } from "../../core/model";
import { useUiEnvironment } from "../context";
import { describeError } from "../errors";
import { stageKey } from "../gates/widget";
import { useGateTargets, type GateTargets } from "../hooks/useGateTargets";
import {
  gateSettingsProblem,
  refreshMinutesOf,
  refreshMinutesProblem,
  type GateTarget,
  type GateWidgetSettings,
} from "../settings";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import type { ChoiceGroup } from "./ChoiceField";
import { DropdownField } from "./DropdownField";
import "./widgetConfig.css";

const noneValue = "";
/** No target: the widget lists what waits for approval across the project. */
export const ALL_PIPELINES = "All pipelines: what waits for approval";
const valueOf = (target: Pick<GateTarget, "kind" | "id">) => `${target.kind}:${target.id}`;

interface StageOption {
  key: string;
  label: string;
}

function targetsByValue(targets: GateTargets): Map<string, GateTarget> {
  const byValue = new Map<string, GateTarget>();
  for (const pipeline of targets.yamlPipelines) {
    const target: GateTarget = { kind: "yaml", id: pipeline.id, name: pipeline.name };
    byValue.set(valueOf(target), target);
  }
  for (const definition of targets.releaseDefinitions) {
    const target: GateTarget = { kind: "classic", id: definition.id, name: definition.name };
    byValue.set(valueOf(target), target);
  }
  return byValue;
}

function groupsOf(byValue: Map<string, GateTarget>): ChoiceGroup[] {
  const all = [...byValue.entries()];
  const options = (kind: GateTarget["kind"]) =>
    all
      .filter(([, target]) => target.kind === kind)
      .map(([value, target]) => ({ value, label: target.name }));
  return [
    { label: "YAML pipelines", options: options("yaml") },
    { label: "Classic release definitions", options: options("classic") },
  ];
}

type StagesState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "done"; options: StageOption[] }
  | { status: "failed"; error: unknown };

/**
 * The stages a target offers: a Classic definition's environments (already loaded), or the stages
 * of the pipeline's newest run (YAML stages exist only in runs).
 */
function useStageOptions(target: GateTarget | undefined, definitions: ReleaseDefinition[]) {
  const { sources, project } = useUiEnvironment();
  const [state, setState] = React.useState<StagesState>({ status: "idle" });
  const kind = target?.kind;
  const id = target?.id;
  React.useEffect(() => {
    if (kind === undefined || id === undefined) {
      setState({ status: "idle" });
      return;
    }
    if (kind === "classic") {
      const definition = definitions.find((candidate) => candidate.id === id);
      const environments = [...(definition?.environments ?? [])].sort((a, b) => a.rank - b.rank);
      setState({
        status: "done",
        options: environments.map((environment) => ({
          key: environment.name,
          label: environment.name,
        })),
      });
      return;
    }
    let current = true;
    setState({ status: "loading" });
    latestStageStates(sources, project, { kind: "yaml", pipelineId: id }).then(
      (result) =>
        current &&
        setState({
          status: "done",
          options: result.stages.map((stage) => ({ key: stageKey(stage), label: stage.stage })),
        }),
      (error: unknown) => current && setState({ status: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [kind, id, definitions, sources, project]);
  return state;
}

/**
 * Configuration of the gate widget: the pipeline or release definition, optionally some of its
 * stages, and the refresh interval. Every change goes to `onChange` (the live preview); `onProblem`
 * hears why the settings cannot be saved (undefined when they can).
 */
export function GateWidgetConfigView(props: {
  settings: GateWidgetSettings;
  onChange: (settings: GateWidgetSettings) => void;
  onProblem?: (problem: string | undefined) => void;
}) {
  const { settings, onChange, onProblem } = props;
  const { target } = settings;
  const targets = useGateTargets();
  const byValue = React.useMemo(
    () => (targets.data ? targetsByValue(targets.data) : new Map<string, GateTarget>()),
    [targets.data],
  );
  const definitions = React.useMemo(() => targets.data?.releaseDefinitions ?? [], [targets.data]);
  const stageOptions = useStageOptions(target, definitions);
  const [intervalText, setIntervalText] = React.useState(String(refreshMinutesOf(settings)));

  const missingTarget =
    target !== undefined && targets.data !== undefined && !byValue.has(valueOf(target));
  const chosen = settings.stages ?? [];
  const knownStages =
    stageOptions.status === "done"
      ? new Set(stageOptions.options.map((option) => option.key))
      : undefined;
  const intervalValue = Number(intervalText.trim());
  const intervalProblem =
    intervalText.trim() === ""
      ? refreshMinutesProblem(undefined)
      : refreshMinutesProblem(intervalValue);
  const problem =
    (missingTarget
      ? `The saved pipeline “${target.name || target.id}” no longer exists; choose another one.`
      : undefined) ??
    gateSettingsProblem({ ...settings, refreshMinutes: undefined }) ??
    intervalProblem ??
    (knownStages && chosen.length > 0 && !chosen.some((stage) => knownStages.has(stage))
      ? "None of the chosen stages exists any more; choose at least one, or none to show every stage."
      : undefined);
  React.useEffect(() => onProblem?.(problem), [problem, onProblem]);

  if (targets.loading) return <Loading label="Loading pipelines…" />;
  if (targets.error !== undefined || !targets.data)
    return (
      <ErrorCard
        error={targets.error}
        whatFailed="Could not load pipelines and release definitions"
      />
    );

  const change = (next: Partial<GateWidgetSettings>) => {
    const merged: GateWidgetSettings = { ...settings, ...next };
    if (!merged.stages || merged.stages.length === 0) delete merged.stages;
    onChange(merged);
  };
  const toggleStage = (key: string, checked: boolean) => {
    const next = checked ? [...chosen, key] : chosen.filter((stage) => stage !== key);
    // Keep the stage order of the pipeline, not the order of clicks.
    const order = stageOptions.status === "done" ? stageOptions.options.map((o) => o.key) : [];
    next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    change({ stages: next });
  };
  // Chosen stages the pipeline no longer has stay visible so they can be unticked.
  const options: StageOption[] =
    stageOptions.status === "done"
      ? [
          ...stageOptions.options,
          ...chosen
            .filter((stage) => !knownStages?.has(stage))
            .map((stage) => ({ key: stage, label: `${stage} (not in the newest run)` })),
        ]
      : [];

  return (
    <div className="rt-widget-config flex-column rhythm-vertical-16">
      <DropdownField
        id="rt-gate-target"
        label="Pipeline"
        value={target && !missingTarget ? valueOf(target) : noneValue}
        options={[{ value: noneValue, label: ALL_PIPELINES }]}
        groups={groupsOf(byValue)}
        onChange={(value) => {
          const next = byValue.get(value);
          // A new pipeline has other stages: the stage choice starts over.
          onChange({
            ...(next ? { target: next } : {}),
            ...(settings.refreshMinutes !== undefined
              ? { refreshMinutes: settings.refreshMinutes }
              : {}),
          });
        }}
      />
      <fieldset className="rt-fieldset flex-column rhythm-vertical-4" disabled={!target}>
        <legend className="font-weight-semibold">Stages</legend>
        <span className="rt-muted">None ticked: every stage.</span>
        {!target && <span className="rt-muted">Choose one pipeline to pick among its stages.</span>}
        {stageOptions.status === "loading" && <Loading label="Loading stages…" />}
        {stageOptions.status === "failed" && (
          <span className="rt-muted">
            {describeError(stageOptions.error, "Could not load the stages").detail}
          </span>
        )}
        {stageOptions.status === "done" && options.length === 0 && (
          <span className="rt-muted">
            {target?.kind === "classic"
              ? "This release definition has no stages."
              : "This pipeline has no runs yet, so its stages are unknown; every stage will show."}
          </span>
        )}
        {options.length > 0 && (
          <div className="rt-config-checks">
            {options.map((option) => (
              <label key={option.key}>
                <input
                  type="checkbox"
                  checked={chosen.includes(option.key)}
                  onChange={(event) => toggleStage(option.key, event.target.checked)}
                />
                <span>{option.label}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="flex-column rhythm-vertical-4">
        <label htmlFor="rt-gate-refresh" className="font-weight-semibold">
          Refresh every (minutes)
        </label>
        <input
          id="rt-gate-refresh"
          className="rt-input body-m"
          type="number"
          min={1}
          step={1}
          value={intervalText}
          aria-invalid={intervalProblem ? true : undefined}
          onChange={(event) => {
            const text = event.target.value;
            setIntervalText(text);
            const minutes = Number(text.trim());
            if (text.trim() !== "" && refreshMinutesProblem(minutes) === undefined)
              change({ refreshMinutes: minutes });
            else onChange({ ...settings });
          }}
        />
        <span className="rt-muted">At least 1; it waits longer while Azure DevOps throttles.</span>
      </div>
      {problem && (
        <div className="error-text" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
