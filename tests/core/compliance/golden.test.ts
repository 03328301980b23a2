import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { startEmulator } from "../../../dev/emulator";
import { createAdoSources, patAuth } from "../../../src/adapters/ado";
import { loadBaseline } from "../../../src/cli/commands/complianceBaseline";
import type { Baseline } from "../../../src/core/compliance/baseline/types";
import { complianceRules } from "../../../src/core/compliance/rules";
import { scanCompliance } from "../../../src/core/compliance/scan";
import { complianceJson } from "../../../src/core/report/compliance";

/**
 * The compliance summary of the small demo organization (seed 1, main project) under the built-in
 * baseline and under a baseline naming every rule, against stored copies. A change to a rule, the
 * scope resolution, the score or the demo generator shows up here; when it is intended, regenerate
 * with
 *   UPDATE_GOLDEN=1 npx jest tests/core/compliance/golden.test.ts
 * and review the diff of the fixtures.
 */
const FIXTURES = join(__dirname, "..", "..", "fixtures");
const ALL_RULES = join(FIXTURES, "baselines", "all-rules.yml");

jest.setTimeout(60_000);

it("the all-rules baseline names every rule", () => {
  const baseline = loadBaseline(ALL_RULES, process.cwd());
  expect([...baseline.rules.keys()].sort()).toEqual([...complianceRules.keys()].sort());
});

it.each([
  ["the built-in baseline", "compliance-small.json", undefined],
  ["the all-rules baseline", "compliance-small-all-rules.json", ALL_RULES],
])(
  "matches the stored summary of the small demo organization under %s",
  async (_name, file, path) => {
    const golden = join(FIXTURES, "golden", file);
    const emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
    try {
      const ado = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("golden-test") });
      const baseline: Baseline = loadBaseline(path, process.cwd());
      const scan = await scanCompliance(ado.sources, {
        organization: "fabrikam",
        project: emulator.project.name,
        baseline,
        now: new Date("2026-01-01T00:00:00Z"),
      });
      const report = complianceJson(scan, {
        organization: "fabrikam",
        project: emulator.project,
        generatedAt: new Date(),
        baseline: { name: baseline.name, source: baseline.source },
        rules: [...complianceRules.values()].map((rule) => rule.metadata),
        restCalls: ado.calls().total,
        toolVersion: "0.0.0",
      }) as { summary: Record<string, unknown> };

      // generatedAt and restCalls vary from run to run (and with retries); everything else may not.
      const { restCalls, ...summary } = report.summary;
      expect(typeof restCalls).toBe("number");
      const actual = { project: emulator.project.name, baseline: baseline.name, summary };

      if (process.env.UPDATE_GOLDEN === "1") {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, JSON.stringify(actual, null, 2) + "\n", "utf8");
      }
      if (!existsSync(golden)) {
        throw new Error(`${golden} is missing: run with UPDATE_GOLDEN=1 to create it.`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(golden, "utf8")));
    } finally {
      await emulator.close();
    }
  },
);
