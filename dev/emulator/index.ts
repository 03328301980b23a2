/**
 * Azure DevOps REST emulator with a generated demo organisation (programmatic API).
 *
 *   const emulator = await startEmulator({ seed: 7, size: "small" });
 *   // emulator.orgUrl → http://127.0.0.1:PORT/fabrikam (collection root; Classic release too)
 *   await emulator.close();
 */
import type { ServerTarget } from "../../src/adapters/ado/apiVersions";
import { EmulatorServer } from "./server";

export { DEFAULT_FAULTS } from "./server";

export interface FaultOptions {
  /** Added to every API response (default 0). */
  latencyMs: number;
  /** The next `count` API requests get 429 + Retry-After + a TF400733 body. */
  throttleBurst: { count: number; retryAfterSeconds: number } | null;
  /** 0..1 fraction of API requests answered 500/503 (deterministic PRNG from the seed). */
  serverErrorRate: number;
  /** Repository names or ids whose sub-resources (refs, commits, PRs...) answer 403 TF401027. */
  forbiddenRepositories: string[];
  /** Header-paged lists return pages shorter than $top while still sending x-ms-continuationtoken. */
  truncatedPages: boolean;
  /**
   * Optional TSTU budget (§1.5; an addition to the agreed API): 1 TSTU per request, 10 per WIQL,
   * over a sliding window (default 300 s). X-RateLimit-* headers from 50 % use, Retry-After past
   * 100 %, and 429 TF400733 past 100 % when `block` is true.
   */
  rateLimit?: { limit: number; windowSeconds?: number; block?: boolean } | null;
  /**
   * API requests to these routes (route names as in `stats().byRoute`, e.g. "build.builds") wait
   * `ms` more before any answer, or until the client hangs up: one slow part of the service
   * beside quick ones, so a time limit cuts the same reads however busy the machine is.
   */
  slowRoutes?: { routes: string[]; ms: number } | null;
  /** Seeded latency spikes: this fraction (0..1) of API requests wait `ms` more (at most 3000). */
  latencySpikes?: { rate: number; ms: number } | null;
  /** This fraction (0..1) of successful answers carry `Retry-After: seconds` on a 200 (§1.5). */
  retryAfterOn200?: { rate: number; seconds: number } | null;
  /** This fraction (0..1) of API requests have their socket destroyed before any answer. */
  connectionResetRate?: number;
  /** Header-paged lists keep sending the same x-ms-continuationtoken (a service loop). */
  repeatingContinuationToken?: boolean;
  /** This fraction (0..1) of JSON answers are cut mid-body (status 200, invalid JSON). */
  malformedJsonRate?: number;
  /** Environment names or ids whose resources (deployment records, checks, approvals) answer 403. */
  forbiddenEnvironments?: string[];
  /**
   * Paged lists (header or id continuation) send at most this many items per page, whatever
   * `$top` asks, with a token for the rest (as the service caps pages); null or 0 = no cap.
   * With it, the small demo's lists span several pages, so the paging faults have pages to hit.
   */
  maxPageSize?: number | null;
  /** This fraction (0..1) of successful answers are a 200 with an empty body. */
  emptyBodyRate?: number;
  /**
   * This fraction (0..1) of successful answers are valid JSON of the wrong shape: `null`, `{}`
   * where a list was asked for, `[]` where an object was.
   */
  wrongShapeRate?: number;
  /** This fraction (0..1) of successful answers are an HTML sign-in page with status 200. */
  signInPageRate?: number;
  /** This fraction (0..1) of successful answers are an HTML sign-in page with status 203. */
  signIn203Rate?: number;
  /** This fraction (0..1) of successful answers send their headers, then nothing at all. */
  stalledAnswerRate?: number;
  /**
   * This fraction (0..1) of header-paged pages after the first begin with the last item of the
   * page before (a list that shifted while it was paged).
   */
  duplicateAcrossPagesRate?: number;
  /** This fraction (0..1) of API requests are answered 429 with `Retry-After: seconds`. */
  longRetryAfter?: { rate: number; seconds: number } | null;
  /**
   * Only faults that one more read cures: a request seen before (the same method, path and
   * query: a retry, or a listing read again) is answered without any fault.
   */
  curableOnly?: boolean;
}

/** The demo organisation that `npm start`, `npm run emulator` and `release-trace --demo` show. */
export const DEMO_SEED = 1;

export interface EmulatorOptions {
  /** 0 = random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: number;
  /**
   * Seeds the fault PRNG (5xx, spikes, resets, ...) apart from the data: the same demo
   * organisation (`seed`) under a different fault sequence per run. Default: `seed`.
   */
  faultSeed?: number;
  size?: "small" | "large";
  /** Default "fabrikam". */
  org?: string;
  faults?: Partial<FaultOptions>;
  log?: (line: string) => void;
  /** Dates hang off this instant instead of the seed's fixed anchor (same data otherwise). */
  anchor?: Date;
  /**
   * Script-, link- and formula-looking text in every user-controlled field (titles, branch names,
   * comments, pipeline and environment names, a baseline file): see demo/hostile.ts.
   */
  hostile?: boolean;
  /**
   * The default demo's score history (60 nightly scans ending the day before its clock). Off for
   * a project whose scans start now; the hostile and large demos never have it.
   */
  scoreHistory?: boolean;
  /**
   * Shared settings of the installed extension (collection `$settings`, scope Default/Current) by
   * key, e.g. `{ "production-pattern-<projectId>": { patterns: ["prod*"] } }`.
   */
  extensionData?: Record<string, unknown>;
  /**
   * Exposes every header over CORS (Retry-After, X-RateLimit-*, ...). Off by default: the real
   * service exposes only Request-Context (and the paging token), so a browser cannot read the rest.
   */
  exposeAllHeaders?: boolean;
  /**
   * Validates every successful answer against its operation's 7.1 OpenAPI response schema (in
   * the format sent: default or enums as numbers) and makes `close()` fail listing what broke
   * it. Needs `../shared/ado-rest-specs` beside the checkout (or ADO_REST_SPECS). Default: on
   * when RELEASE_TRACE_EMULATOR_SCHEMAS=strict (every test run sets it).
   */
  strictSchemas?: boolean;
  /**
   * Which server to stand in for (default Services): "server-2022" serves a collection URL
   * (`http://HOST:PORT/tfs/DefaultCollection`, Classic release on the same host), refuses
   * api-versions above 7.0 and answers location data as Azure DevOps Server 2022 does.
   */
  server?: ServerTarget;
  /** The collection name under /tfs/ on the Server profile (default DefaultCollection). */
  collection?: string;
  /**
   * Checks every request's api-version against the route's range on the emulated server (the
   * product's api-version table) and answers what the service answers (400 and its error body)
   * otherwise. Default: on; `false` is for manual poking only.
   */
  strictApiVersions?: boolean;
}

export interface EmulatorStats {
  requests: number;
  byRoute: Record<string, number>;
  faultsInjected: Record<string, number>;
}

export interface DemoSummary {
  org: string;
  projects: { id: string; name: string }[];
  repositories: number;
  policies: number;
  pipelines: number;
  runs: number;
  environments: number;
  releaseDefinitions: number;
  releases: number;
  workItems: number;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /**
   * http://127.0.0.1:PORT/fabrikam, or http://127.0.0.1:PORT/tfs/DefaultCollection on the Server
   * profile (collection root; the Classic release root is the same host).
   */
  orgUrl: string;
  /** Which server it stands in for. */
  server: ServerTarget;
  /** The main demo project. */
  project: { id: string; name: string };
  summary: DemoSummary;
  setFaults(faults: Partial<FaultOptions>): void;
  stats(): EmulatorStats;
  resetStats(): void;
  close(): Promise<void>;
  /** What the strict response check found so far (empty when it is off). */
  schemaViolations(): string[];
}

/**
 * The profile when the options name none: `RELEASE_TRACE_EMULATOR_SERVER=server-2022` runs every
 * emulator of a test run (the CLI's `--demo` one included) as Azure DevOps Server 2022.
 */
function serverFromEnvironment(): ServerTarget {
  const value = process.env.RELEASE_TRACE_EMULATOR_SERVER;
  if (value === undefined || value === "") return "services";
  if (value === "services" || value === "server-2022") return value;
  throw new Error(
    `RELEASE_TRACE_EMULATOR_SERVER must be "services" or "server-2022", got "${value}".`,
  );
}

export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return new EmulatorServer({
    ...options,
    server: options.server ?? serverFromEnvironment(),
  }).listen();
}
