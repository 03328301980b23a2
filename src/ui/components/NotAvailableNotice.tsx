import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { sourceErrorSentence } from "../errors";
import {
  isSourceError,
  plainSentence,
  type NotAvailable,
  type SourceErrorKind,
} from "../../core/sources";
import "./ui.css";

/** What a user reads first (plain sentences), and what sits behind "Details" (the technical). */
export interface NoticeText {
  sentences: string[];
  details: string[];
}

/**
 * A not-available entry as views get it. The kind is optional only while an engine still reports
 * the older `{what, reason}` shape; without it the sentence cannot say why.
 */
export type NoticeEntry = Omit<NotAvailable, "kind"> & { kind?: SourceErrorKind };

function sentenceOf(entry: NoticeEntry): string {
  return entry.kind
    ? plainSentence({ ...entry, kind: entry.kind })
    : `Azure DevOps did not answer for the ${entry.what}.`;
}

/** At most this many sentences are shown; the rest are counted, and all are in the details. */
const SHOWN = 5;

let noticeCount = 0;

function detailOf(entry: NoticeEntry): string {
  const parts: string[] = entry.kind ? [entry.kind] : [];
  if (entry.status !== undefined) parts.push(`HTTP ${entry.status}`);
  if (entry.attempts !== undefined) parts.push(`${entry.attempts} tries`);
  const fields = entry.fields?.length ? ` [${entry.fields.join(", ")}]` : "";
  const why = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  return `${entry.what}${fields}${why}: ${entry.reason}`;
}

/** The notice's text for not-available entries: one plain sentence each, duplicates once. */
export function noticeOfNotes(notes: readonly NoticeEntry[]): NoticeText {
  return {
    sentences: [...new Set(notes.map(sentenceOf))],
    details: [...new Set(notes.map(detailOf))],
  };
}

/** The notice's text for a load that failed as a whole; a bug is said to be one. */
export function noticeOfError(error: unknown): NoticeText {
  if (isSourceError(error)) {
    const status = error.status === undefined ? "" : ` HTTP ${error.status}`;
    return {
      sentences: [sourceErrorSentence(error)],
      details: [`${error.kind}${status}: ${error.message}`, ...(error.url ? [error.url] : [])],
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    // Not a failed read: never dressed up as missing data; what it was is in the details.
    sentences: ["An unexpected error stopped this view; it is not an answer from Azure DevOps."],
    details: [message || "Unknown error."],
  };
}

export interface NotAvailableNoticeProps {
  /** What could not be read. */
  notes?: readonly NoticeEntry[];
  /** A load that failed as a whole (instead of, or as well as, `notes`). */
  error?: unknown;
  /** The heading; by default it says that items may be missing. */
  title?: string;
  severity?: "warning" | "error";
  className?: string;
}

/**
 * The one way every view says what it could not read: a heading, one plain sentence per source
 * ("Azure DevOps did not answer for the release definitions (server error, 5 tries)."), and the
 * technical detail (REST reasons, status codes, URLs) behind a "Details" toggle, closed at first.
 * Renders nothing when everything was read.
 */
export function NotAvailableNotice(props: NotAvailableNoticeProps) {
  const [open, setOpen] = React.useState(false);
  const [detailsId] = React.useState(() => `rt-notice-details-${++noticeCount}`);
  const fromNotes = noticeOfNotes(props.notes ?? []);
  const fromError = props.error === undefined ? undefined : noticeOfError(props.error);
  const sentences = [...(fromError?.sentences ?? []), ...fromNotes.sentences];
  const details = [...(fromError?.details ?? []), ...fromNotes.details];
  if (sentences.length === 0) return null;
  const title = props.title ?? "Some data could not be read, so items may be missing.";
  const more = sentences.length - SHOWN;
  return (
    <MessageCard
      className={`rt-notice ${props.className ?? ""}`}
      severity={
        props.severity === "error" ? MessageCardSeverity.Error : MessageCardSeverity.Warning
      }
      role="alert"
    >
      <section aria-label="Not available" className="flex-column rt-notice-body">
        <span className="font-weight-semibold">{title}</span>
        <ul className="rt-notice-sentences">
          {sentences.slice(0, SHOWN).map((sentence) => (
            <li key={sentence}>{sentence}</li>
          ))}
          {more > 0 && <li>and {more} more (see Details).</li>}
        </ul>
        <div>
          <Button
            className="rt-notice-toggle"
            subtle
            text="Details"
            ariaExpanded={open}
            ariaControls={detailsId}
            iconProps={{ iconName: open ? "ChevronUp" : "ChevronDown" }}
            onClick={() => setOpen(!open)}
          />
        </div>
        {open && (
          <ul id={detailsId} className="rt-notice-details" aria-label="Details">
            {details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        )}
      </section>
    </MessageCard>
  );
}

/**
 * An empty state that must be earned: `children` ("No commits.", "Nothing is waiting") only when
 * every read it depends on succeeded; otherwise it says that items may be missing.
 */
export function EarnedEmpty(props: { partial: boolean; children: React.ReactNode }) {
  if (!props.partial) return <>{props.children}</>;
  return (
    <div className="rt-muted" role="note" aria-label="May be incomplete">
      None could be read; some may be missing (see the notice).
    </div>
  );
}
