import {
  bearerAuth,
  createAdoSources,
  parseOrgUrl,
  patAuth,
  type AdoConnectionOptions,
  type CallStats,
  type WaitNotice,
} from "../adapters/ado";
import { pathNameProblem } from "../adapters/ado/urls";
import type { VersionedStore } from "../core/compliance/scoreHistory";
import { isSourceError, type Sources } from "../core/sources";
import type { SettingReader } from "../core/vocabulary";
import { buildConstants } from "./buildConstants";
import { loadDemoEmulator } from "./demoEmulator";
import { DEFAULT_TIMEOUT_MS, durationWords } from "./duration";
import { echo, RunError, UsageError } from "./errors";

/** Environment variables that may hold a token, in the order they are tried. */
export const tokenVariables = [
  "AZURE_DEVOPS_TOKEN",
  "AZURE_DEVOPS_EXT_PAT",
  "SYSTEM_ACCESSTOKEN",
] as const;

export type TokenVariable = (typeof tokenVariables)[number];

export interface ResolvedToken {
  token: string;
  variable: TokenVariable;
  scheme: "basic" | "bearer";
}

export type Environment = Readonly<Record<string, string | undefined>>;

const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/;

/**
 * The first token found in the environment. SYSTEM_ACCESSTOKEN (Azure Pipelines) and Microsoft
 * Entra tokens (JWTs, e.g. from `az account get-access-token`) go as Bearer; PATs as Basic.
 */
export function resolveToken(env: Environment): ResolvedToken | undefined {
  for (const variable of tokenVariables) {
    const token = env[variable]?.trim();
    if (!token) continue;
    const bearer = variable === "SYSTEM_ACCESSTOKEN" || JWT_SHAPE.test(token);
    return { token, variable, scheme: bearer ? "bearer" : "basic" };
  }
  return undefined;
}

export const missingTokenMessage =
  "No token: set AZURE_DEVOPS_TOKEN (or AZURE_DEVOPS_EXT_PAT) to a personal access token with " +
  "read scopes, or run in Azure Pipelines with SYSTEM_ACCESSTOKEN mapped into the environment.";

export interface ConnectionFlags {
  org?: string;
  project?: string;
  demo: boolean;
  /** Accept plain http:// for a non-loopback host (an Azure DevOps Server without TLS). */
  allowHttp?: boolean;
  /** compliance --all-projects / --projects: no single project (project is then ""). */
  multiProject?: boolean;
  /** --timeout: the whole command's time limit (default 10 min). */
  timeoutMs?: number;
  /** The clock of a real organization (default: the system's). */
  now?: () => Date;
}

/** An open connection to one organization and project, real or the in-process demo. */
export interface Connection {
  orgUrl: string;
  organization: string;
  project: string;
  sources: Sources;
  /** Reads one of the extension's shared settings (what the hub saved), undefined when none. */
  readSetting: SettingReader;
  /** The extension's shared settings with versions: where `--publish` adds the score snapshot. */
  settings: VersionedStore;
  calls(): CallStats;
  /** Values that must never be printed. */
  secrets: string[];
  /** Where the REST calls go, for messages: the org URL, or the demo note. */
  description: string;
  /** Which environment variable the token came from, for messages (never the token). */
  tokenVariable?: TokenVariable;
  /**
   * The clock ages are measured against: the real one, except for the demo, whose dates hang
   * off a fixed anchor, so its ages (and age-based exit codes) are the same on every run.
   */
  now(): Date;
  close(): Promise<void>;
}

/**
 * The demo's clock: its fixed anchor plus a lead, because the newest Classic releases of the
 * generated organization run on for a few hours past the anchor. A fixed clock keeps ages and
 * `--fail-if-pending-over` the same on every run.
 */
export const DEMO_CLOCK_LEAD_MS = 6 * 3_600_000;

/**
 * The installed extension whose settings the CLI reads (the hub's own data): the publisher and id
 * the build chose (the manifest's, or a dev override's), so dev and prod never share data.
 */
export const EXTENSION = {
  publisher: buildConstants.publisher,
  extension: buildConstants.extension,
} as const;

/** The token the embedded emulator is given; it stands for no real credential. */
const DEMO_TOKEN = "release-trace-demo";

/** `warn` receives the adapters' notices (a list that was cut), for stderr. */
export async function openConnection(
  flags: ConnectionFlags,
  env: Environment,
  warn: (message: string) => void,
): Promise<Connection> {
  if (flags.multiProject && flags.project !== undefined) {
    throw new UsageError(
      "--project conflicts with --all-projects and --projects: give --project for one project, or --all-projects (or --projects A,B) for many.",
    );
  }
  if (flags.demo) return openDemo(flags, warn);

  const orgInput = flags.org ?? env.SYSTEM_COLLECTIONURI;
  // Messages name where the URL came from, so a bad pipeline variable is not blamed on --org.
  const orgSource = flags.org !== undefined ? "--org" : "SYSTEM_COLLECTIONURI";
  if (!orgInput?.trim()) {
    throw new UsageError(
      "--org is required (e.g. --org https://dev.azure.com/fabrikam); in Azure Pipelines it defaults to SYSTEM_COLLECTIONURI. Or try --demo.",
    );
  }
  checkOrgInput(orgInput.trim(), orgSource);
  let org: { orgUrl: string; organization: string };
  try {
    org = parseOrgUrl(orgInput);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The message quotes the URL: at most ECHO_LIMIT characters of it.
    throw new UsageError(
      `${orgSource}: ${message.split(orgInput.trim()).join(echo(orgInput.trim()))}`,
    );
  }
  if (flags.allowHttp) {
    if (new URL(org.orgUrl).protocol === "http:")
      warn(
        `${org.orgUrl} is plain http:// (--allow-http): the token crosses the network unencrypted.`,
      );
  } else {
    refusePlainHttp(org.orgUrl, orgSource);
  }
  // A project URL pasted into --org: its project is used when --project is not given.
  const urlProject = flags.multiProject ? undefined : projectInOrgUrl(orgInput);
  if (urlProject && flags.project !== undefined && !sameName(urlProject, flags.project)) {
    throw new UsageError(
      `${orgSource} names project "${echo(urlProject)}" but --project is "${echo(flags.project)}": give the organization URL (${echo(org.orgUrl)}) in --org and the project in --project.`,
    );
  }
  // In a pipeline SYSTEM_TEAMPROJECT is always set; a multi-project scan does not use it.
  const project = flags.multiProject
    ? ""
    : (flags.project ?? urlProject ?? env.SYSTEM_TEAMPROJECT)?.trim();
  if (!project && !flags.multiProject) {
    throw new UsageError(
      "--project is required (a project name or id); in Azure Pipelines it defaults to SYSTEM_TEAMPROJECT.",
    );
  }
  if (project) checkPathName("--project", project);
  const resolved = resolveToken(env);
  if (!resolved) throw new UsageError(missingTokenMessage);
  checkToken(resolved);

  const auth =
    resolved.scheme === "bearer"
      ? bearerAuth(() => Promise.resolve(resolved.token))
      : patAuth(resolved.token);
  const ado = createAdoSources({
    orgUrl: org.orgUrl,
    auth,
    onWarning: warn,
    ...timeLimits(flags.timeoutMs, warn),
    // Services by the URL; any other host is asked once whether it is Services or Server.
    target: "detect",
  });
  return {
    ...org,
    project: project ?? "",
    sources: ado.sources,
    readSetting: (key) => ado.extensionData(EXTENSION).getSetting(key),
    settings: ado.extensionData(EXTENSION).versionedSettings(),
    calls: () => ado.calls(),
    secrets: [resolved.token],
    description: echo(org.orgUrl),
    tokenVariable: resolved.variable,
    now: flags.now ?? (() => new Date()),
    close: async () => undefined,
  };
}

/**
 * A name that goes into URL paths (a project, pipeline or environment): `.`, `..`, `/` and `\`
 * are refused before any request, since no Azure DevOps name has them and encoding alone does
 * not keep them in one segment.
 */
export function checkPathName(flag: string, name: string): void {
  const problem = pathNameProblem(name.trim());
  if (problem) {
    throw new UsageError(`${flag} "${echo(name)}" cannot be an Azure DevOps name: ${problem}.`);
  }
}

/** Far longer than any organization or collection URL. */
const MAX_ORG_URL_LENGTH = 2048;

/**
 * What the command line may give that the host never does: a huge URL, control characters, or
 * a path whose percent-encoding does not decode or decodes to a control character (`%00`).
 */
function checkOrgInput(text: string, source: string): void {
  const problem = (what: string) =>
    new UsageError(
      `${source}: The organization URL ${what}; expected e.g. https://dev.azure.com/fabrikam.`,
    );
  if (text.length > MAX_ORG_URL_LENGTH) {
    throw problem(`is ${text.length} characters long, more than ${MAX_ORG_URL_LENGTH}`);
  }
  if (CONTROL.test(text)) throw problem("contains a control character");
  let path: string;
  try {
    path = new URL(text).pathname;
  } catch {
    return; // parseOrgUrl says what is wrong with it
  }
  for (const segment of path.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw problem(`has invalid percent-encoding ("${echo(segment)}")`);
    }
    if (CONTROL.test(decoded)) {
      throw problem(`has a control character in its path ("${echo(segment)}")`);
    }
  }
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A token with a line break would split the Authorization header; no real token has one. */
function checkToken(resolved: ResolvedToken): void {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const control = /[\u0000-\u001f\u007f]/.exec(resolved.token);
  if (!control) return;
  const what = /[\r\n]/.test(control[0]) ? "a line break (CR or LF)" : "a control character";
  throw new UsageError(
    `${resolved.variable} contains ${what} inside the token: set it to the token alone, on one line.`,
  );
}

/**
 * The deadline of the whole command, the per-request timeout under it, and the announcement of
 * long waits. A request may take a quarter of the time limit (at most 30 s, at least 2 s), so a
 * stalled answer leaves time for one more try.
 */
function timeLimits(
  timeoutMs: number | undefined,
  warn: (message: string) => void,
): Pick<AdoConnectionOptions, "deadlineAt" | "requestTimeoutMs" | "onWait"> {
  const limit = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineAt = Date.now() + limit;
  return {
    deadlineAt,
    requestTimeoutMs: Math.min(MAX_REQUEST_TIMEOUT_MS, Math.max(2000, Math.floor(limit / 4))),
    onWait: (notice: WaitNotice) =>
      warn(
        `waiting ${durationWords(notice.ms)}: ${notice.reason} ` +
          `(${durationWords(Math.max(0, deadlineAt - Date.now()))} left of the --timeout).`,
      ),
  };
}

const MAX_REQUEST_TIMEOUT_MS = 30_000;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A token over plain http could be read on the network; only this machine (the emulator) may use it. */
function refusePlainHttp(orgUrl: string, source: string): void {
  const url = new URL(orgUrl);
  if (url.protocol !== "http:") return;
  const host = url.hostname.toLowerCase();
  if (LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host)) return;
  throw new UsageError(
    `${source}: ${orgUrl} uses plain http://, which would send the token unencrypted; use https://, or give --allow-http for an Azure DevOps Server without TLS.`,
  );
}

function sameName(left: string, right: string): boolean {
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

/**
 * The project a pasted Azure DevOps Services URL names, e.g. `Web` in
 * https://dev.azure.com/fabrikam/Web/_git/site. Server and emulator URLs cannot tell a
 * collection path from a project, so they name none.
 */
export function projectInOrgUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split("/").filter((segment) => segment.length > 0);
  let candidate: string | undefined;
  if (host === "dev.azure.com") candidate = segments[1];
  else if (host.endsWith(".visualstudio.com")) {
    candidate = segments[0]?.toLowerCase() === "defaultcollection" ? segments[1] : segments[0];
  }
  // `_apis`, `_git`, `_settings`...: an organization-level page, not a project.
  if (!candidate || candidate.startsWith("_")) return undefined;
  return safeDecode(candidate);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function openDemo(
  flags: ConnectionFlags,
  warn: (message: string) => void,
): Promise<Connection> {
  if (flags.org !== undefined || flags.project !== undefined) {
    throw new UsageError("--demo uses its own organization and project; drop --org and --project.");
  }
  // Seed 1 is the organization `npm start` shows, so the CLI and the UI tell the same story.
  const demo = loadDemoEmulator();
  const emulator = await demo.start();
  try {
    const org = parseOrgUrl(emulator.orgUrl);
    const ado = createAdoSources({
      orgUrl: org.orgUrl,
      auth: patAuth(DEMO_TOKEN),
      onWarning: warn,
      ...timeLimits(flags.timeoutMs, warn),
      target: "detect",
    });
    return {
      ...org,
      project: emulator.project.name,
      sources: ado.sources,
      readSetting: (key) => ado.extensionData(EXTENSION).getSetting(key),
      settings: ado.extensionData(EXTENSION).versionedSettings(),
      calls: () => ado.calls(),
      secrets: [],
      description: `the embedded demo organization at ${org.orgUrl}`,
      now: () => new Date(demo.anchor.getTime() + DEMO_CLOCK_LEAD_MS),
      close: () => emulator.close(),
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/**
 * Turns a failure to resolve the project into a message the user can act on: an unknown project,
 * a rejected token or a missing permission is an input error (exit 2); anything else means the
 * organization could not be read (exit 1).
 */
export function projectLookupError(error: unknown, connection: Connection): Error {
  if (!isSourceError(error)) return error instanceof Error ? error : new Error(String(error));
  const where = connection.description;
  const status = error.status === undefined ? "" : ` (HTTP ${error.status})`;
  switch (error.kind) {
    case "not-found":
      return new UsageError(
        `Project "${echo(connection.project)}" was not found in ${where}: check --project.${projectPathHint(connection)}`,
      );
    case "network":
      return new RunError(
        `Could not reach ${where}: ${error.message}. Check --org, the network and any proxy.`,
      );
    case "sign-in":
      return new UsageError(
        `Azure DevOps answered with a sign-in page instead of data (${where}), twice in a row: check that ${connection.tokenVariable ?? "the token"} is valid and not expired.`,
      );
    case "deadline":
      return new RunError(
        `The time limit (--timeout) ran out before project "${connection.project}" could be read from ${where}.`,
      );
    case "auth":
      return new UsageError(
        `${where} rejected the token${status}: check that ${connection.tokenVariable ?? "the token"} is valid and not expired.`,
      );
    case "permission":
      return new UsageError(
        `The token may not read project "${echo(connection.project)}" in ${where}${status}: it needs the read scopes listed in the README.`,
      );
    default:
      return new RunError(
        `Could not read project "${echo(connection.project)}" from ${where}: ${error.message}`,
      );
  }
}

/** An org URL that ends with the project (a Server or emulator URL with the project pasted on). */
function projectPathHint(connection: Connection): string {
  let segments: string[];
  try {
    segments = new URL(connection.orgUrl).pathname.split("/").filter((part) => part.length > 0);
  } catch {
    return "";
  }
  const last = segments[segments.length - 1];
  if (segments.length < 2 || !last || !sameName(safeDecode(last), connection.project)) {
    return "";
  }
  const parent = connection.orgUrl.slice(0, connection.orgUrl.lastIndexOf("/"));
  return ` The --org URL seems to end with the project: give the organization or collection URL (${parent}) in --org.`;
}
