import { openConnection, type Connection } from "../cli/connection";
import type { TaskEnvironment } from "./agent";

/**
 * The CLI's connection with the job's token: SYSTEM_ACCESSTOKEN in the environment object the
 * CLI reads (sent as Bearer), never in process.env nor on a command line.
 */
export function openTaskConnection(
  environment: TaskEnvironment,
  warn: (line: string) => void,
): Promise<Connection> {
  return openConnection(
    { org: environment.orgUrl, project: environment.project, demo: false, now: environment.now },
    { SYSTEM_ACCESSTOKEN: environment.jobToken },
    warn,
  );
}
