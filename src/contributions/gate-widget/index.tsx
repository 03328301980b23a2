/** Dashboard widget "Release gate status": approvals waiting, for the project or one pipeline. */
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
      target={gateSettings.target}
      settingsProblem={problem}
      onSettled={onSettled}
    />
  );
});
