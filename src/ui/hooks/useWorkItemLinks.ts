import * as React from "react";
import { TraceSession } from "../../core/trace/session";
import { useUiEnvironment } from "../context";
import { loadWorkItemTimeline, type WorkItemTimeline } from "../../core/trace/workItemTimeline";

export interface WorkItemDeploymentsState {
  data?: WorkItemTimeline;
  error?: unknown;
  /** True until the first answer for this work item. */
  loading: boolean;
  /** True while a reload runs with the previous answer still shown. */
  refreshing: boolean;
  /** True while the deployment index's rows are shown and being confirmed with the service. */
  verifying: boolean;
}

type Settle = (state: Omit<WorkItemDeploymentsState, "refreshing">) => void;

/**
 * One load: with a deployment index, its rows first (labelled, `verifying`), and the same load
 * confirmed, started at once so its reads (the environments the index names) go beside the first
 * step's; both share one load's reads. The labelled rows are not shown once the confirmed answer
 * is there. Without an index, one step.
 */
async function loadInSteps(session: TraceSession, workItemId: number, settle: Settle) {
  if (!(await session.deploymentIndex())) {
    const data = await loadWorkItemTimeline(session, workItemId);
    return settle({ data, loading: false, verifying: false });
  }
  // Started first: it begins the load that the confirmed step continues.
  const provisional = loadWorkItemTimeline(session, workItemId, { provisional: true });
  const confirmed = loadWorkItemTimeline(session, workItemId, { continueLoad: true });
  let done = false;
  const shown = confirmed.then((data) => {
    done = true;
    settle({ data, loading: false, verifying: false });
  });
  // Awaited below; handled now too, so a failure while the labelled step runs is not "unhandled".
  shown.catch(() => undefined);
  const first = await provisional.catch(() => undefined);
  if (first && !done && first.index?.verified === false)
    settle({ data: first, loading: false, verifying: true });
  await shown;
}

/**
 * The Deployments timeline of a work item. `reloadToken` changes when the form is refreshed or
 * saved: the work item, its PRs and runs are read again, while `session` keeps the environments,
 * deployment records and releases it already read. The last answer stays on screen meanwhile.
 */
export function useWorkItemDeployments(
  workItemId: number,
  session: TraceSession | undefined,
  reloadToken: number,
): WorkItemDeploymentsState {
  const { sources, project } = useUiEnvironment();
  const [ownSession] = React.useState(() => new TraceSession(sources, project));
  const activeSession = session ?? ownSession;
  const [state, setState] = React.useState<WorkItemDeploymentsState & { workItemId: number }>({
    workItemId,
    loading: true,
    refreshing: false,
    verifying: false,
  });
  React.useEffect(() => {
    let current = true;
    setState((previous) =>
      previous.data && previous.workItemId === workItemId
        ? { ...previous, refreshing: true }
        : { workItemId, loading: true, refreshing: false, verifying: false },
    );
    const settle: Settle = (next) =>
      current && setState({ workItemId, ...next, refreshing: false });
    loadInSteps(activeSession, workItemId, settle).catch(
      (error: unknown) =>
        current &&
        setState({ workItemId, error, loading: false, refreshing: false, verifying: false }),
    );
    return () => {
      current = false;
    };
  }, [sources, project, activeSession, workItemId, reloadToken]);
  // A different work item never shows the previous one's answer.
  if (state.workItemId !== workItemId)
    return { loading: true, refreshing: false, verifying: false };
  return state;
}
