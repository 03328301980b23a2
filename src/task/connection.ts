import { openConnection, type Connection } from "../cli/connection";
import type { TaskEnvironment } from "./agent";

/**
 * The CLI's connection with the job's token: SYSTEM_ACCESSTOKEN in the environment object the
 * CLI reads (sent as Bearer), never in process.env nor on a command line. Plain http is accepted:
 * the URL is the agent's own collection URI, which the agent already reaches with this token (an
 * Azure DevOps Server without TLS).
 */
export function openTaskConnection(
  environment: TaskEnvironment,
  warn: (line: string) => void,
): Promise<Connection> {
  return openConnection(
    {
      org: environment.orgUrl,
      project: environment.project,
      demo: false,
      allowHttp: plainHttpServer(environment.orgUrl),
      now: environment.now,
    },
    { SYSTEM_ACCESSTOKEN: environment.jobToken },
    warn,
  );
}

/** An http:// collection URI of another machine (loopback needs no leave: the CLI allows it). */
export function plainHttpServer(orgUrl: string): boolean {
  const url = new URL(orgUrl);
  return url.protocol === "http:" && !/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}
