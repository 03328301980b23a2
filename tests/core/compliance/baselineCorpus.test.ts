import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../../dev/emulator";
import { createAdoSources, patAuth } from "../../../src/adapters/ado";
import { loadBaseline as loadCliBaseline } from "../../../src/cli/commands/complianceBaseline";
import type { Baseline } from "../../../src/core/compliance/baseline/types";
import { scanCompliance } from "../../../src/core/compliance/scan";
import { parseBaselineText as parseHubBaseline } from "../../../src/ui/compliance/baseline";

/*
 * One corpus of baseline files read by both surfaces: the hub's parsing path (text fetched from
 * a repository) and the CLI's (--baseline FILE). Each file must give the same parsed baseline,
 * or the same refusal, and the same verdicts against the demo organization.
 */
const CORPUS = join(__dirname, "..", "..", "fixtures", "baselines", "corpus");
const README = join(__dirname, "..", "..", "..", "README.md");

type Outcome = { baseline: unknown } | { problem: string };

function comparable(baseline: Baseline): unknown {
  return { ...baseline, source: undefined, rules: Object.fromEntries(baseline.rules) };
}

async function viaHub(text: string, name: string): Promise<Outcome> {
  try {
    return { baseline: comparable(await parseHubBaseline(text, name)) };
  } catch (error) {
    return { problem: problemOf(error) };
  }
}

function viaCli(file: string, cwd: string): Outcome {
  try {
    return { baseline: comparable(loadCliBaseline(file, cwd)) };
  } catch (error) {
    return { problem: problemOf(error) };
  }
}

/** The reason and position of a refusal, without the wording each surface adds around them. */
function problemOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at line \d+, column \d+/.exec(message)?.[0] ?? "";
  const reason = /duplicated (mapping )?key|expected [^\n]*/.exec(message)?.[0] ?? message;
  return `${position} ${reason.startsWith("duplicated") ? "duplicated key" : reason}`.trim();
}

const files = readdirSync(CORPUS).sort();

/** What each file must read as, so the test fails when both surfaces go wrong the same way. */
const expected: Record<string, (outcome: Outcome) => void> = {
  "anchors.yml": (outcome) =>
    expect(outcome).toMatchObject({
      baseline: {
        branches: ["default", "refs/heads/release/*"],
        rules: {
          "environment.branch-control": {
            params: { allowedBranches: ["refs/heads/main", "refs/heads/release/*"] },
          },
        },
        exceptions: [{ repository: "legacy-monolith" }, { repository: "legacy-monolith" }],
      },
    }),
  "comments.yml": (outcome) =>
    expect(outcome).toMatchObject({
      baseline: { name: "Comments # not a comment inside quotes" },
    }),
  "dates.yml": (outcome) =>
    expect(outcome).toMatchObject({
      baseline: {
        exceptions: [
          { expires: "2026-12-31" },
          { expires: "2027-03-31" },
          { expires: "2099-06-30T12:00:00Z" },
        ],
      },
    }),
  "duplicate-keys.json": (outcome) =>
    expect(outcome).toEqual({ problem: "at line 4, column 3 duplicated key" }),
  "duplicate-keys.yml": (outcome) =>
    expect(outcome).toEqual({ problem: "at line 4, column 1 duplicated key" }),
  "duplicate-nested.json": (outcome) =>
    expect(outcome).toEqual({ problem: "at line 3, column 54 duplicated key" }),
  "duplicate-nested.yml": (outcome) =>
    expect(outcome).toEqual({ problem: "at line 4, column 5 duplicated key" }),
  "merge-keys.yml": (outcome) =>
    expect(outcome).toMatchObject({
      baseline: {
        rules: {
          "environment.approval-required": { params: { pattern: "prod*", minApprovers: 2 } },
          "environment.branch-control": {
            params: { pattern: "prod*", allowedBranches: ["refs/heads/main"] },
          },
          "release.production-approval": { params: { pattern: "prod*" } },
        },
      },
    }),
  "unicode-bom.json": (outcome) =>
    expect(outcome).toMatchObject({
      baseline: { name: "Équipe Prod — 製品", exceptions: [{ repository: "dépôt-légal" }] },
    }),
  "unicode.yml": (outcome) =>
    expect(outcome).toMatchObject({
      baseline: {
        name: "Équipe Prod — 製品 ✓",
        exceptions: [{ justification: "Reviewed by the 監査 team 🔍" }],
      },
    }),
};

jest.setTimeout(120_000);

describe("the baseline corpus on both surfaces", () => {
  let emulator: RunningEmulator;
  let readmeDir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
    // The README's own example, as a user would copy it into a file.
    const readme = readFileSync(README, "utf8");
    const example = /```yaml\n(name: Fabrikam production baseline[\s\S]*?)```/.exec(readme)?.[1];
    readmeDir = mkdtempSync(join(tmpdir(), "release-trace-readme-"));
    writeFileSync(join(readmeDir, "baseline.yml"), example ?? "");
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("has an expectation for every file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)("%s reads the same in the hub and the CLI", async (name) => {
    const hub = await viaHub(readFileSync(join(CORPUS, name), "utf8"), name);
    const cli = viaCli(name, CORPUS);
    expect(hub).toEqual(cli);
    expected[name](hub);
  });

  it("the README's example passes on both surfaces", async () => {
    const text = readFileSync(join(readmeDir, "baseline.yml"), "utf8");
    expect(text).toMatch(/^name: Fabrikam production baseline/);
    const hub = await viaHub(text, "baseline.yml");
    expect(hub).toEqual(viaCli("baseline.yml", readmeDir));
    expect(hub).toMatchObject({
      baseline: {
        exceptions: [
          { expires: "2026-09-30" },
          { expires: "2026-12-31" },
          { expires: "2026-12-31" },
        ],
      },
    });
  });

  it.each(files.filter((name) => !name.startsWith("duplicate")))(
    "%s gives the same verdicts in the hub and the CLI",
    async (name) => {
      const ado = createAdoSources({ orgUrl: emulator.orgUrl, auth: patAuth("corpus") });
      const scan = async (baseline: Baseline) => {
        const result = await scanCompliance(ado.sources, {
          organization: "fabrikam",
          project: emulator.project.name,
          baseline,
          now: new Date("2026-06-01T00:00:00Z"),
        });
        return JSON.parse(JSON.stringify(result.results)) as unknown;
      };
      const text = readFileSync(join(CORPUS, name), "utf8");
      const hub = await scan(await parseHubBaseline(text, name));
      const cli = await scan(loadCliBaseline(name, CORPUS));
      expect(hub).toEqual(cli);
      expect((hub as unknown[]).length).toBeGreaterThan(0);
    },
  );
});
