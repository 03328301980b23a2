/** Dashboard widget "Release gate status": the latest state of each stage of one pipeline. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { GateStatusWidgetView } from "../../ui/components/GateStatusWidgetView";
import { parseGateSettings } from "../../ui/settings";
import { startWidget } from "../startup";

startWidget("gate-status-widget", (settings, onSettled) => {
  const { settings: gateSettings, problem } = parseGateSettings(settings.customSettings?.data);
  return (
    <GateStatusWidgetView
      title={settings.name}
      size={settings.size}
      settings={gateSettings}
      settingsProblem={problem}
      onSettled={onSettled}
    />
  );
});
