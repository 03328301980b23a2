import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../dev/emulator";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { commands } from "../../src/cli/commands";
import { outputFormats } from "../../src/cli/output";
import { startInterceptingProxy } from "./forbiddingProxy";
import { runInProcess, type CliResult } from "./helpers";

/*
 * The token never appears in anything the CLI produces: stdout, stderr, --out files, in every
 * command and format, on the error paths (401, 403, 500, network) with and without --debug, nor
 * in the emulator's request log, nor in a SourceError. The failing answers below even echo the
 * Authorization header back in their bodies, as a misbehaving server or proxy might.
 */

const TOKEN = "rtSecretTok-4f9a1c7e2b";
/** Every form the token travels in: raw, Basic (`:token` in base64) and plain base64. */
const FORMS = [
  TOKEN,
  Buffer.from(`:${TOKEN}`).toString("base64"),
  Buffer.from(TOKEN).toString("base64"),
];

type Mode = "pass" | 401 | 403 | 500 | "reset";

/** A loopback proxy in front of the emulator that fails on demand and echoes the credential. */
async function startEchoingProxy(targetBaseUrl: string) {
  let mode: Mode = "pass";
  /** Failing answers only for paths matching this (default: every API path). */
  let failing = /\/_apis\//;
  let authorizations = 0;
  const proxy = await startInterceptingProxy(targetBaseUrl, (incoming, outgoing) => {
    const path = incoming.url ?? "/";
    const authorization = incoming.headers.authorization ?? "";
    if (FORMS.some((form) => authorization.includes(form))) authorizations++;
    if (mode === "pass" || !failing.test(path)) return false;
    if (mode === "reset") {
      incoming.socket.destroy();
      return true;
    }
    outgoing.writeHead(mode, {
      "Content-Type": "application/json; charset=utf-8",
      "x-tfs-serviceerror": encodeURIComponent(`Rejected ${authorization}`),
    });
    outgoing.end(
      JSON.stringify({
        $id: "1",
        innerException: null,
        message: `TF400813: The request with Authorization: ${authorization} failed (${mode}).`,
        typeKey: "UnauthorizedRequestException",
        errorCode: 0,
        eventId: 3000,
      }),
    );
    return true;
  });
  return {
    orgUrl: `${proxy.origin}${new URL(targetBaseUrl).pathname}`,
    set(next: Mode, paths: RegExp = /\/_apis\//) {
      mode = next;
      failing = paths;
    },
    /** Requests that carried the token: proves the runs did send it (the test can fail). */
    authorizations: () => authorizations,
    close: proxy.close,
  };
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Proxy = Awaited<ReturnType<typeof startEchoingProxy>>;

/** What a command needs besides org and project. */
const COMMAND_ARGS: Record<string, string[]> = {
  trace: ["--work-item", "281"],
  evidence: ["--run", "1120"],
  changes: ["--pipeline", "web-app-release", "--environment", "Production"],
};

function leaks(text: string): string[] {
  return FORMS.filter((form) => text.includes(form));
}

jest.setTimeout(240_000);

describe("tokens never leave in output", () => {
  let emulator: Emulator;
  let proxy: Proxy;
  const emulatorLog: string[] = [];
  const outputs: { label: string; text: string }[] = [];
  const connected = commands.filter((command) => !command.local);

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      seed: 1,
      size: "small",
      log: (line) => emulatorLog.push(line),
    });
    proxy = await startEchoingProxy(emulator.orgUrl);
  });

  afterAll(async () => {
    await proxy.close();
    await emulator.close();
  });

  async function run(
    label: string,
    command: string,
    extra: string[],
    env: Record<string, string> = { AZURE_DEVOPS_TOKEN: TOKEN },
  ): Promise<CliResult> {
    const cwd = mkdtempSync(join(tmpdir(), "release-trace-secrets-"));
    const argv = [command, "--org", proxy.orgUrl, "--project", "Fabrikam"];
    const result = await runInProcess(
      [...argv, ...(COMMAND_ARGS[command] ?? []), ...extra],
      env,
      cwd,
    );
    outputs.push({ label: `${label} stdout`, text: result.stdout });
    outputs.push({ label: `${label} stderr`, text: result.stderr });
    for (const file of readdirSync(cwd)) {
      outputs.push({ label: `${label} ${file}`, text: readFileSync(join(cwd, file), "utf8") });
    }
    return result;
  }

  it("runs every command in every format, to stdout and to --out, without the token", async () => {
    proxy.set("pass");
    const before = proxy.authorizations();
    for (const command of connected) {
      for (const format of command.formats ?? outputFormats) {
        const label = `${command.name} --format ${format}`;
        const printed = await run(label, command.name, ["--format", format]);
        expect([0, 1, 3]).toContain(printed.code);
        expect(printed.stdout.length).toBeGreaterThan(0);
        const written = await run(`${label} --out`, command.name, [
          "--format",
          format,
          "--out",
          `out.${format}`,
        ]);
        expect(written.code).toBe(printed.code);
      }
    }
    expect(proxy.authorizations()).toBeGreaterThan(before);
    const leaked = outputs.filter((output) => leaks(output.text).length > 0).map((o) => o.label);
    expect(leaked).toEqual([]);
  });

  it.each([401, 403] as const)(
    "keeps the token out of every command's %s answer, with and without --debug",
    async (status) => {
      proxy.set(status);
      for (const command of connected) {
        for (const debug of [[], ["--debug"]]) {
          const result = await run(
            `${command.name} ${status} ${debug.join("")}`,
            command.name,
            debug,
          );
          expect(result.code).toBe(2);
          expect(result.stderr).toMatch(
            status === 401 ? /rejected the token/ : /may not read project/,
          );
          expect(leaks(result.stdout + result.stderr)).toEqual([]);
        }
      }
      proxy.set("pass");
    },
  );

  it("keeps the token out of 500 answers, resets and partial data, also as Bearer", async () => {
    const results: CliResult[] = [];
    proxy.set(500, /\/_apis\/projects\//);
    results.push(await run("inventory 500", "inventory", ["--debug"]));
    expect(results[results.length - 1].code).toBe(1);
    proxy.set("reset", /\/_apis\/projects\//);
    results.push(await run("inventory reset", "inventory", ["--debug"]));
    expect(results[results.length - 1].stderr).toMatch(/Could not reach/);
    // Refs of every repository answer 403 with the echoed header: partial data, exit 3.
    proxy.set(403, /\/refs/);
    results.push(
      await run("compliance partial", "compliance", ["--format", "json", "--out", "r.json"]),
    );
    results.push(await run("compliance partial sarif", "compliance", ["--format", "sarif"]));
    proxy.set(401);
    results.push(
      await run("gates bearer 401", "gates", ["--debug"], { SYSTEM_ACCESSTOKEN: TOKEN }),
    );
    proxy.set("pass");
    for (const result of results) expect(leaks(result.stdout + result.stderr)).toEqual([]);
    const leaked = outputs.filter((output) => leaks(output.text).length > 0).map((o) => o.label);
    expect(leaked).toEqual([]);
  });

  it("leaves the token out of the emulator's request log", async () => {
    const response = await fetch(`${new URL(emulator.orgUrl).origin}/_emulator/log`);
    const log = await response.text();
    expect(log.length).toBeGreaterThan(0);
    expect(leaks(log)).toEqual([]);
    expect(leaks(emulatorLog.join("\n"))).toEqual([]);
  });

  it.each<Mode>([401, 403, 500, "reset"])(
    "leaves the Authorization header out of a SourceError on %s",
    async (mode) => {
      proxy.set(mode);
      const { sources } = createAdoSources({
        orgUrl: proxy.orgUrl,
        auth: patAuth(TOKEN),
        retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
      });
      let caught: unknown;
      try {
        await sources.core.getProject("Fabrikam");
      } catch (error) {
        caught = error;
      }
      proxy.set("pass");
      expect(caught).toBeInstanceOf(Error);
      const error = caught as Error & Record<string, unknown>;
      const everything = [
        error.message,
        String(error),
        error.stack ?? "",
        JSON.stringify({ ...error, message: error.message }),
      ].join("\n");
      expect(leaks(everything)).toEqual([]);
      expect(everything).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
    },
  );
});
