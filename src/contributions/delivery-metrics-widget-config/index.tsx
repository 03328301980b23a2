/** Configuration of the delivery-metrics widget: pipeline, environment and window. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { DeliveryWidgetConfigView } from "../../ui/components/DeliveryWidgetConfigView";
import { buildArea, environmentsArea, releaseArea } from "../../host";
import { parseDeliverySettings, serializeDeliverySettings } from "../../ui/settings";
import { connectWithData, startWidgetConfiguration } from "../startup";

startWidgetConfiguration({
  shortId: "delivery-metrics-widget-config",
  // Pipelines, release definitions and environments to choose from.
  connect: () =>
    connectWithData({ build: buildArea, release: releaseArea, environments: environmentsArea }),
  parse: (data) => parseDeliverySettings(data).settings,
  serialize: serializeDeliverySettings,
  render: (settings, onChange) => (
    <DeliveryWidgetConfigView settings={settings} onChange={onChange} />
  ),
});
