import * as React from "react";
import { useWaitNotice } from "../hooks/useWaitNotice";

/** The wait in words: "Azure DevOps is throttling (429): waiting 12 s before reading on." */
export function waitNoticeText(notice: { ms: number; reason: string }): string {
  const seconds = Math.ceil(notice.ms / 1000);
  const length = seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  return `${notice.reason}: waiting ${length} before reading on.`;
}

/**
 * A one-line notice while the REST layer waits (throttling, Retry-After, back-off over 5 s), so
 * a slow page says why. Announced politely to screen readers; gone when the wait is over.
 */
export function WaitNoticeBar() {
  const notice = useWaitNotice();
  return (
    <div role="status" aria-live="polite" className="rt-wait-notice">
      {notice ? <span className="rt-wait-notice-text">{waitNoticeText(notice)}</span> : null}
    </div>
  );
}
