/** Work item form group "Deployments": the artifacts linked to the open work item. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import {
  getFormWorkItemId,
  notifyLoadSucceeded,
  registerForCurrentContribution,
  resizeToContent,
  type WorkItemFormEvents,
} from "../../host";
import { WorkItemDeploymentsView } from "../../ui/components/WorkItemDeploymentsView";
import { renderWithEnvironment } from "../../ui/mount";
import { connect, failStartup } from "../startup";

const resize = () => resizeToContent();

async function main(): Promise<void> {
  const { environment } = await connect();
  // A refresh or save remounts the view (new key) so that it reads the links again.
  let generation = 0;
  const show = async (refresh: boolean) => {
    if (refresh) generation += 1;
    const workItemId = await getFormWorkItemId();
    const view = <WorkItemDeploymentsView workItemId={workItemId} onSettled={resize} />;
    renderWithEnvironment(
      environment,
      <div key={`${workItemId}:${generation}`}>{view}</div>,
      resize,
    );
  };
  const events: WorkItemFormEvents = {
    onLoaded: () => void show(false).catch(failStartup),
    onRefreshed: () => void show(true).catch(failStartup),
    onSaved: () => void show(true).catch(failStartup),
    onUnloaded: () => undefined,
  };
  // Registered before the load is reported, so the form finds it when it asks.
  registerForCurrentContribution(() => events);
  await show(false);
  await notifyLoadSucceeded();
}

main().catch(failStartup);
