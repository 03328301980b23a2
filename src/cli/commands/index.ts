import type { Connection } from "../connection";
import type { ExitCode } from "../errors";
import type { OutputFormat } from "../output";
import { complianceCommand } from "./compliance";
import { deployedCommand } from "./deployed";
import { evidenceCommand } from "./evidence";
import { gatesCommand } from "./gates";
import { inventoryCommand } from "./inventory";
import { traceCommand } from "./trace";

/** Flags only some commands take; a command lists the ones it accepts in `flags`. */
export interface CommandFlags {
  baseline?: string;
  "fail-on"?: string;
  pipeline?: string;
  pending?: boolean;
  "fail-if-pending-over"?: string;
  "work-item"?: string;
  run?: string;
  release?: string;
}

/** What a command gets from main: an open connection and where to write. */
export interface CommandContext {
  connection: Connection;
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

export interface CliCommand {
  name: string;
  summary: string;
  /** Accepted --format values besides the default `table` (default: table, json). */
  formats?: readonly OutputFormat[];
  /** Command-specific flags it accepts. */
  flags?: readonly (keyof CommandFlags)[];
  run(context: CommandContext): Promise<ExitCode>;
}

/** Every command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [
  inventoryCommand,
  complianceCommand,
  gatesCommand,
  traceCommand,
  deployedCommand,
  evidenceCommand,
];

export function findCommand(name: string): CliCommand | undefined {
  return commands.find((command) => command.name === name);
}
