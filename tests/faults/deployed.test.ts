/**
 * `deployed` under every fault scenario once (the main suite's nine commands keep their own
 * pairing of runs and scenarios). A cell that keeps its run but loses its branch, version or
 * who must name those fields as unknown; a curable fault must give the fault-free matrix.
 */
import { deployedCase, runFaultSuite, SCENARIOS, type FaultFigures } from "../../dev/faults/runner";

let figures: FaultFigures | undefined;

beforeAll(async () => {
  figures = await runFaultSuite({
    runs: SCENARIOS.length,
    parallel: 4,
    firstRun: 1,
    cases: [deployedCase()],
  });
}, 400_000);

function ran(): FaultFigures {
  if (!figures) throw new Error("the fault suite did not run");
  return figures;
}

it("gives every cell as in the fault-free run, or marked, under every scenario", () => {
  const result = ran();
  expect(result.runs).toBe(SCENARIOS.length);
  expect(result.mismatchDetails).toEqual([]);
  expect(result.matched).toBeGreaterThan(0);
  // The faults did bite: some cells or their fields could not be read, and said so.
  expect(result.notAvailable).toBeGreaterThan(0);
  expect(result.unhandledRejections).toBe(0);
});

it("gives the fault-free matrix under every fault one more read cures", () => {
  for (const [kind, entry] of Object.entries(ran().byScenario))
    if (entry.curable)
      expect({ kind, identical: entry.identical }).toEqual({ kind, identical: entry.runs });
});
