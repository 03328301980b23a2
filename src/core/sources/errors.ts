/**
 * Why a source could not answer. Engines turn these into `not-available` outcomes with the
 * reason; they never turn "could not read" into "failed".
 */
export type SourceErrorKind =
  "auth" | "permission" | "not-found" | "throttled" | "server" | "network" | "malformed";

export class SourceError extends Error {
  readonly kind: SourceErrorKind;
  /** The request URL (never carries a token). */
  readonly url?: string;
  readonly status?: number;

  constructor(
    kind: SourceErrorKind,
    message: string,
    details: { url?: string; status?: number } = {},
  ) {
    super(message);
    this.name = "SourceError";
    this.kind = kind;
    this.url = details.url;
    this.status = details.status;
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}
