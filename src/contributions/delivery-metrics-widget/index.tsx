/** Dashboard widget "Delivery metrics": the four DORA keys with bands and a sparkline each. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { extensionValueStore } from "../../host";
import { DeliveryWidgetView } from "../../ui/components/DeliveryWidgetView";
import { ProductionProvider } from "../../ui/production/ProductionProvider";
import { parseDeliverySettings } from "../../ui/settings";
import { startWidget } from "../startup";

const store = extensionValueStore();

startWidget("delivery-metrics-widget", (settings, onSettled, host) => {
  const { settings: parsed, problem } = parseDeliverySettings(settings.customSettings?.data);
  return (
    // Production is the project's pattern, as the hub saved it (read-only here).
    <ProductionProvider store={store} projectId={host.project.id}>
      <DeliveryWidgetView
        title={settings.name}
        size={settings.size}
        settings={parsed}
        settingsProblem={problem}
        onSettled={onSettled}
      />
    </ProductionProvider>
  );
});
