import * as React from "react";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import type { TraceSession } from "../../core/trace/session";
import type { TraceDeployment } from "../../core/trace/types";
import { useUiEnvironment } from "../context";
import { formatAge, shortBranchName } from "../format";
import { useWorkItemDeployments } from "../hooks/useWorkItemLinks";
import { ProductionPatternNote } from "./ProductionPatternNote";
import { stateWord } from "../../core/vocabulary";
import { gapGrade, gapOrigin } from "../trace/gapView";
import {
  deploymentStateIcon,
  deploymentStateText,
  evidenceText,
  gateStateText,
  voteWord,
  pullRequestStatusText,
} from "../trace/status";
import type { PendingStage, WorkItemTimeline } from "../../core/trace/workItemTimeline";
import { ErrorCard } from "./ErrorCard";
import { NotAvailableNotice } from "./NotAvailableNotice";
import { commitRepositoryText, TraceCommitLink, TraceDeploymentLink } from "./TraceShared";
import { TraceStatus } from "./TraceStatus";
import { UnknownFieldsMarker } from "./UnknownFieldsMarker";
import { WebLink } from "./WebLink";
import "./ui.css";
import "./trace.css";

interface ViewProps {
  workItemId: number;
  /** Shared across work items and refreshes of the form (environments, records, releases). */
  session?: TraceSession;
  /** Changes when the form is refreshed or saved: the view reads the work item again. */
  reloadToken?: number;
  /** After each load (with the error, if any): the form group resizes to its content. */
  onSettled?: (error?: unknown) => void;
}

function Section(props: {
  title: string;
  count: number;
  /** Said between the heading and the list (where the list's items come from). */
  note?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="rt-wi-section" aria-label={props.title}>
      <h3 className="rt-wi-heading">
        {props.title} ({props.count})
      </h3>
      {props.note}
      <ul className="rt-wi-list">{props.children}</ul>
    </section>
  );
}

function Step(props: { status?: React.ReactNode; children: React.ReactNode }) {
  return (
    <li className="rt-wi-step">
      {props.status && <span className="rt-wi-marker">{props.status}</span>}
      <span className="rt-wi-body">{props.children}</span>
    </li>
  );
}

function ago(at: string, now: Date): string {
  return `${formatAge(new Date(at), now)} ago`;
}

function pendingText(stage: PendingStage, now: Date, midSentence = false): string {
  const state = gateStateText(stage.state);
  let text = midSentence ? state.toLowerCase() : state;
  if (stage.since) {
    const age = formatAge(new Date(stage.since), now);
    text += age === "0 min" ? " since just now" : ` for ${age}`;
  }
  if (stage.approvers.length > 0) text += ` · approvers: ${stage.approvers.join(", ")}`;
  else if (stage.holding.length > 0) text += ` · held by ${stage.holding.join(", ")}`;
  return text;
}

/** "run 20250304.2" or "Release-15". */
function pendingSubject(stage: PendingStage): string {
  return stage.kind === "yaml" ? `run ${stage.name}` : stage.name;
}

/** A pending stage on an environment row: what comes next there. */
function pendingNote(stage: PendingStage, deployment: TraceDeployment, now: Date): string {
  const same =
    (stage.runId !== undefined && stage.runId === deployment.runId) ||
    (stage.releaseId !== undefined && stage.releaseId === deployment.releaseId);
  if (same) return pendingText(stage, now);
  const lead = deployment.reachedAt ? "then " : "";
  return `${lead}${pendingSubject(stage)}: ${pendingText(stage, now, true)}`;
}

function sameTarget(stage: PendingStage, deployment: TraceDeployment): boolean {
  return (
    stage.kind === deployment.kind &&
    stage.pipeline === deployment.pipeline &&
    (stage.environment ?? stage.stage).toLowerCase() === deployment.environment.toLowerCase()
  );
}

/**
 * Where the environments come from when the deployment index was used: its rows, labelled
 * until the service confirmed them, and how old it is; any row the service contradicted.
 */
function IndexNote(props: { index: WorkItemTimeline["index"]; now: Date }) {
  const { index, now } = props;
  if (!index) return null;
  const age = formatAge(new Date(index.asOf), now);
  const asOf = age === "0 min" ? "just now" : `${age} ago`;
  return (
    <div className="rt-wi-index" role="status" aria-live="polite">
      <div className="rt-wi-detail">
        {index.verified
          ? `Checked with Azure DevOps · deployment index as of ${asOf}`
          : `From the deployment index (deployments as of ${asOf}) · verifying with Azure DevOps; gaps and waiting approvals follow…`}
      </div>
      {index.contradicted.map((sentence) => (
        <div key={sentence} className="rt-wi-detail rt-wi-contradicted">
          {sentence}
        </div>
      ))}
    </div>
  );
}

function Timeline(props: { data: WorkItemTimeline; now: Date }) {
  const { data, now } = props;
  const { trace } = data;
  const { links } = useUiEnvironment();
  // Pending stages on an environment the item has not reached yet are shown on that row.
  const unmatched = data.pending.filter(
    (stage) => !trace.deployments.some((deployment) => sameTarget(stage, deployment)),
  );
  const environmentCount = trace.deployments.length + unmatched.length;
  const nothing =
    data.branches.length +
      trace.commits.length +
      data.pullRequests.length +
      trace.builds.length +
      environmentCount ===
    0;
  const notice = <NotAvailableNotice notes={data.notAvailable} />;
  // Empty is earned: with a read missing, "nothing linked" could be false; the notice says so.
  if (nothing && data.notAvailable.length > 0) return notice;
  if (nothing)
    return (
      <div className="rt-muted">
        No branches, commits, pull requests, builds or deployments are linked to this work item yet.
      </div>
    );
  return (
    <>
      {notice}
      {data.branches.length > 0 && (
        <Section title="Branches" count={data.branches.length}>
          {data.branches.map((branch) => (
            <Step key={branch.key}>
              <WebLink
                href={links
                  .forProject(branch.projectId)
                  .branch(
                    branch.repository,
                    branch.isTag ? `refs/tags/${branch.name}` : `refs/heads/${branch.name}`,
                  )}
              >
                {branch.isTag ? `Tag ${branch.name}` : branch.name}
              </WebLink>
              {branch.repositoryName && (
                <span className="rt-wi-detail"> · {branch.repositoryName}</span>
              )}
            </Step>
          ))}
        </Section>
      )}
      {trace.commits.length > 0 && (
        <Section title="Commits" count={trace.commits.length}>
          {trace.commits.map((commit) => (
            <Step key={commit.id}>
              <TraceCommitLink commit={commit} />
              {commitRepositoryText(commit) && (
                <span className="rt-wi-detail"> · {commitRepositoryText(commit)}</span>
              )}
              <UnknownFieldsMarker unknown={commit.unknown} />
            </Step>
          ))}
        </Section>
      )}
      {data.pullRequests.length > 0 && (
        <Section title="Pull requests" count={data.pullRequests.length}>
          {data.pullRequests.map((link) => {
            const traced = trace.pullRequests.find((pr) => pr.id === link.id);
            const approvals = traced?.reviewers.filter((reviewer) => reviewer.vote >= 5).length;
            const blocking = traced?.reviewers.filter((reviewer) => reviewer.vote < 0);
            return (
              <Step
                key={link.key}
                status={
                  <TraceStatus
                    status={traced?.status ?? "unknown"}
                    label={pullRequestStatusText(traced?.status)}
                    iconOnly
                  />
                }
              >
                <WebLink
                  href={links.forProject(link.projectId).pullRequest(link.repository, link.id)}
                >
                  {`!${link.id}${link.pr ? ` ${link.pr.title}` : ""}`}
                </WebLink>
                <div className="rt-wi-detail">
                  {traced ? traced.status : "could not be read"}
                  {link.pr &&
                    ` · ${shortBranchName(link.pr.sourceRefName)} → ${shortBranchName(link.pr.targetRefName)}`}
                  {traced &&
                    traced.reviewers.length > 0 &&
                    ` · ${approvals} of ${traced.reviewers.length} approved`}
                  {blocking &&
                    blocking.length > 0 &&
                    ` · ${blocking.map((reviewer) => `${reviewer.name}: ${voteWord(reviewer.vote)}`).join(", ")}`}
                  {traced?.policyBypass &&
                    ` · policies bypassed by ${traced.policyBypass.by ?? "someone"}`}
                </div>
              </Step>
            );
          })}
        </Section>
      )}
      {trace.builds.length > 0 && (
        <Section title="Builds" count={trace.builds.length}>
          {trace.builds.map((build) => (
            <Step key={build.id} status={<TraceStatus status={build.result} iconOnly />}>
              <WebLink href={links.build(build.id)}>
                {build.pipeline} {build.number}
              </WebLink>
              <span className="rt-wi-detail">
                {" "}
                · {shortBranchName(build.branch)} · {build.result ?? "running"}
              </span>
            </Step>
          ))}
        </Section>
      )}
      {environmentCount > 0 && (
        <Section
          title="Environments"
          count={environmentCount}
          note={<IndexNote index={data.index} now={now} />}
        >
          {trace.deployments.map((deployment) => {
            const pending = data.pending.find((stage) => sameTarget(stage, deployment));
            return (
              <Step
                key={`${deployment.kind}|${deployment.pipeline}|${deployment.environment}`}
                status={
                  pending && !deployment.reachedAt ? (
                    <TraceStatus
                      status={pending.state}
                      iconOnly
                      label={gateStateText(pending.state)}
                    />
                  ) : (
                    <TraceStatus
                      status={deployment.status}
                      label={deploymentStateText(deployment.state)}
                      icon={deploymentStateIcon(deployment.state)}
                      iconOnly
                    />
                  )
                }
              >
                <span className="font-weight-semibold">{deployment.environment}</span>{" "}
                <span className="rt-wi-detail">
                  {deployment.reachedAt
                    ? `reached ${ago(deployment.reachedAt, now)}`
                    : `not reached (${stateWord(deployment.state)})`}{" "}
                  ·{" "}
                </span>
                <TraceDeploymentLink deployment={deployment} />
                <div className="rt-wi-detail">
                  {deployment.pipeline} · {evidenceText(deployment.evidence)}
                  {pending && ` · ${pendingNote(pending, deployment, now)}`}
                </div>
              </Step>
            );
          })}
          {unmatched.map((stage, index) => (
            <Step
              key={`pending:${index}`}
              status={
                <TraceStatus status={stage.state} iconOnly label={gateStateText(stage.state)} />
              }
            >
              <span className="font-weight-semibold">{stage.environment ?? stage.stage}</span>{" "}
              <span className="rt-wi-detail">{pendingText(stage, now)} · </span>
              <WebLink
                href={
                  stage.runId !== undefined
                    ? links.build(stage.runId)
                    : links.release(stage.releaseId as number)
                }
              >
                {pendingSubject(stage)}
              </WebLink>
              <div className="rt-wi-detail">
                {stage.pipeline} · stage {stage.stage}
              </div>
            </Step>
          ))}
        </Section>
      )}
      {trace.gaps.length > 0 && (
        <Section title="Gaps" count={trace.gaps.length}>
          {trace.gaps.map((gap, index) => (
            <Step
              key={index}
              status={<TraceStatus status={null} icon="Warning" iconOnly label="Gap" />}
            >
              <span className="font-weight-semibold">{gap.title}</span>{" "}
              <span className="rt-wi-detail">({gapGrade(gap)})</span>
              <div className="rt-wi-detail">{gap.message}</div>
              {gapOrigin(gap) && <div className="rt-wi-detail">{gapOrigin(gap)}</div>}
              <UnknownFieldsMarker unknown={gap.unknown} />
            </Step>
          ))}
          {trace.gaps.some((gap) => gap.kind.startsWith("prod-")) && (
            <div className="rt-wi-detail">
              <ProductionPatternNote idPrefix="wi-gaps" readOnly />
            </div>
          )}
        </Section>
      )}
    </>
  );
}

function Deployments(props: ViewProps & { now: () => Date }) {
  const { workItemId, session, reloadToken = 0, onSettled } = props;
  const state = useWorkItemDeployments(workItemId, session, reloadToken);
  const busy = state.loading || state.refreshing || state.verifying;
  React.useEffect(() => {
    if (!busy && onSettled) onSettled(state.error);
  }, [busy, state.error, state.data, onSettled]);
  if (state.loading)
    return (
      <div className="flex-row flex-center rhythm-horizontal-8" role="status" aria-live="polite">
        <Spinner size={SpinnerSize.small} />
        <span className="rt-muted">Reading development, builds and deployments…</span>
      </div>
    );
  if (state.error !== undefined || !state.data)
    return (
      <ErrorCard
        error={state.error}
        whatFailed={`Could not read the deployments of work item ${workItemId}`}
      />
    );
  return (
    <>
      {state.refreshing && (
        <div className="rt-wi-refreshing flex-row flex-center rhythm-horizontal-4" role="status">
          <Spinner size={SpinnerSize.xSmall} />
          <span>Refreshing…</span>
        </div>
      )}
      <Timeline data={state.data} now={props.now()} />
    </>
  );
}

/**
 * The work item form group "Deployments": development, builds, each environment the work item
 * reached (or is waiting at, with the gate state) and the gaps that concern it.
 */
export function WorkItemDeploymentsView(props: ViewProps & { now?: () => Date }) {
  const { workItemId, onSettled } = props;
  // A new work item has no id (0) and nothing linked until it is saved.
  const isNew = workItemId <= 0;
  React.useEffect(() => {
    if (isNew && onSettled) onSettled();
  }, [isNew, onSettled]);
  const now = props.now ?? (() => new Date());
  return (
    <div className="rt-wi" aria-label="Deployments">
      {isNew ? (
        <div className="rt-muted">
          Save the work item to see its pull requests, builds and the environments it reaches.
        </div>
      ) : (
        <Deployments {...props} now={now} />
      )}
    </div>
  );
}
