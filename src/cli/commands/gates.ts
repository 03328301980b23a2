import {
  pendingGates,
  pipelineGates,
  resolvePipeline,
  type GatesResult,
  type PendingGate,
} from "../../core/gates";
import { projectLookupError } from "../connection";
import { echo, ExitCode, UsageError } from "../errors";
import { toJson } from "../output";
import type { CliCommand } from "./index";
import { gatesJson, gatesTable, notAvailableLines, span } from "./gatesReport";

const HOUR = 3_600_000;
/** Runs (or releases) the --pipeline view shows. */
const PIPELINE_RUNS = 20;

/** Ten years: anything longer is a typo, not a policy. */
const MAX_HOURS = 87_600;

function parseHours(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Plain decimals only: Number() would also take "0x10", "1e3" and " ".
  const hours = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(hours >= 0 && hours <= MAX_HOURS)) {
    throw new UsageError(
      `--fail-if-pending-over must be a number of hours from 0 to ${MAX_HOURS} (got "${value}").`,
    );
  }
  return hours;
}

function overdue(pending: PendingGate[], hours: number, now: Date): PendingGate[] {
  return pending.filter(
    (item) => item.since !== undefined && now.getTime() - item.since.getTime() > hours * HOUR,
  );
}

export const gatesCommand: CliCommand = {
  name: "gates",
  summary:
    "What releases wait on: pending approvals, checks and Classic gates, and each stage's gate state.",
  flags: ["pipeline", "pending", "fail-if-pending-over"],
  async run({ connection, format, write, warn, flags }) {
    const limit = parseHours(flags["fail-if-pending-over"]);
    const { sources, project } = connection;
    // Ages are measured against the connection's clock (the demo's is its fixed anchor).
    const now = connection.now();
    let result: GatesResult;
    if (flags.pipeline !== undefined) {
      let target;
      try {
        target = await resolvePipeline(sources, project, flags.pipeline);
      } catch (error) {
        throw projectLookupError(error, connection);
      }
      if (!target) {
        throw new UsageError(
          `No YAML pipeline or Classic release definition named "${echo(flags.pipeline)}" in "${echo(project)}".`,
        );
      }
      result = await pipelineGates(sources, project, target, PIPELINE_RUNS);
    } else {
      try {
        await sources.core.getProject(project);
      } catch (error) {
        throw projectLookupError(error, connection);
      }
      result = await pendingGates(sources, project);
    }
    if (flags.pending) result = { ...result, stages: [] };

    write(
      format === "json"
        ? toJson(gatesJson(result))
        : gatesTable(result, now, { stages: !flags.pending }),
    );
    for (const line of notAvailableLines(result)) warn(`not available: ${line}`);

    if (limit !== undefined) {
      const late = overdue(result.pending, limit, now);
      if (late.length > 0) {
        const oldest = Math.max(
          ...late.map((item) => now.getTime() - (item.since as Date).getTime()),
        );
        warn(
          `${late.length} item(s) waiting longer than ${limit} h (oldest: ${span(oldest)}; --fail-if-pending-over ${limit}).`,
        );
        return ExitCode.failure;
      }
    }
    return result.notAvailable.length > 0 ? ExitCode.partial : ExitCode.ok;
  },
};
