import * as React from "react";
import { builtInBaseline, type ComplianceWidgetSettings } from "../settings";
import { SelectField } from "./SelectField";

/** The baseline choice. Only the built-in default exists today, and the form says so. */
export function ComplianceWidgetConfigView(props: {
  settings: ComplianceWidgetSettings;
  onChange: (settings: ComplianceWidgetSettings) => void;
}) {
  const { settings, onChange } = props;
  return (
    <div className="flex-column rhythm-vertical-8">
      <SelectField
        id="rt-baseline"
        label="Baseline"
        value={settings.baselineId}
        options={[{ value: builtInBaseline.id, label: builtInBaseline.name }]}
        onChange={() => onChange({ baselineId: builtInBaseline.id })}
      />
      <div className="secondary-text">{builtInBaseline.description}</div>
      <div className="secondary-text">
        The built-in default is the only baseline available in this version.
      </div>
    </div>
  );
}
