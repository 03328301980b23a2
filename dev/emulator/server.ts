/** The HTTP server: CORS, auth, faults, routing, formats, errors, stats and the control routes. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateDemo } from "./demo/generate";
import { applyHostileText } from "./demo/hostile";
import { Random } from "./demo/random";
import { demoScoreHistory } from "./demo/scoreHistory";
import { ListBody, parseAccept, serialize, type WireFormat } from "./format";
import {
  ApiError,
  Query,
  badRequest,
  environmentForbidden,
  projectNotFound,
  repositoryForbidden,
  type ApiResponse,
  type RequestContext,
  type Route,
  type Urls,
} from "./http";
import type { ServerTarget } from "../../src/adapters/ado/apiVersions";
import { apiVersionProblem, lookUpRoute } from "./apiVersionCheck";
import { locationsForArea } from "./locations";
import { sharedSchemaChecker, type CheckedRequest, type SchemaChecker } from "./schemaCheck";
import { buildRoutes } from "./routes/build";
import { coreRoutes } from "./routes/core";
import { extensionDataRoutes, extensionDocumentKey } from "./routes/extensionData";
import { gitRoutes } from "./routes/git";
import { pipelineRoutes } from "./routes/pipelines";
import { policyRoutes } from "./routes/policy";
import { releaseRoutes } from "./routes/release";
import { traceRoutes } from "./routes/trace";
import { witRoutes } from "./routes/wit";
import { Store } from "./store";
import type {
  DemoSummary,
  EmulatorOptions,
  EmulatorStats,
  FaultOptions,
  RunningEmulator,
} from "./index";

/** Every route the emulator serves (the api-version table has a row for each). */
export const EMULATOR_ROUTES: Route[] = [
  ...coreRoutes,
  ...gitRoutes,
  ...policyRoutes,
  ...buildRoutes,
  ...pipelineRoutes,
  ...releaseRoutes,
  ...witRoutes,
  ...traceRoutes,
  ...extensionDataRoutes,
];

/** The faults a new emulator starts with: none. Setting them all back clears every fault. */
export const DEFAULT_FAULTS: Readonly<FaultOptions> = {
  latencyMs: 0,
  throttleBurst: null,
  serverErrorRate: 0,
  forbiddenRepositories: [],
  truncatedPages: false,
  rateLimit: null,
  latencySpikes: null,
  slowRoutes: null,
  retryAfterOn200: null,
  connectionResetRate: 0,
  repeatingContinuationToken: false,
  malformedJsonRate: 0,
  forbiddenEnvironments: [],
  maxPageSize: null,
  emptyBodyRate: 0,
  wrongShapeRate: 0,
  signInPageRate: 0,
  signIn203Rate: 0,
  stalledAnswerRate: 0,
  duplicateAcrossPagesRate: 0,
  longRetryAfter: null,
  curableOnly: false,
};

/** What a seeded fault does to a successful answer's body. */
type BodyFault = "cut" | "empty" | "wrongShape" | "signIn" | "signIn203" | "stall";

/** The body faults, each with the rate option and the stats name. */
const BODY_FAULTS: readonly [BodyFault, keyof FaultOptions, string][] = [
  ["empty", "emptyBodyRate", "emptyBody"],
  ["wrongShape", "wrongShapeRate", "wrongShape"],
  ["signIn", "signInPageRate", "signInPage"],
  ["signIn203", "signIn203Rate", "signIn203"],
  ["stall", "stalledAnswerRate", "stalledAnswer"],
];

const SIGN_IN_PAGE =
  "<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head>" +
  '<body><form action="https://login.microsoftonline.com/">Sign in</form></body></html>';

/** A latency spike never waits longer than this, whatever the options say. */
const MAX_SPIKE_MS = 3000;

const ALLOWED_HEADERS = [
  "Authorization",
  "Content-Type",
  "Accept",
  "X-TFS-FedAuthRedirect",
  "X-VSS-ReauthenticationAction",
  "X-TFS-Session",
  "X-Requested-With",
];
/**
 * What dev.azure.com exposes over CORS: every recorded answer (ado-recordings) carries exactly
 * `Access-Control-Expose-Headers: Request-Context`. The recordings were made without an Origin,
 * so the header-paging token is added: the extension-api's browser clients read
 * `x-ms-continuationtoken` from cross-origin answers (Build/BuildClient.js), which works only if
 * the service exposes it. Retry-After and X-RateLimit-* stay hidden, as nothing shows them exposed.
 */
export const EXPOSED_HEADERS = ["Request-Context", "x-ms-continuationtoken"];
/** Every header the emulator sends that a client may read: `exposeAllHeaders` (a lenient mode). */
export const ALL_EXPOSED_HEADERS = [
  ...EXPOSED_HEADERS,
  "Retry-After",
  "X-RateLimit-Resource",
  "X-RateLimit-Delay",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "x-tfs-serviceerror",
  "ActivityId",
];
/** The Application Insights correlation header every recorded answer carries. */
const REQUEST_CONTEXT = "appId=cid-v1:00000000-0000-0000-0000-0000000000e1";
const LOG_LIMIT = 500;

interface LogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
  route?: string;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

function compile(route: Route): CompiledRoute {
  return { route, segments: route.pattern.split("/").map((segment) => segment.toLowerCase()) };
}

const COMPILED = EMULATOR_ROUTES.map(compile);

function matchRoute(
  method: string,
  rest: string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const { route, segments } of COMPILED) {
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let index = 0; index < segments.length; index++) {
      const pattern = segments[index];
      if (pattern.startsWith("{*")) {
        params[route.pattern.split("/")[index].slice(2, -1)] = rest.slice(index).join("/");
        return { route, params };
      }
      const value = rest[index];
      if (value === undefined) {
        ok = false;
        break;
      }
      if (pattern.startsWith("{")) params[route.pattern.split("/")[index].slice(1, -1)] = value;
      else if (pattern !== value.toLowerCase()) {
        ok = false;
        break;
      }
    }
    if (ok && rest.length === segments.length) return { route, params };
  }
  return undefined;
}

/** Any non-empty Basic password or Bearer token is accepted, except the literal `invalid-token`. */
function isAuthorized(header: string | undefined): boolean {
  if (!header) return false;
  const [scheme, ...restParts] = header.trim().split(/\s+/);
  const credential = restParts.join(" ");
  if (!credential) return false;
  if (scheme.toLowerCase() === "bearer") return credential !== "invalid-token";
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(credential, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const secret = colon >= 0 ? decoded.slice(colon + 1) : decoded;
    return secret.length > 0 && secret !== "invalid-token";
  }
  return false;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits `ms`, or less when the connection closes first (nobody is left to answer). */
function delayWhileConnected(ms: number, request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const socket = request.socket;
    const done = () => {
      clearTimeout(timer);
      socket.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.once("close", done);
  });
}

export class EmulatorServer {
  private readonly server: Server;
  private readonly store: Store;
  private readonly org: string;
  private faults: FaultOptions;
  private readonly initialFaults: FaultOptions;
  private throttleRemaining = 0;
  private stats: EmulatorStats = { requests: 0, byRoute: {}, faultsInjected: {} };
  private readonly log: LogEntry[] = [];
  private readonly errorRandom: Random;
  private readonly usage: { at: number; cost: number }[] = [];
  /** Requests seen so far (method, path and query), for `curableOnly`. */
  private readonly seen = new Set<string>();
  private urls: Urls = { baseUrl: "", orgUrl: "", org: "" };
  /** Strict responses: the spec check, and what it found wrong (failing `close()`). */
  private readonly schemaChecker: SchemaChecker | undefined;
  private readonly violations: string[] = [];

  private readonly target: ServerTarget;
  /** The path segments of the organisation (Services) or collection (Server) root. */
  private readonly rootPath: string[];
  private readonly strictApiVersions: boolean;

  constructor(private readonly options: EmulatorOptions) {
    this.org = options.org ?? "fabrikam";
    const strictSchemas =
      options.strictSchemas ?? process.env.RELEASE_TRACE_EMULATOR_SCHEMAS === "strict";
    this.schemaChecker = strictSchemas ? sharedSchemaChecker() : undefined;
    this.target = options.server ?? "services";
    this.rootPath =
      this.target === "services" ? [this.org] : ["tfs", options.collection ?? "DefaultCollection"];
    this.strictApiVersions = options.strictApiVersions ?? true;
    const seed = options.seed ?? 1;
    const demo = generateDemo({
      seed,
      size: options.size ?? "small",
      org: this.org,
      anchor: options.anchor,
    });
    if (options.hostile) applyHostileText(demo);
    this.store = new Store(demo);
    // The default demo has a score history (nightly scans); the hostile and large ones start empty.
    const small = (options.size ?? "small") === "small";
    if (!options.hostile && small && options.scoreHistory !== false) {
      const history = demoScoreHistory(demo.mainProjectId, demo.anchor, seed);
      this.setSetting(history.key, history.value);
    }
    for (const [key, value] of Object.entries(options.extensionData ?? {}))
      this.setSetting(key, value);
    // The data comes from `seed`; the fault sequence from `faultSeed`, so runs can vary it alone.
    this.errorRandom = new Random((options.faultSeed ?? seed) ^ 0x5eed5eed);
    this.initialFaults = { ...DEFAULT_FAULTS, ...options.faults };
    this.faults = { ...this.initialFaults };
    this.throttleRemaining = this.faults.throttleBurst?.count ?? 0;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // A bug in a handler: answer 500 instead of hanging the client.
        const message = error instanceof Error ? error.message : String(error);
        this.options.log?.(`emulator error: ${message}`);
        if (!response.headersSent) {
          this.sendError(
            response,
            new ApiError(500, `Emulator failure: ${message}`, "System.Exception", "Exception"),
          );
        } else {
          response.end();
        }
      });
    });
  }

  async listen(): Promise<RunningEmulator> {
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const baseUrl = `http://${host}:${address.port}`;
    this.urls = { baseUrl, orgUrl: `${baseUrl}/${this.rootPath.join("/")}`, org: this.org };
    const demo = this.store.demo;
    const main =
      demo.projects.find((project) => project.id === demo.mainProjectId) ?? demo.projects[0];
    const summary: DemoSummary = {
      org: this.org,
      projects: demo.projects.map((project) => ({ id: project.id, name: project.name })),
      repositories: demo.repositories.length,
      policies: demo.policies.length,
      pipelines: demo.buildDefinitions.length,
      runs: demo.builds.length,
      environments: demo.environments.length,
      releaseDefinitions: demo.releaseDefinitions.length,
      releases: demo.releases.length,
      workItems: demo.workItems.length,
    };
    return {
      baseUrl,
      orgUrl: this.urls.orgUrl,
      server: this.target,
      project: { id: main.id, name: main.name },
      summary,
      setFaults: (faults) => this.setFaults(faults),
      stats: () => this.snapshotStats(),
      resetStats: () => this.resetStats(),
      close: () => this.close(),
      schemaViolations: () => [...this.violations],
    };
  }

  private async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
    // Strict responses: an answer that broke its spec fails whoever started this emulator.
    if (this.violations.length > 0) {
      throw new Error(
        `The emulator sent ${this.violations.length} answer(s) its 7.1 spec does not allow:\n${this.violations.slice(0, 20).join("\n")}`,
      );
    }
  }

  /** Validates a successful answer against its spec operation, in the format it is sent in. */
  private checkSchema(
    request: CheckedRequest & { path: string },
    answer: ApiResponse & { bodyFault?: BodyFault; text?: string },
    format: WireFormat,
  ): void {
    if (!this.schemaChecker || answer.bodyFault || answer.body === undefined) return;
    if ((answer.status ?? 200) >= 300) return;
    let problem: string | undefined;
    try {
      // Serialised once: send() writes this text.
      answer.text = serialize(answer.body, format);
      problem = this.schemaChecker.check(request, answer.text, format);
    } catch (error) {
      // The check never changes the answer; its own failure is reported like a violation.
      problem = `the schema check failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (!problem) return;
    const formatName = format.enumsAsNumbers || format.msDateFormat ? "numbers" : "default";
    const line = `${request.method} ${request.path} [${formatName}]: ${problem}`;
    if (this.violations.length < LOG_LIMIT) this.violations.push(line);
    this.options.log?.(`schema violation: ${line}`);
  }

  private setFaults(faults: Partial<FaultOptions>): void {
    this.faults = { ...this.faults, ...faults };
    if ("throttleBurst" in faults) this.throttleRemaining = faults.throttleBurst?.count ?? 0;
  }

  private snapshotStats(): EmulatorStats {
    return {
      requests: this.stats.requests,
      byRoute: { ...this.stats.byRoute },
      faultsInjected: { ...this.stats.faultsInjected },
    };
  }

  private resetStats(): void {
    this.stats = { requests: 0, byRoute: {}, faultsInjected: {} };
    this.log.length = 0;
  }

  private noteFault(name: string): void {
    this.stats.faultsInjected[name] = (this.stats.faultsInjected[name] ?? 0) + 1;
  }

  private cors(request: IncomingMessage, response: ServerResponse): void {
    const origin = request.headers.origin;
    response.setHeader("Access-Control-Allow-Origin", origin ?? "*");
    if (origin) {
      response.setHeader("Vary", "Origin");
      response.setHeader("Access-Control-Allow-Credentials", "true");
    }
    const exposed = this.options.exposeAllHeaders ? ALL_EXPOSED_HEADERS : EXPOSED_HEADERS;
    response.setHeader("Access-Control-Expose-Headers", exposed.join(", "));
    response.setHeader("Request-Context", REQUEST_CONTEXT);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (request.method ?? "GET").toUpperCase();
    const url = new URL(request.url ?? "/", "http://emulator.local");
    this.cors(request, response);

    if (method === "OPTIONS" && request.headers["access-control-request-method"]) {
      const requested = request.headers["access-control-request-headers"];
      response.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE, OPTIONS",
        "Access-Control-Allow-Headers": [
          ...ALLOWED_HEADERS,
          ...(requested ? [requested] : []),
        ].join(", "),
        "Access-Control-Max-Age": "600",
      });
      response.end();
      return;
    }

    if (url.pathname.toLowerCase().startsWith("/_emulator/")) {
      await this.control(request, response, method, url);
      return;
    }

    let status = 500;
    let routeName: string | undefined;
    try {
      const result = await this.api(request, response, method, url);
      status = result.status;
      routeName = result.route;
    } finally {
      this.stats.requests++;
      const key = routeName ?? "unmatched";
      this.stats.byRoute[key] = (this.stats.byRoute[key] ?? 0) + 1;
      this.log.push({
        method,
        path: url.pathname + url.search,
        status,
        ms: Date.now() - started,
        route: routeName,
      });
      if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
      this.options.log?.(
        `${method} ${url.pathname}${url.search} ${status} ${Date.now() - started}ms`,
      );
    }
  }

  private async control(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    url: URL,
  ): Promise<void> {
    const path = url.pathname.toLowerCase().replace(/\/+$/, "");
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
      response.end(JSON.stringify(body));
    };
    if (path === "/_emulator/stats" && method === "GET") return json(200, this.snapshotStats());
    if (path === "/_emulator/log" && method === "GET")
      return json(200, { count: this.log.length, value: this.log });
    if (path === "/_emulator/reset" && method === "POST") {
      this.resetStats();
      this.usage.length = 0;
      this.seen.clear();
      this.faults = { ...this.initialFaults };
      this.throttleRemaining = this.faults.throttleBurst?.count ?? 0;
      return json(200, { reset: true });
    }
    if (path === "/_emulator/faults" && method === "GET") return json(200, this.faults);
    if (path === "/_emulator/faults" && method === "POST") {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(request)) || "{}");
      } catch {
        return json(400, { message: "The body must be JSON (Partial<FaultOptions>)." });
      }
      const problem = validateFaults(body);
      if (problem) return json(400, { message: problem });
      this.setFaults(body as Partial<FaultOptions>);
      return json(200, this.faults);
    }
    if (path === "/_emulator/extension-data" && method === "POST") {
      let body: { key?: unknown; value?: unknown };
      try {
        body = JSON.parse((await readBody(request)) || "{}") as { key?: unknown; value?: unknown };
      } catch {
        return json(400, { message: "The body must be JSON ({ key, value })." });
      }
      if (typeof body.key !== "string" || body.key === "") {
        return json(400, { message: "key must be a non-empty string." });
      }
      return json(200, this.setSetting(body.key, body.value));
    }
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(`Unknown emulator control route ${method} ${url.pathname}`);
  }

  /** Stores (or, with value undefined, removes) a shared `$settings` document of the extension. */
  private setSetting(key: string, value: unknown): Record<string, unknown> | null {
    const documentKey = extensionDocumentKey("Default", "Current", "$settings", key);
    if (value === undefined) {
      this.store.extensionData.delete(documentKey);
      return null;
    }
    const etag = Number(this.store.extensionData.get(documentKey)?.__etag ?? 0) + 1;
    const document = { id: key, __etag: etag, value };
    this.store.extensionData.set(documentKey, document);
    return document;
  }

  private async api(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    url: URL,
  ): Promise<{ status: number; route?: string }> {
    if (!isAuthorized(request.headers.authorization)) {
      response.writeHead(401, {
        "WWW-Authenticate": `Basic realm="${this.urls.baseUrl}/"`,
        "Content-Length": "0",
      });
      response.end();
      return { status: 401 };
    }
    if (this.faults.latencyMs > 0) await delay(this.faults.latencyMs);
    const spared = this.spared(`${method} ${url.pathname}${url.search}`);
    const spikes = this.faults.latencySpikes;
    if (!spared && spikes && spikes.rate > 0 && this.errorRandom.next() < spikes.rate) {
      this.noteFault("latencySpike");
      await delay(Math.min(Math.max(0, spikes.ms), MAX_SPIKE_MS));
    }
    const resetRate = this.faults.connectionResetRate ?? 0;
    if (!spared && resetRate > 0 && this.errorRandom.next() < resetRate) {
      // The client sees the connection drop (ECONNRESET / socket hang up), no status at all.
      this.noteFault("connectionReset");
      request.socket.destroy();
      return { status: 0 };
    }

    const rawSegments = url.pathname.split("/").filter((segment) => segment !== "");
    let segments: string[];
    try {
      segments = rawSegments.map((segment) => decodeURIComponent(segment));
    } catch {
      return { status: this.plainNotFound(response, url.pathname) };
    }
    const root = this.rootPath.length;
    const inRoot = this.rootPath.every(
      (part, index) => segments[index]?.toLowerCase() === part.toLowerCase(),
    );
    if (!inRoot) return { status: this.plainNotFound(response, url.pathname) };
    const apisIndex = segments.findIndex((segment) => segment.toLowerCase() === "_apis");
    if (apisIndex < root) return { status: this.plainNotFound(response, url.pathname) };
    const scope = segments.slice(root, apisIndex);
    const rest = segments.slice(apisIndex + 1);

    // Location discovery (azure-devops-node-api): OPTIONS {org}/_apis/{area}.
    if (method === "OPTIONS") {
      const locations = rest.length >= 1 ? locationsForArea(rest[0], this.target) : [];
      return {
        status: this.send(
          response,
          { body: { count: locations.length, value: locations } },
          defaultFormat(),
        ),
        route: "locations",
      };
    }
    // The resource-area lookup: an empty list tells node-api to stay on this host.
    if (method === "GET" && rest.length >= 1 && rest[0].toLowerCase() === "resourceareas") {
      const requested = parseAccept(
        request.headers.accept,
        url.searchParams.get("api-version") ?? undefined,
      );
      const problem = this.apiVersionProblem(
        lookUpRoute(rest, this.target),
        rest,
        requested.apiVersion,
      );
      if (problem)
        return { status: this.sendError(response, problem), route: "location.resourceareas" };
      return {
        status: this.send(response, { body: { count: 0, value: [] } }, defaultFormat()),
        route: "location.resourceareas",
      };
    }

    const match = ["GET", "POST", "PUT", "PATCH"].includes(method)
      ? matchRoute(method, rest)
      : undefined;
    const versions = lookUpRoute(rest, this.target);
    // A route this server version does not have is no route at all.
    if (!match || (versions.route && !versions.found))
      return { status: this.plainNotFound(response, url.pathname) };
    const { route, params } = match;
    const slow = this.faults.slowRoutes;
    if (slow && slow.routes.includes(route.name)) await delayWhileConnected(slow.ms, request);
    const wiqlWithTeam = route.name === "wit.wiql" && scope.length === 2;
    if (scope.length > 1 && !wiqlWithTeam)
      return { status: this.plainNotFound(response, url.pathname) };
    if (scope.length === 0 && route.project === "required")
      return { status: this.plainNotFound(response, url.pathname) };
    if (scope.length > 0 && route.project === "none")
      return { status: this.plainNotFound(response, url.pathname) };

    const query = new Query(url.searchParams);
    const format = parseAccept(request.headers.accept, query.get("api-version"));
    try {
      this.applyRateLimit(response, route.cost ?? 1);
      if (!spared) this.injectFaults();
      if (method !== "GET" && !format.apiVersion) {
        throw new ApiError(
          400,
          `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
          "Microsoft.VisualStudio.Services.WebApi.VssVersionNotSpecifiedException, Microsoft.VisualStudio.Services.WebApi",
          "VssVersionNotSpecifiedException",
        );
      }
      const versionProblem = this.apiVersionProblem(versions, rest, format.apiVersion);
      if (versionProblem) throw versionProblem;
      const project = scope.length > 0 ? this.store.project(scope[0]) : undefined;
      if (scope.length > 0 && !project) throw projectNotFound(scope[0]);
      let body: unknown;
      if (method !== "GET") {
        const text = await readBody(request);
        try {
          body = text.trim() === "" ? undefined : JSON.parse(text);
        } catch {
          throw badRequest("The request body is not valid JSON.");
        }
      }
      const ctx: RequestContext = {
        method,
        params,
        query,
        body,
        project,
        store: this.store,
        format,
        urls: this.urls,
        server: this.target,
        truncatedPages: this.faults.truncatedPages,
        repeatingContinuationToken: this.faults.repeatingContinuationToken === true,
        maxPageSize: this.faults.maxPageSize ?? 0,
        assertRepositoryReadable: (repositoryId, repositoryName) => {
          const blocked = this.faults.forbiddenRepositories.map((entry) => entry.toLowerCase());
          if (
            blocked.includes(repositoryId.toLowerCase()) ||
            blocked.includes(repositoryName.toLowerCase())
          ) {
            this.noteFault("forbiddenRepository");
            throw repositoryForbidden(repositoryName);
          }
        },
        assertEnvironmentReadable: (environmentId, environmentName) => {
          const blocked = (this.faults.forbiddenEnvironments ?? []).map((entry) =>
            entry.toLowerCase(),
          );
          if (
            blocked.includes(String(environmentId)) ||
            blocked.includes(environmentName.toLowerCase())
          ) {
            this.noteFault("forbiddenEnvironment");
            throw environmentForbidden(environmentName);
          }
        },
        noteFault: (name) => this.noteFault(name),
        duplicateAcrossPages: () =>
          !spared && this.chance("duplicateAcrossPagesRate", "duplicateAcrossPages"),
      };
      const result = route.handler(ctx);
      const answer: ApiResponse & { bodyFault?: BodyFault; text?: string } = spared
        ? { ...result }
        : this.withSuccessFaults(result);
      const checked = {
        ...{ method, route: route.name, scopeDepth: scope.length, rest },
        query: [...url.searchParams.keys()].map((name) => name.toLowerCase()),
      };
      this.checkSchema({ ...checked, path: url.pathname + url.search }, answer, format);
      return { status: this.send(response, answer, format), route: route.name };
    } catch (error) {
      if (error instanceof ApiError)
        return { status: this.sendError(response, error), route: route.name };
      throw error;
    }
  }

  /** Strict mode: the service's 400 for a version the route does not serve on this server. */
  private apiVersionProblem(
    lookup: ReturnType<typeof lookUpRoute>,
    rest: string[],
    requested: string | undefined,
  ): ApiError | undefined {
    if (!this.strictApiVersions) return undefined;
    if (!lookup.found) {
      return new ApiError(
        400,
        `Emulator: the route _apis/${rest.join("/")} has no row in the api-version table (src/adapters/ado/apiVersions.ts); add one.`,
        "System.InvalidOperationException, mscorlib",
        "InvalidOperationException",
      );
    }
    return apiVersionProblem(lookup, requested, this.target);
  }

  /**
   * Under `curableOnly`, a request already seen (a retry, or a listing read again) gets no
   * fault: every fault is then one that one more read cures.
   */
  private spared(key: string): boolean {
    if (!this.faults.curableOnly) return false;
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }

  /** Draws the seeded coin of a rate fault and counts it when it comes up. */
  private chance(option: keyof FaultOptions, name: string): boolean {
    const rate = this.faults[option];
    if (typeof rate !== "number" || rate <= 0 || !(this.errorRandom.next() < rate)) return false;
    this.noteFault(name);
    return true;
  }

  /** Retry-After on a 200 and the body faults, all seeded; for route answers only. */
  private withSuccessFaults(result: ApiResponse): ApiResponse & { bodyFault?: BodyFault } {
    const status = result.status ?? 200;
    if (status !== 200) return result;
    let headers = result.headers;
    const retryAfter = this.faults.retryAfterOn200;
    if (retryAfter && retryAfter.rate > 0 && this.errorRandom.next() < retryAfter.rate) {
      this.noteFault("retryAfterOn200");
      headers = { ...headers, "Retry-After": String(retryAfter.seconds) };
    }
    const malformedRate = this.faults.malformedJsonRate ?? 0;
    const cutBody =
      result.body !== undefined && malformedRate > 0 && this.errorRandom.next() < malformedRate;
    if (cutBody) this.noteFault("malformedJson");
    let bodyFault: BodyFault | undefined = cutBody ? "cut" : undefined;
    for (const [fault, option, name] of BODY_FAULTS) {
      if (!bodyFault && result.body !== undefined && this.chance(option, name)) bodyFault = fault;
    }
    return { ...result, headers, bodyFault };
  }

  /** Throttle bursts, long Retry-After 429s and random 5xx, in that order. */
  private injectFaults(): void {
    const long = this.faults.longRetryAfter;
    if (long && long.rate > 0 && this.errorRandom.next() < long.rate) {
      this.noteFault("longRetryAfter");
      throw Object.assign(
        new ApiError(
          429,
          "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'.",
          "Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server",
          "RequestBlockedException",
        ),
        { retryAfter: long.seconds },
      );
    }
    if (this.faults.throttleBurst && this.throttleRemaining > 0) {
      this.throttleRemaining--;
      this.noteFault("throttle");
      const error = new ApiError(
        429,
        "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'.",
        "Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server",
        "RequestBlockedException",
      );
      throw Object.assign(error, { retryAfter: this.faults.throttleBurst.retryAfterSeconds });
    }
    if (this.faults.serverErrorRate > 0 && this.errorRandom.next() < this.faults.serverErrorRate) {
      const unavailable = this.errorRandom.next() < 0.5;
      this.noteFault(unavailable ? "serviceUnavailable" : "serverError");
      throw unavailable
        ? new ApiError(
            503,
            "TF400898: The service is temporarily unavailable. Try again later.",
            "Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common",
            "VssServiceException",
          )
        : new ApiError(
            500,
            "TF400898: An Internal Error Occurred. Activity Id: 00000000-0000-0000-0000-000000000000.",
            "System.InvalidOperationException, mscorlib",
            "InvalidOperationException",
          );
    }
  }

  /** Optional TSTU budget (§1.5): headers past 50 %, Retry-After past 100 %, 429 when blocking. */
  private applyRateLimit(response: ServerResponse, cost: number): void {
    const config = this.faults.rateLimit;
    if (!config) return;
    const windowMs = (config.windowSeconds ?? 300) * 1000;
    const now = Date.now();
    while (this.usage.length > 0 && this.usage[0].at <= now - windowMs) this.usage.shift();
    this.usage.push({ at: now, cost });
    const used = this.usage.reduce((sum, entry) => sum + entry.cost, 0);
    if (used * 2 < config.limit) return;
    const reset = Math.ceil((this.usage[0].at + windowMs) / 1000);
    response.setHeader("X-RateLimit-Resource", "Core");
    response.setHeader("X-RateLimit-Limit", String(config.limit));
    response.setHeader("X-RateLimit-Remaining", String(Math.max(0, config.limit - used)));
    response.setHeader("X-RateLimit-Reset", String(reset));
    if (used > config.limit) {
      const retryAfter = Math.max(1, reset - Math.floor(now / 1000));
      response.setHeader("Retry-After", String(retryAfter));
      response.setHeader("X-RateLimit-Delay", "0.000");
      this.noteFault("rateLimited");
      if (config.block) {
        throw Object.assign(
          new ApiError(
            429,
            "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Core' in namespace 'User'.",
            "Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server",
            "RequestBlockedException",
          ),
          { retryAfter },
        );
      }
    }
  }

  private send(
    response: ServerResponse,
    result: ApiResponse & { bodyFault?: BodyFault; text?: string },
    format: WireFormat,
  ): number {
    const fault = result.bodyFault;
    const status = fault === "signIn203" ? 203 : (result.status ?? 200);
    const headers: Record<string, string> = {
      "Content-Type": `application/json; charset=utf-8; api-version=${format.apiVersion ?? "7.1"}`,
      "Cache-Control": "no-cache",
      ...result.headers,
    };
    if (fault === "signIn" || fault === "signIn203") {
      headers["Content-Type"] = "text/html; charset=utf-8";
    }
    response.writeHead(status, headers);
    if (fault === "stall") {
      // Headers, then silence: only the client's own timeout ends this answer.
      response.flushHeaders();
      return status;
    }
    response.end(
      fault === undefined && result.text !== undefined
        ? result.text
        : this.faultyBody(result.body, format, fault),
    );
    return status;
  }

  /** The body text, as the body fault (if any) makes it. */
  private faultyBody(body: unknown, format: WireFormat, fault: BodyFault | undefined): string {
    const whole = body === undefined ? "" : serialize(body, format);
    switch (fault) {
      case "cut":
        // The first half of the body (an object or a list), which never parses.
        return whole.slice(0, Math.max(1, Math.floor(whole.length / 2)));
      case "empty":
        return "";
      case "wrongShape": {
        const list = body instanceof ListBody;
        return this.errorRandom.next() < 0.5 ? "null" : list ? "{}" : "[]";
      }
      case "signIn":
      case "signIn203":
        return SIGN_IN_PAGE;
      default:
        return whole;
    }
  }

  private sendError(response: ServerResponse, error: ApiError): number {
    const body = {
      $id: "1",
      innerException: null,
      message: error.message,
      typeName: error.typeName,
      typeKey: error.typeKey,
      errorCode: 0,
      eventId: 3000,
    };
    const headers: Record<string, string> = {
      "Content-Type": "application/json; charset=utf-8",
      "x-tfs-serviceerror": encodeURIComponent(error.message),
    };
    const retryAfter = (error as ApiError & { retryAfter?: number }).retryAfter;
    if (retryAfter !== undefined) headers["Retry-After"] = String(retryAfter);
    response.writeHead(error.status, headers);
    response.end(JSON.stringify(body));
    return error.status;
  }

  private plainNotFound(response: ServerResponse, path: string): number {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(
      `The controller for path '${path}' was not found or does not implement IController.`,
    );
    return 404;
  }
}

function defaultFormat(): WireFormat {
  return parseAccept(undefined);
}

function validateFaults(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return "Faults must be a JSON object.";
  const faults = body as Record<string, unknown>;
  const known = Object.keys(DEFAULT_FAULTS);
  for (const key of Object.keys(faults)) {
    if (!known.includes(key)) return `Unknown fault option '${key}'. Known: ${known.join(", ")}.`;
  }
  if ("latencyMs" in faults && (typeof faults.latencyMs !== "number" || faults.latencyMs < 0)) {
    return "latencyMs must be a number >= 0.";
  }
  if ("serverErrorRate" in faults) {
    const rate = faults.serverErrorRate;
    if (typeof rate !== "number" || rate < 0 || rate > 1)
      return "serverErrorRate must be between 0 and 1.";
  }
  if ("forbiddenRepositories" in faults && !isStringList(faults.forbiddenRepositories)) {
    return "forbiddenRepositories must be an array of repository names or ids.";
  }
  if ("truncatedPages" in faults && typeof faults.truncatedPages !== "boolean")
    return "truncatedPages must be a boolean.";
  if ("throttleBurst" in faults && faults.throttleBurst !== null) {
    const burst = faults.throttleBurst as Record<string, unknown>;
    if (
      typeof burst !== "object" ||
      typeof burst.count !== "number" ||
      typeof burst.retryAfterSeconds !== "number"
    ) {
      return "throttleBurst must be null or { count, retryAfterSeconds }.";
    }
  }
  return (
    checkSlowRoutes(faults) ??
    checkRateAnd(faults, "latencySpikes", "ms", MAX_SPIKE_MS) ??
    checkRateAnd(faults, "retryAfterOn200", "seconds", 3600) ??
    checkRate(faults, "connectionResetRate") ??
    checkRate(faults, "malformedJsonRate") ??
    checkRate(faults, "emptyBodyRate") ??
    checkRate(faults, "wrongShapeRate") ??
    checkRate(faults, "signInPageRate") ??
    checkRate(faults, "signIn203Rate") ??
    checkRate(faults, "stalledAnswerRate") ??
    checkRate(faults, "duplicateAcrossPagesRate") ??
    checkRateAnd(faults, "longRetryAfter", "seconds", 3600) ??
    ("curableOnly" in faults && typeof faults.curableOnly !== "boolean"
      ? "curableOnly must be a boolean."
      : undefined) ??
    checkRateLimit(faults) ??
    ("maxPageSize" in faults &&
    faults.maxPageSize !== null &&
    !(Number.isInteger(faults.maxPageSize) && (faults.maxPageSize as number) >= 0)
      ? "maxPageSize must be null or an integer >= 0."
      : undefined) ??
    ("repeatingContinuationToken" in faults &&
    typeof faults.repeatingContinuationToken !== "boolean"
      ? "repeatingContinuationToken must be a boolean."
      : undefined) ??
    ("forbiddenEnvironments" in faults && !isStringList(faults.forbiddenEnvironments)
      ? "forbiddenEnvironments must be an array of environment names or ids."
      : undefined)
  );
}

function isRate(value: unknown): boolean {
  return typeof value === "number" && value >= 0 && value <= 1;
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((entry) => typeof entry === "string");
}

function checkRate(faults: Record<string, unknown>, key: string): string | undefined {
  return key in faults && !isRate(faults[key]) ? `${key} must be between 0 and 1.` : undefined;
}

/** `{ rate: 0..1, [amount]: 0..max }` or null. */
function checkRateAnd(
  faults: Record<string, unknown>,
  key: string,
  amount: string,
  max: number,
): string | undefined {
  if (!(key in faults) || faults[key] === null) return undefined;
  const value = faults[key] as Record<string, unknown>;
  const ok =
    typeof value === "object" &&
    !Array.isArray(value) &&
    isRate(value.rate) &&
    typeof value[amount] === "number" &&
    (value[amount] as number) >= 0 &&
    (value[amount] as number) <= max;
  return ok ? undefined : `${key} must be null or { rate: 0..1, ${amount}: 0..${max} }.`;
}

/** The longest a slow route waits: longer than any time limit a test sets, short of a hang. */
const MAX_SLOW_ROUTE_MS = 600_000;

function checkSlowRoutes(faults: Record<string, unknown>): string | undefined {
  if (!("slowRoutes" in faults) || faults.slowRoutes === null) return undefined;
  const value = faults.slowRoutes as Record<string, unknown>;
  const ok =
    typeof value === "object" &&
    !Array.isArray(value) &&
    isStringList(value.routes) &&
    typeof value.ms === "number" &&
    value.ms >= 0 &&
    value.ms <= MAX_SLOW_ROUTE_MS;
  return ok
    ? undefined
    : `slowRoutes must be null or { routes: [route names], ms: 0..${MAX_SLOW_ROUTE_MS} }.`;
}

function checkRateLimit(faults: Record<string, unknown>): string | undefined {
  if (!("rateLimit" in faults) || faults.rateLimit === null) return undefined;
  const value = faults.rateLimit as Record<string, unknown>;
  const ok =
    typeof value === "object" &&
    !Array.isArray(value) &&
    typeof value.limit === "number" &&
    value.limit > 0 &&
    (value.windowSeconds === undefined ||
      (typeof value.windowSeconds === "number" && value.windowSeconds > 0)) &&
    (value.block === undefined || typeof value.block === "boolean");
  return ok ? undefined : "rateLimit must be null or { limit > 0, windowSeconds?, block? }.";
}
