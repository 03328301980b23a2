import type { Connection } from "../connection";
import type { ExitCode } from "../errors";
import type { OutputFormat } from "../output";
import { inventoryCommand } from "./inventory";

/** What a command gets from main: an open connection and where to write. */
export interface CommandContext {
  connection: Connection;
  format: OutputFormat;
  /** The command's result: stdout, or the --out file. */
  write(text: string): void;
  /** A line for the user on stderr (warnings, partial data). */
  warn(line: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  run(context: CommandContext): Promise<ExitCode>;
}

/** Every command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [inventoryCommand];

export function findCommand(name: string): CliCommand | undefined {
  return commands.find((command) => command.name === name);
}
