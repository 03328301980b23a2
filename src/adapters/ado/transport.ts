/*
 * The one path every REST request takes: auth, retries with backoff, throttling, bounded
 * concurrency, call counting, JSON parsing and error classification into SourceError.
 */
import { SourceError, type SourceErrorKind } from "../../core/sources";
import type { AuthProvider } from "./auth";
import { secretsOf } from "./auth";
import { parseAdoJson } from "./msJson";
import { Semaphore } from "./semaphore";
import { displayUrl } from "./urls";

/** Per-run request statistics. */
export interface CallStats {
  /** HTTP requests sent, retries and the 401 re-send included. */
  total: number;
  /** `total` split by area (the Sources key: git, policy, build, ...). */
  byArea: Record<string, number>;
  /** Re-sends after 429, 5xx or a network error. */
  retries: number;
  /** Responses that asked us to slow down: 429, Retry-After, or a low X-RateLimit-Remaining. */
  throttled: number;
  /** Requests that ended in a SourceError. */
  failures: number;
}

export interface RetryOptions {
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface TransportOptions {
  auth: AuthProvider;
  concurrency?: number;
  retry?: RetryOptions;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
  /**
   * Longest wait for one attempt, answer body included (default 30 s). A request past it is
   * aborted and counts as a network error (retried like one), so a stalled service cannot hang a run.
   */
  requestTimeoutMs?: number;
}

/** `numbers`: the extension clients' format (enumsAsNumbers). `strings`: enums as names. */
export type EnumFormat = "numbers" | "strings";

/** What the generated clients hand to `_issueRequest` (RestClientRequestParams, the part we use). */
export interface IssuedRequestParams {
  method?: string;
  body?: unknown;
  isRawData?: boolean;
  httpResponseType?: string;
  customHeaders?: Record<string, string>;
  returnRawResponse?: boolean;
}

export interface TransportRequest {
  area: string;
  url: string;
  apiVersion: string;
  params: IssuedRequestParams;
  format: EnumFormat;
}

/** What `returnRawResponse` callers (header-paged client methods) read from a response. */
export interface RawResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: Headers;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

const DEFAULT_CONCURRENCY = 6;
const DEFAULT_MAX_RETRIES = 4;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Upper bound on one Retry-After wait, so a nonsense header cannot stall a run for hours. */
const MAX_RETRY_AFTER_MS = 300_000;
/** Below this share of X-RateLimit-Limit left, run one request at a time. */
const LOW_REMAINING_SHARE = 0.1;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Transport {
  private readonly auth: AuthProvider;
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly slots: Semaphore;
  /** Shared wait after Retry-After or a 429: every request waits for it before sending. */
  private pause: Promise<void> | undefined;
  private slowedDown = false;
  private stats: CallStats = emptyStats();

  constructor(options: TransportOptions) {
    this.auth = options.auth;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxRetries = options.retry?.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.baseDelayMs = options.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = options.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.slots = new Semaphore(this.concurrency);
  }

  calls(): CallStats {
    return { ...this.stats, byArea: { ...this.stats.byArea } };
  }

  resetCalls(): void {
    this.stats = emptyStats();
  }

  /** Sends one logical request (with its retries) and returns the parsed body or raw response. */
  async send(request: TransportRequest): Promise<unknown> {
    try {
      return await this.sendWithRetries(request);
    } catch (error) {
      this.stats.failures += 1;
      throw error;
    }
  }

  private async sendWithRetries(request: TransportRequest): Promise<unknown> {
    const method = (request.params.method ?? "GET").toUpperCase();
    const shownUrl = displayUrl(request.url);
    const what = `${method} ${shownUrl}`;
    const acceptType = request.params.httpResponseType ?? "application/json";
    const init = this.buildInit(method, request, acceptType);
    let refreshAuth = false;
    let authRefreshed = false;
    let malformedRetried = false;
    let attempt = 0;
    // 429s have a budget of their own: the service said when to come back, so a throttle burst
    // must not use up the retries that 5xx, resets and timeouts need.
    let throttledAttempts = 0;
    let secrets: string[] = [];

    for (;;) {
      await this.waitWhilePaused();
      const release = await this.slots.acquire();
      let response: Response | undefined;
      let text = "";
      let networkError: unknown;
      try {
        const authorization = await this.authorization(refreshAuth, what);
        secrets = secretsOf(authorization);
        const headers = new Headers(init.headers);
        if (authorization) headers.set("Authorization", authorization);
        this.count(request.area);
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), this.requestTimeoutMs);
        try {
          response = await fetch(request.url, { ...init, headers, signal: abort.signal });
          text = await response.text();
        } catch (error) {
          // A response whose body never completed is no response either.
          response = undefined;
          networkError = abort.signal.aborted
            ? new Error(`no complete answer within ${this.requestTimeoutMs} ms`)
            : error;
        } finally {
          clearTimeout(timer);
        }
      } finally {
        release();
      }

      if (!response) {
        if (attempt < this.maxRetries) {
          attempt += 1;
          this.stats.retries += 1;
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw this.error(
          "network",
          `${what} could not reach the server after ${attempt + 1} attempts: ${describe(networkError)}`,
          secrets,
          shownUrl,
        );
      }

      const status = response.status;
      if (status === 401 && !authRefreshed) {
        // The token may have expired: ask for a fresh one and re-send once.
        authRefreshed = true;
        refreshAuth = true;
        continue;
      }
      if (status === 429 || status >= 500) {
        const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
        const throttled = status === 429;
        if (throttled) this.stats.throttled += 1;
        if ((throttled ? throttledAttempts : attempt) < this.maxRetries) {
          this.stats.retries += 1;
          if (throttled) {
            throttledAttempts += 1;
            // Everyone holds back, not just this request.
            this.pauseFor(retryAfterMs ?? this.backoff(throttledAttempts));
          } else {
            attempt += 1;
            await this.sleep(retryAfterMs ?? this.backoff(attempt));
          }
          continue;
        }
        const kind: SourceErrorKind = throttled ? "throttled" : "server";
        const attempts = attempt + throttledAttempts + 1;
        throw this.httpError(kind, what, response, text, secrets, shownUrl, attempts);
      }

      this.noteRateLimitHeaders(response.headers);

      if (!response.ok) {
        throw this.httpError(
          classify(status),
          what,
          response,
          text,
          secrets,
          shownUrl,
          attempt + throttledAttempts + 1,
        );
      }
      if (status === 203) {
        // A sign-in page served as "Non-Authoritative Information": the token was not accepted.
        throw this.error(
          "auth",
          `${what} returned a sign-in page (203): the credentials were not accepted`,
          secrets,
          shownUrl,
          status,
        );
      }
      try {
        return this.parseSuccess(request, response, text, acceptType, what, shownUrl, secrets);
      } catch (error) {
        // A 200 whose JSON is cut short is most often a connection dropped mid-body (a proxy, a
        // reset): every call here only reads, so one re-send is safe and usually heals it. A
        // service that keeps sending broken JSON fails on the second answer as malformed.
        const html = /html/i.test(response.headers.get("Content-Type") ?? "");
        if (
          malformedRetried ||
          html ||
          !(error instanceof SourceError) ||
          error.kind !== "malformed"
        )
          throw error;
        malformedRetried = true;
        this.stats.retries += 1;
        continue;
      }
    }
  }

  private buildInit(method: string, request: TransportRequest, acceptType: string): RequestInit {
    const acceptOptions =
      request.format === "numbers"
        ? "excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true"
        : "excludeUrls=true;msDateFormat=true;noArrayWrap=true";
    const headers: Record<string, string> = {
      Accept: `${acceptType};api-version=${request.apiVersion};${acceptOptions}`,
      "X-TFS-FedAuthRedirect": "Suppress",
      "X-VSS-ReauthenticationAction": "Suppress",
      ...(request.params.customHeaders ?? {}),
    };
    let body: string | undefined;
    const rawBody = request.params.body;
    if (method !== "GET" && method !== "HEAD" && rawBody !== undefined && rawBody !== null) {
      body =
        request.params.isRawData && typeof rawBody === "string" ? rawBody : JSON.stringify(rawBody);
      headers["Content-Type"] = "application/json";
    }
    return { method, headers, body };
  }

  private async authorization(forceRefresh: boolean, what: string): Promise<string> {
    try {
      return await this.auth.getAuthorizationHeader(forceRefresh);
    } catch (error) {
      throw new SourceError("auth", `${what}: could not obtain a token (${describe(error)})`);
    }
  }

  private parseSuccess(
    request: TransportRequest,
    response: Response,
    text: string,
    acceptType: string,
    what: string,
    shownUrl: string,
    secrets: string[],
  ): unknown {
    const isJson = acceptType.toLowerCase().includes("json");
    let parsed: unknown = null;
    if (isJson && text.trim().length > 0) {
      const contentType = response.headers.get("Content-Type") ?? "";
      if (/html/i.test(contentType)) {
        throw this.error(
          "malformed",
          `${what} returned HTML instead of JSON (status ${response.status})`,
          secrets,
          shownUrl,
          response.status,
        );
      }
      try {
        parsed = parseAdoJson(text);
      } catch (error) {
        throw this.error(
          "malformed",
          `${what} returned a body that is not valid JSON (status ${response.status}): ${describe(error)}`,
          secrets,
          shownUrl,
          response.status,
        );
      }
    }
    if (request.params.returnRawResponse) {
      // Header-paged client methods read the continuation header and parse the text themselves
      // (with the api's own MS-date handling); the text is known to be valid JSON here.
      return rawResponse(response, text, parsed);
    }
    return isJson ? parsed : text;
  }

  private noteRateLimitHeaders(headers: Headers): void {
    const retryAfterMs = parseRetryAfter(headers.get("Retry-After"));
    if (retryAfterMs !== undefined) {
      // Retry-After on a success: the service is about to delay or block; pause what follows.
      this.stats.throttled += 1;
      this.pauseFor(retryAfterMs);
    }
    const remaining = parseNumber(headers.get("X-RateLimit-Remaining"));
    const limit = parseNumber(headers.get("X-RateLimit-Limit"));
    const low =
      remaining !== undefined &&
      (limit !== undefined && limit > 0
        ? remaining <= limit * LOW_REMAINING_SHARE
        : remaining <= 0);
    if (low) {
      if (!this.slowedDown) this.stats.throttled += 1;
      this.slowedDown = true;
      this.slots.setLimit(1);
      const delaySeconds = parseNumber(headers.get("X-RateLimit-Delay"));
      this.pauseFor(delaySeconds !== undefined ? delaySeconds * 1000 : this.baseDelayMs);
    } else if (this.slowedDown && (remaining !== undefined || retryAfterMs === undefined)) {
      this.slowedDown = false;
      this.slots.setLimit(this.concurrency);
    }
  }

  private pauseFor(ms: number): void {
    const wait = this.sleep(Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS));
    const previous = this.pause;
    const combined: Promise<void> = (previous ? Promise.all([previous, wait]) : wait).then(() => {
      if (this.pause === combined) this.pause = undefined;
    });
    this.pause = combined;
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.pause) {
      await this.pause;
    }
  }

  private backoff(attempt: number): number {
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    // Jitter in [50%, 100%] so parallel callers do not retry in lockstep.
    return Math.round(exponential * (0.5 + this.random() * 0.5));
  }

  private count(area: string): void {
    this.stats.total += 1;
    this.stats.byArea[area] = (this.stats.byArea[area] ?? 0) + 1;
  }

  private httpError(
    kind: SourceErrorKind,
    what: string,
    response: Response,
    text: string,
    secrets: string[],
    shownUrl: string,
    attempts: number,
  ): SourceError {
    const serverMessage = serverMessageOf(text);
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    const statusText = response.statusText ? ` ${response.statusText}` : "";
    return this.error(
      kind,
      `${what} failed with ${response.status}${statusText}${tries}` +
        (serverMessage ? `: ${serverMessage}` : ""),
      secrets,
      shownUrl,
      response.status,
    );
  }

  private error(
    kind: SourceErrorKind,
    message: string,
    secrets: string[],
    url: string,
    status?: number,
  ): SourceError {
    return new SourceError(kind, scrub(message, secrets), { url, status });
  }
}

function emptyStats(): CallStats {
  return { total: 0, byArea: {}, retries: 0, throttled: 0, failures: 0 };
}

function classify(status: number): SourceErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not-found";
  if (status === 429) return "throttled";
  // 400/409/...: the service refused the request; it reports why in the message.
  return "server";
}

/** Retry-After in seconds (RFC 6585 as Azure DevOps sends it) or as an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function serverMessageOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const body = JSON.parse(trimmed) as { message?: unknown };
    if (body && typeof body.message === "string") return body.message;
  } catch {
    // plain-text error bodies (routing 404s) are shown as they are, shortened
  }
  if (trimmed.startsWith("<")) return undefined;
  return trimmed.length > 300 ? trimmed.slice(0, 300) + "…" : trimmed;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function scrub(message: string, secrets: string[]): string {
  let result = message;
  for (const secret of secrets) {
    result = result.split(secret).join("***");
  }
  return result;
}

function rawResponse(response: Response, text: string, parsed: unknown): RawResponse {
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(parsed),
  };
}

/** The signature of RestClientBase._issueRequest. */
type IssueRequest = (
  url: string,
  apiVersion: string,
  params: IssuedRequestParams,
) => Promise<unknown>;

/**
 * Routes a generated api client through the transport. The generated clients build the URL
 * (route template, route values, query flattening, api-version) in `beginRequest` and then call
 * the protected `_issueRequest`, which would fetch with its own auth and parsing. That method is
 * the one seam they expose, so it is replaced on this instance: every generated route and query
 * is kept, and the wire belongs to the transport.
 */
export function routeThroughTransport<TClient extends object>(
  client: TClient,
  transport: Transport,
  area: string,
  format: EnumFormat = "numbers",
): TClient {
  const seam = client as unknown as { _issueRequest?: IssueRequest };
  if (typeof seam._issueRequest !== "function") {
    throw new Error("azure-devops-extension-api changed: the client has no _issueRequest method");
  }
  seam._issueRequest = (url, apiVersion, params) =>
    transport.send({ area, url, apiVersion, params: params ?? {}, format });
  return client;
}
