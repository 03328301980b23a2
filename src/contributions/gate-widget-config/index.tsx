/**
 * Configuration of the gate status widget: pipeline or release definition, stages, refresh
 * interval. Every change reaches the live preview; saving refuses settings that cannot work.
 */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import {
  buildArea,
  checksArea,
  configurationValid,
  notifyConfigurationChange,
  notifyLoadSucceeded,
  registerContributionObject,
  releaseArea,
  widgetSuccess,
  type WidgetConfigurationContext,
  type WidgetSettings,
} from "../../host";
import { GateWidgetConfigView } from "../../ui/components/GateWidgetConfigView";
import {
  gateSettingsProblem,
  parseGateSettings,
  serializeGateSettings,
  type GateWidgetSettings,
} from "../../ui/settings";
import { connectWithData, failStartup } from "../startup";

let current: GateWidgetSettings = {};
/** What the form last said is wrong (it knows which pipelines and stages exist). */
let formProblem: string | undefined;

/** The dashboard's Invalid answer (a rejection), with the reason for the user. */
function configurationInvalid(message: string): Promise<never> {
  return Promise.reject({ isValid: false, message });
}

// Pipelines and release definitions to choose from, and the stages of the chosen one's newest run.
const connected = connectWithData({ build: buildArea, release: releaseArea, checks: checksArea });
const registration = registerContributionObject("gate-status-widget-config", () => ({
  load: async (settings: WidgetSettings, widgetContext: WidgetConfigurationContext) => {
    const mount = await connected;
    current = parseGateSettings(settings.customSettings?.data).settings;
    formProblem = gateSettingsProblem(current);
    const onProblem = (problem: string | undefined) => {
      formProblem = problem;
    };
    const render = () =>
      mount(<GateWidgetConfigView settings={current} onChange={update} onProblem={onProblem} />);
    const update = (next: GateWidgetSettings) => {
      current = next;
      render();
      notifyConfigurationChange(widgetContext, serializeGateSettings(next)).catch(() => undefined);
    };
    render();
    return widgetSuccess();
  },
  onSave: () => {
    const problem = formProblem ?? gateSettingsProblem(current);
    return problem
      ? configurationInvalid(problem)
      : configurationValid(serializeGateSettings(current));
  },
}));
connected
  .then(() => {
    registration.registerFullId();
    return notifyLoadSucceeded();
  })
  .catch(failStartup);
