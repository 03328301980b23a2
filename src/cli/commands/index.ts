import type { Connection } from "../connection";
import type { ExitCode } from "../errors";
import type { OutputFormat } from "../output";
import type { ProductionResolver } from "../production";
import { changesCommand } from "./changes";
import { complianceCommand } from "./compliance";
import { deployedCommand } from "./deployed";
import { evidenceCommand } from "./evidence";
import { gatesCommand } from "./gates";
import { inventoryCommand } from "./inventory";
import { mergeCommand } from "./merge";
import { metricsCommand } from "./metrics";
import { traceCommand } from "./trace";
import { workItemsCommand } from "./workItems";

/** Flags only some commands take; a command lists the ones it accepts in `flags`. */
export interface CommandFlags {
  baseline?: string;
  "fail-on"?: string;
  pipeline?: string;
  /** changes: the environment (or Classic stage) of the deployment. */
  environment?: string;
  pending?: boolean;
  "fail-if-pending-over"?: string;
  "work-item"?: string;
  run?: string;
  release?: string;
  /** compliance: add the score to the project's history the dashboards show. */
  publish?: boolean;
  /** compliance: every project of the organization instead of one. */
  "all-projects"?: boolean;
  /** compliance: a comma-separated list of projects instead of one. */
  projects?: string;
  /** compliance --all-projects: `i/n`, the i-th of n slices of the projects. */
  shard?: string;
  /** compliance --all-projects: projects scanned at once. */
  concurrency?: string;
  /** work-items: only this work item type. */
  type?: string;
  /** work-items: only this state. */
  state?: string;
  /** work-items: only titles containing this text. */
  "title-contains"?: string;
  /** metrics: the window (UTC date or instant), since inclusive, until exclusive. */
  since?: string;
  until?: string;
  /** metrics: thresholds such as `change-failure-rate>15%`; exit 1 when one holds. */
  "fail-if"?: string[];
}

/** What a command gets from main: an open connection and where to write. */
export interface CommandContext extends LocalCommandContext {
  connection: Connection;
  /**
   * What "production" means for a project (by id): --production, else the project's setting,
   * else the default. Only commands that say "production" ask, so the others read nothing more.
   */
  production: ProductionResolver;
}

/** What a local command (one that reads files, not the organization) gets from main. */
export interface LocalCommandContext {
  /** Positional arguments after the command name (only local commands take them). */
  files: string[];
  format: OutputFormat;
  /** The command's result: stdout, or the --out file. */
  write(text: string): void;
  /** A line for the user on stderr (warnings, partial data). */
  warn(line: string): void;
  /** Command-specific flags, already checked against `CliCommand.flags`. */
  flags: CommandFlags;
  /** Base for relative input paths (e.g. --baseline). */
  cwd: string;
  /** Rewrites one transient progress line on stderr; absent when stderr is not a terminal. */
  progress?: (line: string) => void;
}

interface CommandInfo {
  name: string;
  summary: string;
  /** Accepted --format values besides the default `table` (default: table, json). */
  formats?: readonly OutputFormat[];
  /** Command-specific flags it accepts. */
  flags?: readonly (keyof CommandFlags)[];
}

export interface ConnectedCommand extends CommandInfo {
  local?: false;
  run(context: CommandContext): Promise<ExitCode>;
}

/** Runs without a connection (no org, project or token), on the files named after it. */
export interface LocalCommand extends CommandInfo {
  local: true;
  /** How the positional arguments read in messages, e.g. "REPORT...". */
  arguments: string;
  run(context: LocalCommandContext): Promise<ExitCode>;
}

export type CliCommand = ConnectedCommand | LocalCommand;

/** Every command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [
  inventoryCommand,
  complianceCommand,
  gatesCommand,
  traceCommand,
  deployedCommand,
  changesCommand,
  evidenceCommand,
  workItemsCommand,
  metricsCommand,
  mergeCommand,
];

export function findCommand(name: string): CliCommand | undefined {
  return commands.find((command) => command.name === name);
}
