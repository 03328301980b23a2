/**
 * Why a source could not answer. Engines turn these into `not-available` outcomes with the
 * reason; they never turn "could not read" into "failed".
 *
 * - `sign-in`: Azure DevOps answered with a sign-in page (HTML, or 203) where data was expected.
 * - `deadline`: the command's overall deadline passed before the read finished.
 * - `unsupported`: the server has no such route at any version it serves (an older Azure DevOps
 *   Server); asking again will never help.
 */
export type SourceErrorKind =
  | "auth"
  | "permission"
  | "not-found"
  | "throttled"
  | "server"
  | "network"
  | "malformed"
  | "sign-in"
  | "deadline"
  | "unsupported";

export const SOURCE_ERROR_KINDS: readonly SourceErrorKind[] = [
  "auth",
  "permission",
  "not-found",
  "throttled",
  "server",
  "network",
  "malformed",
  "sign-in",
  "deadline",
  "unsupported",
];

export interface SourceErrorDetails {
  /** The request URL (never carries a token). */
  url?: string;
  status?: number;
  /** How many times the request was sent before giving up (1 when it was not retried). */
  attempts?: number;
}

export class SourceError extends Error {
  readonly kind: SourceErrorKind;
  /** The request URL (never carries a token). */
  readonly url?: string;
  readonly status?: number;
  readonly attempts?: number;

  constructor(kind: SourceErrorKind, message: string, details: SourceErrorDetails = {}) {
    super(message);
    this.name = "SourceError";
    this.kind = kind;
    this.url = details.url;
    this.status = details.status;
    this.attempts = details.attempts;
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}
