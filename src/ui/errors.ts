import { isSourceError, kindWords, type SourceErrorKind } from "../core/sources";

export interface ErrorDescription {
  /** What failed, e.g. "Could not load repositories". */
  title: string;
  /** Why, in one plain sentence: never a URL, GUID or TF code for a source error. */
  detail: string;
  kind?: SourceErrorKind;
}

/** A source error in one plain sentence: "Azure DevOps did not answer (server error, 5 tries)." */
export function sourceErrorSentence(error: { kind: SourceErrorKind; attempts?: number }): string {
  if (error.kind === "unsupported")
    return `This Azure DevOps version cannot give it (${kindWords(error.kind)}).`;
  const tries = error.attempts && error.attempts > 1 ? `, ${error.attempts} tries` : "";
  return `Azure DevOps did not answer (${kindWords(error.kind)}${tries}).`;
}

/**
 * Turns any thrown value into words a user can act on; never an empty message. A source error is
 * said in a plain sentence (its technical reason belongs behind "Details", see
 * NotAvailableNotice); another error's own message is kept.
 */
export function describeError(error: unknown, whatFailed: string): ErrorDescription {
  if (isSourceError(error)) {
    return { title: whatFailed, detail: sourceErrorSentence(error), kind: error.kind };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: whatFailed, detail: message || "Unknown error." };
}
