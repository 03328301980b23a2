/*
 * The fault-injection runner: runs CLI commands (compliance, trace, deployed, gates, inventory)
 * in-process against the emulator's demo organisation under a seeded mix of faults, and compares each
 * answer with the fault-free one. A result counts as matched when it is identical, as
 * not-available when the answer marks it so with a reason, and as a mismatch otherwise (also a
 * crash, a hang, a wrong exit code or an unhandled rejection). Used by tests/faults and by
 * `npx tsx bench/faults.ts`.
 */
import { isDeepStrictEqual } from "node:util";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_SEED, startEmulator, type FaultOptions, type RunningEmulator } from "../emulator";
import { generateDemo } from "../emulator/demo/generate";
import { Random } from "../emulator/demo/random";
import { runCli } from "../../src/cli/main";

/** One command the suite drives, and how its JSON answers are compared. */
export interface FaultCase {
  name: string;
  /** Command and flags, without --org/--project/--format. */
  argv: string[];
  compare(baseline: unknown, faulty: unknown): Comparison;
}

/** The per-result verdicts of one faulty answer against the fault-free one. */
export interface Comparison {
  matched: number;
  notAvailable: number;
  mismatches: string[];
  /** Whether the faulty answer says its data is partial (so the exit code must be 3). */
  partial: boolean;
}

export interface CliAnswer {
  code: number;
  stdout: string;
  stderr: string;
  /** Parsed stdout with the emulator's address replaced, or undefined when none was written. */
  json: unknown;
}

export interface RunRecord {
  run: number;
  case: string;
  faults: string[];
  /** The scenario's fault kind, and whether one more read cures it. */
  scenario: string;
  curable: boolean;
  /** The whole answer equals the fault-free one (nothing marked not-available, same exit code). */
  identical: boolean;
  faultsInjected: Record<string, number>;
  code: number;
  expectedCode: number | "3";
  matched: number;
  notAvailable: number;
  mismatches: string[];
  /** Exit 1 with a reason: the command could not run at all under these faults. */
  couldNotRun: boolean;
  /** What the CLI said on stderr when it could not run. */
  reason?: string;
}

export interface FaultFigures {
  runs: number;
  faultsInjected: Record<string, number>;
  results: number;
  matched: number;
  notAvailable: number;
  mismatches: number;
  couldNotRun: number;
  partialRuns: number;
  unhandledRejections: number;
  byCase: Record<
    string,
    { runs: number; matched: number; notAvailable: number; mismatches: number }
  >;
  /** Per scenario (fault kind): runs, runs identical to the fault-free one, runs with a mismatch. */
  byScenario: Record<string, ScenarioFigures>;
  /** Runs whose answer was identical to the fault-free one. */
  identicalRuns: number;
  /** Runs with at least one mismatch (a wrong or silently thinner result). */
  wrongRuns: number;
  records: RunRecord[];
  /** Every mismatch, prefixed with its run and case. */
  mismatchDetails: string[];
}

export interface ScenarioFigures {
  curable: boolean;
  runs: number;
  identical: number;
  /** Runs that marked something not-available (or could not run), and nothing wrong. */
  notAvailable: number;
  wrong: number;
}

export interface FaultSuiteOptions {
  /** Seeded runs in total, spread over the cases in turn (default 36). */
  runs?: number;
  /** Runs at once (default 4); each has its own emulator. */
  parallel?: number;
  /** The first run number; run n uses faultSeed n (default 1). */
  firstRun?: number;
  /** A run that takes longer than this counts as hung (default 120 s). */
  runTimeoutMs?: number;
  cases?: FaultCase[];
  /** Progress lines (one per run). */
  log?: (line: string) => void;
}

const TOKEN = "fault-suite-token";
const BASE_URL_PLACEHOLDER = "http://emulator";

/** The work items the trace runs follow: rich links, and one whose fault-free answer is partial. */
export const TRACE_WORK_ITEMS = [36, 197, 253, 15];

const ALL_RULES_BASELINE = join(
  __dirname,
  "..",
  "..",
  "tests",
  "fixtures",
  "baselines",
  "all-rules.yml",
);

/** `deployed` under faults: a cell that keeps its run must name the fields it lost. */
export function deployedCase(): FaultCase {
  return { name: "deployed", argv: ["deployed"], compare: compareDeployed };
}

export function defaultCases(): FaultCase[] {
  return [
    { name: "inventory", argv: ["inventory"], compare: compareInventory },
    { name: "compliance", argv: ["compliance"], compare: compareCompliance },
    {
      name: "compliance (all rules)",
      argv: ["compliance", "--baseline", ALL_RULES_BASELINE],
      compare: compareCompliance,
    },
    { name: "gates", argv: ["gates"], compare: compareGates },
    { name: "gates --pending", argv: ["gates", "--pending"], compare: compareGates },
    ...TRACE_WORK_ITEMS.map((id): FaultCase => ({
      name: `trace ${id}`,
      argv: ["trace", "--work-item", String(id)],
      compare: compareTrace,
    })),
  ];
}

/** Repository and environment names of the main demo project, to pick forbidden ones from. */
function demoNames(): { repositories: string[]; environments: string[] } {
  const demo = generateDemo({ seed: DEMO_SEED, size: "small", org: "fabrikam" });
  return {
    repositories: demo.repositories
      .filter((repository) => repository.projectId === demo.mainProjectId && !repository.isDisabled)
      .map((repository) => repository.name),
    environments: demo.environments
      .filter((environment) => environment.projectId === demo.mainProjectId)
      .map((environment) => environment.name),
  };
}

/** The faults of one run and the flags the command gets with them. */
export interface FaultScenario {
  /** The fault kind the scenario is about, as the figures name it. */
  kind: string;
  /** Faults one more read cures: the answer must be identical to the fault-free one. */
  curable: boolean;
  faults: Partial<FaultOptions>;
  labels: string[];
  /** Extra command-line flags (a --timeout). */
  argv: string[];
}

type ScenarioMaker = (
  random: Random,
  names: { repositories: string[]; environments: string[] },
) => Omit<FaultScenario, "kind" | "curable">;

/** The background mix of issue 6: spikes, a 429 burst, Retry-After on 200s, 5xx, resets, cut JSON. */
function backgroundMix(random: Random): Partial<FaultOptions> {
  return {
    latencySpikes: { rate: 0.02, ms: random.int(500, 3000) },
    throttleBurst: { count: random.int(1, 3), retryAfterSeconds: 1 },
    retryAfterOn200: { rate: 0.03, seconds: 1 },
    serverErrorRate: 0.1,
    connectionResetRate: 0.03,
    malformedJsonRate: 0.03,
  };
}

const BACKGROUND_LABELS = [
  "spikes",
  "429 burst",
  "Retry-After on 200",
  "10% 5xx",
  "resets",
  "cut JSON",
];

function pages(random: Random): Partial<FaultOptions> {
  return { maxPageSize: random.int(3, 8) };
}

/** A curable scenario: one fault kind, each request faulted at most once. */
function curable(
  kind: string,
  faults: (random: Random) => Partial<FaultOptions>,
  argv: string[] = [],
) {
  return {
    kind,
    curable: true,
    make: ((random: Random) => ({
      faults: { ...faults(random), curableOnly: true },
      labels: [kind, "curable"],
      argv,
    })) as ScenarioMaker,
  };
}

/**
 * The scenarios, one per run in turn (16, prime to the 9 commands, so every pair comes up).
 * The curable ones must give the fault-free answer; the others may mark results not-available,
 * never give a wrong one.
 */
export const SCENARIOS: readonly { kind: string; curable: boolean; make: ScenarioMaker }[] = [
  curable("5xx", () => ({ serverErrorRate: 0.1 })),
  curable("connection reset", () => ({ connectionResetRate: 0.05 })),
  curable("cut JSON", () => ({ malformedJsonRate: 0.05 })),
  curable("empty body", () => ({ emptyBodyRate: 0.05 })),
  curable("wrong-shaped JSON", () => ({ wrongShapeRate: 0.05 })),
  curable("sign-in page on 200", () => ({ signInPageRate: 0.05 })),
  curable("sign-in page on 203", () => ({ signIn203Rate: 0.05 })),
  curable("duplicates across pages", (random) => ({
    ...pages(random),
    duplicateAcrossPagesRate: 0.2,
  })),
  {
    kind: "429 burst within the deadline",
    curable: true,
    make: (random) => {
      const count = random.int(2, 6);
      return {
        faults: { throttleBurst: { count, retryAfterSeconds: 1 } },
        labels: [`${count} 429s`],
        argv: [],
      };
    },
  },
  // A request may take a quarter of --timeout: 7.5 s here, so a stall leaves time for one more try.
  curable("stalled answer", () => ({ stalledAnswerRate: 0.1 }), ["--timeout", "30s"]),
  curable("Retry-After on 200 and spikes", (random) => ({
    retryAfterOn200: { rate: 0.05, seconds: 1 },
    latencySpikes: { rate: 0.03, ms: random.int(200, 1500) },
  })),
  {
    kind: "Retry-After past the deadline",
    curable: false,
    make: () => ({
      faults: { longRetryAfter: { rate: 0.1, seconds: 120 } },
      labels: ["429 with Retry-After 120 s", "--timeout 20s"],
      argv: ["--timeout", "20s"],
    }),
  },
  {
    kind: "deadline",
    curable: false,
    make: (random) => {
      const latencyMs = random.int(250, 500);
      return {
        faults: { latencyMs },
        labels: [`${latencyMs} ms a request`, "--timeout 2s"],
        // 2 s: the first reads fit on a loaded machine too, and a whole scan never does.
        argv: ["--timeout", "2s"],
      };
    },
  },
  {
    kind: "mix with 403 repository",
    curable: false,
    make: (random, names) => {
      const repository = random.pick(names.repositories);
      const faults = { ...backgroundMix(random), ...pages(random) };
      const labels = [...BACKGROUND_LABELS, `403 repo ${repository}`, "pages"];
      if (random.chance(0.5)) {
        faults.repeatingContinuationToken = true;
        labels.push("repeating token");
      }
      return { faults: { ...faults, forbiddenRepositories: [repository] }, labels, argv: [] };
    },
  },
  {
    kind: "mix with 403 environment",
    curable: false,
    make: (random, names) => {
      const environment = random.pick(names.environments);
      return {
        faults: { ...backgroundMix(random), forbiddenEnvironments: [environment] },
        labels: [...BACKGROUND_LABELS, `403 environment ${environment}`],
        argv: [],
      };
    },
  },
  {
    kind: "persistent answers of the wrong kind",
    curable: false,
    make: (random) => ({
      faults: {
        ...pages(random),
        emptyBodyRate: 0.04,
        wrongShapeRate: 0.04,
        signInPageRate: 0.03,
        signIn203Rate: 0.03,
        duplicateAcrossPagesRate: 0.5,
        serverErrorRate: 0.05,
      },
      labels: ["empty", "wrong shape", "sign-in", "duplicates (persisting)", "5xx"],
      argv: ["--timeout", "60s"],
    }),
  },
];

/** The scenario of run `run` (counted from the suite's first run). */
export function faultScenario(
  run: number,
  index: number,
  names: { repositories: string[]; environments: string[] },
): FaultScenario {
  const entry = SCENARIOS[index % SCENARIOS.length];
  const made = entry.make(new Random(run * 7919 + 17), names);
  return { kind: entry.kind, curable: entry.curable, ...made };
}

async function runCommand(
  emulator: RunningEmulator,
  argv: string[],
  extra: string[] = [],
): Promise<CliAnswer> {
  let stdout = "";
  let stderr = "";
  const code = await runCli({
    argv: [
      ...argv,
      "--org",
      emulator.orgUrl,
      "--project",
      emulator.project.name,
      "--format",
      "json",
      ...extra,
    ],
    env: { AZURE_DEVOPS_TOKEN: TOKEN },
    cwd: mkdtempSync(join(tmpdir(), "release-trace-faults-")),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  const normalised = stdout.split(emulator.baseUrl).join(BASE_URL_PLACEHOLDER);
  let json: unknown;
  if (normalised.trim() !== "") json = withoutVolatile(JSON.parse(normalised));
  return {
    code,
    stdout: normalised,
    stderr: stderr.split(emulator.baseUrl).join(BASE_URL_PLACEHOLDER),
    json,
  };
}

/** Drops what differs between any two runs: timestamps of the run and REST-call counts. */
function withoutVolatile(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const copy = { ...(value as Record<string, unknown>) };
  delete copy.generatedAt;
  delete copy.restCalls;
  if (copy.summary && typeof copy.summary === "object") {
    const summary = { ...(copy.summary as Record<string, unknown>) };
    delete summary.restCalls;
    copy.summary = summary;
  }
  return copy;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the suite: the fault-free answers first, then every seeded run, `parallel` at a time. */
export async function runFaultSuite(options: FaultSuiteOptions = {}): Promise<FaultFigures> {
  const cases = options.cases ?? defaultCases();
  const runs = options.runs ?? 36;
  const parallel = Math.max(1, options.parallel ?? 4);
  const firstRun = options.firstRun ?? 1;
  const runTimeoutMs = options.runTimeoutMs ?? 120_000;
  const log = options.log ?? (() => undefined);
  const names = demoNames();

  let unhandledRejections = 0;
  const onRejection = (reason: unknown) => {
    unhandledRejections += 1;
    log(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  };
  process.on("unhandledRejection", onRejection);
  try {
    const baselines = new Map<string, CliAnswer>();
    const clean = await startEmulator({ seed: DEMO_SEED, size: "small" });
    try {
      for (const faultCase of cases) {
        const answer = await runCommand(clean, faultCase.argv);
        if (answer.json === undefined || ![0, 3].includes(answer.code)) {
          throw new Error(
            `the fault-free ${faultCase.name} failed (exit ${answer.code}): ${answer.stderr}`,
          );
        }
        baselines.set(faultCase.name, answer);
      }
    } finally {
      await clean.close();
    }

    const records: RunRecord[] = [];
    const queue = Array.from({ length: runs }, (_, index) => firstRun + index);
    const worker = async () => {
      for (let run = queue.shift(); run !== undefined; run = queue.shift()) {
        const faultCase = cases[(run - 1) % cases.length]; // by run number, so --first-run N replays run N
        const baseline = baselines.get(faultCase.name) as CliAnswer;
        const scenario = faultScenario(run, run - 1, names);
        const record = await oneRun(run, faultCase, baseline, scenario, runTimeoutMs);
        records.push(record);
        log(
          `run ${String(run).padStart(3)} ${faultCase.name.padEnd(24)} exit ${record.code}` +
            ` matched ${record.matched}, not-available ${record.notAvailable}, mismatches ${record.mismatches.length}` +
            ` [${record.faults.join(", ")}]`,
        );
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    records.sort((a, b) => a.run - b.run);
    return figuresOf(records, unhandledRejections);
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

async function oneRun(
  run: number,
  faultCase: FaultCase,
  baseline: CliAnswer,
  scenario: FaultScenario,
  runTimeoutMs: number,
): Promise<RunRecord> {
  const { faults, labels } = scenario;
  const emulator = await startEmulator({ seed: DEMO_SEED, size: "small", faultSeed: run, faults });
  const record: RunRecord = {
    run,
    case: faultCase.name,
    faults: labels,
    scenario: scenario.kind,
    curable: scenario.curable,
    identical: false,
    faultsInjected: {},
    code: -1,
    expectedCode: baseline.code,
    matched: 0,
    notAvailable: 0,
    mismatches: [],
    couldNotRun: false,
  };
  try {
    const answer = await withTimeout(
      runCommand(emulator, faultCase.argv, scenario.argv),
      runTimeoutMs,
      `${faultCase.name} (run ${run})`,
    );
    record.code = answer.code;
    judge(record, faultCase, baseline, answer);
    record.identical =
      record.mismatches.length === 0 &&
      record.notAvailable === 0 &&
      !record.couldNotRun &&
      answer.code === baseline.code;
    if (scenario.curable && !record.identical && record.mismatches.length === 0) {
      // One more read cures these faults: not-available is not good enough.
      record.mismatches.push(
        `a curable fault (${scenario.kind}) changed the answer: exit ${answer.code}, ${record.notAvailable} not-available` +
          (record.reason ? ` (${record.reason})` : ""),
      );
    }
  } catch (error) {
    record.mismatches.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    record.faultsInjected = emulator.stats().faultsInjected;
    await emulator.close();
  }
  return record;
}

function judge(record: RunRecord, faultCase: FaultCase, baseline: CliAnswer, answer: CliAnswer) {
  if (/unexpected error/i.test(answer.stderr)) {
    record.mismatches.push(`crash: ${answer.stderr.trim()}`);
    return;
  }
  if (answer.code === 1 && answer.json === undefined && answer.stderr.trim() !== "") {
    // Could not run at all (e.g. the project lookup failed for good): said so, with the reason.
    record.couldNotRun = true;
    record.reason = answer.stderr.trim();
    record.notAvailable = countResults(faultCase, baseline.json);
    return;
  }
  if (answer.json === undefined) {
    record.mismatches.push(`exit ${answer.code} without an answer: ${answer.stderr.trim()}`);
    return;
  }
  const comparison = faultCase.compare(baseline.json, answer.json);
  record.matched = comparison.matched;
  record.notAvailable = comparison.notAvailable;
  record.mismatches.push(...comparison.mismatches);
  const expected = comparison.partial ? 3 : baseline.code;
  record.expectedCode = comparison.partial ? "3" : baseline.code;
  if (answer.code !== expected) {
    record.mismatches.push(
      `exit ${answer.code}, expected ${expected} (${comparison.partial ? "partial data" : "as the fault-free run"})`,
    );
  }
  if (comparison.partial && !/not.available/i.test(answer.stderr)) {
    record.mismatches.push("partial data without a not-available notice on stderr");
  }
}

/** How many results a case compares (for a run that could not run at all). */
function countResults(faultCase: FaultCase, baseline: unknown): number {
  return faultCase.compare(baseline, baseline).matched;
}

function figuresOf(records: RunRecord[], unhandledRejections: number): FaultFigures {
  const faultsInjected: Record<string, number> = {};
  const byCase: FaultFigures["byCase"] = {};
  for (const record of records) {
    for (const [kind, count] of Object.entries(record.faultsInjected)) {
      faultsInjected[kind] = (faultsInjected[kind] ?? 0) + count;
    }
    const entry = (byCase[record.case] ??= { runs: 0, matched: 0, notAvailable: 0, mismatches: 0 });
    entry.runs += 1;
    entry.matched += record.matched;
    entry.notAvailable += record.notAvailable;
    entry.mismatches += record.mismatches.length;
  }
  const sum = (pick: (record: RunRecord) => number) =>
    records.reduce((total, record) => total + pick(record), 0);
  const matched = sum((record) => record.matched);
  const notAvailable = sum((record) => record.notAvailable);
  const byScenario: Record<string, ScenarioFigures> = {};
  for (const record of records) {
    const entry = (byScenario[record.scenario] ??= {
      curable: record.curable,
      runs: 0,
      identical: 0,
      notAvailable: 0,
      wrong: 0,
    });
    entry.runs += 1;
    if (record.mismatches.length > 0) entry.wrong += 1;
    else if (record.identical) entry.identical += 1;
    else entry.notAvailable += 1;
  }
  return {
    byScenario,
    identicalRuns: records.filter((record) => record.identical).length,
    wrongRuns: records.filter((record) => record.mismatches.length > 0).length,
    runs: records.length,
    faultsInjected,
    results: matched + notAvailable + sum((record) => record.mismatches.length),
    matched,
    notAvailable,
    mismatches: sum((record) => record.mismatches.length) + unhandledRejections,
    couldNotRun: records.filter((record) => record.couldNotRun).length,
    partialRuns: records.filter((record) => record.code === 3).length,
    unhandledRejections,
    byCase,
    records,
    mismatchDetails: records.flatMap((record) =>
      record.mismatches.map((line) => `run ${record.run} (${record.case}): ${line}`),
    ),
  };
}

/** The figures as a plain-text table. */
export function figuresTable(figures: FaultFigures): string {
  const rows: [string, string][] = [
    ["runs", String(figures.runs)],
    ["runs identical to the fault-free run", String(figures.identicalRuns)],
    [
      "runs with results marked not-available",
      String(figures.runs - figures.identicalRuns - figures.wrongRuns),
    ],
    ["runs with a wrong result", String(figures.wrongRuns)],
    ["results compared", String(figures.results)],
    ["results matched", String(figures.matched)],
    ["results marked not-available", String(figures.notAvailable)],
    ["mismatches", String(figures.mismatches)],
    ["runs with partial data (exit 3)", String(figures.partialRuns)],
    ["runs that could not run (exit 1)", String(figures.couldNotRun)],
    ["unhandled rejections", String(figures.unhandledRejections)],
  ];
  const faultRows = Object.entries(figures.faultsInjected)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]): [string, string] => [`  ${kind}`, String(count)]);
  const caseRows = Object.entries(figures.byCase).map(([name, entry]): [string, string] => [
    `  ${name}`,
    `${entry.runs} runs, ${entry.matched} matched, ${entry.notAvailable} not-available, ${entry.mismatches} mismatches`,
  ]);
  const scenarioRows = Object.entries(figures.byScenario).map(([kind, entry]): [string, string] => [
    `  ${kind}${entry.curable ? " (curable)" : ""}`,
    `${entry.identical}/${entry.runs} identical (${percent(entry.identical, entry.runs)}), ` +
      `${entry.notAvailable} not-available, ${entry.wrong} wrong`,
  ]);
  const all: [string, string][] = [
    ...rows,
    ["identical share per fault kind", ""],
    ...scenarioRows,
    ["faults injected", String(Object.values(figures.faultsInjected).reduce((a, b) => a + b, 0))],
    ...faultRows,
    ["by command", ""],
    ...caseRows,
  ];
  const width = Math.max(...all.map(([label]) => label.length));
  const lines = all.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd());
  if (figures.mismatchDetails.length > 0) {
    lines.push("", "Mismatches:", ...figures.mismatchDetails.map((line) => `  ${line}`));
  }
  return lines.join("\n") + "\n";
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "-" : `${Math.round((100 * part) / whole)} %`;
}

// ---------------------------------------------------------------------------------------------
// Comparisons, one per command.

type Json = Record<string, unknown>;

function list(value: unknown, key: string): Json[] {
  const items = (value as Json | undefined)?.[key];
  return Array.isArray(items) ? (items as Json[]) : [];
}

/** Keys that carry a row's own not-available markers rather than data. */
const MARKER_KEYS = new Set(["notAvailable", "unknownFields", "unknown"]);

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The top-level fields of `row` that `faulty` gives differently (markers and `ignore` aside). */
function changedFields(row: Json, faulty: Json, ignore: readonly string[]): string[] {
  return [...new Set([...Object.keys(row), ...Object.keys(faulty)])].filter(
    (field) =>
      !MARKER_KEYS.has(field) &&
      !ignore.includes(field) &&
      !isDeepStrictEqual(row[field], faulty[field]),
  );
}

/**
 * The fields a faulty row says are unknown: a NotAvailable with `fields` anywhere in the row, a
 * list of `unknownFields`, or a top-level not-available entry with `fields` that names the row.
 */
function markedFields(faulty: Json, entries: readonly Json[]): Set<string> {
  const marked = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (!isObject(value)) return;
    if (Array.isArray(value.fields) && typeof value.reason === "string") {
      // "checks.type" marks the row's `checks`: a part of it is unknown.
      for (const field of value.fields)
        if (typeof field === "string") marked.add(field.split(".")[0]);
    }
    Object.values(value).forEach(collect);
  };
  collect(faulty);
  if (Array.isArray(faulty.unknownFields)) {
    for (const field of faulty.unknownFields) if (typeof field === "string") marked.add(field);
  }
  const ids = ["id", "runId", "releaseId", "runName", "releaseName", "pullRequestId"]
    .map((key) => faulty[key])
    .filter((id) => typeof id === "string" || typeof id === "number")
    .map(String);
  for (const entry of entries) {
    const what = typeof entry.what === "string" ? entry.what : "";
    if (!Array.isArray(entry.fields) || !ids.some((id) => namesId(what, id))) continue;
    for (const field of entry.fields) if (typeof field === "string") marked.add(field);
  }
  return marked;
}

/** Whether `what` ("approval of run 1149 stage Deploy") names `id` as a whole word. */
function namesId(what: string, id: string): boolean {
  return new RegExp(`(^|\\W)${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|\\W)`).test(what);
}

/**
 * Rows of a list: each fault-free row found identical counts as matched. A row kept with some
 * fields changed counts as not-available only when it carries a marker for each changed field
 * (NotAvailable with `fields`); a changed value without a marker is wrong. A row not found at
 * all counts as not-available when the faulty answer declares missing data, else as wrong. A
 * row only the faulty answer has (invented) is always wrong: a fault must never become a
 * finding.
 */
function compareRows(
  what: string,
  baseline: Json[],
  faulty: Json[],
  declared: { missing: boolean; entries: readonly Json[] },
  label: (row: Json) => string,
  into: Comparison,
  ignoreWhenChanged: readonly string[] = [],
): void {
  const remaining = [...faulty];
  const unmatched: Json[] = [];
  for (const row of baseline) {
    const index = remaining.findIndex((candidate) => isDeepStrictEqual(candidate, row));
    if (index >= 0) {
      remaining.splice(index, 1);
      into.matched += 1;
    } else {
      unmatched.push(row);
    }
  }
  for (const row of unmatched) {
    const index = remaining.findIndex((candidate) => label(candidate) === label(row));
    if (index >= 0) {
      const [kept] = remaining.splice(index, 1);
      const marked = markedFields(kept, declared.entries);
      const unmarked = changedFields(row, kept, ignoreWhenChanged).filter(
        (field) => !marked.has(field),
      );
      if (unmarked.length === 0) into.notAvailable += 1;
      else
        into.mismatches.push(
          `${what} ${label(row)}: ${unmarked.join(", ")} changed without a not-available marker`,
        );
    } else if (declared.missing) {
      into.notAvailable += 1;
    } else {
      into.mismatches.push(`${what} ${label(row)} missing with no not-available notice`);
    }
  }
  for (const row of remaining) {
    into.mismatches.push(
      `${what} ${label(row)} is not in the fault-free answer: ${JSON.stringify(row)}`,
    );
  }
}

/** Names in notAvailable entries (`what` / `item`) the fault-free answer did not have. */
function newUnavailable(baseline: unknown, faulty: unknown): Json[] {
  const known = new Set(
    list(baseline, "notAvailable").map((entry) => JSON.stringify(entry.what ?? entry.item)),
  );
  return list(faulty, "notAvailable").filter(
    (entry) => !known.has(JSON.stringify(entry.what ?? entry.item)),
  );
}

function checkReasons(entries: Json[], into: Comparison): void {
  for (const entry of entries) {
    const reason = entry.reason;
    const text = typeof reason === "string" ? reason : JSON.stringify(reason ?? "");
    if (text.trim() === "" || text === '""') {
      into.mismatches.push(`not-available entry without a reason: ${JSON.stringify(entry)}`);
    }
  }
}

function empty(): Comparison {
  return { matched: 0, notAvailable: 0, mismatches: [], partial: false };
}

export function compareCompliance(baseline: unknown, faulty: unknown): Comparison {
  const result = empty();
  const key = (row: Json) => {
    const target = row.target as Json;
    return `${String(row.ruleId)} ${String(target.kind)} ${String(target.name ?? target.id)}${row.branch ? ` ${String(row.branch)}` : ""}`;
  };
  const isUnavailable = (row: Json | undefined) =>
    row?.outcome === "not-available" &&
    typeof row.message === "string" &&
    row.message.trim() !== "";
  const faultyByKey = new Map(list(faulty, "results").map((row) => [key(row), row]));
  const missing: Json[] = [];
  for (const row of list(baseline, "results")) {
    const counterpart = faultyByKey.get(key(row));
    faultyByKey.delete(key(row));
    if (!counterpart) {
      missing.push(row);
    } else if (isDeepStrictEqual(counterpart, row)) {
      result.matched += 1;
    } else if (isUnavailable(counterpart)) {
      result.notAvailable += 1;
    } else {
      result.mismatches.push(
        `result ${key(row)}: ${String(row.outcome)} became ${String(counterpart.outcome)} (${String(counterpart.message)})`,
      );
    }
  }
  // When the targets themselves cannot be listed (a repository's branches, the environments),
  // the rule reports one not-available result for what it could not list instead of one per
  // target; that result stands for every fault-free result of the rule on that kind of target.
  const covering = [...faultyByKey.values()].filter(isUnavailable);
  const used = new Set<Json>();
  for (const row of missing) {
    const sameRule = covering.filter(
      (candidate) =>
        candidate.ruleId === row.ruleId &&
        (candidate.target as Json).kind === (row.target as Json).kind,
    );
    const target = (candidate: Json) => (candidate.target as Json).name;
    const cover =
      sameRule.find((candidate) => target(candidate) === (row.target as Json).name) ?? sameRule[0];
    if (cover) {
      used.add(cover);
      result.notAvailable += 1;
    } else {
      result.mismatches.push(`result ${key(row)} is missing`);
    }
  }
  for (const extra of faultyByKey.values()) {
    if (!used.has(extra)) result.mismatches.push(`result ${key(extra)} is new`);
  }
  result.partial = list(faulty, "results").some(
    (row) => row.outcome === "not-available" || row.outcome === "error",
  );
  for (const field of ["organization", "project", "baseline", "schemaVersion"]) {
    if (!isDeepStrictEqual((baseline as Json)[field], (faulty as Json)[field])) {
      result.mismatches.push(`${field} differs`);
    }
  }
  return result;
}

export function compareInventory(baseline: unknown, faulty: unknown): Comparison {
  const result = empty();
  const before = (baseline as Json).counts as Json;
  const after = (faulty as Json).counts as Json;
  const unavailable = new Map(list(faulty, "notAvailable").map((entry) => [entry.item, entry]));
  for (const [item, value] of Object.entries(before)) {
    if (isDeepStrictEqual(after[item], value)) {
      result.matched += 1;
    } else if (after[item] === "not-available" && unavailable.has(item)) {
      result.notAvailable += 1;
    } else {
      result.mismatches.push(
        `count ${item}: ${JSON.stringify(value)} became ${JSON.stringify(after[item])}`,
      );
    }
  }
  checkReasons(list(faulty, "notAvailable"), result);
  result.partial = list(faulty, "notAvailable").length > 0;
  return result;
}

export function compareGates(baseline: unknown, faulty: unknown): Comparison {
  const result = empty();
  const declared = newUnavailable(baseline, faulty);
  checkReasons(declared, result);
  const marks = { missing: declared.length > 0, entries: list(faulty, "notAvailable") };
  const owner = (row: Json) =>
    `${String(row.pipeline)} ${row.runId !== undefined ? `run ${String(row.runId)}` : `release ${String(row.releaseId)}`} stage ${String(row.stage)}`;
  compareRows(
    "pending",
    list(baseline, "pending"),
    list(faulty, "pending"),
    marks,
    (row) => `${String(row.kind)} of ${owner(row)}`,
    result,
  );
  compareRows("stage", list(baseline, "stages"), list(faulty, "stages"), marks, owner, result);
  result.partial = list(faulty, "notAvailable").length > 0;
  return result;
}

export function compareTrace(baseline: unknown, faulty: unknown): Comparison {
  const result = empty();
  const declared = newUnavailable(baseline, faulty);
  checkReasons(declared, result);
  const missingOk = { missing: declared.length > 0, entries: list(faulty, "notAvailable") };
  if (!isDeepStrictEqual((baseline as Json).workItem, (faulty as Json).workItem)) {
    result.mismatches.push("the work item differs");
  }
  const id = (row: Json) => String(row.id ?? row.stage ?? row.kind ?? JSON.stringify(row));
  compareRows(
    "pull request",
    list(baseline, "pullRequests"),
    list(faulty, "pullRequests"),
    missingOk,
    id,
    result,
  );
  compareRows("commit", list(baseline, "commits"), list(faulty, "commits"), missingOk, id, result);
  compareRows("build", list(baseline, "builds"), list(faulty, "builds"), missingOk, id, result);
  compareRows(
    "deployment",
    list(baseline, "deployments"),
    list(faulty, "deployments"),
    missingOk,
    (row) => JSON.stringify(row).slice(0, 120),
    result,
  );
  // A gap rule that could not be checked says so (outcome not-available): a declaration, not a finding.
  const findings = (answer: unknown) =>
    list(answer, "gaps").filter((row) => row.outcome !== "not-available");
  compareRows(
    "gap",
    findings(baseline),
    findings(faulty),
    missingOk,
    (row) =>
      [row.kind, row.workItemId, row.pullRequestId, row.environment, row.runId, row.releaseId]
        .filter((part) => part !== undefined && part !== null)
        .join(" "),
    result,
    ["message"],
  );
  // What the fault-free answer could not read either must still be said.
  const still = new Set(list(faulty, "notAvailable").map((entry) => JSON.stringify(entry.what)));
  for (const entry of list(baseline, "notAvailable")) {
    if (still.has(JSON.stringify(entry.what))) result.matched += 1;
    else result.mismatches.push(`not-available ${String(entry.what)} is no longer reported`);
  }
  result.partial = list(faulty, "notAvailable").length > 0;
  return result;
}

/** The fields of a deployed cell that a failed read of its runs leaves unknown. */
const RUN_FIELDS = ["sourceBranch", "sourceVersion", "deployedBy"];

/**
 * Whether a faulty cell is the fault-free one with only run fields lost, and each lost field
 * named in the cell's `unknown` marker (null alone would read "the service says there is none").
 */
function markedCell(faulty: Json, row: Json): boolean {
  const unknown = new Set(((faulty.unknown as Json | undefined)?.fields as string[]) ?? []);
  const lost = (field: string, value: unknown) => value === null && unknown.has(field);
  const rest = Object.fromEntries(
    Object.entries(faulty).filter(([field]) => field !== "unknown" && field !== "latestAttempt"),
  );
  const latestAttempt = faulty.latestAttempt;
  const { latestAttempt: rowAttempt, ...rowRest } = row;
  const fieldsOk = Object.keys({ ...rowRest, ...rest }).every(
    (field) =>
      isDeepStrictEqual(rest[field], rowRest[field]) ||
      (RUN_FIELDS.includes(field) && lost(field, rest[field])),
  );
  if (!fieldsOk || (latestAttempt === undefined) !== (rowAttempt === undefined)) return false;
  if (!isObject(latestAttempt) || !isObject(rowAttempt)) return true;
  return Object.keys({ ...rowAttempt, ...latestAttempt }).every(
    (field) =>
      isDeepStrictEqual(latestAttempt[field], rowAttempt[field]) ||
      (field === "by" && lost("latestAttempt.by", latestAttempt.by)),
  );
}

export function compareDeployed(baseline: unknown, faulty: unknown): Comparison {
  const result = empty();
  const declared = newUnavailable(baseline, faulty);
  checkReasons(declared, result);
  const key = (row: Json) =>
    `${String(row.kind)} ${String(row.pipeline)} → ${String(row.environment)}`;
  const remaining = new Map(list(faulty, "cells").map((row) => [key(row), row]));
  for (const row of list(baseline, "cells")) {
    const cell = remaining.get(key(row));
    remaining.delete(key(row));
    if (cell && isDeepStrictEqual(cell, row)) result.matched += 1;
    else if (cell && declared.length > 0 && markedCell(cell, row)) result.notAvailable += 1;
    else if (!cell && declared.length > 0) result.notAvailable += 1;
    else
      result.mismatches.push(
        `cell ${key(row)} missing or changed with no marker: ${JSON.stringify(cell)}`,
      );
  }
  for (const name of remaining.keys())
    result.mismatches.push(`cell ${name} is not in the fault-free answer`);
  result.partial = list(faulty, "notAvailable").length > 0;
  return result;
}
