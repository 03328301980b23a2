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

function DeploymentsTable(props: { deployments: DeploymentEvidence[]; byKey: ByKey }) {
  return (
    <table className="rt-table body-s" aria-label="Deployments">
      <thead>
        <tr>
          <th scope="col">Run or release</th>
          <th scope="col">Result</th>
          <th scope="col">Finished</th>
          <th scope="col">Brought</th>
          <th scope="col">Counts as</th>
        </tr>
      </thead>
      <tbody>
        {props.deployments.map((deployment) => (
          <tr key={deployment.key} aria-label={deploymentName(deployment)}>
            <td>
              <DeploymentCell deployment={deployment} />
            </td>
            <td>{stateLabel(deployment.state)}</td>
            <td>{utcText(deployment.finishedAt)}</td>
            <td>{broughtText(deployment)}</td>
            <td>{countsAsText(deployment, props.byKey)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const stage = (seconds: number | null) => (seconds === null ? "—" : durationText(seconds));

function CommitsTable(props: { commits: CommitEvidence[]; byKey: ByKey }) {
  const { links } = useUiEnvironment();
  return (
    <table className="rt-table body-s" aria-label="Commits">
      <thead>
        <tr>
          <th scope="col">Commit</th>
          <th scope="col">Committed</th>
          <th scope="col">Lead time</th>
          <th scope="col">Coding</th>
          <th scope="col">Review</th>
          <th scope="col">Build</th>
          <th scope="col">Deploy</th>
          <th scope="col">Reached by</th>
        </tr>
      </thead>
      <tbody>
        {props.commits.map((commit) => {
          const short = commit.id.slice(0, 8);
          const deployment = props.byKey.get(commit.deployment);
          return (
            <tr key={commit.key} aria-label={`Commit ${short}`}>
              <td>
                {commit.repository ? (
                  <WebLink href={links.commit(commit.repository, commit.id)}>{short}</WebLink>
                ) : (
                  short
                )}
                {commit.pullRequest && <div className="rt-muted">PR {commit.pullRequest.id}</div>}
              </td>
              <td>{utcText(commit.committedAt)}</td>
              <td>{durationText(commit.leadSeconds)}</td>
              <td>{stage(commit.stages.coding)}</td>
              <td>{stage(commit.stages.review)}</td>
              <td>{stage(commit.stages.build)}</td>
              <td>{stage(commit.stages.deploy)}</td>
              <td>{deployment ? deployment.name : commit.deployment}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function FailuresTable(props: { failures: FailureEvidence[]; byKey: ByKey }) {
  const name = (key: string | null) => (key === null ? "" : (props.byKey.get(key)?.name ?? key));
  const where = (key: string) => {
    const deployment = props.byKey.get(key);
    return deployment ? `${deployment.pipeline.name} · ${deployment.environment}` : "";
  };
  return (
    <table className="rt-table body-s" aria-label="Failures and their recovery">
      <thead>
        <tr>
          <th scope="col">Failing deployment</th>
          <th scope="col">Why</th>
          <th scope="col">From</th>
          <th scope="col">Recovered by</th>
          <th scope="col">Recovery time</th>
        </tr>
      </thead>
      <tbody>
        {props.failures.map((failure) => (
          <tr key={failure.deployment} aria-label={`Failure of ${name(failure.deployment)}`}>
            <td>
              {name(failure.deployment)}
              <div className="rt-muted">{where(failure.deployment)}</div>
            </td>
            <td>{failure.reasons.map((reason) => failingText(reason, props.byKey)).join("; ")}</td>
            <td>{utcText(failure.from)}</td>
            <td>
              {failure.open ? "Not recovered yet" : name(failure.recoveredBy)}
              {failure.recoveredAt && (
                <div className="rt-muted">{utcText(failure.recoveredAt)}</div>
              )}
            </td>
            <td>
              {failure.open
                ? `open for ${failure.ageSeconds === null ? "?" : durationText(failure.ageSeconds)}`
                : stage(failure.recoverySeconds)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IncidentsTable(props: { incidents: IncidentEvidence[]; byKey: ByKey }) {
  const { links } = useUiEnvironment();
  return (
    <table className="rt-table body-s" aria-label="Incidents">
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Created</th>
          <th scope="col">Attributed to</th>
          <th scope="col">Because</th>
        </tr>
      </thead>
      <tbody>
        {props.incidents.map((incident) => (
          <tr key={incident.id} aria-label={`Incident ${incident.id}`}>
            <td>
              <WebLink href={links.workItem(incident.id)}>#{incident.id}</WebLink> {incident.title}
            </td>
            <td>{utcText(incident.createdAt)}</td>
            <td>
              {incident.deployment === null
                ? "No deployment"
                : (props.byKey.get(incident.deployment)?.name ?? incident.deployment)}
            </td>
            <td>{attributionText(incident.attribution)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
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
            <CommitsTable commits={evidence.commits} byKey={byKey} />
          </Section>
        )}
        {(view.id === "recovery-time" || view.id === "change-failure-rate") && (
          <Section
            title="Failures"
            count={evidence.failures.length}
            partial={partial}
            empty="No failing deployment."
          >
            <FailuresTable failures={evidence.failures} byKey={byKey} />
          </Section>
        )}
        {evidence.incidents.length > 0 && (
          <Section
            title="Incidents attributed"
            count={evidence.incidents.length}
            partial={partial}
            empty=""
          >
            <IncidentsTable incidents={evidence.incidents} byKey={byKey} />
          </Section>
        )}
        <Section
          title="Deployments"
          count={evidence.deployments.length}
          partial={partial}
          empty="No deployment in the window."
        >
          <DeploymentsTable deployments={evidence.deployments} byKey={byKey} />
        </Section>
      </div>
    </Panel>
  );
}
