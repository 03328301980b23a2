import {
  bearerAuth,
  createAdoSources,
  parseOrgUrl,
  patAuth,
  type CallStats,
} from "../adapters/ado";
import { isSourceError, type Sources } from "../core/sources";
import { DEMO_SEED, startEmulator } from "../../dev/emulator";
import { anchorFor } from "../../dev/emulator/demo/generate";
import { RunError, UsageError } from "./errors";

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
}

/** An open connection to one organization and project, real or the in-process demo. */
export interface Connection {
  orgUrl: string;
  organization: string;
  project: string;
  sources: Sources;
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

/** The token the embedded emulator is given; it stands for no real credential. */
const DEMO_TOKEN = "release-trace-demo";

/** `warn` receives the adapters' notices (a list that was cut), for stderr. */
export async function openConnection(
  flags: ConnectionFlags,
  env: Environment,
  warn: (message: string) => void,
): Promise<Connection> {
  if (flags.demo) return openDemo(flags, warn);

  const orgInput = flags.org ?? env.SYSTEM_COLLECTIONURI;
  if (!orgInput?.trim()) {
    throw new UsageError(
      "--org is required (e.g. --org https://dev.azure.com/fabrikam); in Azure Pipelines it defaults to SYSTEM_COLLECTIONURI. Or try --demo.",
    );
  }
  let org: { orgUrl: string; organization: string };
  try {
    org = parseOrgUrl(orgInput);
  } catch (error) {
    throw new UsageError(`--org: ${error instanceof Error ? error.message : String(error)}`);
  }
  const project = (flags.project ?? env.SYSTEM_TEAMPROJECT)?.trim();
  if (!project) {
    throw new UsageError(
      "--project is required (a project name or id); in Azure Pipelines it defaults to SYSTEM_TEAMPROJECT.",
    );
  }
  const resolved = resolveToken(env);
  if (!resolved) throw new UsageError(missingTokenMessage);

  const auth =
    resolved.scheme === "bearer"
      ? bearerAuth(() => Promise.resolve(resolved.token))
      : patAuth(resolved.token);
  const ado = createAdoSources({ orgUrl: org.orgUrl, auth, onWarning: warn });
  return {
    ...org,
    project,
    sources: ado.sources,
    calls: () => ado.calls(),
    secrets: [resolved.token],
    description: org.orgUrl,
    tokenVariable: resolved.variable,
    now: () => new Date(),
    close: async () => undefined,
  };
}

async function openDemo(
  flags: ConnectionFlags,
  warn: (message: string) => void,
): Promise<Connection> {
  if (flags.org !== undefined || flags.project !== undefined) {
    throw new UsageError("--demo uses its own organization and project; drop --org and --project.");
  }
  // Seed 1 is the organization `npm start` shows, so the CLI and the UI tell the same story.
  const emulator = await startEmulator({ port: 0, seed: DEMO_SEED, size: "small" });
  try {
    const org = parseOrgUrl(emulator.orgUrl);
    const ado = createAdoSources({
      orgUrl: org.orgUrl,
      auth: patAuth(DEMO_TOKEN),
      onWarning: warn,
    });
    return {
      ...org,
      project: emulator.project.name,
      sources: ado.sources,
      calls: () => ado.calls(),
      secrets: [],
      description: `the embedded demo organization at ${org.orgUrl}`,
      now: () => new Date(anchorFor(DEMO_SEED).getTime() + DEMO_CLOCK_LEAD_MS),
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
        `Project "${connection.project}" was not found in ${where}: check --project.`,
      );
    case "auth":
      return new UsageError(
        `${where} rejected the token${status}: check that ${connection.tokenVariable ?? "the token"} is valid and not expired.`,
      );
    case "permission":
      return new UsageError(
        `The token may not read project "${connection.project}" in ${where}${status}: it needs the read scopes listed in the README.`,
      );
    default:
      return new RunError(
        `Could not read project "${connection.project}" from ${where}: ${error.message}`,
      );
  }
}
