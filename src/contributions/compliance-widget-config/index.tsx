/** Configuration of the compliance widget: the baseline (built-in or a file in a repository). */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { ComplianceWidgetConfigView } from "../../ui/components/ComplianceWidgetConfigView";
import { gitArea } from "../../host";
import { parseComplianceSettings, serializeComplianceSettings } from "../../ui/settings";
import { connectWithData, startWidgetConfiguration } from "../startup";

startWidgetConfiguration({
  shortId: "compliance-score-widget-config",
  // The repositories to choose from and the chosen baseline file: git only.
  connect: () => connectWithData({ git: gitArea }),
  parse: (data) => parseComplianceSettings(data).settings,
  serialize: serializeComplianceSettings,
  render: (settings, onChange) => (
    <ComplianceWidgetConfigView settings={settings} onChange={onChange} />
  ),
});
