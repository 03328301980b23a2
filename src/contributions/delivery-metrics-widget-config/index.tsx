/** Configuration of the delivery-metrics widget: pipeline, environment and window. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { DeliveryWidgetConfigView } from "../../ui/components/DeliveryWidgetConfigView";
import { parseDeliverySettings, serializeDeliverySettings } from "../../ui/settings";
import { connectWithData, startWidgetConfiguration } from "../startup";

startWidgetConfiguration({
  shortId: "delivery-metrics-widget-config",
  connect: connectWithData,
  parse: (data) => parseDeliverySettings(data).settings,
  serialize: serializeDeliverySettings,
  render: (settings, onChange) => (
    <DeliveryWidgetConfigView settings={settings} onChange={onChange} />
  ),
});
