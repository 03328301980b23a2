import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { ContentSize } from "azure-devops-ui/Callout";
import { Panel } from "azure-devops-ui/Panel";
import { usePanelKeyboard } from "./panelKeyboard";
import type { TraceSession } from "../../core/trace/session";
import { useUiEnvironment } from "../context";
import type { WebLinks } from "../links";
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
import type { EvidencePack } from "../../core/trace/types";
import { contentsFile, evidenceFile, type TextFile } from "../trace/exports";
import { stateWord } from "../../core/vocabulary";
import { alreadyThere } from "../../core/report/changes";
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
  AgeAndTime,
  ageAndTime,
  TraceCommitLink,
  TraceReviewerVotes,
  TraceSection as Section,
} from "./TraceShared";
import { TraceStatus } from "./TraceStatus";
import { DataTable, type DataColumn } from "./DataTable";
import { WindowedDataTable } from "./WindowedDataTable";
import { WebLink } from "./WebLink";
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

/** The runs or releases a deployment brought, each with its evidence pack's downloads. */
function includedColumns(options: {
  contents: DeploymentContents;
  packs: ContentsResult["packs"];
  now: Date;
  link: (item: IncludedDeployment) => string;
  download: (pack: EvidencePack, format: "md" | "json") => void;
}): DataColumn<IncludedDeployment>[] {
  const { contents, packs, now, link, download } = options;
  const packButtons = (item: IncludedDeployment) => {
    const pack = packs.get(packKey(item.kind, item.id));
    if (!pack) return null;
    return (
      <div className="flex-row rhythm-horizontal-8">
        {(["md", "json"] as const).map((format) => (
          <Button
            key={format}
            subtle
            text={format === "md" ? "Markdown" : "JSON"}
            iconProps={{ iconName: "Download" }}
            ariaLabel={`Download the evidence pack of ${subjectName(item)} as ${format === "md" ? "Markdown" : "JSON"}`}
            onClick={() => download(pack, format)}
          />
        ))}
      </div>
    );
  };
  return [
    {
      id: "subject",
      header: contents.kind === "yaml" ? "Run" : "Release",
      render: (item) => <WebLink href={link(item)}>{item.name}</WebLink>,
    },
    {
      id: "branch",
      header: "Branch",
      render: (item) => (item.branch ? shortBranchName(item.branch) : "–"),
    },
    {
      id: "queued",
      header: "Queued",
      render: (item) => (item.at ? <AgeAndTime at={item.at} now={now} /> : "–"),
    },
    { id: "pack", header: "Evidence pack", render: packButtons },
  ];
}

type WorkItem = DeploymentContents["workItems"][number];
type PullRequest = DeploymentContents["pullRequests"][number];
type Commit = DeploymentContents["commits"][number];
type Approval = DeploymentContents["approvals"][number];
type Check = DeploymentContents["checks"][number];

/** Rows of a long list once windowed: one line (two for pull requests), in a 480 px box. */
const ONE_LINE = { rowHeight: 32, height: 480 };
const TWO_LINES = { rowHeight: 52, height: 480 };

function workItemColumns(contents: DeploymentContents, links: WebLinks): DataColumn<WorkItem>[] {
  return [
    {
      id: "id",
      header: "Id",
      width: 90,
      render: (item) => <WebLink href={links.workItem(item.id)}>{item.id}</WebLink>,
    },
    {
      id: "title",
      header: "Title",
      width: 420,
      render: (item) => <span title={item.title}>{item.title}</span>,
    },
    { id: "type", header: "Type", width: 120, render: (item) => item.type },
    { id: "state", header: "State", width: 110, render: (item) => item.state },
    {
      id: "already",
      header: "Already there",
      width: 260,
      render: (item) => alreadyThere(contents, item),
    },
  ];
}

function PolicyCell(props: { pr: PullRequest }) {
  const { pr } = props;
  return (
    <>
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
                status={evaluation.status === "approved" ? "succeeded" : evaluation.status}
                label={`${evaluation.type}: ${evaluation.status}`}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function pullRequestColumns(links: WebLinks): DataColumn<PullRequest>[] {
  return [
    {
      id: "pr",
      header: "Pull request",
      width: 380,
      render: (pr) => (
        <div className="flex-column">
          <WebLink href={links.pullRequest(pr.repository, pr.id)}>
            !{pr.id} {pr.title}
          </WebLink>
          <span className="rt-trace-note">
            {pr.repository} · into {shortBranchName(pr.targetBranch)}
            {pr.mergedInThis ? " · merged in this deployment" : ""}
          </span>
        </div>
      ),
    },
    {
      id: "status",
      header: "Status",
      width: 120,
      render: (pr) => <TraceStatus status={pr.status} label={pullRequestStatusText(pr.status)} />,
    },
    {
      id: "reviewers",
      header: "Reviewers and votes",
      width: 260,
      render: (pr) =>
        pr.reviewers.length === 0 ? (
          <span className="rt-muted">No reviewers</span>
        ) : (
          <TraceReviewerVotes reviewers={pr.reviewers} />
        ),
    },
    { id: "policies", header: "Policies", width: 300, render: (pr) => <PolicyCell pr={pr} /> },
  ];
}

const commitColumns: DataColumn<Commit>[] = [
  {
    id: "commit",
    header: "Commit",
    width: 100,
    render: (commit) => <TraceCommitLink commit={commit} />,
  },
  {
    id: "repository",
    header: "Repository",
    width: 150,
    render: (commit) => (
      <>
        {commit.repository}
        <UnknownFieldsMarker unknown={commit.unknown} />
      </>
    ),
  },
  {
    id: "message",
    header: "Message",
    width: 300,
    render: (commit) => <span title={commit.message ?? undefined}>{commit.message ?? "–"}</span>,
  },
  { id: "author", header: "Author", width: 140, render: (commit) => commit.author ?? "–" },
  {
    id: "workItems",
    header: "Work items",
    width: 140,
    render: (commit) =>
      commit.workItemIds === null
        ? "Not read"
        : commit.workItemIds.length === 0
          ? "None"
          : commit.workItemIds.join(", "),
  },
];

function approvalColumns(now: Date): DataColumn<Approval>[] {
  const outcome = (approval: Approval) => approval.status.replace(/ \(automated\)$/, "");
  return [
    { id: "stage", header: "Stage", render: (approval) => approval.stage },
    {
      id: "outcome",
      header: "Outcome",
      render: (approval) => (
        <TraceStatus
          status={outcome(approval)}
          label={`${statusText(outcome(approval))}${
            approval.status.endsWith("(automated)") ? " (automated)" : ""
          }`}
        />
      ),
    },
    { id: "approver", header: "Approver", render: (approval) => approval.approver ?? "–" },
    {
      id: "when",
      header: "When",
      render: (approval) => (approval.time ? <AgeAndTime at={approval.time} now={now} /> : "–"),
    },
    { id: "comment", header: "Comment", render: (approval) => approval.comment ?? "–" },
  ];
}

const checkColumns: DataColumn<Check>[] = [
  { id: "stage", header: "Stage", render: (check) => check.stage },
  { id: "name", header: "Check or gate", render: (check) => check.name },
  {
    id: "outcome",
    header: "Outcome",
    render: (check) => (
      <TraceStatus status={check.status.replace(/ \(ignored\)$/, "")} label={check.status} />
    ),
  },
  { id: "message", header: "Message", render: (check) => check.message ?? "–" },
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
        <div className="rt-trace-toolbar margin-top-8" aria-label="Export">
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
        <DataTable
          rows={contents.included}
          columns={includedColumns({
            contents,
            packs,
            now,
            link: subjectLink,
            download: (pack, format) =>
              onDownload(evidenceFile(pack, format, { organization, project, generatedAt: now })),
          })}
          rowKey={(item) => packKey(item.kind, item.id)}
          ariaLabel={contents.kind === "yaml" ? "Runs brought in" : "Releases brought in"}
        />
      </Section>

      <Section title="Work items" count={contents.workItems.length}>
        {contents.workItems.length === 0 ? (
          <Empty text="No work items." partial={partial} />
        ) : (
          <WindowedDataTable
            rows={contents.workItems}
            columns={workItemColumns(contents, links)}
            rowKey={(item) => item.id}
            ariaLabel="Work items"
            {...ONE_LINE}
          />
        )}
      </Section>

      <Section title="Pull requests" count={contents.pullRequests.length}>
        {contents.pullRequests.length === 0 ? (
          <Empty text="No pull requests." partial={partial} />
        ) : (
          <WindowedDataTable
            rows={contents.pullRequests}
            columns={pullRequestColumns(links)}
            rowKey={(pr) => `${pr.repository}:${pr.id}`}
            ariaLabel="Pull requests"
            {...TWO_LINES}
          />
        )}
      </Section>

      <Section title="Commits" count={contents.commits.length}>
        {contents.commits.length === 0 ? (
          <Empty text="No commits." partial={partial} />
        ) : (
          <WindowedDataTable
            rows={contents.commits}
            columns={commitColumns}
            rowKey={(commit) => `${commit.repository}:${commit.id}`}
            ariaLabel="Commits"
            {...ONE_LINE}
          />
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
          <DataTable
            rows={contents.approvals}
            columns={approvalColumns(now)}
            rowKey={(_approval, index) => index}
            ariaLabel="Approvals"
          />
        )}
      </Section>

      <Section title="Checks and gates" count={contents.checks.length}>
        {contents.checks.length === 0 ? (
          <Empty text="No checks or gates." partial={partial} />
        ) : (
          <DataTable
            rows={contents.checks}
            columns={checkColumns}
            rowKey={(_check, index) => index}
            ariaLabel="Checks and gates"
          />
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
