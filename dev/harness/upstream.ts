/**
 * Where REST calls go: the in-process emulator (demo) or a real organisation through the harness's
 * reverse proxy, which swaps the harness session token for the PAT so the PAT never reaches the
 * browser. The PAT is only ever read from memory here; it is never logged or echoed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerTarget } from "../../src/adapters/ado/apiVersions";
import { atServerVersion } from "./atServerVersion";

export interface RealOrganization {
  /** https://dev.azure.com/ORG or https://ORG.visualstudio.com */
  orgUrl: string;
  /** Personal access token (from AZURE_DEVOPS_TOKEN). */
  token: string;
}

export interface Upstream {
  /** Server-side root for REST calls, trailing slash. */
  organizationRoot: string;
  releaseRoot: string;
  authorization: string;
  /** Which server answers (a real organisation is Services): the host's reads use its versions. */
  server: ServerTarget;
}

const trailingSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

/** Classic release lives on vsrm: dev.azure.com/ORG → vsrm.dev.azure.com/ORG. */
export function releaseRootFor(orgUrl: string): string {
  const url = new URL(trailingSlash(orgUrl));
  if (url.hostname === "dev.azure.com") url.hostname = "vsrm.dev.azure.com";
  else if (url.hostname.endsWith(".visualstudio.com")) {
    url.hostname = url.hostname.replace(/\.visualstudio\.com$/, ".vsrm.visualstudio.com");
  }
  return url.toString();
}

export function realUpstream(organization: RealOrganization): Upstream {
  return {
    organizationRoot: trailingSlash(organization.orgUrl),
    releaseRoot: releaseRootFor(organization.orgUrl),
    authorization: `Basic ${Buffer.from(`:${organization.token}`).toString("base64")}`,
    server: "services",
  };
}

export function emulatorUpstream(
  emulatorOrgUrl: string,
  accessToken: string,
  server: ServerTarget,
): Upstream {
  const root = trailingSlash(emulatorOrgUrl);
  // The emulator serves Classic release on the same host as everything else.
  return {
    organizationRoot: root,
    releaseRoot: root,
    authorization: `Bearer ${accessToken}`,
    server,
  };
}

export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Server-side REST call in the default (plain JSON) format. */
export async function upstreamJson<T>(
  upstream: Upstream,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(
    atServerVersion(`${upstream.organizationRoot}${path}`, upstream.server),
    {
      method: init.method ?? "GET",
      headers: {
        Accept: "application/json",
        Authorization: upstream.authorization,
        "X-TFS-FedAuthRedirect": "Suppress",
        ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      redirect: "manual",
    },
  );
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // Not JSON: keep the start of the body.
    }
    throw new UpstreamError(response.status, `${response.status} ${path}: ${message}`);
  }
  return JSON.parse(text) as T;
}

const FORWARDED_REQUEST_HEADERS = [
  "accept",
  "content-type",
  "x-tfs-fedauthredirect",
  "x-vss-reauthenticationaction",
  "x-tfs-session",
];
const FORWARDED_RESPONSE_HEADERS = [
  "content-type",
  "x-ms-continuationtoken",
  "retry-after",
  "x-ratelimit-resource",
  "x-ratelimit-delay",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
  "x-tfs-serviceerror",
];

function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers":
      "Authorization, Content-Type, Accept, X-TFS-FedAuthRedirect, X-VSS-ReauthenticationAction, X-TFS-Session",
    "Access-Control-Expose-Headers": FORWARDED_RESPONSE_HEADERS.join(", "),
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Forwards one browser request (from the extension origin) to the real organisation.
 * `targetRoot` is the upstream root, `rest` the path after the proxy prefix.
 */
export async function forwardToOrganization(options: {
  request: IncomingMessage;
  response: ServerResponse;
  targetRoot: string;
  rest: string;
  upstream: Upstream;
  allowedOrigin: string;
  sessionToken: string;
}): Promise<void> {
  const { request, response } = options;
  const origin = request.headers.origin;
  if (origin && origin !== options.allowedOrigin) {
    response.writeHead(403, { "Content-Type": "text/plain" }).end("origin not allowed");
    return;
  }
  const cors = corsHeaders(options.allowedOrigin);
  if (request.method === "OPTIONS") {
    response.writeHead(204, cors).end();
    return;
  }
  // Only the frames this harness served hold the session token; nothing else may spend the PAT.
  if (request.headers.authorization !== `Bearer ${options.sessionToken}`) {
    response
      .writeHead(401, { ...cors, "Content-Type": "text/plain" })
      .end("harness token required");
    return;
  }
  const headers: Record<string, string> = { Authorization: options.upstream.authorization };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const body =
    request.method === "GET" || request.method === "HEAD"
      ? undefined
      : new Uint8Array(await readBody(request));
  try {
    const upstreamResponse = await fetch(`${options.targetRoot}${options.rest}`, {
      method: request.method,
      headers,
      body,
      redirect: "manual",
    });
    const outHeaders: Record<string, string> = { ...cors };
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstreamResponse.headers.get(name);
      if (value !== null) outHeaders[name] = value;
    }
    const payload = Buffer.from(await upstreamResponse.arrayBuffer());
    response.writeHead(upstreamResponse.status, outHeaders).end(payload);
  } catch (error) {
    response
      .writeHead(502, { ...cors, "Content-Type": "text/plain" })
      .end(`upstream unreachable: ${(error as Error).message}`);
  }
}
