import * as React from "react";
import { useGateTargets, type GateTargets } from "../hooks/useGateTargets";
import type { GateTarget } from "../settings";
import { ErrorCard } from "./ErrorCard";
import { Loading } from "./Loading";
import { SelectField, type SelectGroup } from "./SelectField";

const allValue = "all";
const valueOf = (target: Pick<GateTarget, "kind" | "id">) => `${target.kind}:${target.id}`;

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

function groupsOf(byValue: Map<string, GateTarget>): SelectGroup[] {
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

/** Picks which pipeline (or all) the gate widget counts approvals for. */
export function GateWidgetConfigView(props: {
  target?: GateTarget;
  onChange: (target: GateTarget | undefined) => void;
}) {
  const { target, onChange } = props;
  const state = useGateTargets();
  const byValue = React.useMemo(
    () => (state.data ? targetsByValue(state.data) : new Map<string, GateTarget>()),
    [state.data],
  );
  if (state.loading) return <Loading label="Loading pipelines…" />;
  if (state.error !== undefined || !state.data)
    return (
      <ErrorCard
        error={state.error}
        whatFailed="Could not load pipelines and release definitions"
      />
    );
  const selected = target ? valueOf(target) : allValue;
  const missing = target !== undefined && !byValue.has(selected);
  return (
    <div className="flex-column rhythm-vertical-8">
      <SelectField
        id="rt-gate-target"
        label="Pipeline"
        value={missing ? allValue : selected}
        options={[{ value: allValue, label: "All pipelines and release definitions" }]}
        groups={groupsOf(byValue)}
        onChange={(value) => onChange(byValue.get(value))}
      />
      {missing && (
        <div className="error-text" role="alert">
          The saved pipeline “{target.name || target.id}” no longer exists; choose another one.
        </div>
      )}
    </div>
  );
}
