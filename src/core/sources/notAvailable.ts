import { isSourceError, SourceError, type SourceErrorKind } from "./errors";

/**
 * The one "could not read" model of every engine (trace, gates, compliance, inventory, metrics).
 *
 * An entry says what could not be read and why. When the item itself was kept but some of its
 * fields could not be read (a secondary read failed), `fields` names them: those fields are
 * unknown, which is never the same as `null` ("the service says there is none").
 */
export interface NotAvailable {
  /** What could not be read, in words a user recognises: "environments", "release 12". */
  what: string;
  kind: SourceErrorKind;
  /** The technical reason (the source error's message). Shown behind "Details" only. */
  reason: string;
  /** The HTTP status, when there was one. */
  status?: number;
  /** How many times the request was sent, when it was retried. */
  attempts?: number;
  /** For an item that was kept: the fields that are unknown. */
  fields?: string[];
}

/** The not-available entry for a source error. */
export function notAvailableOf(
  what: string,
  error: SourceError,
  fields?: readonly string[],
): NotAvailable {
  const entry: NotAvailable = { what, kind: error.kind, reason: error.message };
  if (error.status !== undefined) entry.status = error.status;
  if (error.attempts !== undefined && error.attempts > 1) entry.attempts = error.attempts;
  if (fields && fields.length > 0) entry.fields = [...fields];
  return entry;
}

/**
 * Lists a port read to the end but that may still miss items: the list shifted while it was
 * paged (an id came twice, read again, and it shifted again). The list keeps one copy of each
 * id; the entry says what may be missing. Kept beside the list, not in it, so every port keeps
 * returning a plain array.
 */
const INCOMPLETE = new WeakMap<object, NotAvailable>();

/** Marks `list` as possibly incomplete; returns it. */
export function markIncomplete<T>(list: T[], entry: NotAvailable): T[] {
  INCOMPLETE.set(list, entry);
  return list;
}

/** The not-available entry of a list a port marked as possibly incomplete, if any. */
export function incompletenessOf(value: unknown): NotAvailable | undefined {
  return typeof value === "object" && value !== null ? INCOMPLETE.get(value) : undefined;
}

/**
 * A port's list, or a SourceError when it may be incomplete: for an engine that cannot keep a
 * partial list, the whole list is then not available (never silently thinner).
 */
export function completeList<T>(list: T[]): T[] {
  const entry = incompletenessOf(list);
  if (!entry) return list;
  throw new SourceError(entry.kind, entry.reason, { status: entry.status });
}

/**
 * Runs `read`. A SourceError is recorded in `notAvailable` and `fallback` is answered; anything
 * else is a bug and is thrown, so a bug is never reported as missing data. A list the port
 * marked as possibly incomplete is answered and its entry recorded.
 */
export async function attempt<T>(
  notAvailable: NotAvailable[],
  what: string,
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    const value = await read();
    const incomplete = incompletenessOf(value);
    if (incomplete) notAvailable.push({ ...incomplete, what });
    return value;
  } catch (error) {
    if (!isSourceError(error)) throw error;
    notAvailable.push(notAvailableOf(what, error));
    return fallback;
  }
}

/**
 * Runs `read` for a field of an item that is kept either way. A SourceError marks `fields` of
 * the item `what` as unknown and answers `fallback`; anything else is thrown.
 */
export async function attemptFields<T>(
  notAvailable: NotAvailable[],
  target: { what: string; fields: readonly string[] },
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isSourceError(error)) throw error;
    notAvailable.push(notAvailableOf(target.what, error, target.fields));
    return fallback;
  }
}

const KIND_WORDS: Record<SourceErrorKind, string> = {
  auth: "the sign-in was not accepted",
  permission: "no permission",
  "not-found": "not found",
  throttled: "rate-limited",
  server: "server error",
  network: "no connection",
  malformed: "an answer that could not be read",
  "sign-in": "a sign-in page instead of data",
  deadline: "out of time",
  unsupported: "not supported by this server version",
};

/** The kind of failure in a few words, for a sentence ("server error", "no permission"). */
export function kindWords(kind: SourceErrorKind): string {
  return KIND_WORDS[kind];
}

/** Field names (as in the JSON) said in words; a field not listed here is said as it is. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  timeoutAt: "the timeout",
  environment: "the environment",
  approvers: "the approvers",
  checks: "the checks",
  "checks.type": "the check types",
  instructions: "the instructions",
};

/** Fields said in words, as a list: "the environment, the timeout". */
export function fieldWords(fields: readonly string[]): string {
  return fields.map((field) => FIELD_WORDS[field] ?? field).join(", ");
}

/**
 * One plain sentence for a user: "Azure DevOps did not answer for the release definitions
 * (server error, 5 tries)." It never carries a URL, GUID or TF code; those stay in `reason`.
 */
export function plainSentence(entry: NotAvailable): string {
  if (entry.kind === "unsupported") {
    // Not a failure to answer: this server version has no such data to give.
    const subject = entry.fields?.length
      ? `${fieldWords(entry.fields)} of ${entry.what}`
      : `the ${entry.what}`;
    return `This Azure DevOps version cannot give ${subject} (${kindWords(entry.kind)}).`;
  }
  const tries = entry.attempts && entry.attempts > 1 ? `, ${entry.attempts} tries` : "";
  const why = `${kindWords(entry.kind)}${tries}`;
  if (entry.fields && entry.fields.length > 0) {
    return `Azure DevOps did not answer for ${fieldWords(entry.fields)} of ${entry.what} (${why}).`;
  }
  return `Azure DevOps did not answer for the ${entry.what} (${why}).`;
}

/** The not-available entries that concern one item (its `what`), for a per-item marker. */
export function unknownFieldsOf(notAvailable: readonly NotAvailable[], what: string): string[] {
  const fields = new Set<string>();
  for (const entry of notAvailable) {
    if (entry.what === what) for (const field of entry.fields ?? []) fields.add(field);
  }
  return [...fields];
}
