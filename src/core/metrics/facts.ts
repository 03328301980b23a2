/**
 * Every rule applied once over the whole selection (pure): incidents attributed, failing
 * deployments, what each successful deployment brought, the commits' lead times, rework and
 * recoveries. Figures of rows, weeks and the total are then counted from these facts.
 */
import type { PullRequest, WorkItem } from "../model";
import type { NotAvailable } from "../sources/notAvailable";
import { foldName } from "../vocabulary/names";
import { broughtContents, type BroughtContents } from "./broughtContents";
import { runsByPipeline } from "./brought";
import type { Classified, DeriveContext } from "./context";
import { failingReasons } from "./failing";
import { attributeIncident, isIncident } from "./incidents";
import { commitsOfDeployment } from "./leadTime";
import { recoveryOf } from "./recovery";
import { rollbacks } from "./rollback";
import {
  DEFAULT_INCIDENT_QUERY,
  DEFAULT_REWORK_TYPE,
  type CommitEvidence,
  type FailingReason,
  type FailureEvidence,
  type IncidentEvidence,
} from "./types";
import { inWindow } from "./window";

export interface DeploymentFacts {
  contents?: BroughtContents;
  /** Commits it was the first (in its row) to bring. */
  commits: CommitEvidence[];
  rework: boolean | null;
  notAvailable: NotAvailable[];
}

export interface DeliveryFacts {
  /** In the selection and finished inside the window, oldest first. */
  windowed: Classified[];
  incidents: IncidentEvidence[];
  failing: Map<string, FailingReason[]>;
  failures: Map<string, FailureEvidence>;
  perDeployment: Map<string, DeploymentFacts>;
}

export function incidentsOf(context: DeriveContext): IncidentEvidence[] {
  const query = context.options.incidents ?? DEFAULT_INCIDENT_QUERY;
  const ids = new Set(context.snapshot.incidentIds);
  const production = context.deployments.filter((deployment) => deployment.production);
  return context.snapshot.workItems
    .filter((item) => ids.has(item.id) && isIncident(item, query))
    .sort((a, b) => a.id - b.id)
    .map((item) => attributeIncident(item, production, context.snapshot.runs));
}

function reworkOf(
  context: DeriveContext,
  contents: BroughtContents,
  items: ReadonlyMap<number, WorkItem>,
): boolean | null {
  const type = foldName(context.options.reworkType ?? DEFAULT_REWORK_TYPE);
  if (
    contents.workItems.some((id) => items.get(id) && foldName(items.get(id)?.type ?? "") === type)
  )
    return true;
  const unread =
    contents.workItems.some((id) => !items.has(id)) && context.unread.has("work-items");
  return contents.notAvailable.length > 0 || unread ? null : false;
}

function deploymentFacts(
  context: DeriveContext,
  deployment: Classified,
  seen: Set<string>,
  helpers: {
    runsOf: ReturnType<typeof runsByPipeline>;
    mergedBy: Map<string, PullRequest>;
    workItems: Map<number, WorkItem>;
  },
): DeploymentFacts {
  const contents = broughtContents(context, deployment, helpers.runsOf);
  if (!("runs" in contents))
    return { commits: [], rework: null, notAvailable: contents.notAvailable };
  const lead = commitsOfDeployment(context, deployment, contents, helpers.mergedBy);
  // A commit first reaches a row once: a later deployment there does not bring it again.
  const commits = lead.commits.filter((commit) => !seen.has(`${deployment.row}|${commit.id}`));
  for (const commit of commits) seen.add(`${deployment.row}|${commit.id}`);
  return {
    contents,
    commits,
    rework: reworkOf(context, contents, helpers.workItems),
    notAvailable: [...contents.notAvailable, ...lead.notAvailable],
  };
}

export function deliveryFacts(context: DeriveContext): DeliveryFacts {
  const incidents = incidentsOf(context);
  const failing = failingReasons(context.deployments, rollbacks(context), incidents);
  const windowed = context.deployments.filter(
    (deployment) => deployment.inScope && inWindow(context.window, new Date(deployment.at)),
  );
  const helpers = {
    runsOf: runsByPipeline(context.snapshot.runs),
    workItems: new Map(context.snapshot.workItems.map((item) => [item.id, item])),
    mergedBy: new Map(
      context.snapshot.pullRequests.flatMap((pr) =>
        pr.mergeCommitId ? [[pr.mergeCommitId.toLowerCase(), pr] as const] : [],
      ),
    ),
  };
  const perDeployment = new Map<string, DeploymentFacts>();
  const seen = new Set<string>();
  for (const deployment of windowed)
    if (deployment.classification === "successful")
      perDeployment.set(deployment.key, deploymentFacts(context, deployment, seen, helpers));
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  const failures = new Map<string, FailureEvidence>();
  for (const deployment of windowed)
    if ((failing.get(deployment.key) ?? []).length > 0)
      failures.set(deployment.key, recoveryOf(context, deployment, failing, byId));
  return { windowed, incidents, failing, failures, perDeployment };
}
