import { parseArgs } from "node:util";
import { buildConstants } from "./buildConstants";
import { commands, findCommand, type CliCommand, type CommandFlags } from "./commands";
import {
  checkPathName,
  openConnection,
  tokenVariables,
  type Connection,
  type Environment,
} from "./connection";
import { parseDuration } from "./duration";
import { echo, ExitCode, RunError, UsageError } from "./errors";
import { parseProductionFlag, productionResolver } from "./production";
import { terminalText } from "../core/report/text";
import {
  emit,
  outputFormats,
  redactingSink,
  safeOutput,
  terminalSink,
  type OutputFormat,
  type TextSink,
} from "./output";

/** Everything the CLI touches, injected so tests can run it in-process. */
export interface CliIo {
  argv: readonly string[];
  env: Environment;
  stdout: TextSink;
  stderr: TextSink;
  /** Base for a relative --out path. */
  cwd: string;
  /** The clock (tests fix it; the demo has its own); the real one by default. */
  now?: () => Date;
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
  environment: { type: "string" },
  pending: { type: "boolean" },
  "fail-if-pending-over": { type: "string" },
  "work-item": { type: "string" },
  run: { type: "string" },
  release: { type: "string" },
  publish: { type: "boolean" },
  "all-projects": { type: "boolean" },
  projects: { type: "string" },
  shard: { type: "string" },
  concurrency: { type: "string" },
  type: { type: "string" },
  state: { type: "string" },
  "title-contains": { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  "fail-if": { type: "string", multiple: true },
  production: { type: "string" },
  demo: { type: "boolean" },
  "allow-http": { type: "boolean" },
  timeout: { type: "string" },
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
  --production PATTERNS
                     What counts as production, for every command: comma-separated globs
                     (case-insensitive; "default" is the default rule). Without it: the
                     project's setting saved in the hub, else the default rule (a name whose
                     first or last word is prod or production, not beginning with pre or non)
  --demo             Run against an embedded demo organization (no token needed)
  --allow-http       Accept a plain http:// --org (an Azure DevOps Server without TLS);
                     the token then crosses the network unencrypted
  --timeout DURATION The whole command's time limit, e.g. 90s, 10m, 1h (default 10m). When it
                     runs out, what was read is reported, the rest is marked not available, and
                     the exit code is 3. Waits over 5 s (throttling, Retry-After) are announced
                     on stderr; a wait that would outlast the limit is not made
  --debug            Show stack traces on errors
  -h, --help         Show this help
  -v, --version      Show the version

Token (never on the command line): AZURE_DEVOPS_TOKEN, else AZURE_DEVOPS_EXT_PAT (a personal
access token, or a Microsoft Entra token), else SYSTEM_ACCESSTOKEN (Azure Pipelines, sent as Bearer).

Compliance flags:
  --baseline FILE    Baseline (.json, .yml or .yaml); default: the built-in baseline
  --fail-on LEVEL    high, medium or low: exit 1 when a failure of that severity or above exists
  --publish          Add the score to the project's history in the extension's data (one entry
                     per UTC day and baseline, 400 kept), so the hub and the compliance widget
                     show the trend of scheduled scans; the token needs vso.extension.data_write
  --all-projects     Every project of the organization (instead of --project), one merged report
  --projects LIST    These projects (comma-separated names or ids), one merged report
  --shard I/N        With --all-projects: only the I-th of N slices (projects sorted by id, dealt
                     round robin), for one job of a pipeline matrix; merge the parts with "merge"
  --concurrency N    Projects scanned at once (default 4, at most 32); requests stay bounded and
                     share one throttling back-off

Merge (release-trace merge [--format F] [--out FILE] [--fail-on LEVEL] REPORT...):
  Merges the JSON (or SARIF) reports of --all-projects --shard jobs or --projects jobs into the
  report one process would have written; JSON parts can be written in any compliance format.

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
                     changes: the pipeline or release definition (formats table, json, md, csv)
  --environment NAME changes: the environment or Classic stage it deployed to
  --run ID           evidence: the pack of one pipeline run (formats md, json);
                     changes: this run's deployment instead of what runs there now
  --release ID       evidence: the pack of one Classic release; changes: this release's deployment
  --baseline FILE    trace, evidence, changes: the baseline whose gap rules, severities and
                     exceptions apply (its "gaps" section); default: every gap rule on

Work items flags (work-items; formats table, json, csv, md):
  --type TYPE        Only this work item type, e.g. Bug
  --state STATE      Only this state, e.g. Active
  --title-contains TEXT
                     Only titles containing TEXT

Metrics flags (metrics; formats table, json, csv, md):
  --pipeline NAME    Only this YAML pipeline or Classic release definition
  --environment NAME This environment or Classic stage instead of production
  --since DATE       Start of the window, inclusive: a UTC date (2026-11-01) or an instant with a
                     zone (2026-11-01T08:00:00Z); default: 30 days before --until
  --until DATE       End of the window, exclusive; default: the end of today (UTC)
  --fail-if EXPR     Exit 1 when the total's figure compares true; may be given several times:
                     change-failure-rate>15%, lead-time>2d, recovery-time>=4h,
                     deployment-frequency<1/week, rework-rate>20% (units: %, s m h d w,
                     /day /week /month; operators > >= < <=)

Exit codes: 0 ok, 1 could not run (or compliance --fail-on found a failure, gates
--fail-if-pending-over found something waiting too long, or a metrics --fail-if threshold
holds), 2 usage or input error, 3 partial data (the output says what; also a --fail-if whose
figure is not available). When several apply: 2, then 1, then 3.
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
  /** --production's entries, when given. */
  production?: string[];
  demo: boolean;
  allowHttp: boolean;
  timeoutMs?: number;
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
  const { values, positionals } = parseFlags(argv);
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
      environment: values.environment,
      // A boolean flag that is off counts as not given, so other commands do not reject it.
      pending: values.pending || undefined,
      "fail-if-pending-over": values["fail-if-pending-over"],
      "work-item": values["work-item"],
      run: values.run,
      release: values.release,
      publish: values.publish || undefined,
      "all-projects": values["all-projects"] || undefined,
      projects: values.projects,
      shard: values.shard,
      concurrency: values.concurrency,
      type: values.type,
      state: values.state,
      "title-contains": values["title-contains"],
      since: values.since,
      until: values.until,
      "fail-if": values["fail-if"],
    },
    production: parseProductionFlag(values.production),
    demo: values.demo ?? false,
    allowHttp: values["allow-http"] ?? false,
    timeoutMs:
      values.timeout === undefined ? undefined : parseDuration("--timeout", values.timeout),
    debug: values.debug ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

type OptionName = keyof typeof options;

function isOption(name: string): name is OptionName {
  return Object.prototype.hasOwnProperty.call(options, name);
}

/** `--fail-if-pending-over -5` as `--fail-if-pending-over=-5`, so the value reaches its check. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const name = /^--([\w-]+)$/.exec(argv[index])?.[1];
    const next = argv[index + 1];
    if (name && isOption(name) && options[name].type === "string" && /^-[\d.]/.test(next ?? "")) {
      joined.push(`${argv[index]}=${next}`);
      index += 1;
    } else {
      joined.push(argv[index]);
    }
  }
  return joined;
}

/** The known flag closest to a mistyped one (at most two edits away), for "did you mean". */
function closestFlag(name: string): string | undefined {
  const distance = (left: string, right: string): number => {
    const row = Array.from({ length: right.length + 1 }, (_, index) => index);
    for (let i = 1; i <= left.length; i++) {
      let diagonal = row[0];
      row[0] = i;
      for (let j = 1; j <= right.length; j++) {
        const above = row[j];
        row[j] = Math.min(
          row[j] + 1,
          row[j - 1] + 1,
          diagonal + (left[i - 1] === right[j - 1] ? 0 : 1),
        );
        diagonal = above;
      }
    }
    return row[right.length];
  };
  let best: { flag: string; distance: number } | undefined;
  for (const flag of Object.keys(options)) {
    const d = distance(name.toLowerCase(), flag);
    if (d <= 2 && (!best || d < best.distance)) best = { flag, distance: d };
  }
  return best?.flag;
}

/** parseArgs's errors, reworded: one sentence naming the flag and what is wrong with it. */
function flagError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const suggestion = closestFlag(flag.replace(/^-+/, ""));
    return new UsageError(
      `Unknown flag ${flag}.${suggestion ? ` Did you mean --${suggestion}?` : ""}`,
    );
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take an argument/.test(message)
      ? new UsageError(`${flag} is a switch and takes no value.`)
      : new UsageError(`${flag} needs a value.`);
  }
  return new UsageError(message);
}

/** parseArgs, plus: every value non-empty, and no flag given twice (which would silently win). */
function parseFlags(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw flagError(error);
  }
  const given = new Map<string, string | undefined>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (token.value !== undefined && token.value.trim() === "") {
      throw new UsageError(`--${token.name} needs a value (it was empty).`);
    }
    // A flag that may repeat (--fail-if) collects every value.
    const repeats = isOption(token.name) && "multiple" in options[token.name];
    if (given.has(token.name) && !repeats) {
      throw new UsageError(`--${token.name} is given more than once; give it once.`);
    }
    given.set(token.name, token.value);
  }
  return parsed;
}

/** Runs one command line and returns the exit code; never throws. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  // Every line the CLI prints passes through redaction of the token values in the environment.
  const secrets = tokenValues(io.env);
  const stdout = redactingSink(io.stdout, secrets);
  const redactedStderr = redactingSink(io.stderr, secrets);
  // Messages may quote the organization or a server's error body: one sanitiser for all of them.
  const stderr = terminalSink(redactedStderr);
  const debug = io.argv.includes("--debug");
  let connection: Connection | undefined;
  try {
    const line = parseCommandLine(io.argv);
    if (line.help) {
      stdout.write(helpText());
      return ExitCode.ok;
    }
    if (line.version) {
      stdout.write(`${buildConstants.version}\n`);
      return ExitCode.ok;
    }
    if (line.command === undefined) {
      throw new UsageError("No command given.");
    }
    const command = findCommand(line.command);
    if (!command) {
      const known = commands.map((candidate) => candidate.name).join(", ");
      throw new UsageError(`Unknown command "${echo(line.command)}" (commands: ${known}).`);
    }
    if (line.extra.length > 0 && !command.local) {
      throw new UsageError(`Unexpected argument "${echo(line.extra[0])}" after "${command.name}".`);
    }
    const format = checkCommandFlags(command, line);
    const warn = (message: string) => stderr.write(`${PROGRAM}: ${message}\n`);
    const target = { out: line.out, cwd: io.cwd, stdout, stderr, secrets };
    const write = (text: string) => emit(safeOutput(text, format), target);
    if (command.local) {
      // Reads only the files it is given: no organization, project or token.
      if (
        line.org !== undefined ||
        line.project !== undefined ||
        line.demo ||
        line.production !== undefined
      ) {
        throw new UsageError(
          `"${command.name}" reads only files; drop --org, --project, --demo and --production.`,
        );
      }
      return await command.run({
        files: line.extra,
        format,
        write,
        warn,
        flags: line.flags,
        cwd: io.cwd,
      });
    }
    const multiProject = line.flags["all-projects"] === true || line.flags.projects !== undefined;
    connection = await openConnection({ ...line, multiProject, now: io.now }, io.env, warn);
    return await command.run({
      files: [],
      connection,
      format,
      write,
      warn,
      flags: line.flags,
      cwd: io.cwd,
      production: productionResolver(line.production, connection.readSetting, warn),
      // A carriage return rewrites the line, so progress only makes sense on a terminal.
      progress: io.stderr.isTTY
        ? (text) => redactedStderr.write(`\r\x1b[2K${terminalText(text)}`)
        : undefined,
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
    throw new UsageError(
      `--format must be one of ${formats.join(", ")} (got "${echo(line.format)}").`,
    );
  }
  for (const [flag, value] of Object.entries(line.flags)) {
    if (value !== undefined && !command.flags?.includes(flag as keyof CommandFlags)) {
      throw new UsageError(`--${flag} does not apply to "${command.name}".`);
    }
  }
  // Pipelines and environments are looked up by name, but refused as early as a --project is.
  if (line.flags.pipeline !== undefined) checkPathName("--pipeline", line.flags.pipeline);
  if (line.flags.environment !== undefined) {
    checkPathName("--environment", line.flags.environment);
  }
  return line.format as OutputFormat;
}

/** The tokens in the environment and their Basic-auth forms, none of which may be printed. */
function tokenValues(env: Environment): string[] {
  const tokens = tokenVariables
    .map((name) => env[name]?.trim() ?? "")
    .filter((value) => value.length > 0);
  const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  return tokens.flatMap((token) => [token, base64(`:${token}`), base64(token)]);
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
