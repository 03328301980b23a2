/**
 * Dependency advisories for what ships, part of `npm test`:
 *   npx tsx scripts/audit.ts
 * Nothing ships through `dependencies` any more (webpack bundles the extension's runtime, esbuild
 * the CLI's), so `npm audit --omit=dev` alone would check nothing. This runs `npm audit --json`
 * over the lock file once and fails on a high or critical advisory in a package that reaches a
 * bundle (SHIPPED and what they depend on), and on one in a runtime dependency should one come
 * back. Advisories in build and test tools are listed, not failed. When the registry's audit
 * endpoint does not answer (offline, a proxy, a registry without it), it says so and exits 0.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/** The packages whose code the bundles carry: the extension's runtime and the CLI's. */
export const SHIPPED = [
  "azure-devops-extension-api",
  "azure-devops-extension-sdk",
  "azure-devops-ui",
  "js-yaml",
  "react",
  "react-dom",
  "whatwg-fetch",
];

const FAILING = new Set(["high", "critical"]);

interface LockEntry {
  dev?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** `roots` and every package they depend on, by name, from package-lock.json's `packages`. */
export function closure(packages: Record<string, LockEntry>, roots: string[]): Set<string> {
  const names = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (names.has(name)) continue;
    names.add(name);
    const entry = packages[`node_modules/${name}`];
    pending.push(...Object.keys({ ...entry?.dependencies, ...entry?.peerDependencies }));
  }
  return names;
}

/** Runtime dependencies: lock entries not marked dev (what --omit=dev installs). */
export function runtimePackages(packages: Record<string, LockEntry>): Set<string> {
  return new Set(
    Object.entries(packages)
      .filter(([path, entry]) => path !== "" && entry.dev !== true)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)),
  );
}

export interface AuditOutcome {
  exitCode: 0 | 1;
  lines: string[];
}

interface AuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { severity: string }>;
}

/** What `npm audit --json` said, judged against the packages that ship. */
export function judgeAudit(stdout: string, stderr: string, shipped: Set<string>): AuditOutcome {
  let report: AuditReport | undefined;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    report = undefined;
  }
  if (report?.auditReportVersion === undefined) {
    const unreachable =
      /audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i;
    // npm prints its error as JSON ({ message }) on stdout with --json, and again on stderr.
    const detail =
      (report as { message?: string } | undefined)?.message ??
      stderr.split("\n").find((line) => line.trim() !== "") ??
      "no output";
    if (unreachable.test(`${stdout}\n${stderr}`)) {
      return {
        exitCode: 0,
        lines: [
          `npm audit skipped: the registry's audit endpoint did not answer (${detail.trim()}).`,
          "Run `npm run audit` where the registry answers before a release.",
        ],
      };
    }
    return { exitCode: 1, lines: [`npm audit did not run: ${detail.trim()}`] };
  }
  const found = Object.entries(report.vulnerabilities ?? {});
  const failing = found.filter(
    ([name, { severity }]) => shipped.has(name) && FAILING.has(severity),
  );
  const lines = found.map(
    ([name, { severity }]) => `${severity.padEnd(8)} ${name}${shipped.has(name) ? " (ships)" : ""}`,
  );
  const summary = `npm audit: ${found.length} advisories, ${failing.length} high or critical in what ships.`;
  return { exitCode: failing.length > 0 ? 1 : 0, lines: [...lines, summary] };
}

function main(): void {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const shipped = closure(lock.packages, SHIPPED);
  for (const name of runtimePackages(lock.packages)) shipped.add(name);
  execFile(
    "npm",
    ["audit", "--json"],
    { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    (error, stdout, stderr) => {
      // Killed at the timeout: the endpoint did not answer in time, which is not a finding.
      const outcome = judgeAudit(stdout, error?.killed ? `${stderr}\nETIMEDOUT` : stderr, shipped);
      process.stdout.write(`${outcome.lines.join("\n")}\n`);
      process.exitCode = outcome.exitCode;
    },
  );
}

if (require.main === module) main();
