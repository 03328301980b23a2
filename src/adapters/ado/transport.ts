/*
 * The one path every REST request takes: auth, retries with backoff, throttling, bounded
 * concurrency, call counting, JSON parsing and error classification into SourceError.
 */
import { SourceError, type SourceErrorKind, type WaitNotice } from "../../core/sources";
import { API_ROUTES, findRoute, versionsOn, type ApiRoute, type ServerTarget } from "./apiVersions";
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
  /**
   * When the whole command must be done (epoch ms, as `now` tells it). A read that cannot finish
   * before it ends as SourceError("deadline"); a wait past it is not slept.
   */
  deadlineAt?: number;
  /** Told of every wait over 5 s (Retry-After, back-off, throttling) with its reason. */
  onWait?: (notice: WaitNotice) => void;
  /** The clock the deadline is measured with; injectable for tests. */
  now?: () => number;
  /**
   * Which server the requests go to, or how to find out (asked once, on the first request whose
   * api-version depends on it; a failure is not kept). Default: Azure DevOps Services.
   */
  target?: ServerTarget | (() => Promise<ServerTarget>);
  /** The api-version table (default: the product's); injectable for tests. */
  routes?: readonly ApiRoute[];
}

export type { WaitNotice };

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
/** Waits longer than this are announced (stderr in the CLI, a notice in the UI). */
export const ANNOUNCE_WAIT_MS = 5_000;
/** 429s are waited out for up to the TSTU window Azure DevOps measures usage over. */
const THROTTLE_WINDOW_MS = 300_000;
/** A safety net on 429s answered with no wait at all. */
const MAX_THROTTLED_ATTEMPTS = 60;
/** A timed-out attempt is sent again only this many times (timeouts are the costly failure). */
const MAX_TIMEOUT_RETRIES = 1;
/** Below this share of X-RateLimit-Limit left, run one request at a time. */
const LOW_REMAINING_SHARE = 0.1;
/** First and longest own back-off on a 429 whose Retry-After the browser does not let us read. */
const BLIND_THROTTLE_BASE_MS = 2_000;
const BLIND_THROTTLE_MAX_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What one attempt brought back: an answer (status and whole body), or why there was none. */
interface Answer {
  response?: Response;
  text: string;
  networkError?: unknown;
  timedOut: boolean;
}

/** The retry bookkeeping of one logical request. */
interface SendState {
  what: string;
  shownUrl: string;
  /** Re-sends after a 5xx or a network error (timeouts included). */
  attempt: number;
  timeouts: number;
  throttled: number;
  /** Sum of the waits asked for by 429s, measured against the TSTU window. */
  throttledWaitMs: number;
  malformedRetried: boolean;
  signInRetried: boolean;
  authRefreshed: boolean;
  refreshAuth: boolean;
  secrets: string[];
}

/** The next step after an answer: done with a value, or wait and send again. */
type Step = { done: true; value: unknown } | { done: false; waitMs: number; reason: string };

export class Transport {
  private readonly auth: AuthProvider;
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly deadlineAt: number;
  private readonly now: () => number;
  private readonly onWait: (notice: WaitNotice) => void;
  private readonly slots: Semaphore;
  /** Shared wait after Retry-After or a 429: every request waits for it before sending. */
  private pause: Promise<void> | undefined;
  /** When the shared wait ends (by `now`), to tell whether it fits before the deadline. */
  private pauseUntil = 0;
  private slowedDown = false;
  /** Until when (by `now`) requests go one at a time after a 429 we could not read the wait of. */
  private selfPacedUntil = 0;
  private stats: CallStats = emptyStats();
  private readonly findTarget: () => Promise<ServerTarget>;
  private readonly routes: readonly ApiRoute[];

  constructor(options: TransportOptions) {
    this.auth = options.auth;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxRetries = options.retry?.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.baseDelayMs = options.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = options.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.deadlineAt = options.deadlineAt ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? Date.now;
    this.onWait = options.onWait ?? (() => undefined);
    this.slots = new Semaphore(this.concurrency);
    this.routes = options.routes ?? API_ROUTES;
    const target = options.target ?? "services";
    this.findTarget =
      typeof target === "string" ? () => Promise.resolve(target) : sharedOnce(target);
  }

  /** The server the requests go to (found out on first use when it is not known). */
  target(): Promise<ServerTarget> {
    return this.findTarget();
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
      return await this.sendWithRetries({
        ...request,
        apiVersion: await this.apiVersionOf(request),
      });
    } catch (error) {
      this.stats.failures += 1;
      throw error;
    }
  }

  /**
   * The table's api-version for the request's route on the target: the generated clients
   * hard-code one version for every server. A route the target lacks is refused before sending;
   * a route the table does not know keeps the caller's version.
   */
  private async apiVersionOf(request: TransportRequest): Promise<string> {
    const route = findRoute(this.routes, request.url);
    if (!route) return request.apiVersion;
    const sameEverywhere =
      route.server2022 !== null && route.services.send === route.server2022.send;
    if (sameEverywhere) return route.services.send;
    const target = await this.findTarget();
    const versions = versionsOn(route, target);
    if (versions) return versions.send;
    const method = (request.params.method ?? "GET").toUpperCase();
    throw new SourceError(
      "unsupported",
      `${method} ${displayUrl(request.url)}: not supported by this server version (Azure DevOps Server 2022 has no ${route.key} route)`,
      { url: displayUrl(request.url) },
    );
  }

  private async sendWithRetries(request: TransportRequest): Promise<unknown> {
    const method = (request.params.method ?? "GET").toUpperCase();
    const shownUrl = displayUrl(request.url);
    const state = newState(`${method} ${shownUrl}`, shownUrl);
    const acceptType = request.params.httpResponseType ?? "application/json";
    const init = this.buildInit(method, request, acceptType);
    for (;;) {
      await this.waitWhilePaused(state);
      const answer = await this.sendOnce(request, init, state);
      const step = answer.response
        ? this.afterResponse(request, { ...answer, response: answer.response }, acceptType, state)
        : this.afterNoResponse(answer, state);
      if (step.done) return step.value;
      if (step.waitMs > 0) await this.waitBeforeRetry(step.waitMs, step.reason, state);
    }
  }

  /** One attempt: a slot, a token, the request and its whole body, within the time left. */
  private async sendOnce(request: TransportRequest, init: RequestInit, state: SendState) {
    const release = await this.slots.acquire();
    try {
      this.checkDeadline(state);
      const authorization = await this.authorization(state.refreshAuth, state.what);
      state.refreshAuth = false;
      state.secrets = secretsOf(authorization);
      const headers = new Headers(init.headers);
      if (authorization) headers.set("Authorization", authorization);
      this.count(request.area);
      const limitMs = Math.min(this.requestTimeoutMs, this.deadlineAt - this.now());
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), Math.max(0, limitMs));
      try {
        const response = await fetch(request.url, { ...init, headers, signal: abort.signal });
        return { response, text: await response.text(), timedOut: false } as Answer;
      } catch (error) {
        // A response whose body never completed is no response either.
        const timedOut = abort.signal.aborted;
        if (timedOut) this.checkDeadline(state);
        const networkError = timedOut
          ? new Error(`no complete answer within ${limitMs} ms`)
          : error;
        return { text: "", networkError, timedOut } as Answer;
      } finally {
        clearTimeout(timer);
      }
    } finally {
      release();
    }
  }

  /**
   * No answer: resets are retried like 5xx, but a timed-out attempt only once more, so one
   * stalled request costs at most two request timeouts, not one per retry.
   */
  private afterNoResponse(answer: Answer, state: SendState): Step {
    if (answer.timedOut) state.timeouts += 1;
    const timeoutsLeft = !answer.timedOut || state.timeouts <= MAX_TIMEOUT_RETRIES;
    if (state.attempt < this.maxRetries && timeoutsLeft) {
      state.attempt += 1;
      this.stats.retries += 1;
      return { done: false, waitMs: this.backoff(state.attempt), reason: "no answer" };
    }
    throw this.error(
      "network",
      `${state.what} could not reach the server after ${state.attempt + 1} attempts: ${describe(answer.networkError)}`,
      state,
    );
  }

  private afterResponse(
    request: TransportRequest,
    answer: Answer & { response: Response },
    acceptType: string,
    state: SendState,
  ): Step {
    const { response, text } = answer;
    const status = response.status;
    if (status === 401 && !state.authRefreshed) {
      // The token may have expired: ask for a fresh one and re-send once.
      state.authRefreshed = true;
      state.refreshAuth = true;
      return { done: false, waitMs: 0, reason: "" };
    }
    if (status === 429) return this.afterThrottled(response, text, state);
    if (status >= 500) return this.afterServerError(response, text, state);
    this.noteRateLimitHeaders(response.headers);
    if (!response.ok) {
      throw this.httpError(classify(status), response, text, state);
    }
    if (status === 203 || looksLikeHtml(response, text)) return this.afterSignInPage(status, state);
    try {
      return { done: true, value: this.parseSuccess(request, response, text, acceptType, state) };
    } catch (error) {
      // A 200 whose JSON is cut short (or empty) is most often a connection dropped mid-body (a
      // proxy, a reset): every call here only reads, so one re-send is safe and usually heals
      // it. A service that keeps sending broken JSON fails on the second answer as malformed.
      if (state.malformedRetried || !(error instanceof SourceError)) throw error;
      state.malformedRetried = true;
      this.stats.retries += 1;
      return { done: false, waitMs: 0, reason: "" };
    }
  }

  /**
   * 429: waited out (Retry-After, else back-off), everyone holding back, for as long as the
   * TSTU window lasts and the deadline allows; a wait past the deadline ends this read now.
   */
  private afterThrottled(response: Response, text: string, state: SendState): Step {
    this.stats.throttled += 1;
    const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
    // A browser shows a cross-origin answer's headers only if the service exposes them, and Azure
    // DevOps exposes no rate-limit header (its 429s carry Retry-After): there, a 429 without one
    // means they are hidden, X-RateLimit-Remaining too, which would have paced us before it.
    const blind = retryAfterMs === undefined && response.type === "cors";
    const ownWaitMs = blind
      ? this.backoff(state.throttled + 1, BLIND_THROTTLE_BASE_MS, BLIND_THROTTLE_MAX_MS)
      : this.backoff(state.throttled + 1);
    const waitMs = Math.min(retryAfterMs ?? ownWaitMs, MAX_RETRY_AFTER_MS);
    const withinWindow = state.throttledWaitMs + waitMs <= THROTTLE_WINDOW_MS;
    if (!withinWindow || state.throttled >= MAX_THROTTLED_ATTEMPTS) {
      throw this.httpError("throttled", response, text, state);
    }
    const reason =
      retryAfterMs !== undefined
        ? "Azure DevOps is throttling (429, Retry-After)"
        : blind
          ? HIDDEN_HEADERS_REASON
          : "Azure DevOps is throttling (429)";
    this.refuseWaitPastDeadline(waitMs, reason, state);
    state.throttled += 1;
    state.throttledWaitMs += waitMs;
    this.stats.retries += 1;
    if (blind) {
      // Unable to watch the limit run down: one request at a time for the usage window.
      this.selfPacedUntil = this.now() + waitMs + THROTTLE_WINDOW_MS;
      this.slots.setLimit(1);
    }
    // Everyone holds back, not just this request.
    this.pauseFor(waitMs, reason, blind);
    return { done: false, waitMs: 0, reason };
  }

  private afterServerError(response: Response, text: string, state: SendState): Step {
    if (state.attempt >= this.maxRetries) {
      throw this.httpError("server", response, text, state);
    }
    state.attempt += 1;
    this.stats.retries += 1;
    const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
    const reason = `Azure DevOps answered ${response.status}${retryAfterMs !== undefined ? " with Retry-After" : ""}`;
    return { done: false, waitMs: retryAfterMs ?? this.backoff(state.attempt), reason };
  }

  /**
   * A sign-in page (203 "Non-Authoritative Information", or HTML where JSON was asked for): a
   * proxy or a session hiccup sends one now and then, so it is read again once; only a second
   * one is reported.
   */
  private afterSignInPage(status: number, state: SendState): Step {
    if (!state.signInRetried) {
      state.signInRetried = true;
      this.stats.retries += 1;
      return { done: false, waitMs: this.backoff(1), reason: "a sign-in page" };
    }
    throw this.error(
      "sign-in",
      `${state.what}: Azure DevOps answered with a sign-in page (status ${status}) instead of data, twice`,
      state,
      status,
    );
  }

  /** Sleeps before a re-send, announcing a long wait; a wait past the deadline ends the read. */
  private async waitBeforeRetry(ms: number, reason: string, state: SendState): Promise<void> {
    this.refuseWaitPastDeadline(ms, reason, state);
    if (ms > ANNOUNCE_WAIT_MS) this.onWait({ ms, reason });
    await this.sleep(ms);
  }

  private refuseWaitPastDeadline(ms: number, reason: string, state: SendState): void {
    const left = this.deadlineAt - this.now();
    if (ms <= left) return;
    throw this.error(
      "deadline",
      `${state.what}: ${reason} asked for a wait of ${seconds(ms)}, longer than the ${seconds(Math.max(0, left))} left before the time limit`,
      state,
    );
  }

  private checkDeadline(state: SendState): void {
    if (this.now() < this.deadlineAt) return;
    throw this.error("deadline", `${state.what}: the time limit ran out before an answer`, state);
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
    state: SendState,
  ): unknown {
    const isJson = acceptType.toLowerCase().includes("json");
    let parsed: unknown = null;
    if (isJson && text.trim().length === 0 && response.status !== 204) {
      // Every JSON read answers with a body; an empty one is a cut answer, never "nothing".
      throw this.error(
        "malformed",
        `${state.what} returned an empty body (status ${response.status})`,
        state,
        response.status,
      );
    }
    if (isJson && text.trim().length > 0) {
      try {
        parsed = parseAdoJson(text);
      } catch (error) {
        throw this.error(
          "malformed",
          `${state.what} returned a body that is not valid JSON (status ${response.status}): ${describe(error)}`,
          state,
          response.status,
        );
      }
    }
    if (isJson && isEmptyAnswer(parsed) && response.status !== 204) {
      // No read answers `null` or `{}` with 200 (a missing timeline is a 204; an empty list is
      // `[]` or `{count: 0, value: []}`): a broken answer, sent again once like a cut one.
      throw this.error(
        "malformed",
        `${state.what} returned ${JSON.stringify(parsed)} instead of data (status ${response.status})`,
        state,
        response.status,
      );
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
      this.pauseFor(retryAfterMs, "Azure DevOps asked to slow down (Retry-After)");
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
      this.pauseFor(
        delaySeconds !== undefined ? delaySeconds * 1000 : this.baseDelayMs,
        "Azure DevOps reports the rate limit nearly used (X-RateLimit-Remaining)",
      );
    } else if (this.slowedDown && (remaining !== undefined || retryAfterMs === undefined)) {
      this.slowedDown = false;
      if (this.selfPacedUntil <= this.now()) this.slots.setLimit(this.concurrency);
    } else if (this.selfPacedUntil > 0 && this.selfPacedUntil <= this.now() && !this.slowedDown) {
      // The window passed with no 429 we could not read: back to full speed.
      this.selfPacedUntil = 0;
      this.slots.setLimit(this.concurrency);
    }
  }

  /**
   * A wait every request honours; one that outlasts the current one by over 5 s is announced,
   * and any wait when `always` (the reason is news the user should see even for a short wait).
   */
  private pauseFor(ms: number, reason: string, always = false): void {
    const waitMs = Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
    const until = this.now() + waitMs;
    const outlasts = until - Math.max(this.pauseUntil, this.now());
    if (always ? outlasts > 0 : waitMs > ANNOUNCE_WAIT_MS && outlasts > ANNOUNCE_WAIT_MS)
      this.onWait({ ms: waitMs, reason });
    this.pauseUntil = Math.max(this.pauseUntil, until);
    if (until > this.deadlineAt) return; // nobody sleeps it: waitWhilePaused ends those reads
    const wait = this.sleep(waitMs);
    const previous = this.pause;
    const combined: Promise<void> = (previous ? Promise.all([previous, wait]) : wait).then(() => {
      if (this.pause === combined) this.pause = undefined;
    });
    this.pause = combined;
  }

  private async waitWhilePaused(state: SendState): Promise<void> {
    if (this.pauseUntil > this.deadlineAt && this.pauseUntil > this.now()) {
      throw this.error(
        "deadline",
        `${state.what}: Azure DevOps asked every request to wait ${seconds(this.pauseUntil - this.now())} (Retry-After), past the time limit`,
        state,
      );
    }
    while (this.pause) {
      await this.pause;
    }
  }

  /** Exponential back-off; a 429 with no readable wait starts longer (blocks last). */
  private backoff(attempt: number, base = this.baseDelayMs, max = this.maxDelayMs): number {
    const exponential = Math.min(max, base * 2 ** (attempt - 1));
    // Jitter in [50%, 100%] so parallel callers do not retry in lockstep.
    return Math.round(exponential * (0.5 + this.random() * 0.5));
  }

  private count(area: string): void {
    this.stats.total += 1;
    this.stats.byArea[area] = (this.stats.byArea[area] ?? 0) + 1;
  }

  private httpError(
    kind: SourceErrorKind,
    response: Response,
    text: string,
    state: SendState,
  ): SourceError {
    const serverMessage = serverMessageOf(text);
    const attempts = attemptsOf(state);
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    const statusText = response.statusText ? ` ${response.statusText}` : "";
    return this.error(
      kind,
      `${state.what} failed with ${response.status}${statusText}${tries}` +
        (serverMessage ? `: ${serverMessage}` : ""),
      state,
      response.status,
    );
  }

  private error(
    kind: SourceErrorKind,
    message: string,
    state: SendState,
    status?: number,
  ): SourceError {
    return new SourceError(kind, scrub(message, state.secrets), {
      url: state.shownUrl,
      status,
      attempts: attemptsOf(state),
    });
  }
}

/** What a throttled browser page says when it cannot see how long the service asks it to wait. */
export const HIDDEN_HEADERS_REASON =
  "Azure DevOps is throttling (429) and hides its rate-limit headers: slowing down";
/** `make` run on the first call and its answer shared; a failure is not kept (the next call asks again). */
function sharedOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (made === undefined) {
      made = make();
      made.catch(() => (made = undefined));
    }
    return made;
  };
}

function newState(what: string, shownUrl: string): SendState {
  return {
    what,
    shownUrl,
    attempt: 0,
    timeouts: 0,
    throttled: 0,
    throttledWaitMs: 0,
    malformedRetried: false,
    signInRetried: false,
    authRefreshed: false,
    refreshAuth: false,
    secrets: [],
  };
}

function attemptsOf(state: SendState): number {
  return (
    1 +
    state.attempt +
    state.throttled +
    (state.malformedRetried ? 1 : 0) +
    (state.signInRetried ? 1 : 0)
  );
}

function isEmptyAnswer(parsed: unknown): boolean {
  if (parsed === null) return true;
  return (
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    !(parsed instanceof Date) &&
    Object.keys(parsed).length === 0
  );
}

/** An HTML page where JSON was asked for: a sign-in or error page of a proxy or of the service. */
function looksLikeHtml(response: Response, text: string): boolean {
  if (/html/i.test(response.headers.get("Content-Type") ?? "")) return true;
  return /^\s*<(!doctype html|html)/i.test(text.slice(0, 200));
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
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
