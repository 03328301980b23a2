/*
 * A tiny Azure DevOps-shaped HTTP server on 127.0.0.1 for transport tests. Each test supplies a
 * handler; the server records every request and the most requests it ever had open at once.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as it is; anything else as JSON. */
  body?: unknown;
}

export type StubHandler = (request: StubRequest) => StubReply | Promise<StubReply>;

export interface StubServer {
  /** e.g. http://127.0.0.1:PORT/fabrikam */
  orgUrl: string;
  requests: StubRequest[];
  maxInFlight(): number;
  close(): Promise<void>;
}

export async function startStubServer(
  handler: StubHandler,
  organization = "fabrikam",
): Promise<StubServer> {
  const requests: StubRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const server: Server = createServer((incoming, outgoing) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", async () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const request: StubRequest = {
        method: incoming.method ?? "GET",
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      let reply: StubReply;
      try {
        reply = await handler(request);
      } catch (error) {
        reply = { status: 599, body: { message: `stub handler failed: ${String(error)}` } };
      }
      const status = reply.status ?? 200;
      const body =
        reply.body === undefined
          ? ""
          : typeof reply.body === "string"
            ? reply.body
            : JSON.stringify(reply.body);
      outgoing.writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        ...(reply.headers ?? {}),
      });
      inFlight -= 1;
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    orgUrl: `http://127.0.0.1:${port}/${organization}`,
    requests,
    maxInFlight: () => peak,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A sleep that records what it was asked to wait and returns at once. */
export function recordingSleep(log: string[] = []): {
  sleep: (ms: number) => Promise<void>;
  waits: number[];
  log: string[];
} {
  const waits: number[] = [];
  return {
    waits,
    log,
    sleep: (ms: number) => {
      waits.push(ms);
      log.push(`sleep ${ms}`);
      return Promise.resolve();
    },
  };
}

/** Resolves after the event loop has turned a few times; used to let requests overlap. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 15));
}
