/** Work item form group "Deployments": where the open work item is, from PR to production. */
import "azure-devops-ui/Core/override.css";
import * as React from "react";
import { defaultTraceRules } from "../../core/trace/graph";
import { gatedSources } from "../../core/sources";
import { TraceSession } from "../../core/trace/session";
import {
  INDEX_DOCUMENT_ID,
  indexCollection,
} from "../../core/trace/deploymentIndex/deploymentIndex";
import {
  extensionValueStore,
  listCollections,
  SETTINGS_COLLECTION,
  storedDocument,
  storedValue,
  type ExtensionValueStore,
  getFormWorkItemId,
  notifyLoadSucceeded,
  registerForCurrentContribution,
  resizeToContent,
  type WorkItemFormEvents,
  withFormWorkItemSources,
} from "../../host";
import { WorkItemDeploymentsView } from "../../ui/components/WorkItemDeploymentsView";
import { renderWithEnvironment } from "../../ui/mount";
import {
  loadProductionState,
  ProductionStateProvider,
  type ProductionState,
} from "../../ui/production/ProductionProvider";
import { gapBaselineReader } from "../../ui/trace/gapBaseline";
import { connect, failStartup, type Connection } from "../startup";

/*
 * The page's body is 100% of the frame (azure-devops-ui's override.css), so its scroll height never
 * shrinks below the frame: measure the group's own content instead, so it can grow and shrink.
 */
function contentHeight(): number | undefined {
  const content = document.querySelector(".rt-wi");
  return content ? Math.ceil(content.getBoundingClientRect().height) : undefined;
}

const resize = () => resizeToContent(contentHeight());
let observed: Element | undefined;

/** Content that grows or shrinks later (a refresh, a long list) resizes the group too. */
function observeContent(): void {
  const content = document.querySelector(".rt-wi");
  if (!content || content === observed || typeof ResizeObserver === "undefined") return;
  observed = content;
  new ResizeObserver(resize).observe(content);
}

/**
 * What the frame reads from extension data, in one request: the shared settings (the production
 * pattern at start, the baseline choice when gaps are first needed) and the project's deployment
 * index, both listed together once per frame.
 */
function frameData(projectId: string) {
  const index = indexCollection(projectId);
  let listing: Promise<Map<string, unknown[]>> | undefined;
  const collections = () => (listing ??= listCollections([SETTINGS_COLLECTION, index]));
  const settings: ExtensionValueStore = {
    ...extensionValueStore(),
    get: async <T,>(key: string) =>
      storedValue<T>((await collections()).get(SETTINGS_COLLECTION), key),
  };
  const readIndex = async () =>
    storedDocument((await collections()).get(index), INDEX_DOCUMENT_ID)?.value;
  return { settings, readIndex };
}

type FrameData = ReturnType<typeof frameData>;

/**
 * One session for the life of the frame: the environments, deployment records, releases and the
 * project's baseline (for gap rules) are read once, whichever work item the form shows. The
 * project's deployment index (saved by the hub) says which environments to read for each.
 */
function frameSession(
  connection: Connection,
  production: ProductionState,
  data: FrameData,
): TraceSession {
  const { sources, project } = connection.environment;
  const projectId = connection.host.project.id;
  const session = new TraceSession(
    sources,
    project,
    { ...defaultTraceRules, productionPattern: production.pattern },
    gapBaselineReader({ sources, project, projectId, store: data.settings }),
  );
  return session.useDeploymentIndex({ projectId, read: data.readIndex });
}

async function main(): Promise<void> {
  const connected = await connect();
  // Reads stop while no work item is loaded (after onUnloaded) and resume with the next one. The
  // open work item itself comes from the form, which holds it already.
  const gate = gatedSources(withFormWorkItemSources(connected.environment.sources));
  const environment = { ...connected.environment, sources: gate.sources };
  // The project's production pattern (as the hub saved it), read once like everything else.
  const data = frameData(connected.host.project.id);
  const production = await loadProductionState(data.settings, connected.host.project.id);
  const session = frameSession({ ...connected, environment }, production, data);
  let reloadToken = 0;
  // The form reuses this frame for the next work item (onUnloaded, then onLoaded): whatever was
  // asked for an earlier work item must not land after the next one, or after an unload.
  let generation = 0;
  const show = async (reload: boolean) => {
    if (reload) reloadToken += 1;
    const asked = generation;
    const workItemId = await getFormWorkItemId();
    if (asked !== generation) return;
    renderWithEnvironment(
      environment,
      <ProductionStateProvider value={production}>
        <WorkItemDeploymentsView
          workItemId={workItemId}
          session={session}
          reloadToken={reloadToken}
          onSettled={resize}
        />
      </ProductionStateProvider>,
      () => {
        observeContent();
        resize();
      },
    );
  };
  const events: WorkItemFormEvents = {
    onLoaded: () => {
      generation += 1;
      gate.open();
      void show(false).catch(failStartup);
    },
    onRefreshed: () => void show(true).catch(failStartup),
    onSaved: () => void show(true).catch(failStartup),
    onUnloaded: () => {
      generation += 1;
      gate.close();
      // The view goes (its pending reads are dropped), so nothing of the old work item stays.
      renderWithEnvironment(environment, <React.Fragment />);
    },
  };
  // Registered before the load is reported, so the form finds it when it asks.
  registerForCurrentContribution(() => events);
  await show(false);
  await notifyLoadSucceeded();
}

main().catch(failStartup);
