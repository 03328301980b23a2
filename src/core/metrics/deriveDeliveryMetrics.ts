/** `deriveDeliveryMetrics`: pure, from a snapshot to the report (one rule per file). */
import type { NotAvailable } from "../sources/notAvailable";
import { DEFAULT_PRODUCTION, productionPatternText } from "../vocabulary/production";
import { changeFailureRate } from "./changeFailureRate";
import {
  deriveContext,
  environmentInSelection,
  type Classified,
  type DeriveContext,
} from "./context";
import { deploymentEvidence } from "./evidence";
import { deliveryFacts, type DeliveryFacts } from "./facts";
import { deploymentFrequency } from "./frequency";
import { leadTime } from "./leadTimeFigure";
import { recoveryTime } from "./recoveryTime";
import { reworkRate } from "./reworkRate";
import type { SliceInput } from "./slice";
import { directionsOf, trendOf } from "./trend";
import {
  DEFAULT_INCIDENT_QUERY,
  DEFAULT_REWORK_TYPE,
  METRICS_SCHEMA_VERSION,
  type CommitEvidence,
  type DeliveryMetricsReport,
  type DeliverySnapshot,
  type MetricFigures,
  type MetricsOptions,
  type MetricsRow,
  type MetricsSlice,
} from "./types";
import { windowDays } from "./window";

export function figuresOf(input: SliceInput): MetricFigures {
  return {
    deploymentFrequency: deploymentFrequency(input),
    leadTime: leadTime(input),
    changeFailureRate: changeFailureRate(input),
    recoveryTime: recoveryTime(input),
    reworkRate: reworkRate(input),
  };
}

/** Unread entries whose key starts with one of these prefixes. */
function unreadOf(context: DeriveContext, prefixes: readonly string[]): NotAvailable[] {
  return [...context.unread]
    .filter(([key]) => prefixes.some((prefix) => key === prefix || key.startsWith(`${prefix}:`)))
    .map(([, entry]) => entry);
}

function uniqueEntries(entries: NotAvailable[]): NotAvailable[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = `${entry.what}|${entry.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The listings every figure needs: the environments and Classic releases, and the deployment
 * records of the environments in the selection (another environment's records do not matter).
 */
function listingUnread(context: DeriveContext): NotAvailable[] {
  const environment = (key: string) => key.slice("deployments:".length);
  return [...context.unread]
    .filter(
      ([key]) =>
        key === "environments" ||
        key === "releases" ||
        (key.startsWith("deployments:") &&
          environmentInSelection(environment(key), context.options)),
    )
    .map(([, entry]) => entry);
}

/** Each commit once, where it first arrived (the deployments come oldest first). */
function firstReach(commits: CommitEvidence[]): CommitEvidence[] {
  const seen = new Set<string>();
  return commits.filter((commit) => !seen.has(commit.id) && Boolean(seen.add(commit.id)));
}

/** The slice of some deployments (a row, or the whole selection), with what it could not read. */
function sliceInput(
  context: DeriveContext,
  facts: DeliveryFacts,
  deployments: Classified[],
): SliceInput {
  const keys = new Set(deployments.map((deployment) => deployment.key));
  const listing = listingUnread(context);
  const perDeployment = deployments.flatMap((deployment) => {
    const own = facts.perDeployment.get(deployment.key);
    return own ? [own] : [];
  });
  const contents = perDeployment.flatMap((item) => item.notAvailable);
  const production = deployments.some((deployment) => deployment.production);
  const incidents = production ? unreadOf(context, ["incidents"]) : [];
  const pullRequests = perDeployment.some((item) => item.commits.length > 0)
    ? unreadOf(context, ["pull-requests"])
    : [];
  return {
    window: context.window,
    deployments,
    failing: facts.failing,
    failures: [...facts.failures.values()].filter((failure) => keys.has(failure.deployment)),
    commits: firstReach(perDeployment.flatMap((item) => item.commits)),
    rework: new Map(
      deployments.map((deployment) => [
        deployment.key,
        facts.perDeployment.get(deployment.key)?.rework ?? null,
      ]),
    ),
    unread: {
      "deployment-frequency": uniqueEntries(listing),
      "change-failure-rate": uniqueEntries([...listing, ...incidents]),
      "recovery-time": uniqueEntries([...listing, ...incidents]),
      // Without the pull requests, a merge commit's stages would start at the wrong moment.
      "lead-time": uniqueEntries([...listing, ...contents, ...pullRequests]),
      "rework-rate": uniqueEntries([...listing, ...contents, ...unreadOf(context, ["work-items"])]),
    },
  };
}

function slice(
  context: DeriveContext,
  facts: DeliveryFacts,
  deployments: Classified[],
): MetricsSlice {
  const input = sliceInput(context, facts, deployments);
  const trend = trendOf(input, figuresOf);
  return { figures: figuresOf(input), trend, directions: directionsOf(trend) };
}

function rowsOf(context: DeriveContext, facts: DeliveryFacts): MetricsRow[] {
  const rows = new Map<string, Classified[]>();
  for (const deployment of context.deployments)
    if (deployment.inScope && !rows.has(deployment.row)) rows.set(deployment.row, []);
  for (const deployment of facts.windowed) rows.get(deployment.row)?.push(deployment);
  return [...rows.entries()]
    .map(([row, deployments]) => {
      const sample = (context.byRow.get(row) ?? [])[0];
      return {
        scope: {
          kind: sample.kind,
          pipeline: sample.pipeline,
          environment: sample.environment,
          production: sample.production,
        },
        ...slice(context, facts, deployments),
      };
    })
    .sort(
      (a, b) =>
        a.scope.pipeline.name.localeCompare(b.scope.pipeline.name) ||
        a.scope.environment.localeCompare(b.scope.environment),
    );
}

export function deriveDeliveryMetrics(
  snapshot: DeliverySnapshot,
  options: MetricsOptions,
): DeliveryMetricsReport {
  const context = deriveContext(snapshot, options);
  const facts = deliveryFacts(context);
  const evidence = deploymentEvidence(context, facts);
  const keys = new Set(evidence.map((deployment) => deployment.key));
  return {
    schemaVersion: METRICS_SCHEMA_VERSION,
    project: snapshot.project,
    window: {
      since: options.since.toISOString(),
      until: options.until.toISOString(),
      days: windowDays(context.window),
    },
    now: context.now.toISOString(),
    selection: {
      pipeline: options.pipeline ?? null,
      environment: options.environment ?? null,
      production: productionPatternText(options.production ?? DEFAULT_PRODUCTION),
      incidents: options.incidents ?? DEFAULT_INCIDENT_QUERY,
      reworkType: options.reworkType ?? DEFAULT_REWORK_TYPE,
    },
    total: slice(context, facts, facts.windowed),
    rows: rowsOf(context, facts),
    deployments: evidence,
    commits: [...facts.perDeployment.values()].flatMap((item) => item.commits),
    incidents: facts.incidents.filter(
      (incident) => incident.deployment === null || keys.has(incident.deployment),
    ),
    failures: [...facts.failures.values()],
    notAvailable: snapshot.notAvailable,
  };
}
