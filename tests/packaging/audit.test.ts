import { execFile } from "node:child_process";
import { join } from "node:path";
import { closure, judgeAudit, runtimePackages, SHIPPED } from "../../scripts/audit";

const ROOT = join(__dirname, "..", "..");

const report = (vulnerabilities: Record<string, { severity: string }>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });

jest.setTimeout(120_000);

describe("the audit of what ships", () => {
  const shipped = new Set(["react", "loose-envify"]);

  it("fails on a high or critical advisory in a shipped package only", () => {
    expect(judgeAudit(report({ "loose-envify": { severity: "high" } }), "", shipped)).toMatchObject(
      { exitCode: 1 },
    );
    expect(judgeAudit(report({ react: { severity: "critical" } }), "", shipped).exitCode).toBe(1);
    const devOnly = judgeAudit(report({ webpack: { severity: "critical" } }), "", shipped);
    expect(devOnly.exitCode).toBe(0);
    expect(devOnly.lines).toEqual([
      "critical webpack",
      "npm audit: 1 advisories, 0 high or critical in what ships.",
    ]);
    expect(judgeAudit(report({ react: { severity: "moderate" } }), "", shipped).exitCode).toBe(0);
  });

  it("skips with exit 0 and says why when the endpoint does not answer", () => {
    const stdout = JSON.stringify({
      message: "request to x failed, reason: getaddrinfo ENOTFOUND",
    });
    const outcome = judgeAudit(stdout, "npm error audit endpoint returned an error", shipped);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.lines[0]).toMatch(
      /^npm audit skipped: the registry's audit endpoint did not answer \(request to x failed/,
    );
  });

  it("fails when npm audit could not run for another reason", () => {
    const outcome = judgeAudit(
      "",
      "npm error code ENOLOCK\nnpm error audit This command requires an existing lockfile.",
      shipped,
    );
    expect(outcome).toEqual({
      exitCode: 1,
      lines: ["npm audit did not run: npm error code ENOLOCK"],
    });
  });

  it("counts what the shipped packages depend on, peers included", () => {
    const packages = {
      "": {},
      "node_modules/azure-devops-ui": {
        dependencies: { tslib: "2" },
        peerDependencies: { react: "16" },
      },
      "node_modules/react": { dependencies: { "loose-envify": "1" } },
      "node_modules/loose-envify": { dependencies: { "js-tokens": "4" } },
      "node_modules/js-tokens": {},
      "node_modules/tslib": {},
      "node_modules/webpack": { dev: true, dependencies: { tapable: "2" } },
      "node_modules/tapable": { dev: true },
    };
    expect([...closure(packages, ["azure-devops-ui"])].sort()).toEqual([
      "azure-devops-ui",
      "js-tokens",
      "loose-envify",
      "react",
      "tslib",
    ]);
    expect([...runtimePackages(packages)].sort()).toEqual([
      "azure-devops-ui",
      "js-tokens",
      "loose-envify",
      "react",
      "tslib",
    ]);
  });

  it("ships what the CLI bundle carries", () => {
    expect(SHIPPED).toEqual(
      expect.arrayContaining(["azure-devops-extension-api", "js-yaml", "whatwg-fetch"]),
    );
  });

  it("runs npm audit, and skips with a message when the registry cannot be reached", async () => {
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(ROOT, "scripts", "audit.ts")],
        // Nothing listens on port 9: the audit request is refused at once.
        { cwd: ROOT, env: { ...process.env, npm_config_registry: "http://127.0.0.1:9/" } },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^npm audit skipped: the registry's audit endpoint did not answer \(.*ECONNREFUSED/,
    );
  });
});
