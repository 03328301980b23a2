import { runCli } from "../cli/main";
import type { TaskEnvironment } from "./agent";
import { plainHttpServer } from "./connection";

export interface CliRun {
  code: number;
  /** stderr, one entry per line (already sanitised and with tokens redacted by the CLI). */
  lines: string[];
}

/**
 * Runs one CLI command line in-process: the same commands, checks and exit codes the CLI has.
 * The job's token goes in through the CLI's environment object, never argv nor process.env.
 */
export async function runCommand(environment: TaskEnvironment, argv: string[]): Promise<CliRun> {
  let stderr = "";
  // The agent's own collection URI: plain http only on a Server without TLS (see connection.ts).
  const allowHttp = plainHttpServer(environment.orgUrl);
  const code = await runCli({
    argv: allowHttp ? [...argv, "--allow-http"] : argv,
    env: {
      SYSTEM_ACCESSTOKEN: environment.jobToken,
      SYSTEM_COLLECTIONURI: environment.orgUrl,
      SYSTEM_TEAMPROJECT: environment.project,
    },
    cwd: environment.workingDirectory,
    stdout: { write: () => true },
    stderr: { write: (text: string) => ((stderr += text), true) },
    now: environment.now,
  });
  const lines = stderr.split(/\r?\n/).filter((line) => line.trim() !== "");
  return { code, lines };
}
