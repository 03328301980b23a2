import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { startEmulator } from "../../../dev/emulator";
import { createAdoSources, patAuth } from "../../../src/adapters/ado";
import { defaultBaseline } from "../../../src/core/compliance/baseline/default";
import { branchRules } from "../../../src/core/compliance/rules";
import { scanCompliance } from "../../../src/core/compliance/scan";
import { complianceJson } from "../../../src/core/report/compliance";

/**
 * The compliance summary of the small demo organization (seed 1, main project) under the built-in
 * baseline, against a stored copy. A change to a rule, the scope resolution, the score or the demo
 * generator shows up here; when it is intended, regenerate with
 *   UPDATE_GOLDEN=1 npx jest tests/core/compliance/golden.test.ts
 * and review the diff of the fixture.
 */
const GOLDEN = join(__dirname, "..", "..", "fixtures", "golden", "compliance-small.json");

jest.setTimeout(60_000);

it("matches the stored compliance summary of the small demo organization", async () => {
  const emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
  try {
    const ado = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("golden-test") });
    const baseline = defaultBaseline();
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
      rules: [...branchRules.values()].map((rule) => rule.metadata),
      restCalls: ado.calls().total,
      toolVersion: "0.0.0",
    }) as { summary: Record<string, unknown> };

    // generatedAt and restCalls vary from run to run (and with retries); everything else may not.
    const { restCalls, ...summary } = report.summary;
    expect(typeof restCalls).toBe("number");
    const actual = { project: emulator.project.name, baseline: baseline.name, summary };

    if (process.env.UPDATE_GOLDEN === "1") {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, JSON.stringify(actual, null, 2) + "\n", "utf8");
    }
    if (!existsSync(GOLDEN)) {
      throw new Error(`${GOLDEN} is missing: run with UPDATE_GOLDEN=1 to create it.`);
    }
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
  } finally {
    await emulator.close();
  }
});
