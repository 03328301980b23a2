/** View shaping of a figure's evidence: the deployments, commits and failures it counts. */
import type {
  CommitEvidence,
  DeliveryMetricsReport,
  DeploymentEvidence,
  FailingReason,
  FailureEvidence,
  IncidentAttribution,
  IncidentEvidence,
  MetricsRow,
} from "../../core/metrics/types";
import { stateLabel } from "../../core/vocabulary";
import type { WebLinks } from "../links";
import type { Figure } from "./figures";

/** What a drill-down shows: one figure of the total or of one pipeline × environment row. */
export interface FigureEvidence {
  deployments: DeploymentEvidence[];
  commits: CommitEvidence[];
  failures: FailureEvidence[];
  incidents: IncidentEvidence[];
}

const newestFirst = (left: { finishedAt: string }, right: { finishedAt: string }) =>
  right.finishedAt.localeCompare(left.finishedAt);

/** The deployments, commits, failures and incidents behind one figure, newest first. */
export function figureEvidence(report: DeliveryMetricsReport, figure: Figure): FigureEvidence {
  const keys = new Set(figure.deployments);
  // For the failure rate the failing ones come first: they are what the figure is about.
  const failingFirst = (left: DeploymentEvidence, right: DeploymentEvidence) =>
    figure.metric === "change-failure-rate"
      ? Number(right.failing.length > 0) - Number(left.failing.length > 0)
      : 0;
  const deployments = report.deployments
    .filter((d) => keys.has(d.key))
    .sort((left, right) => failingFirst(left, right) || newestFirst(left, right));
  const commitKeys = new Set(figure.metric === "lead-time" ? figure.commits : []);
  const commits = report.commits
    .filter((commit) => commitKeys.has(commit.key))
    .sort((left, right) => right.leadSeconds - left.leadSeconds);
  const failures =
    figure.metric === "recovery-time" || figure.metric === "change-failure-rate"
      ? report.failures.filter((failure) => keys.has(failure.deployment))
      : [];
  const incidents =
    figure.metric === "change-failure-rate" || figure.metric === "recovery-time"
      ? report.incidents.filter(
          (incident) => incident.deployment !== null && keys.has(incident.deployment),
        )
      : [];
  return { deployments, commits, failures, incidents };
}

/** The deployments of the report by key, for names in the evidence ("rolled back by 20261207.3"). */
export function deploymentsByKey(report: DeliveryMetricsReport): Map<string, DeploymentEvidence> {
  return new Map(report.deployments.map((deployment) => [deployment.key, deployment]));
}

/** "web-app · Production · 20261207.3": a deployment as people name it. */
export function deploymentName(deployment: DeploymentEvidence): string {
  return `${deployment.pipeline.name} · ${deployment.environment} · ${deployment.name}`;
}

/** The run (YAML) or the release (Classic) in Azure DevOps. */
export function deploymentLink(
  links: WebLinks,
  deployment: DeploymentEvidence,
): string | undefined {
  if (deployment.kind === "yaml" && deployment.runId !== undefined)
    return links.build(deployment.runId);
  if (deployment.kind === "classic" && deployment.releaseId !== undefined)
    return links.release(deployment.releaseId);
  return undefined;
}

/** What made a deployment failing, in words. */
export function failingText(
  reason: FailingReason,
  byKey: ReadonlyMap<string, DeploymentEvidence>,
): string {
  switch (reason.rule) {
    case "result":
      return `its result: ${stateLabel(reason.state).toLowerCase()}`;
    case "rollback": {
      const next = byKey.get(reason.by);
      return `rolled back: the next deployment (${next ? next.name : reason.by}) deployed an older run`;
    }
    case "incident":
      return `incident #${reason.incidentId} is attributed to it`;
  }
}

/** How a deployment counts: "failing (…)", "successful", with rework said. */
export function countsAsText(
  deployment: DeploymentEvidence,
  byKey: ReadonlyMap<string, DeploymentEvidence>,
): string {
  if (deployment.failing.length > 0)
    return `Failing: ${deployment.failing.map((reason) => failingText(reason, byKey)).join("; ")}`;
  if (deployment.classification === "failed") return "Failed";
  const rework =
    deployment.rework === true
      ? ", rework (brought a bug)"
      : deployment.rework === null
        ? ", rework not known"
        : "";
  return `Successful${rework}`;
}

/** "4 commits, 2 work items", or why it is not known. */
export function broughtText(deployment: DeploymentEvidence): string {
  const brought = deployment.brought;
  if (!brought) return "Could not be read";
  const parts = [
    `${brought.commits.length} ${brought.commits.length === 1 ? "commit" : "commits"}`,
    `${brought.workItems.length} ${brought.workItems.length === 1 ? "work item" : "work items"}`,
  ];
  if (brought.comparison === "first-deployment") parts.push("first deployment there");
  if (brought.comparison === "other-branch") parts.push("the previous came from another branch");
  return parts.join(", ");
}

const ATTRIBUTION_WORDS: Record<IncidentAttribution, string> = {
  "found-in-build-link": "its Found in build link names the build",
  "found-in-field": "its Found In field names the build",
  "latest-production-deployment": "the latest production deployment before it was created",
  unattributed: "no production deployment came before it",
};

export function attributionText(attribution: IncidentAttribution): string {
  return ATTRIBUTION_WORDS[attribution];
}

/** "2026-12-07 14:05 UTC". */
export function utcText(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** "Web-app · Production" for a row; "All pipelines · production" for the total. */
export function rowName(row: MetricsRow): string {
  return `${row.scope.pipeline.name} · ${row.scope.environment}`;
}
