import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { ContentSize } from "azure-devops-ui/Callout";
import { Panel } from "azure-devops-ui/Panel";
import { usePanelKeyboard } from "./panelKeyboard";
import type { TraceSession } from "../../core/trace/session";
import { useUiEnvironment } from "../context";
import { plural, shortBranchName } from "../format";
import {
  deploymentContents,
  packKey,
  type ContentsProgress,
  type ContentsResult,
  type DeploymentContents,
  type DeploymentSubject,
  type IncludedDeployment,
} from "../../core/trace/contents";
import { contentsFile, evidenceFile, type TextFile } from "../trace/exports";
import { stateWord } from "../../core/vocabulary";
import { alreadyThere } from "../../core/report/changes";
import { unknownText } from "../../core/report/trace";
import { UnknownFieldsMarker } from "./UnknownFieldsMarker";
import {
  deploymentStateIcon,
  deploymentStateText,
  pullRequestStatusText,
  statusText,
} from "../trace/status";
import { ErrorCard } from "./ErrorCard";
import { EarnedEmpty } from "./NotAvailableNotice";
import { TraceGapList, TraceNotAvailable } from "./TraceGapList";
import {
  ageAndTime,
  TraceCommitLink,
  TraceReviewerVotes,
  TraceSection as Section,
} from "./TraceShared";
import { TraceStatus } from "./TraceStatus";
import { WebLink } from "./WebLink";
import { WindowedTable, type WindowedColumn } from "./WindowedTable";
import "./trace.css";

type LoadState =
  | { status: "loading"; progress?: ContentsProgress }
  | { status: "done"; result: ContentsResult }
  | { status: "failed"; error: unknown };

function when(at: string | null, now: Date): string {
  return at ? ageAndTime(at, now) : "–";
}

function subjectName(item: IncludedDeployment): string {
  return item.kind === "run" ? `run ${item.name}` : item.name;
}

/** The current deployment's state; one that is not deployed is never called deployed. */
function CurrentState(props: { current: DeploymentContents["current"] }) {
  const { state, result } = props.current;
  return state ? (
    <TraceStatus
      status={result}
      label={deploymentStateText(state)}
      icon={deploymentStateIcon(state)}
      className="margin-right-8"
    />
  ) : (
    <TraceStatus status={result} className="margin-right-8" />
  );
}

function currentText(current: DeploymentContents["current"], now: Date): string {
  if (current.deployedAt) return `, deployed ${when(current.deployedAt, now)}.`;
  if (!current.state) return ": no deployment of it there.";
  return `: not deployed there (${stateWord(current.state)}).`;
}

/** An empty list, said only when every read succeeded (see EarnedEmpty). */
function Empty(props: { text: string; partial: boolean }) {
  return (
    <EarnedEmpty partial={props.partial}>
      <div className="rt-muted">{props.text}</div>
    </EarnedEmpty>
  );
}

function comparisonText(contents: DeploymentContents, now: Date): string {
  const count = plural(contents.included.length, contents.kind === "yaml" ? "run" : "release");
  switch (contents.comparison) {
    case "since-previous":
      return `Compared with the previous deployment to ${contents.environment}, ${subjectName(
        contents.previous!,
      )} deployed ${when(contents.previous!.deployedAt, now)}: ${count} brought in.`;
    case "other-branch":
      return `The previous deployment to ${contents.environment} (${subjectName(
        contents.previous!,
      )}) came from another branch, so only this ${contents.kind === "yaml" ? "run" : "release"}'s own changes are listed.`;
    case "first-deployment":
      if (contents.notAvailable.length > 0) {
        // Not earned: an earlier deployment may be among what could not be read.
        return `No earlier deployment of this pipeline to ${contents.environment} could be read, so only this ${contents.kind === "yaml" ? "run" : "release"}'s own changes are listed.`;
      }
      return `Nothing of this pipeline was deployed to ${contents.environment} before, so only this ${contents.kind === "yaml" ? "run" : "release"}'s own changes are listed.`;
  }
}

/** Longer lists render only the rows in view (a deployment may bring thousands). */
const PLAIN_TABLE_ROWS = 100;

const workItemColumns: WindowedColumn[] = [
  { id: "id", header: "Id", width: 90 },
  { id: "title", header: "Title", width: 420 },
  { id: "type", header: "Type", width: 120 },
  { id: "state", header: "State", width: 110 },
  { id: "already", header: "Already there", width: 260 },
];

const pullRequestColumns: WindowedColumn[] = [
  { id: "pr", header: "Pull request", width: 380 },
  { id: "status", header: "Status", width: 120 },
  { id: "reviewers", header: "Reviewers and votes", width: 260 },
  { id: "policies", header: "Policies", width: 300 },
];

const commitColumns: WindowedColumn[] = [
  { id: "commit", header: "Commit", width: 100 },
  { id: "repository", header: "Repository", width: 150 },
  { id: "message", header: "Message", width: 300 },
  { id: "author", header: "Author", width: 140 },
  { id: "workItems", header: "Work items", width: 140 },
];

function ContentsBody(props: {
  result: ContentsResult;
  now: Date;
  onDownload: (file: TextFile) => void;
  organization: string;
}) {
  const { result, now, onDownload, organization } = props;
  const { contents, packs } = result;
  const { links, project } = useUiEnvironment();
  const partial = contents.notAvailable.length > 0;
  const subjectLink = (item: IncludedDeployment) =>
    item.kind === "run" ? links.build(item.id) : links.release(item.id);
  return (
    <div className="rt-trace-view flex-column rhythm-vertical-16" aria-label="Deployment contents">
      <div className="flex-column rhythm-vertical-4">
        <div>
          <CurrentState current={contents.current} />
          {subjectName(contents.current)} to {contents.environment}
          {contents.current.branch ? ` from ${shortBranchName(contents.current.branch)}` : ""}
          {currentText(contents.current, now)}
        </div>
        <div>{comparisonText(contents, now)}</div>
        <TraceNotAvailable notes={contents.notAvailable} />
        <div className="rt-trace-toolbar" aria-label="Export">
          <Button
            text="CSV"
            iconProps={{ iconName: "Download" }}
            ariaLabel="Download what it contains as CSV"
            onClick={() => onDownload(contentsFile(contents, "csv"))}
          />
          <Button
            text="JSON"
            iconProps={{ iconName: "Download" }}
            ariaLabel="Download what it contains as JSON"
            onClick={() => onDownload(contentsFile(contents, "json"))}
          />
        </div>
      </div>

      <Section
        title={contents.kind === "yaml" ? "Runs brought in" : "Releases brought in"}
        count={contents.included.length}
      >
        <table className="rt-table body-s">
          <thead>
            <tr>
              <th scope="col">{contents.kind === "yaml" ? "Run" : "Release"}</th>
              <th scope="col">Branch</th>
              <th scope="col">Queued</th>
              <th scope="col">Evidence pack</th>
            </tr>
          </thead>
          <tbody>
            {contents.included.map((item) => {
              const pack = packs.get(packKey(item.kind, item.id));
              const context = { organization, project, generatedAt: now };
              return (
                <tr key={packKey(item.kind, item.id)}>
                  <td>
                    <WebLink href={subjectLink(item)}>{item.name}</WebLink>
                  </td>
                  <td>{item.branch ? shortBranchName(item.branch) : "–"}</td>
                  <td>{when(item.at, now)}</td>
                  <td>
                    {pack && (
                      <div className="rt-trace-toolbar">
                        <Button
                          subtle
                          text="Markdown"
                          iconProps={{ iconName: "Download" }}
                          ariaLabel={`Download the evidence pack of ${subjectName(item)} as Markdown`}
                          onClick={() => onDownload(evidenceFile(pack, "md", context))}
                        />
                        <Button
                          subtle
                          text="JSON"
                          iconProps={{ iconName: "Download" }}
                          ariaLabel={`Download the evidence pack of ${subjectName(item)} as JSON`}
                          onClick={() => onDownload(evidenceFile(pack, "json", context))}
                        />
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>

      <Section title="Work items" count={contents.workItems.length}>
        {contents.workItems.length === 0 ? (
          <Empty text="No work items." partial={partial} />
        ) : contents.workItems.length > PLAIN_TABLE_ROWS ? (
          <WindowedTable
            rows={contents.workItems}
            columns={workItemColumns}
            rowHeight={32}
            rowKey={(item) => item.id}
            ariaLabel="Work items"
            height={480}
            renderCell={(item, column) =>
              column.id === "id" ? (
                <WebLink href={links.workItem(item.id)}>{item.id}</WebLink>
              ) : column.id === "title" ? (
                <span title={item.title}>{item.title}</span>
              ) : column.id === "type" ? (
                item.type
              ) : column.id === "already" ? (
                alreadyThere(contents, item)
              ) : (
                item.state
              )
            }
          />
        ) : (
          <table className="rt-table body-s">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Title</th>
                <th scope="col">Type</th>
                <th scope="col">State</th>
                <th scope="col">Already there</th>
              </tr>
            </thead>
            <tbody>
              {contents.workItems.map((item) => (
                <tr key={item.id}>
                  <td>
                    <WebLink href={links.workItem(item.id)}>{item.id}</WebLink>
                  </td>
                  <td>{item.title}</td>
                  <td>{item.type}</td>
                  <td>{item.state}</td>
                  <td>{alreadyThere(contents, item)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Pull requests" count={contents.pullRequests.length}>
        {contents.pullRequests.length === 0 ? (
          <Empty text="No pull requests." partial={partial} />
        ) : contents.pullRequests.length > PLAIN_TABLE_ROWS ? (
          <WindowedTable
            rows={contents.pullRequests}
            columns={pullRequestColumns}
            rowHeight={52}
            rowKey={(pr) => `${pr.repository}:${pr.id}`}
            ariaLabel="Pull requests"
            height={480}
            renderCell={(pr, column) =>
              column.id === "pr" ? (
                <div className="flex-column">
                  <WebLink href={links.pullRequest(pr.repository, pr.id)}>
                    !{pr.id} {pr.title}
                  </WebLink>
                  <span className="rt-trace-note text-ellipsis">
                    {pr.repository} · into {shortBranchName(pr.targetBranch)}
                    {pr.mergedInThis ? " · merged in this deployment" : ""}
                  </span>
                </div>
              ) : column.id === "status" ? (
                <TraceStatus status={pr.status} label={pullRequestStatusText(pr.status)} />
              ) : column.id === "reviewers" ? (
                pr.reviewers.length === 0 ? (
                  <span className="rt-muted">No reviewers</span>
                ) : (
                  <TraceReviewerVotes reviewers={pr.reviewers} />
                )
              ) : (
                <span>
                  {pr.policyBypass &&
                    `Bypassed by ${pr.policyBypass.by ?? "someone"}: ${pr.policyBypass.reason ?? "no reason given"}. `}
                  {pr.policyEvaluations === null
                    ? !pr.policyBypass && "–"
                    : pr.policyEvaluations
                        .map((evaluation) => `${evaluation.type}: ${evaluation.status}`)
                        .join(", ")}
                </span>
              )
            }
          />
        ) : (
          <table className="rt-table body-s">
            <thead>
              <tr>
                <th scope="col" className="rt-trace-col-wide">
                  Pull request
                </th>
                <th scope="col">Status</th>
                <th scope="col">Reviewers and votes</th>
                <th scope="col">Policies</th>
              </tr>
            </thead>
            <tbody>
              {contents.pullRequests.map((pr) => (
                <tr key={pr.id}>
                  <td>
                    <WebLink href={links.pullRequest(pr.repository, pr.id)}>
                      !{pr.id} {pr.title}
                    </WebLink>
                    <div className="rt-trace-note">
                      {pr.repository} · into {shortBranchName(pr.targetBranch)}
                      {pr.mergedInThis ? " · merged in this deployment" : ""}
                    </div>
                  </td>
                  <td>
                    <TraceStatus status={pr.status} label={pullRequestStatusText(pr.status)} />
                  </td>
                  <td>
                    {pr.reviewers.length === 0 ? (
                      <span className="rt-muted">No reviewers</span>
                    ) : (
                      <TraceReviewerVotes reviewers={pr.reviewers} />
                    )}
                  </td>
                  <td>
                    {pr.policyBypass && (
                      <div>
                        <TraceStatus
                          status="failed"
                          icon="Warning"
                          label={`Bypassed by ${pr.policyBypass.by ?? "someone"}: ${pr.policyBypass.reason ?? "no reason given"}`}
                        />
                      </div>
                    )}
                    {pr.policyEvaluations === null ? (
                      !pr.policyBypass && <span className="rt-muted">–</span>
                    ) : (
                      <ul className="rt-list">
                        {pr.policyEvaluations.map((evaluation) => (
                          <li key={`${evaluation.configurationId}:${evaluation.revision}`}>
                            <TraceStatus
                              status={
                                evaluation.status === "approved" ? "succeeded" : evaluation.status
                              }
                              label={`${evaluation.type}: ${evaluation.status}`}
                            />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Commits" count={contents.commits.length}>
        {contents.commits.length === 0 ? (
          <Empty text="No commits." partial={partial} />
        ) : contents.commits.length > PLAIN_TABLE_ROWS ? (
          <WindowedTable
            rows={contents.commits}
            columns={commitColumns}
            rowHeight={32}
            rowKey={(commit) => `${commit.repository}:${commit.id}`}
            ariaLabel="Commits"
            height={480}
            renderCell={(commit, column) =>
              column.id === "commit" ? (
                <TraceCommitLink commit={commit} />
              ) : column.id === "repository" ? (
                `${commit.repository}${unknownText(commit.unknown)}`
              ) : column.id === "message" ? (
                <span title={commit.message ?? undefined}>{commit.message ?? "–"}</span>
              ) : column.id === "author" ? (
                (commit.author ?? "–")
              ) : commit.workItemIds === null ? (
                "not read"
              ) : commit.workItemIds.length === 0 ? (
                "none"
              ) : (
                commit.workItemIds.join(", ")
              )
            }
          />
        ) : (
          <table className="rt-table body-s">
            <thead>
              <tr>
                <th scope="col">Commit</th>
                <th scope="col">Message</th>
                <th scope="col">Author</th>
                <th scope="col">Work items</th>
              </tr>
            </thead>
            <tbody>
              {contents.commits.map((commit) => (
                <tr key={commit.id}>
                  <td>
                    <TraceCommitLink commit={commit} />
                    <div className="rt-trace-note">{commit.repository}</div>
                    <UnknownFieldsMarker unknown={commit.unknown} />
                  </td>
                  <td>{commit.message ?? "–"}</td>
                  <td>{commit.author ?? "–"}</td>
                  <td>
                    {commit.workItemIds === null
                      ? "not read"
                      : commit.workItemIds.length === 0
                        ? "none"
                        : commit.workItemIds.join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Stages" count={contents.stages.length}>
        {contents.stages.length === 0 ? (
          <Empty text="No stages read." partial={partial} />
        ) : (
          <ul className="rt-list">
            {contents.stages.map((stage, index) => (
              <li key={index}>
                <TraceStatus
                  status={stage.result}
                  icon={deploymentStateIcon(stage.state)}
                  label={`${stage.name}${stage.environment ? ` → ${stage.environment}` : ""}: ${stateWord(stage.state)}`}
                />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Approvals" count={contents.approvals.length}>
        {contents.approvals.length === 0 ? (
          <Empty text="No approvals." partial={partial} />
        ) : (
          <table className="rt-table body-s">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Outcome</th>
                <th scope="col">Approver</th>
                <th scope="col">When</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {contents.approvals.map((approval, index) => (
                <tr key={index}>
                  <td>{approval.stage}</td>
                  <td>
                    <TraceStatus
                      status={approval.status.replace(/ \(automated\)$/, "")}
                      label={`${statusText(approval.status.replace(/ \(automated\)$/, ""))}${
                        approval.status.endsWith("(automated)") ? " (automated)" : ""
                      }`}
                    />
                  </td>
                  <td>{approval.approver ?? "–"}</td>
                  <td>{approval.time ? when(approval.time, now) : "–"}</td>
                  <td>{approval.comment ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Checks and gates" count={contents.checks.length}>
        {contents.checks.length === 0 ? (
          <Empty text="No checks or gates." partial={partial} />
        ) : (
          <table className="rt-table body-s">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Check or gate</th>
                <th scope="col">Outcome</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {contents.checks.map((check, index) => (
                <tr key={index}>
                  <td>{check.stage}</td>
                  <td>{check.name}</td>
                  <td>
                    <TraceStatus
                      status={check.status.replace(/ \(ignored\)$/, "")}
                      label={check.status}
                    />
                  </td>
                  <td>{check.message ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Gaps" count={contents.gaps.length}>
        <TraceGapList gaps={contents.gaps} partial={partial} />
      </Section>
    </div>
  );
}

/** What a deployment brought to an environment, beside the matrix or the work item lookup. */
export function TraceContentsPanel(props: {
  subject: DeploymentSubject;
  pipeline: string;
  session: TraceSession;
  organization: string;
  now: Date;
  onDismiss: () => void;
  onDownload: (file: TextFile) => void;
}) {
  const { subject, session, now, onDownload, organization } = props;
  const [state, setState] = React.useState<LoadState>({ status: "loading" });
  usePanelKeyboard(props.onDismiss);
  React.useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    deploymentContents(session, subject, {
      onProgress: (progress) => {
        if (current) setState({ status: "loading", progress });
      },
    }).then(
      (result) => current && setState({ status: "done", result }),
      (error: unknown) => current && setState({ status: "failed", error }),
    );
    return () => {
      current = false;
    };
  }, [session, subject]);
  const name =
    subject.kind === "run"
      ? `run ${subject.name ?? subject.runId}`
      : (subject.name ?? `release ${subject.releaseId}`);
  return (
    <Panel
      onDismiss={props.onDismiss}
      size={ContentSize.Large}
      titleProps={{ text: `${props.pipeline} → ${subject.environment}` }}
      description={`What ${name} brought to ${subject.environment}`}
      footerButtonProps={[{ text: "Close", onClick: props.onDismiss }]}
    >
      {state.status === "loading" && (
        <div className="flex-column rhythm-vertical-8" aria-live="polite" role="status">
          <span>
            {state.progress && state.progress.total > 0
              ? `Reading evidence ${state.progress.done} of ${state.progress.total}…`
              : "Finding the previous deployment…"}
          </span>
          <div className="rt-trace-progress" role="progressbar" aria-label="Reading the contents" />
        </div>
      )}
      {state.status === "failed" && (
        <ErrorCard error={state.error} whatFailed={`Could not read what ${name} contains`} />
      )}
      {state.status === "done" && (
        <ContentsBody
          result={state.result}
          now={now}
          onDownload={onDownload}
          organization={organization}
        />
      )}
    </Panel>
  );
}
