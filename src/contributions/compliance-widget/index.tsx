/** Dashboard widget "Compliance score": required-reviewer coverage of the default branches. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { ComplianceScoreWidgetView } from "../../ui/components/ComplianceScoreWidgetView";
import { parseComplianceSettings } from "../../ui/settings";
import { startWidget } from "../startup";

startWidget("compliance-score-widget", (settings, onSettled) => {
  const { problem } = parseComplianceSettings(settings.customSettings?.data);
  return (
    <ComplianceScoreWidgetView
      title={settings.name}
      size={settings.size}
      settingsProblem={problem}
      onSettled={onSettled}
    />
  );
});
