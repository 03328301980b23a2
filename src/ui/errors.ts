import { isSourceError, type SourceErrorKind } from "../core/sources";

const kindExplanations: Record<SourceErrorKind, string> = {
  auth: "Azure DevOps did not accept the sign-in (authentication)",
  permission: "You do not have permission to read this (permission)",
  "not-found": "Azure DevOps could not find it (not found)",
  throttled: "Azure DevOps is rate-limiting requests; try again in a minute (throttled)",
  server: "Azure DevOps answered with a server error (server)",
  network: "The request did not reach Azure DevOps (network)",
  malformed: "Azure DevOps answered in a form this extension does not understand (malformed)",
  "sign-in": "Azure DevOps answered with a sign-in page instead of data (sign-in)",
  deadline: "The time allowed for reading ran out (deadline)",
};

export interface ErrorDescription {
  /** What failed, e.g. "Could not load repositories". */
  title: string;
  /** Why, with the error kind when the source classified it. */
  detail: string;
  kind?: SourceErrorKind;
}

/** Turns any thrown value into words a user can act on; never an empty message. */
export function describeError(error: unknown, whatFailed: string): ErrorDescription {
  if (isSourceError(error)) {
    const status = error.status !== undefined ? ` HTTP ${error.status}.` : "";
    return {
      title: whatFailed,
      detail: `${kindExplanations[error.kind]}: ${error.message}.${status}`.replace(/\.\./g, "."),
      kind: error.kind,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: whatFailed, detail: message || "Unknown error." };
}

/**
 * A source error's message without the request line it starts with ("GET https://… failed with
 * 403 …" → "failed with 403 …"): the URL is long and says nothing the user can act on.
 */
export function shortReason(reason: string): string {
  return reason.replace(/^(GET|POST|PUT|PATCH|DELETE|HEAD) \S+ /, "");
}
