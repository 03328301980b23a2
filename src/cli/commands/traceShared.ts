/** What the trace, deployed and evidence commands share: id flags, errors and exit codes. */
import type { Baseline } from "../../core/compliance/baseline/types";
import { isSourceError } from "../../core/sources";
import type { Project } from "../../core/model";
import {
  defaultTraceRules,
  TraceInputError,
  TraceSession,
  type NotAvailable,
} from "../../core/trace";
import {
  MAX_ID,
  parseItemId,
  productionPatternSentence,
  type ProductionPattern,
} from "../../core/vocabulary";
import { projectLookupError, type Connection } from "../connection";
import { ExitCode, RunError, UsageError } from "../errors";
import { loadBaseline } from "./complianceBaseline";

/** Lines of "not available" detail on stderr before the rest is only counted. */
const UNAVAILABLE_LINES = 10;

export function parseId(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const id = /^\d+$/.test(value.trim()) ? parseItemId(value) : undefined;
  if (id === undefined) {
    throw new UsageError(
      `--${flag} must be a positive whole number up to ${MAX_ID} (got "${value}").`,
    );
  }
  return id;
}

/** Checks the project first, so a wrong --project is a usage error and not partial data. */
export async function checkProject(connection: Connection): Promise<Project> {
  try {
    return await connection.sources.core.getProject(connection.project);
  } catch (error) {
    throw projectLookupError(error, connection);
  }
}

/** A session whose gaps use the production pattern in force, and the baseline's gap rules. */
export function sessionFor(
  connection: Connection,
  production: ProductionPattern,
  baseline?: Baseline,
): TraceSession {
  const rules = { ...defaultTraceRules, productionPattern: production };
  return new TraceSession(connection.sources, connection.project, rules, baseline);
}

/** The line under a report that says "production": which pattern it used. */
export function productionLine(production: ProductionPattern): string {
  return `${productionPatternSentence(production)}\n`;
}

/** Unknown ids are input errors (exit 2); any other failure means the command could not run. */
export function queryError(error: unknown, what: string): Error {
  if (error instanceof TraceInputError) return new UsageError(error.message);
  if (isSourceError(error)) return new RunError(`Could not read ${what}: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Tells what could not be read on stderr; exit 3 when anything is missing. */
export function partialExit(notAvailable: NotAvailable[], warn: (line: string) => void): ExitCode {
  for (const entry of notAvailable.slice(0, UNAVAILABLE_LINES))
    warn(`not available: ${entry.what}: ${entry.reason}`);
  if (notAvailable.length > UNAVAILABLE_LINES) {
    warn(`... and ${notAvailable.length - UNAVAILABLE_LINES} more; the output lists every one.`);
  }
  return notAvailable.length === 0 ? ExitCode.ok : ExitCode.partial;
}

/** The --baseline of trace and evidence: its gap rules, severities and exceptions apply. */
export function gapBaseline(file: string | undefined, cwd: string): Baseline | undefined {
  return file === undefined ? undefined : loadBaseline(file, cwd);
}
