import * as React from "react";
import { durationText } from "../../core/report/metrics";
import { ContentSize } from "azure-devops-ui/Callout";
import { Panel } from "azure-devops-ui/Panel";
import type {
  CommitEvidence,
  DeliveryMetricsReport,
  DeploymentEvidence,
  FailureEvidence,
  IncidentEvidence,
} from "../../core/metrics/types";
import { stateLabel } from "../../core/vocabulary";
import { useUiEnvironment } from "../context";
import type { WebLinks } from "../links";
import {
  attributionText,
  broughtText,
  countsAsText,
  deploymentLink,
  deploymentName,
  deploymentsByKey,
  failingText,
  figureEvidence,
  utcText,
} from "../metrics/evidence";
import { headlineText, universeText, type Figure, type MetricView } from "../metrics/figures";
import { BandChip } from "./DeliveryTiles";
import { EarnedEmpty, NotAvailableNotice } from "./NotAvailableNotice";
import { DataTable, type DataColumn } from "./DataTable";
import { WebLink } from "./WebLink";
import "./compliance.css";
import "./delivery.css";

type ByKey = ReadonlyMap<string, DeploymentEvidence>;

function DeploymentCell(props: { deployment: DeploymentEvidence }) {
  const { links } = useUiEnvironment();
  const href = deploymentLink(links, props.deployment);
  const { deployment } = props;
  return (
    <>
      {href ? <WebLink href={href}>{deployment.name}</WebLink> : deployment.name}
      <div className="rt-muted">
        {deployment.pipeline.name} · {deployment.environment}
      </div>
    </>
  );
}

const stage = (seconds: number | null) => (seconds === null ? "—" : durationText(seconds));

/** A time in a narrow column: the date and the time of day each stay whole ("UTC" never alone). */
function Utc(props: { at: string }) {
  const [day, ...time] = utcText(props.at).split(" ");
  return (
    <>
      <span className="rt-nowrap">{day}</span> <span className="rt-nowrap">{time.join(" ")}</span>
    </>
  );
}

/** "Its result: failed": the reasons start a cell, so they start with a capital. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function deploymentColumns(byKey: ByKey): DataColumn<DeploymentEvidence>[] {
  return [
    {
      id: "run",
      header: "Run or release",
      render: (deployment) => <DeploymentCell deployment={deployment} />,
    },
    { id: "result", header: "Result", render: (deployment) => stateLabel(deployment.state) },
    {
      id: "finished",
      header: "Finished",
      render: (deployment) => <Utc at={deployment.finishedAt} />,
    },
    { id: "brought", header: "Brought", render: (deployment) => broughtText(deployment) },
    {
      id: "counts",
      header: "Counts as",
      render: (deployment) => countsAsText(deployment, byKey),
    },
  ];
}

function commitColumns(byKey: ByKey, links: WebLinks): DataColumn<CommitEvidence>[] {
  const short = (commit: CommitEvidence) => commit.id.slice(0, 8);
  const stageColumn = (id: keyof CommitEvidence["stages"], header: string) => ({
    id,
    header,
    render: (commit: CommitEvidence) => stage(commit.stages[id]),
  });
  return [
    {
      id: "commit",
      header: "Commit",
      render: (commit) => (
        <>
          {commit.repository ? (
            <WebLink href={links.commit(commit.repository, commit.id)}>{short(commit)}</WebLink>
          ) : (
            short(commit)
          )}
          {commit.pullRequest && <div className="rt-muted">PR {commit.pullRequest.id}</div>}
        </>
      ),
    },
    { id: "committed", header: "Committed", render: (commit) => <Utc at={commit.committedAt} /> },
    { id: "lead", header: "Lead time", render: (commit) => durationText(commit.leadSeconds) },
    stageColumn("coding", "Coding"),
    stageColumn("review", "Review"),
    stageColumn("build", "Build"),
    stageColumn("deploy", "Deploy"),
    {
      id: "reached",
      header: "Reached by",
      render: (commit) => byKey.get(commit.deployment)?.name ?? commit.deployment,
    },
  ];
}

function failureColumns(byKey: ByKey): DataColumn<FailureEvidence>[] {
  const name = (key: string | null) => (key === null ? "" : (byKey.get(key)?.name ?? key));
  const where = (key: string) => {
    const deployment = byKey.get(key);
    return deployment ? `${deployment.pipeline.name} · ${deployment.environment}` : "";
  };
  return [
    {
      id: "failing",
      header: "Failing deployment",
      render: (failure) => (
        <>
          {name(failure.deployment)}
          <div className="rt-muted">{where(failure.deployment)}</div>
        </>
      ),
    },
    {
      id: "why",
      header: "Why",
      render: (failure) =>
        sentence(failure.reasons.map((reason) => failingText(reason, byKey)).join("; ")),
    },
    { id: "from", header: "From", render: (failure) => <Utc at={failure.from} /> },
    {
      id: "recovered",
      header: "Recovered by",
      render: (failure) => (
        <>
          {failure.open ? "Not recovered yet" : name(failure.recoveredBy)}
          {failure.recoveredAt && (
            <div className="rt-muted">
              <Utc at={failure.recoveredAt} />
            </div>
          )}
        </>
      ),
    },
    {
      id: "recovery",
      header: "Recovery time",
      render: (failure) => (
        <span className="rt-nowrap">
          {failure.open
            ? `open for ${failure.ageSeconds === null ? "?" : durationText(failure.ageSeconds)}`
            : stage(failure.recoverySeconds)}
        </span>
      ),
    },
  ];
}

function incidentColumns(byKey: ByKey, links: WebLinks): DataColumn<IncidentEvidence>[] {
  return [
    {
      id: "incident",
      header: "Incident",
      render: (incident) => (
        <>
          <WebLink href={links.workItem(incident.id)}>#{incident.id}</WebLink> {incident.title}
        </>
      ),
    },
    { id: "created", header: "Created", render: (incident) => <Utc at={incident.createdAt} /> },
    {
      id: "attributed",
      header: "Attributed to",
      render: (incident) =>
        incident.deployment === null
          ? "No deployment"
          : (byKey.get(incident.deployment)?.name ?? incident.deployment),
    },
    {
      id: "because",
      header: "Because",
      render: (incident) => attributionText(incident.attribution),
    },
  ];
}

function Section(props: {
  title: string;
  count: number;
  partial: boolean;
  empty: string;
  children: React.ReactNode;
}) {
  return (
    <section className="rt-delivery-section flex-column rhythm-vertical-8" aria-label={props.title}>
      <h3 className="title-xs">
        {props.title} ({props.count})
      </h3>
      {props.count > 0 ? (
        props.children
      ) : (
        <EarnedEmpty partial={props.partial}>{props.empty}</EarnedEmpty>
      )}
    </section>
  );
}

/**
 * What one figure was computed from: its deployments (result, time, run or release, what each
 * brought, what made it failing), and for lead time its commits with the stage breakdown, for
 * the failure rate and recovery the failures and the incidents attributed.
 */
export function DeliveryEvidencePanel(props: {
  report: DeliveryMetricsReport;
  figure: Figure;
  view: MetricView;
  /** "All pipelines · production" or the row's pipeline × environment. */
  scope: string;
  onDismiss: () => void;
}) {
  const { report, figure, view } = props;
  const evidence = React.useMemo(() => figureEvidence(report, figure), [report, figure]);
  const byKey = React.useMemo(() => deploymentsByKey(report), [report]);
  const partial = figure.notAvailable.length > 0;
  const { links } = useUiEnvironment();
  return (
    <Panel
      onDismiss={props.onDismiss}
      size={ContentSize.ExtraLarge}
      titleProps={{ text: `${view.name} · ${props.scope}` }}
      description={`${headlineText(figure, view)} · ${universeText(figure)}`}
      footerButtonProps={[{ text: "Close", onClick: props.onDismiss }]}
    >
      <div className="flex-column rhythm-vertical-16" aria-label="Figure evidence">
        <div className="rt-metric-meta">
          <BandChip band={figure.band} metric={view.id} />
          {figure.metric === "lead-time" && (
            <span className="rt-muted" aria-label="Median stages">
              Median stages: coding {stage(figure.breakdown.coding)} · review{" "}
              {stage(figure.breakdown.review)} · build {stage(figure.breakdown.build)} · deploy{" "}
              {stage(figure.breakdown.deploy)}
            </span>
          )}
        </div>
        <NotAvailableNotice notes={figure.notAvailable} />
        {view.id === "lead-time" && (
          <Section
            title="Commits"
            count={evidence.commits.length}
            partial={partial}
            empty="No commit reached it in the window."
          >
            <DataTable
              rows={evidence.commits}
              columns={commitColumns(byKey, links)}
              rowKey={(commit) => commit.key}
              rowLabel={(commit) => `Commit ${commit.id.slice(0, 8)}`}
              ariaLabel="Commits"
            />
          </Section>
        )}
        {(view.id === "recovery-time" || view.id === "change-failure-rate") && (
          <Section
            title="Failures"
            count={evidence.failures.length}
            partial={partial}
            empty="No failing deployment."
          >
            <DataTable
              rows={evidence.failures}
              columns={failureColumns(byKey)}
              rowKey={(failure) => failure.deployment}
              rowLabel={(failure) =>
                `Failure of ${byKey.get(failure.deployment)?.name ?? failure.deployment}`
              }
              ariaLabel="Failures and their recovery"
            />
          </Section>
        )}
        {evidence.incidents.length > 0 && (
          <Section
            title="Incidents attributed"
            count={evidence.incidents.length}
            partial={partial}
            empty=""
          >
            <DataTable
              rows={evidence.incidents}
              columns={incidentColumns(byKey, links)}
              rowKey={(incident) => incident.id}
              rowLabel={(incident) => `Incident ${incident.id}`}
              ariaLabel="Incidents"
            />
          </Section>
        )}
        <Section
          title="Deployments"
          count={evidence.deployments.length}
          partial={partial}
          empty="No deployment in the window."
        >
          <DataTable
            rows={evidence.deployments}
            columns={deploymentColumns(byKey)}
            rowKey={(deployment) => deployment.key}
            rowLabel={deploymentName}
            ariaLabel="Deployments"
          />
        </Section>
      </div>
    </Panel>
  );
}
