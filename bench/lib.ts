/**
 * The bench harness shared by every scenario (compliance now; trace and gates later): timing with
 * call counts, bounded concurrency, a counting fetch and the report pieces.
 */
import { performance } from "node:perf_hooks";
import { mdTable } from "../src/core/report/text";

export interface Measurement {
  name: string;
  /** REST calls the measured work made. */
  calls: number;
  /** Wall time in milliseconds. */
  ms: number;
}

/**
 * Times `fn` and takes its call count. `fn` returns how many REST calls it made (each approach
 * counts in its own way: the adapters' calls(), a counting fetch) and what it found.
 */
export async function measure<T>(
  name: string,
  fn: () => Promise<{ calls: number; value: T }>,
): Promise<Measurement & { value: T }> {
  const started = performance.now();
  const { calls, value } = await fn();
  return { name, calls, ms: performance.now() - started, value };
}

/** A measured figure against its budget (lower is better); one exceeded fails the run loudly. */
export interface BudgetCheck {
  /** What was measured, e.g. "hub gzip JS" or "hub time to first data (0 ms latency)". */
  name: string;
  measured: number;
  limit: number;
  /** Unit of `measured` and `limit`, e.g. "KB", "ms", "MB". */
  unit: string;
}

export function budgetExceeded(check: BudgetCheck): boolean {
  return check.measured > check.limit;
}

/** One section of bench/REPORT.md and the problems found (a mismatch fails the run). */
export interface ScenarioReport {
  markdown: string;
  problems: string[];
  /** Budgets this section checked; run.ts lists them all and shouts when one is exceeded. */
  budgets?: BudgetCheck[];
}

export interface BenchScenario {
  name: string;
  run(log: (line: string) => void): Promise<ScenarioReport>;
}

/** "12.3×" — how many times `slower` exceeds `faster`. */
export function ratio(slower: number, faster: number): string {
  if (faster === 0) return "n/a";
  return `${(slower / faster).toFixed(1)}×`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A Markdown table of measurements, each compared with the `baseline` row. */
export function measurementTable(rows: Measurement[], baseline: Measurement): string {
  return mdTable(
    ["Scenario", "REST calls", "Wall time", "Calls vs. scan", "Time vs. scan"],
    rows.map((row) => [
      row.name,
      row.calls,
      seconds(row.ms),
      ratio(row.calls, baseline.calls),
      ratio(row.ms, baseline.ms),
    ]),
  );
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A GET-JSON helper over fetch that counts every request it sends. */
export function countingFetch(authorization: string): {
  getJson(url: string): Promise<{ body: unknown; headers: Headers }>;
  calls(): number;
} {
  let calls = 0;
  return {
    async getJson(url) {
      calls++;
      const response = await fetch(url, {
        headers: { Authorization: authorization, Accept: "application/json" },
      });
      if (!response.ok) {
        throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
      }
      return { body: await response.json(), headers: response.headers };
    },
    calls: () => calls,
  };
}
