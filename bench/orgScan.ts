/**
 * Organization-wide compliance on the large demo organization: one process scanning every
 * project (`compliance --all-projects`: one transport, one request budget, one back-off) against
 * a simulated fan-out of four shards (four independent scans, each with its own transport, run at
 * once, then merged as `release-trace merge` does, through JSON).
 *
 * Both run against the same emulator with the same latency, first without and then with the
 * emulator's request budget (blocking past the limit, like Azure DevOps' TSTU throttling). The
 * merged report must equal the single-process one (generatedAt and the request count aside).
 *
 *   npx tsx bench/orgScan.ts     (standalone; `npm run bench -- org-scan` writes it to REPORT.md)
 */
import { performance } from "node:perf_hooks";
import packageJson from "../package.json";
import { startEmulator, type FaultOptions } from "../dev/emulator";
import { createAdoSources, parseOrgUrl, patAuth, type CallStats } from "../src/adapters/ado";
import { orgBaselineJson } from "../src/cli/commands/complianceOrg";
import { defaultBaseline } from "../src/core/compliance/baseline/default";
import {
  PROJECT_CONCURRENCY,
  scanProjects,
  type ProjectSelection,
} from "../src/core/compliance/orgScan";
import { buildOrgReport, type OrgComplianceReport } from "../src/core/report/complianceOrg";
import { mergeOrgReports } from "../src/core/report/complianceOrgMerge";
import { mdTable } from "../src/core/report/text";
import { ratio, seconds, type BenchScenario, type ScenarioReport } from "./lib";

const SEED = 1;
const LATENCY_MS = 50;
const SHARDS = 4;
const TOKEN = "bench-org-token";
/** Small enough that both approaches run into it on this organization's request count. */
const RATE_LIMIT = { limit: 25, windowSeconds: 2, block: true };
/** One clock for every scan, so exceptions expire the same way in each. */
const NOW = new Date();

interface Scan {
  report: OrgComplianceReport;
  calls: CallStats;
}

async function scan(orgUrl: string, selection: ProjectSelection): Promise<Scan> {
  const { organization } = parseOrgUrl(orgUrl);
  const ado = createAdoSources({ orgUrl, auth: patAuth(TOKEN), onWarning: () => undefined });
  const baseline = defaultBaseline();
  const scanned = await scanProjects(ado.sources, {
    organization,
    baseline,
    now: NOW,
    selection,
    concurrency: PROJECT_CONCURRENCY.default,
  });
  const calls = ado.calls();
  const report = buildOrgReport(scanned.projects, {
    organization,
    orgUrl,
    generatedAt: new Date(),
    toolVersion: packageJson.version,
    baseline: orgBaselineJson(baseline),
    selection,
    projectsInOrganization: scanned.projectsInOrganization,
    restCalls: calls.total,
  });
  return { report, calls };
}

function stable(report: OrgComplianceReport): string {
  return JSON.stringify({
    ...report,
    generatedAt: "",
    summary: { ...report.summary, restCalls: 0 },
  });
}

interface Round {
  label: string;
  singleMs: number;
  single: Scan;
  fanOutMs: number;
  shards: Scan[];
  merged: OrgComplianceReport;
  /** 429s and Retry-After answers the emulator sent (both approaches). */
  emulatorThrottled: { single: number; fanOut: number };
}

async function round(
  label: string,
  faults: Partial<FaultOptions>,
  log: (line: string) => void,
): Promise<Round> {
  const emulator = await startEmulator({ port: 0, seed: SEED, size: "large", faults });
  try {
    const throttledSoFar = () => emulator.stats().faultsInjected.rateLimited ?? 0;
    let started = performance.now();
    const single = await scan(emulator.orgUrl, { kind: "all-projects", shard: null });
    const singleMs = performance.now() - started;
    const singleThrottled = throttledSoFar();
    log(
      `${label}: one process, ${single.report.projects.length} projects: ${seconds(singleMs)}, ${single.calls.total} calls, ${single.calls.throttled} throttled`,
    );
    // Let the request budget's window empty, so the fan-out starts from the same state.
    if (faults.rateLimit)
      await new Promise((resolve) =>
        setTimeout(resolve, (faults.rateLimit?.windowSeconds ?? 0) * 1000 + 200),
      );

    started = performance.now();
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, index) =>
        scan(emulator.orgUrl, { kind: "all-projects", shard: { index: index + 1, count: SHARDS } }),
      ),
    );
    // Through JSON, as the parts travel between pipeline jobs.
    const { merged } = mergeOrgReports(
      shards.map((part, index) => ({
        name: `shard-${index + 1}.json`,
        value: JSON.parse(JSON.stringify(part.report)),
      })),
      new Date(),
    );
    const fanOutMs = performance.now() - started;
    const total = shards.reduce((sum, part) => sum + part.calls.total, 0);
    log(`${label}: ${SHARDS} shards + merge: ${seconds(fanOutMs)}, ${total} calls`);
    return {
      label,
      singleMs,
      single,
      fanOutMs,
      shards,
      merged,
      emulatorThrottled: { single: singleThrottled, fanOut: throttledSoFar() - singleThrottled },
    };
  } finally {
    await emulator.close();
  }
}

function sum(scans: Scan[], key: "total" | "throttled" | "retries" | "failures"): number {
  return scans.reduce((total, part) => total + part.calls[key], 0);
}

export async function runOrgScanBench(log: (line: string) => void): Promise<ScenarioReport> {
  const rounds = [
    await round(`${LATENCY_MS} ms latency`, { latencyMs: LATENCY_MS }, log),
    await round(
      `${LATENCY_MS} ms latency, request budget ${RATE_LIMIT.limit} per ${RATE_LIMIT.windowSeconds} s`,
      { latencyMs: LATENCY_MS, rateLimit: RATE_LIMIT },
      log,
    ),
  ];
  const problems: string[] = [];
  const rows: unknown[][] = [];
  for (const r of rounds) {
    const equal = stable(r.merged) === stable(r.single.report);
    if (!equal)
      problems.push(`${r.label}: the merged shards differ from the single-process report`);
    const partial =
      r.single.report.summary.projectsNotAvailable + r.merged.summary.projectsNotAvailable;
    if (partial > 0) problems.push(`${r.label}: ${partial} project(s) not available`);
    rows.push(
      [
        r.label,
        "one process, --all-projects",
        seconds(r.singleMs),
        r.single.calls.total,
        r.emulatorThrottled.single,
        r.single.calls.retries,
        `${r.single.report.summary.projectsScanned}/${r.single.report.summary.projectsInOrganization}`,
        "—",
      ],
      [
        r.label,
        `${SHARDS} shards (${r.shards.map((part) => part.report.projects.length).join(" + ")} projects) + merge`,
        seconds(r.fanOutMs),
        sum(r.shards, "total"),
        r.emulatorThrottled.fanOut,
        sum(r.shards, "retries"),
        `${r.merged.summary.projectsScanned}/${r.merged.summary.projectsInOrganization}`,
        equal ? "yes" : "**NO**",
      ],
    );
  }
  const first = rounds[0].single.report;
  const markdown = [
    "## Organization-wide compliance: one process vs. 4 shards",
    "",
    `Large demo organization (seed ${SEED}): ${first.summary.projectsInOrganization} projects, built-in baseline, ${PROJECT_CONCURRENCY.default} projects at a time per process, 6 requests in flight per transport. The fan-out runs ${SHARDS} independent scans at once (each its own transport, as ${SHARDS} pipeline jobs would), then merges their JSON. "Throttled" counts the answers where the emulator's budget was exceeded (429 with Retry-After).`,
    "",
    mdTable(
      [
        "Conditions",
        "Approach",
        "Wall time",
        "REST calls",
        "Throttled",
        "Retries",
        "Projects scanned",
        "Merged = single",
      ],
      rows,
    ),
    "",
    ...rounds.map(
      (r) =>
        `- ${r.label}: the fan-out took ${ratio(r.fanOutMs, r.singleMs)} the wall time of one process (${seconds(r.fanOutMs)} vs. ${seconds(r.singleMs)}), made ${sum(r.shards, "total") - r.single.calls.total} more REST calls (each shard lists the projects itself, and retries count) and drew ${r.emulatorThrottled.fanOut} throttled answers against ${r.emulatorThrottled.single}: ${SHARDS} transports each back off on their own, where one process pauses all its requests at the first Retry-After.`,
    ),
    "",
  ].join("\n");
  return { markdown, problems };
}

export const orgScanScenario: BenchScenario = { name: "org-scan", run: runOrgScanBench };

if (require.main === module) {
  runOrgScanBench((line) => process.stdout.write(`${line}\n`)).then(
    (report) => {
      process.stdout.write(`\n${report.markdown}\n`);
      for (const problem of report.problems) process.stderr.write(`bench: org-scan: ${problem}\n`);
      process.exitCode = report.problems.length === 0 ? 0 : 1;
    },
    (error: unknown) => {
      process.stderr.write(
        `bench: org-scan: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
