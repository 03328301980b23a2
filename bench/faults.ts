/*
 * The fault-injection figures: seeded runs of the CLI's compliance, trace, gates and inventory
 * commands against the emulator under faults, each answer compared with the fault-free one.
 *
 *   npx tsx bench/faults.ts [--runs N] [--parallel P] [--first-run N] [--verbose]
 *
 * Exit 0 when there is no mismatch, 1 otherwise.
 */
import { parseArgs } from "node:util";
import { figuresTable, runFaultSuite } from "../dev/faults/runner";

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1) {
    process.stderr.write(`--${name} must be a positive integer (got "${raw}").\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string" },
      parallel: { type: "string" },
      "first-run": { type: "string" },
      verbose: { type: "boolean" },
    },
  });
  const runs = positiveInteger("runs", values.runs, 36);
  const parallel = positiveInteger("parallel", values.parallel, 4);
  const firstRun = positiveInteger("first-run", values["first-run"], 1);
  const started = Date.now();
  const figures = await runFaultSuite({
    runs,
    parallel,
    firstRun,
    log: values.verbose ? (line) => process.stdout.write(`${line}\n`) : undefined,
  });
  process.stdout.write(
    `Fault injection: ${runs} seeded runs from run ${firstRun}, ${parallel} at a time ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`,
  );
  process.stdout.write(figuresTable(figures));
  process.exitCode = figures.mismatches === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
