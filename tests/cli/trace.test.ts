import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { TraceSession, traceWorkItem } from "../../src/core/trace";
import { runInProcess } from "./helpers";

/**
 * trace, deployed and evidence on the small demo organization (seed 1) through the CLI, against a
 * stored copy. When a change to the engine or the demo generator is intended, regenerate with
 *   UPDATE_GOLDEN=1 npx jest tests/cli/trace.test.ts && npx prettier --write tests/fixtures/golden/trace-small.json
 * and review the diff of the fixture.
 */
const GOLDEN = join(__dirname, "..", "fixtures", "golden", "trace-small.json");
const TOKEN = "rt-trace-token-7c2e41";
const env = { AZURE_DEVOPS_TOKEN: TOKEN };
/** Commit-only and cross-project items, a Classic release by run order, Classic links, the bypass PR. */
const WORK_ITEMS = [2, 5, 36, 72, 148, 281];
/** Deployed to prod without a PR, a bypassed PR in a failed run, a deployed run with unlinked commits. */
const RUNS = [1120, 1136, 1144];
const RELEASES = [5, 12];

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;

jest.setTimeout(120_000);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
});

afterAll(async () => {
  await emulator.close();
});

async function cli(...argv: string[]) {
  return runInProcess(["--org", emulator.orgUrl, "--project", "Fabrikam", ...argv], env);
}

async function json(...argv: string[]): Promise<unknown> {
  const result = await cli(...argv, "--format", "json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

it("matches the stored answers of trace, deployed and evidence on the small demo", async () => {
  const actual: Record<string, unknown> = {};
  for (const id of WORK_ITEMS)
    actual[`trace ${id}`] = await json("trace", "--work-item", String(id));
  actual.deployed = await json("deployed");
  for (const id of RUNS) actual[`evidence run ${id}`] = await json("evidence", "--run", String(id));
  for (const id of RELEASES)
    actual[`evidence release ${id}`] = await json("evidence", "--release", String(id));

  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(GOLDEN), { recursive: true });
    writeFileSync(GOLDEN, JSON.stringify(actual, null, 2) + "\n", "utf8");
  }
  if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: run with UPDATE_GOLDEN=1.`);
  expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
});

// Every production environment of the small demo is guarded by an approval, so the
// prod-without-approval gap is covered by the graph and query tests instead.
it("shows every kind of evidence and the other gaps somewhere in the demo", async () => {
  const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<
    string,
    { deployments?: { evidence: string }[]; gaps?: { kind: string }[] }
  >;
  const evidence = new Set(
    Object.values(golden).flatMap((answer) => (answer.deployments ?? []).map((d) => d.evidence)),
  );
  expect([...evidence].sort()).toEqual(["classic-link", "link", "merge-commit", "run-order"]);
  const gaps = new Set(
    Object.values(golden).flatMap((answer) => (answer.gaps ?? []).map((gap) => gap.kind)),
  );
  expect([...gaps].sort()).toEqual([
    "commit-without-work-item",
    "open-work-item-deployed",
    "pr-policy-bypass",
    "prod-without-completed-pr",
  ]);
});

it("writes Markdown and CSV, and the pack to --out", async () => {
  const md = await cli("trace", "--work-item", "281", "--format", "md");
  expect(md.code).toBe(0);
  expect(md.stdout).toContain("## Deployments");
  expect(md.stdout).toContain("pr-policy-bypass");
  const csv = await cli("deployed", "--pipeline", "web-app-release", "--format", "csv");
  expect(csv.stdout.split("\r\n")[0]).toBe(
    "pipeline,kind,environment,runId,releaseId,name,sourceBranch,sourceVersion,result,deployedAt,deployedBy,state,latestAttemptId,latestAttemptName,latestAttemptState,latestAttemptAt,unknownFields",
  );
  expect(csv.stdout).not.toContain("web-app-ci-cd");
  const dir = (await import("node:fs")).mkdtempSync(
    join((await import("node:os")).tmpdir(), "rt-evidence-"),
  );
  const out = await runInProcess(
    [
      "--org",
      emulator.orgUrl,
      "--project",
      "Fabrikam",
      "evidence",
      "--release",
      "12",
      "--out",
      "pack.md",
    ],
    env,
    dir,
  );
  expect(out.code).toBe(0);
  const text = readFileSync(join(dir, "pack.md"), "utf8");
  expect(text).toContain("# Evidence pack: release");
  expect(text).toContain("## Branch policies in force");
  expect(text).not.toContain(TOKEN);
});

it("exits 2 on usage errors and unknown ids", async () => {
  expect((await cli("trace")).code).toBe(2);
  expect((await cli("trace", "--work-item", "abc")).code).toBe(2);
  expect((await cli("trace", "--work-item", "999999")).code).toBe(2);
  expect((await cli("evidence")).code).toBe(2);
  expect((await cli("evidence", "--run", "1", "--release", "2")).code).toBe(2);
  expect((await cli("evidence", "--run", "424242")).code).toBe(2);
  expect((await cli("deployed", "--pipeline", "no-such-pipeline")).code).toBe(2);
  expect((await cli("deployed", "--format", "sarif")).code).toBe(2);
  expect((await cli("deployed", "--work-item", "5")).code).toBe(2);
});

it("exits 3 and names what it could not read", async () => {
  emulator.setFaults({ forbiddenRepositories: ["web-app"] });
  try {
    const result = await cli("trace", "--work-item", "281", "--format", "json");
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("not available: pull request");
    const trace = JSON.parse(result.stdout) as { notAvailable: { what: string }[] };
    expect(trace.notAvailable.length).toBeGreaterThan(0);
  } finally {
    emulator.setFaults({ forbiddenRepositories: [] });
  }
});

it("loads a typical work item in at most 10 REST calls (12 when several runs brought it) once the session has its shared reads", async () => {
  const ado = createAdoSources({
    orgUrl: emulator.orgUrl,
    auth: patAuth("calls"),
    target: "detect",
  });
  const session = new TraceSession(ado.sources, "Fabrikam");
  const counts: number[] = [];
  for (let id = 1; id <= 40; id++) {
    ado.resetCalls();
    await traceWorkItem(ado.sources, "Fabrikam", id, { session });
    counts.push(ado.calls().total);
  }
  const sorted = [...counts].sort((a, b) => a - b);
  expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(10);
  // A work item's gaps include those of the runs that first brought it to each environment: an
  // item brought by several runs reads each run's changes and their commits' links once.
  expect(Math.max(...counts.slice(1))).toBeLessThanOrEqual(12);
});

it("names each gap's rule title and severity, and honours a baseline's gap rules and exceptions", async () => {
  const plain = await cli("trace", "--work-item", "5");
  expect(plain.code).toBe(0);
  expect(plain.stdout).toContain(
    "gap: In production without a completed pull request (high): Work item 5 reached prod",
  );
  expect(plain.stdout).toMatch(
    /gap: Commit without a work item \(medium\): Commit \w{8} in run 1073 links to no work item \(a gap of run 20250223\.1 of infra-terraform-deploy, which first brought it to prod\)/,
  );
  const dir = mkdtempSync(join(tmpdir(), "rt-gap-baseline-"));
  writeFileSync(
    join(dir, "baseline.yml"),
    [
      "rules:",
      "  branch.no-self-approval: {}",
      "gaps:",
      "  trace.open-work-item-deployed: false",
      "  trace.commit-without-work-item: { severity: low }",
      "exceptions:",
      "  - rule: trace.prod-without-completed-pr",
      "    workItem: 5",
      '    justification: "Infrastructure change, reviewed in CAB-42"',
      '    expires: "2999-12-31"',
      "",
    ].join("\n"),
  );
  const run = (...argv: string[]) =>
    runInProcess(["--org", emulator.orgUrl, "--project", "Fabrikam", ...argv], env, dir);
  const graded = await run("trace", "--work-item", "5", "--baseline", "baseline.yml");
  expect(graded.code).toBe(0);
  expect(graded.stdout).toContain(
    "gap: In production without a completed pull request (high, exempt): Work item 5 reached prod with no completed pull request linked Exempt until 2999-12-31: Infrastructure change, reviewed in CAB-42",
  );
  expect(graded.stdout).toContain("gap: Commit without a work item (low):");
  expect(graded.stdout).not.toContain("Open work item deployed");
  const json = await run(
    "trace",
    "--work-item",
    "5",
    "--baseline",
    "baseline.yml",
    "--format",
    "json",
  );
  const gaps = (JSON.parse(json.stdout) as { gaps: { ruleId: string; outcome: string }[] }).gaps;
  expect(gaps.map((gap) => `${gap.ruleId} ${gap.outcome}`)).toEqual([
    "trace.prod-without-completed-pr exempt",
    "trace.commit-without-work-item gap",
    "trace.commit-without-work-item gap",
  ]);
  const pack = await run("evidence", "--run", "1144", "--baseline", "baseline.yml");
  expect(pack.code).toBe(0);
  expect(pack.stdout).toMatch(
    /\*\*Commit without a work item\*\* \(low, `trace\.commit-without-work-item`\)/,
  );
  writeFileSync(
    join(dir, "bad.yml"),
    "rules:\n  branch.no-self-approval: {}\ngaps:\n  trace.nope: false\n",
  );
  const bad = await run("trace", "--work-item", "5", "--baseline", "bad.yml");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("gaps.trace.nope");
});
