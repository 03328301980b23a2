/**
 * The fault-injection suite (issues 6 and 11): seeded runs of the CLI's compliance, trace, gates
 * and inventory commands against the emulator, one fault scenario per run: 5xx, resets, cut
 * JSON, empty bodies, wrong-shaped JSON, sign-in pages on 200 and 203, items duplicated across
 * pages, 429 bursts, stalled answers, Retry-After on 200 and past the deadline, a tight
 * --timeout, and mixes with 403s and a repeating continuation token. Every result must equal the
 * fault-free one or be marked not-available with a reason; a curable fault must give the
 * fault-free answer. No hang, no crash, no unhandled rejection, exit 3 exactly when data is
 * partial. The same figures: `npx tsx bench/faults.ts --runs N`.
 */
import { figuresTable, runFaultSuite, type FaultFigures } from "../../dev/faults/runner";

/** 4 runs per command case (9 cases), every one of the 16 scenarios at least twice. */
const RUNS = 36;

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
    for (const entry of Object.values(result.byCase)) expect(entry.runs).toBe(RUNS / 9);
  });

  it("injected every kind of fault the issues name", () => {
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
      "emptyBody",
      "wrongShape",
      "signInPage",
      "signIn203",
      "stalledAnswer",
      "duplicateAcrossPages",
      "longRetryAfter",
    ];
    expect(kinds.filter((kind) => !((injected[kind] ?? 0) > 0))).toEqual([]);
    expect((injected.serverError ?? 0) + (injected.serviceUnavailable ?? 0)).toBeGreaterThan(0);
  });

  it("gave the fault-free answer under every fault one more read cures", () => {
    const curable = Object.entries(ran().byScenario).filter(([, entry]) => entry.curable);
    expect(curable.length).toBeGreaterThanOrEqual(10);
    for (const [kind, entry] of curable) {
      expect({ kind, identical: entry.identical }).toEqual({ kind, identical: entry.runs });
    }
  });

  it("ended reads past the deadline as not-available, with exit 3", () => {
    const deadline = ran().records.filter((record) => record.scenario === "deadline");
    expect(deadline.length).toBeGreaterThan(0);
    // A run the limit did not cut short is the fault-free one; one it cut says so (exit 3). On a
    // loaded machine the limit may cut the first read itself: then the CLI could not run, and it
    // must say that the time limit was the reason (exit 1), never answer as if nothing were missing.
    const cutShort = (record: (typeof deadline)[number]) =>
      record.code === 3 ||
      (record.code === 1 && /time limit|--timeout|out of time/i.test(record.reason ?? ""));
    expect(deadline.filter((record) => !record.identical && !cutShort(record))).toEqual([]);
    expect(deadline.some((record) => record.code === 3 && record.notAvailable > 0)).toBe(true);
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
