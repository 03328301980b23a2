import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import type { TraceDeployment } from "../../core/trace/types";
import { useUiEnvironment } from "../context";
import { shortBranchName } from "../format";
import type { DeploymentSubject } from "../../core/trace/contents";
import {
  deploymentStateIcon,
  deploymentStateText,
  evidenceText,
  gateStateText,
  pullRequestStatusText,
} from "../trace/status";
import type { WorkItemTimeline } from "../../core/trace/workItemTimeline";
import { EarnedEmpty } from "./NotAvailableNotice";
import { TraceGapList, TraceNotAvailable } from "./TraceGapList";
import {
  AgeAndTime,
  commitRepositoryText,
  deploymentName,
  TraceCommitLink,
  TraceDeploymentLink,
  TraceReviewerVotes,
  TraceSection as Section,
} from "./TraceShared";
import { TraceStatus } from "./TraceStatus";
import { UnknownFieldsMarker } from "./UnknownFieldsMarker";
import { WebLink } from "./WebLink";
import "./trace.css";

function ReachedText(props: { deployment: TraceDeployment; now: Date }) {
  const { deployment, now } = props;
  if (!deployment.reachedAt) return <>not reached yet</>;
  return <AgeAndTime at={deployment.reachedAt} now={now} />;
}

/** A work item's whole path in the hub: development, builds, environments, pending stages, gaps. */
export function TraceWorkItemPath(props: {
  timeline: WorkItemTimeline;
  now: Date;
  onOpen: (subject: DeploymentSubject, pipeline: string) => void;
}) {
  const { timeline, now, onOpen } = props;
  const { trace } = timeline;
  const { links } = useUiEnvironment();
  // Empty is earned: with a read missing, "no commit linked" could be false.
  const partial = timeline.notAvailable.length > 0;
  return (
    <div
      className="rt-trace-view flex-grow flex-column rhythm-vertical-16"
      aria-label="Work item path"
    >
      <div className="flex-column rhythm-vertical-4">
        <div className="title-s">
          <WebLink href={links.workItem(trace.workItem.id)}>
            {trace.workItem.type} {trace.workItem.id}
          </WebLink>
          : {trace.workItem.title}
        </div>
        <div className="rt-muted">State: {trace.workItem.state}</div>
      </div>
      <TraceNotAvailable notes={timeline.notAvailable} />

      <Section title="Pull requests" count={timeline.pullRequests.length}>
        {timeline.pullRequests.length === 0 ? (
          <EarnedEmpty partial={partial}>
            <div className="rt-muted">No pull request linked.</div>
          </EarnedEmpty>
        ) : (
          <div className="rt-trace-scroll">
            <table className="rt-table rt-table-wrapped-head">
              <thead>
                <tr>
                  <th scope="col">Pull request</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reviewers and votes</th>
                  <th scope="col">Policy bypass</th>
                </tr>
              </thead>
              <tbody>
                {timeline.pullRequests.map((link) => {
                  const traced = trace.pullRequests.find((pr) => pr.id === link.id);
                  return (
                    <tr key={link.key}>
                      <td>
                        <WebLink
                          href={links
                            .forProject(link.projectId)
                            .pullRequest(link.repository, link.id)}
                        >
                          !{link.id}
                          {link.pr ? ` ${link.pr.title}` : ""}
                        </WebLink>
                        <div className="rt-trace-note">
                          {[
                            link.repositoryName,
                            link.pr
                              ? `${shortBranchName(link.pr.sourceRefName)} → ${shortBranchName(link.pr.targetRefName)}`
                              : "could not be read",
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </div>
                      </td>
                      <td>
                        {traced ? (
                          <TraceStatus
                            status={traced.status}
                            label={pullRequestStatusText(traced.status)}
                          />
                        ) : (
                          "–"
                        )}
                      </td>
                      <td>
                        {traced && traced.reviewers.length > 0 ? (
                          <TraceReviewerVotes reviewers={traced.reviewers} />
                        ) : (
                          <span className="rt-muted">–</span>
                        )}
                      </td>
                      <td>
                        {traced?.policyBypass
                          ? `${traced.policyBypass.by ?? "someone"}: ${traced.policyBypass.reason ?? "no reason given"}`
                          : "–"}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title="Commits" count={trace.commits.length}>
        {trace.commits.length === 0 ? (
          <EarnedEmpty partial={partial}>
            <div className="rt-muted">No commit linked.</div>
          </EarnedEmpty>
        ) : (
          <ul className="rt-list">
            {trace.commits.map((commit) => (
              <li key={commit.id}>
                <TraceCommitLink commit={commit} />{" "}
                <span className="rt-muted">{commitRepositoryText(commit)}</span>
                <UnknownFieldsMarker unknown={commit.unknown} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Builds" count={trace.builds.length}>
        {trace.builds.length === 0 ? (
          <EarnedEmpty partial={partial}>
            <div className="rt-muted">Not integrated in any build yet.</div>
          </EarnedEmpty>
        ) : (
          <ul className="rt-list">
            {trace.builds.map((build) => (
              <li key={build.id} className="flex-row flex-center flex-wrap rhythm-horizontal-8">
                <TraceStatus status={build.result} iconOnly />
                <WebLink href={links.build(build.id)}>
                  {build.pipeline} {build.number}
                </WebLink>
                <span className="rt-muted">{shortBranchName(build.branch)}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Environments" count={trace.deployments.length}>
        {trace.deployments.length === 0 ? (
          <EarnedEmpty partial={partial}>
            <div className="rt-muted">Not deployed anywhere yet.</div>
          </EarnedEmpty>
        ) : (
          <div className="rt-trace-scroll">
            <table className="rt-table rt-table-wrapped-head">
              <thead>
                <tr>
                  <th scope="col">Environment</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reached</th>
                  <th scope="col">Pipeline, stage</th>
                  <th scope="col">Run or release</th>
                  <th scope="col">Evidence</th>
                  <th scope="col">
                    <span className="rt-muted">Contents</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {trace.deployments.map((deployment) => {
                  const subject: DeploymentSubject =
                    deployment.runId !== undefined
                      ? {
                          kind: "run",
                          runId: deployment.runId,
                          environment: deployment.environment,
                          name: deployment.name,
                        }
                      : {
                          kind: "release",
                          releaseId: deployment.releaseId as number,
                          environment: deployment.environment,
                          name: deployment.name,
                        };
                  return (
                    <tr key={`${deployment.kind}|${deployment.pipeline}|${deployment.environment}`}>
                      <td className="font-weight-semibold">{deployment.environment}</td>
                      <td>
                        <TraceStatus
                          status={deployment.status}
                          label={deploymentStateText(deployment.state)}
                          icon={deploymentStateIcon(deployment.state)}
                        />
                      </td>
                      <td>
                        <ReachedText deployment={deployment} now={now} />
                      </td>
                      <td>
                        {deployment.pipeline}
                        <div className="rt-trace-note">
                          {deployment.kind === "yaml" ? "YAML" : "Classic"} · {deployment.stage}
                        </div>
                      </td>
                      <td>
                        <TraceDeploymentLink deployment={deployment} />
                      </td>
                      <td>{evidenceText(deployment.evidence)}</td>
                      <td>
                        <Button
                          subtle
                          className="rt-nowrap"
                          text="What's in it"
                          ariaLabel={`What ${deploymentName(deployment)} brought to ${deployment.environment}`}
                          onClick={() => onOpen(subject, deployment.pipeline)}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      {timeline.pending.length > 0 && (
        <Section title="Pending stages" count={timeline.pending.length}>
          <ul className="rt-list flex-column rhythm-vertical-4">
            {timeline.pending.map((stage, index) => (
              <li key={index} className="rt-trace-pending">
                <TraceStatus status={stage.state} label={gateStateText(stage.state)} />{" "}
                {stage.environment ?? stage.stage} · {stage.pipeline} {stage.name}
                {stage.approvers.length > 0 && (
                  <span className="rt-muted"> · approvers: {stage.approvers.join(", ")}</span>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title="Gaps" count={trace.gaps.length}>
        <TraceGapList gaps={trace.gaps} partial={partial} />
      </Section>
    </div>
  );
}
