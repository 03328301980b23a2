import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../dev/emulator";
import {
  buildCli,
  extensionIdentity,
  metafileFor,
  targetFromEnvironment,
} from "../../scripts/build-cli";
import { startInterceptingProxy } from "../cli/forbiddingProxy";

const ROOT = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "vss-extension.json"), "utf8")) as {
  publisher: string;
  id: string;
  version: string;
};

/** Runs a bundle's runCli in a child Node process, the way bin/release-trace.js does. */
function runBundle(bundle: string, args: string[], token?: string) {
  const script = `require(${JSON.stringify(bundle)}).runCli({ argv: process.argv.slice(1), env: process.env, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then((code) => { process.exitCode = code; })`;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["-e", script, "--", ...args],
      {
        env: { PATH: process.env.PATH, ...(token ? { AZURE_DEVOPS_TOKEN: token } : {}) },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

jest.setTimeout(120_000);

describe("the CLI build's extension identity", () => {
  it("is the manifest's for prod, and a dev publisher and id for dev", () => {
    const prod = extensionIdentity("prod");
    const dev = extensionIdentity("dev");
    expect(prod).toEqual({
      publisher: manifest.publisher,
      extension: manifest.id,
      version: manifest.version,
    });
    expect(dev.publisher).not.toBe(prod.publisher);
    expect(dev.extension).not.toBe(prod.extension);
    expect(dev.version).toBe(prod.version);
  });

  it("takes the target from RELEASE_TRACE_TARGET, prod by default", () => {
    expect(targetFromEnvironment(undefined)).toBe("prod");
    expect(targetFromEnvironment("dev")).toBe("dev");
    expect(() => targetFromEnvironment("staging")).toThrow(/dev or prod/);
  });
});

describe("dev and prod bundles read different extensions' data", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, size: "small" });
  });
  afterAll(() => emulator.close());

  it.each(["dev", "prod"] as const)("the %s bundle asks for its own extension", async (target) => {
    const identity = extensionIdentity(target);
    const bundle = join(mkdtempSync(join(tmpdir(), `release-trace-${target}-`)), "cli", "rt.js");
    await buildCli(target, bundle);
    const paths: string[] = [];
    const proxy = await startInterceptingProxy(emulator.baseUrl, (incoming) => {
      paths.push(decodeURIComponent(incoming.url ?? ""));
      return false;
    });
    try {
      const org = `${proxy.origin}${new URL(emulator.orgUrl).pathname}`;
      const project = ["--org", org, "--project", emulator.project.name];
      const args = ["trace", "--work-item", "5", ...project];
      const result = await runBundle(bundle, args, "rt-identity-token");
      expect(result).toMatchObject({ code: 0, stderr: "" });
    } finally {
      await proxy.close();
    }
    const reads = paths.filter((path) => /\/InstalledExtensions\//i.test(path));
    expect(reads.length).toBeGreaterThan(0);
    for (const path of reads) {
      expect(path).toContain(`/InstalledExtensions/${identity.publisher}/${identity.extension}/`);
    }
  });
});

describe("the bundle in a checkout", () => {
  it("runs --demo: it loads the checkout's emulator through tsx", async () => {
    // Beside the real bundle, so the checkout root is where the bundle looks for dev/.
    const bundle = join(ROOT, "dist-cli", `demo-check-${process.pid}.js`);
    try {
      await buildCli("prod", bundle);
      const result = await runBundle(bundle, ["inventory", "--demo", "--format", "json"]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(JSON.parse(result.stdout)).toMatchObject({ notAvailable: [] });
    } finally {
      rmSync(bundle, { force: true });
      rmSync(metafileFor(bundle), { force: true });
    }
  });
});
