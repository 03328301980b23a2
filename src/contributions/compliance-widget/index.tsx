/** Dashboard widget "Compliance score": score against a baseline, trend and the top gaps. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { extensionValueStore } from "../../host";
import { ComplianceScoreWidgetView } from "../../ui/components/ComplianceScoreWidgetView";
import { parseComplianceSettings } from "../../ui/settings";
import { startWidget } from "../startup";

const store = extensionValueStore();

startWidget("compliance-score-widget", (settings, onSettled) => {
  const { settings: parsed, problem } = parseComplianceSettings(settings.customSettings?.data);
  return (
    <ComplianceScoreWidgetView
      title={settings.name}
      size={settings.size}
      baseline={parsed.baseline}
      store={store}
      settingsProblem={problem}
      onSettled={onSettled}
    />
  );
});
