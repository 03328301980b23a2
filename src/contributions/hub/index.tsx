/** Hub "Release Trace": tabs for the repositories overview and compliance (deep-linked by hash). */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { parseOrgUrl } from "../../adapters/ado/urls";
import { indexCollection } from "../../core/trace/deploymentIndex/deploymentIndex";
import {
  deploymentIndexStore,
  extensionValueStore,
  getHostHash,
  notifyLoadSucceeded,
  onHostHashChanged,
  setHostHash,
  userPreferenceStore,
} from "../../host";
import { ComplianceProvider } from "../../ui/compliance/storage";
import { HubPage, type TabLocation } from "../../ui/components/HubPage";
import { renderWithEnvironment } from "../../ui/mount";
import { PreferencesProvider } from "../../ui/preferences";
import { ProductionProvider } from "../../ui/production/ProductionProvider";
import { DeploymentIndexProvider } from "../../ui/trace/deploymentIndex";
import { connect, failStartup } from "../startup";

async function main(): Promise<void> {
  const { host, environment } = await connect();
  // A host without the hash API still shows the hub, on its first tab.
  const initialTab = await getHostHash().catch(() => "");
  const location: TabLocation = {
    select: (tabId) => void setHostHash(tabId).catch(() => undefined),
    listen: (listener) => void onHostHashChanged(listener).catch(() => undefined),
  };
  const store = extensionValueStore();
  const projectId = host.project.id;
  // The deployed-where view saves what it listed as the form's deployment index.
  const index = { projectId, store: deploymentIndexStore(indexCollection(projectId)) };
  renderWithEnvironment(
    environment,
    <ComplianceProvider
      projectId={host.project.id}
      organization={parseOrgUrl(host.orgUrl).organization}
      orgUrl={host.orgUrl}
      store={store}
    >
      {/* The hub is where the project's production pattern is seen and changed. */}
      <ProductionProvider store={store} projectId={host.project.id} editable>
        {/* View preferences (matrix columns) are each user's own. */}
        <PreferencesProvider store={userPreferenceStore()}>
          <DeploymentIndexProvider value={index}>
            <HubPage initialTab={initialTab} location={location} />
          </DeploymentIndexProvider>
        </PreferencesProvider>
      </ProductionProvider>
    </ComplianceProvider>,
  );
  await notifyLoadSucceeded();
}

main().catch(failStartup);
