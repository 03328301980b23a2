/** Small pieces the traceability views (hub path, deployment contents, form group) share. */
import * as React from "react";
import type { TraceDeployment } from "../../core/trace/types";
import { useUiEnvironment } from "../context";
import { formatAge } from "../format";
import { shortSha, voteIcon, voteWord } from "../trace/status";
import { TraceStatus } from "./TraceStatus";
import { WebLink } from "./WebLink";

/** A titled section of a traceability view, with the number of items when it has a list. */
export function TraceSection(props: { title: string; count?: number; children: React.ReactNode }) {
  return (
    <section className="rt-trace-section" aria-label={props.title}>
      <h3 className="rt-trace-section-title">
        {props.title}
        {props.count !== undefined && <span className="rt-muted"> ({props.count})</span>}
      </h3>
      {props.children}
    </section>
  );
}

/** Each reviewer of a pull request with the vote as icon and words. */
export function TraceReviewerVotes(props: {
  reviewers: ReadonlyArray<{ name: string; vote: number }>;
}) {
  return (
    <ul className="rt-list">
      {props.reviewers.map((reviewer, index) => (
        <li key={index}>
          <TraceStatus
            status={null}
            icon={voteIcon(reviewer.vote)}
            label={`${reviewer.name}: ${voteWord(reviewer.vote)}`}
          />
        </li>
      ))}
    </ul>
  );
}

/** A link to the run or Classic release that made a deployment. */
export function TraceDeploymentLink(props: { deployment: TraceDeployment }) {
  const { deployment } = props;
  const { links } = useUiEnvironment();
  return (
    <WebLink
      href={
        deployment.runId !== undefined
          ? links.build(deployment.runId)
          : links.release(deployment.releaseId as number)
      }
    >
      {deploymentName(deployment)}
    </WebLink>
  );
}

/** "run 20250304.1" or "Release-3": a run by its number, a release by its name. */
export function deploymentName(deployment: TraceDeployment): string {
  return deployment.runId !== undefined ? `run ${deployment.name}` : deployment.name;
}

/**
 * A commit's repository as text: its name, or nothing when only its id is known (a marker beside
 * it says the repository could not be read; an id means nothing to a reader).
 */
export function commitRepositoryText(commit: {
  repository: string;
  unknown?: readonly { fields?: readonly string[] }[];
}): string | undefined {
  const unread = commit.unknown?.some((note) => note.fields?.includes("repository"));
  return unread ? undefined : commit.repository;
}

/** A commit's short id, linked to the commit in its repository. */
export function TraceCommitLink(props: { commit: { id: string; repository: string } }) {
  const { commit } = props;
  const { links } = useUiEnvironment();
  return (
    <WebLink className="rt-trace-mono" href={links.commit(commit.repository, commit.id)}>
      {shortSha(commit.id)}
    </WebLink>
  );
}

/** "3 h ago (2026-05-01 10:20 UTC)": how long ago, then when exactly. */
export function ageAndTime(at: string, now: Date): string {
  return `${formatAge(new Date(at), now)} ago (${at.slice(0, 16).replace("T", " ")} UTC)`;
}

/**
 * ageAndTime for a table cell: the age, then the exact time in the secondary colour. The age, the
 * day and the time of day each stay whole; a narrow column breaks only between them.
 */
export function AgeAndTime(props: { at: string; now: Date }) {
  const { at, now } = props;
  return (
    <>
      <span className="rt-nowrap">{formatAge(new Date(at), now)} ago</span>{" "}
      <span className="rt-muted">
        <span className="rt-nowrap">({at.slice(0, 10)}</span>{" "}
        <span className="rt-nowrap">{at.slice(11, 16)} UTC)</span>
      </span>
    </>
  );
}
