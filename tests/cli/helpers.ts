import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the given argv and environment (nothing from the real one). */
export async function runInProcess(
  argv: string[],
  env: Record<string, string> = {},
  cwd: string = mkdtempSync(join(tmpdir(), "release-trace-cli-")),
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli({
    argv,
    env,
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
