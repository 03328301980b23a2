import { parseArgs } from "node:util";
import packageJson from "../../package.json";
import { commands, findCommand, type CliCommand, type CommandFlags } from "./commands";
import { openConnection, tokenVariables, type Connection, type Environment } from "./connection";
import { ExitCode, RunError, UsageError } from "./errors";
import { emit, outputFormats, redactingSink, type OutputFormat, type TextSink } from "./output";

/** Everything the CLI touches, injected so tests can run it in-process. */
export interface CliIo {
  argv: readonly string[];
  env: Environment;
  stdout: TextSink;
  stderr: TextSink;
  /** Base for a relative --out path. */
  cwd: string;
}

const PROGRAM = "release-trace";

const options = {
  org: { type: "string" },
  project: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  baseline: { type: "string" },
  "fail-on": { type: "string" },
  pipeline: { type: "string" },
  pending: { type: "boolean" },
  "fail-if-pending-over": { type: "string" },
  "work-item": { type: "string" },
  run: { type: "string" },
  release: { type: "string" },
  demo: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const commandLines = commands
    .map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`)
    .join("\n");
  return `Usage: ${PROGRAM} <command> [flags]

Commands:
${commandLines}

Flags:
  --org URL          Organization URL, e.g. https://dev.azure.com/fabrikam
                     (default: SYSTEM_COLLECTIONURI)
  --project NAME     Project name or id (default: SYSTEM_TEAMPROJECT)
  --format FORMAT    table (default) or json; compliance also takes sarif, csv and md
  --out FILE         Write the result to FILE instead of stdout
  --demo             Run against an embedded demo organization (no token needed)
  --debug            Show stack traces on errors
  -h, --help         Show this help
  -v, --version      Show the version

Token (never on the command line): AZURE_DEVOPS_TOKEN, else AZURE_DEVOPS_EXT_PAT (a personal
access token, or a Microsoft Entra token), else SYSTEM_ACCESSTOKEN (Azure Pipelines, sent as Bearer).

Compliance flags:
  --baseline FILE    Baseline (.json, .yml or .yaml); default: the built-in baseline
  --fail-on LEVEL    high, medium or low: exit 1 when a failure of that severity or above exists

Gates flags:
  --pipeline NAME    One YAML pipeline or Classic release definition (name or id): its last 20
                     runs or releases, stage by stage
  --pending          Only what is waiting (approvals, checks, Classic gates)
  --fail-if-pending-over HOURS
                     Exit 1 when something has been waiting longer than HOURS
  Ages are measured against the real clock; with --demo against the demo's fixed clock (its
  anchor plus 6 hours), so demo answers are the same on every run.

Traceability flags:
  --work-item ID     trace: the work item to follow (formats table, json, md)
  --pipeline NAME    deployed: only this pipeline or release definition (formats table, json, csv)
  --run ID           evidence: the pack of one pipeline run (formats md, json)
  --release ID       evidence: the pack of one Classic release

Exit codes: 0 ok, 1 could not run (or compliance --fail-on found a failure, or gates
--fail-if-pending-over found something waiting too long), 2 usage or input
error, 3 partial data (the output says what). When several apply: 2, then 1, then 3.
`;
}

const TOKEN_FLAG = /^--?(token|pat|access-token)(=|$)/i;

interface ParsedCommandLine {
  command?: string;
  extra: string[];
  org?: string;
  project?: string;
  format: string;
  out?: string;
  flags: CommandFlags;
  demo: boolean;
  debug: boolean;
  help: boolean;
  version: boolean;
}

function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  // Checked before parseArgs so the message explains where the token goes instead.
  if (argv.some((argument) => TOKEN_FLAG.test(argument))) {
    throw new UsageError(
      "A token is never taken from the command line (it would end up in shell history and process lists). Set AZURE_DEVOPS_TOKEN or AZURE_DEVOPS_EXT_PAT, or SYSTEM_ACCESSTOKEN in Azure Pipelines.",
    );
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs messages name the offending flag, e.g. "Unknown option '--orgs'".
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  return {
    command: positionals[0],
    extra: positionals.slice(1),
    org: values.org,
    project: values.project,
    format: values.format ?? "table",
    out: values.out,
    flags: {
      baseline: values.baseline,
      "fail-on": values["fail-on"],
      pipeline: values.pipeline,
      // A boolean flag that is off counts as not given, so other commands do not reject it.
      pending: values.pending || undefined,
      "fail-if-pending-over": values["fail-if-pending-over"],
      "work-item": values["work-item"],
      run: values.run,
      release: values.release,
    },
    demo: values.demo ?? false,
    debug: values.debug ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** Runs one command line and returns the exit code; never throws. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  // Every line the CLI prints passes through redaction of the token values in the environment.
  const secrets = tokenValues(io.env);
  const stdout = redactingSink(io.stdout, secrets);
  const stderr = redactingSink(io.stderr, secrets);
  const debug = io.argv.includes("--debug");
  let connection: Connection | undefined;
  try {
    const line = parseCommandLine(io.argv);
    if (line.help) {
      stdout.write(helpText());
      return ExitCode.ok;
    }
    if (line.version) {
      stdout.write(`${packageJson.version}\n`);
      return ExitCode.ok;
    }
    if (line.command === undefined) {
      throw new UsageError("No command given.");
    }
    const command = findCommand(line.command);
    if (!command) {
      const known = commands.map((candidate) => candidate.name).join(", ");
      throw new UsageError(`Unknown command "${line.command}" (commands: ${known}).`);
    }
    if (line.extra.length > 0) {
      throw new UsageError(`Unexpected argument "${line.extra[0]}" after "${command.name}".`);
    }
    const format = checkCommandFlags(command, line);
    const warn = (message: string) => stderr.write(`${PROGRAM}: ${message}\n`);
    connection = await openConnection(line, io.env, warn);
    const target = { out: line.out, cwd: io.cwd, stdout, stderr, secrets };
    return await command.run({
      connection,
      format,
      write: (text) => emit(text, target),
      warn,
      flags: line.flags,
      cwd: io.cwd,
      // A carriage return rewrites the line, so progress only makes sense on a terminal.
      progress: io.stderr.isTTY ? (text) => stderr.write(`\r\x1b[2K${text}`) : undefined,
    });
  } catch (error) {
    return reportError(error, stderr, debug);
  } finally {
    await connection?.close();
  }
}

/** The command's --format, and no flag the command does not take. */
function checkCommandFlags(command: CliCommand, line: ParsedCommandLine): OutputFormat {
  const formats = command.formats ?? outputFormats;
  if (!formats.includes(line.format as OutputFormat)) {
    throw new UsageError(`--format must be one of ${formats.join(", ")} (got "${line.format}").`);
  }
  for (const [flag, value] of Object.entries(line.flags)) {
    if (value !== undefined && !command.flags?.includes(flag as keyof CommandFlags)) {
      throw new UsageError(`--${flag} does not apply to "${command.name}".`);
    }
  }
  return line.format as OutputFormat;
}

function tokenValues(env: Environment): string[] {
  return tokenVariables.map((name) => env[name]?.trim() ?? "").filter((value) => value.length > 0);
}

function reportError(error: unknown, stderr: TextSink, debug: boolean): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    stderr.write(`${PROGRAM}: ${message}\n`);
    stderr.write(`Run "${PROGRAM} --help" for usage.\n`);
  } else if (error instanceof RunError) {
    stderr.write(`${PROGRAM}: ${message}\n`);
  } else {
    stderr.write(`${PROGRAM}: unexpected error: ${message}\n`);
    if (!debug) stderr.write("Run again with --debug for the stack trace.\n");
  }
  if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return error instanceof UsageError ? ExitCode.usage : ExitCode.failure;
}
