/** Configuration of the gate status widget: which pipeline or release definition to watch. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { GateWidgetConfigView } from "../../ui/components/GateWidgetConfigView";
import { parseGateSettings, serializeGateSettings } from "../../ui/settings";
import { connectWithData, startWidgetConfiguration } from "../startup";

startWidgetConfiguration({
  shortId: "gate-status-widget-config",
  connect: connectWithData,
  parse: (data) => parseGateSettings(data).settings,
  serialize: serializeGateSettings,
  render: (settings, onChange) => (
    <GateWidgetConfigView target={settings.target} onChange={(target) => onChange({ target })} />
  ),
});
