/**
 * The fault-injection suite (issue 6): seeded runs of the CLI's compliance, trace, gates and
 * inventory commands against the emulator under latency spikes, 429 bursts, Retry-After on 200,
 * 10 % 5xx, 403 on repositories and environments, resets, a repeating continuation token and
 * malformed JSON. Every result must equal the fault-free one or be marked not-available with a
 * reason; no hang, no crash, no unhandled rejection, exit 3 exactly when data is partial.
 * The same figures: `npx tsx bench/faults.ts --runs N`.
 */
import { figuresTable, runFaultSuite, type FaultFigures } from "../../dev/faults/runner";

/** 4 runs per command case (10 cases); a few minutes at most on 2 cores. */
const RUNS = 40;

let figures: FaultFigures | undefined;

beforeAll(async () => {
  figures = await runFaultSuite({ runs: RUNS, parallel: 4, firstRun: 1 });
}, 400_000);

afterAll(() => {
  if (figures) console.log(`Fault injection, ${RUNS} seeded runs\n${figuresTable(figures)}`);
});

function ran(): FaultFigures {
  if (!figures) throw new Error("the fault suite did not run");
  return figures;
}

describe("CLI under injected faults", () => {
  it("ran every seeded run of every command", () => {
    const result = ran();
    expect(result.runs).toBe(RUNS);
    for (const entry of Object.values(result.byCase)) expect(entry.runs).toBe(RUNS / 10);
  });

  it("injected every kind of fault the issue names", () => {
    const injected = ran().faultsInjected;
    const kinds = [
      "latencySpike",
      "throttle",
      "retryAfterOn200",
      "connectionReset",
      "repeatingToken",
      "malformedJson",
      "forbiddenRepository",
      "forbiddenEnvironment",
    ];
    expect(kinds.filter((kind) => !((injected[kind] ?? 0) > 0))).toEqual([]);
    expect((injected.serverError ?? 0) + (injected.serviceUnavailable ?? 0)).toBeGreaterThan(0);
  });

  it("gave every result as in the fault-free run or marked it not-available, with the right exit code", () => {
    const result = ran();
    expect(result.mismatchDetails).toEqual([]);
    expect(result.mismatches).toBe(0);
    expect(result.matched).toBeGreaterThan(0);
    // The faults did bite: some results could not be read and said so (exit 3).
    expect(result.notAvailable).toBeGreaterThan(0);
    expect(result.partialRuns).toBeGreaterThan(0);
  });

  it("had no unhandled rejection", () => {
    expect(ran().unhandledRejections).toBe(0);
  });
});
