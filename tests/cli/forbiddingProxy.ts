import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** Answers a request itself (and returns true), or returns false to let the proxy forward it. */
export type Intercept = (incoming: IncomingMessage, outgoing: ServerResponse) => boolean;

/** A loopback reverse proxy in front of the emulator; `intercept` may answer any request itself. */
export async function startInterceptingProxy(
  targetBaseUrl: string,
  intercept: Intercept,
): Promise<{ origin: string; close(): Promise<void> }> {
  const target = new URL(targetBaseUrl);
  const server: Server = createServer((incoming, outgoing) => {
    if (intercept(incoming, outgoing)) return;
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url ?? "/",
        headers: { ...incoming.headers, host: target.host },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on("error", (error) => {
      outgoing.writeHead(502);
      outgoing.end(String(error));
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A loopback reverse proxy in front of the emulator that answers 403 (with Azure DevOps' error
 * body) for request paths matching `forbidden`, as a token without one scope would get; or 401
 * with an empty body, as a rejected token gets.
 */
export async function startForbiddingProxy(
  targetBaseUrl: string,
  forbidden: RegExp,
  status: 401 | 403 = 403,
): Promise<{ baseUrl: string; forbiddenHits(): number; close(): Promise<void> }> {
  let hits = 0;
  const proxy = await startInterceptingProxy(targetBaseUrl, (incoming, outgoing) => {
    const path = incoming.url ?? "/";
    if (!forbidden.test(path.split("?")[0])) return false;
    hits++;
    if (status === 401) {
      outgoing.writeHead(401, { "WWW-Authenticate": 'Basic realm="emulator"' });
      outgoing.end();
      return true;
    }
    outgoing.writeHead(403, { "Content-Type": "application/json; charset=utf-8" });
    outgoing.end(
      JSON.stringify({
        $id: "1",
        innerException: null,
        message: "Access denied. The token lacks the permission needed for this resource.",
        typeName: "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException",
        typeKey: "UnauthorizedRequestException",
        errorCode: 0,
        eventId: 3000,
      }),
    );
    return true;
  });
  return { baseUrl: proxy.origin, forbiddenHits: () => hits, close: proxy.close };
}
