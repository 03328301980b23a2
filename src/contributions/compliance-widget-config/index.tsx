/** Configuration of the compliance widget: the baseline (only the built-in default today). */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { ComplianceWidgetConfigView } from "../../ui/components/ComplianceWidgetConfigView";
import { parseComplianceSettings, serializeComplianceSettings } from "../../ui/settings";
import { connectWithoutData, startWidgetConfiguration } from "../startup";

startWidgetConfiguration({
  shortId: "compliance-score-widget-config",
  connect: connectWithoutData,
  parse: (data) => parseComplianceSettings(data).settings,
  serialize: serializeComplianceSettings,
  render: (settings, onChange) => (
    <ComplianceWidgetConfigView settings={settings} onChange={onChange} />
  ),
});
