/**
 * Every command × every format of the CLI with every C0 and C1 control, ESC sequences (CSI
 * colours, OSC window title and hyperlink) and every bidi override in the organization's text:
 * names, titles, comments and the messages of server error bodies. Tables, Markdown and stderr
 * show them escaped, CSV drops the control bytes, JSON keeps the exact text (escaped as JSON).
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator } from "../../dev/emulator";
import { commands } from "../../src/cli/commands";
import { escapedChar, terminalText } from "../../src/core/report/text";
import { runInProcess } from "./helpers";

const C0 = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join("");
const C1 = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(0x80 + code)).join("");
const BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";
const SEQUENCES = [
  "\u001b[2J\u001b[31mred\u001b[0m", // CSI: clear screen, colour
  "\u001b]0;owned title\u0007", // OSC window title, BEL-terminated
  "\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\", // OSC 8 hyperlink, ST
  "\u009b31m\u009d0;c1 title\u009c", // 8-bit CSI and OSC
  "\u0000nul\u007fdel",
];
/** Appended to every user-controlled text the organization returns. */
const PAYLOAD = ` ${SEQUENCES.join(" ")} ${C0}${C1}${BIDI} end`;
/** Names that go into URL paths have no / or \ (the CLI refuses them), so no OSC 8 or ST. */
const NAME_PAYLOAD = ` ${SEQUENCES[0]} ${SEQUENCES[1]} ${C0}${C1}${BIDI} end`;

/* eslint-disable no-control-regex -- matching control characters is the point */
/** Raw characters that may not reach a terminal. Tables, Markdown and stderr keep \n and \t. */
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_CSV =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// JSON.stringify escapes C0 (the layout keeps line feeds); C1, DEL and bidi must be escaped too.
const UNSAFE_JSON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/* eslint-enable no-control-regex */

const POISONED_KEYS = new Set([
  "title",
  "System.Title",
  "displayName",
  "comment",
  "comments",
  "message",
  "description",
]);

function poison(value: unknown, key = ""): unknown {
  if (typeof value === "string" && key === "name") return value + NAME_PAYLOAD;
  if (typeof value === "string") return POISONED_KEYS.has(key) ? value + PAYLOAD : value;
  if (Array.isArray(value)) return value.map((item) => poison(item, key));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [name, poison(item, name)]),
  );
}

/** A reverse proxy that appends PAYLOAD to the names and messages of every JSON answer. */
async function startPoisoningProxy(target: URL): Promise<{ origin: string; close(): void }> {
  const server: Server = createServer((incoming, outgoing) => {
    if (/\/_apis\/projects\/ServerError/.test(incoming.url ?? "")) {
      // An error body whose message the CLI passes on.
      outgoing.writeHead(400, { "Content-Type": "application/json; charset=utf-8" });
      outgoing.end(JSON.stringify(poison({ message: "TF400813: the request was refused." })));
      return;
    }
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host, "accept-encoding": "identity" },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          let body = Buffer.concat(chunks).toString("utf8");
          if (/json/.test(String(response.headers["content-type"])) && body.length > 0) {
            body = JSON.stringify(poison(JSON.parse(body)));
          }
          const headers = { ...response.headers, "content-length": Buffer.byteLength(body) };
          delete headers["transfer-encoding"];
          outgoing.writeHead(response.statusCode ?? 502, headers);
          outgoing.end(body);
        });
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function findString(value: unknown, wanted: string): boolean {
  if (typeof value === "string") return value.includes(wanted);
  if (Array.isArray(value)) return value.some((item) => findString(item, wanted));
  if (typeof value === "object" && value !== null) {
    return Object.values(value).some((item) => findString(item, wanted));
  }
  return false;
}

jest.setTimeout(300_000);

describe("terminal safety of every output path", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let proxy: { origin: string; close(): void };
  let org: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 1, size: "small" });
    const target = new URL(emulator.orgUrl);
    proxy = await startPoisoningProxy(target);
    org = `${proxy.origin}${target.pathname}`;
    const deployed = JSON.parse((await cli(["deployed", "--format", "json"])).stdout) as {
      cells: { runId?: number; releaseId?: number; pipeline: string; environment: string }[];
    };
    const yamlCell = deployed.cells.find((cell) => cell.runId);
    ids.run = String(yamlCell?.runId);
    ids.pipeline = String(yamlCell?.pipeline);
    ids.environment = String(yamlCell?.environment);
    ids.release = String(deployed.cells.find((cell) => cell.releaseId)?.releaseId);
    const items = JSON.parse((await cli(["work-items", "--format", "json"])).stdout) as {
      workItems: { id: number }[];
    };
    ids.workItem = String(items.workItems[1].id);
  });

  afterAll(async () => {
    proxy.close();
    await emulator.close();
  });

  function cli(argv: string[]) {
    return runInProcess([...argv, "--org", org, "--project", emulator.project.name], {
      AZURE_DEVOPS_TOKEN: "rt-terminal-token",
    });
  }

  /** What each connected command needs besides --org, --project and --format. */
  const extraArguments: Record<string, () => string[][]> = {
    changes: () => [["--pipeline", ids.pipeline, "--environment", ids.environment]],
    compliance: () => [[]],
    deployed: () => [[]],
    evidence: () => [
      ["--run", ids.run],
      ["--release", ids.release],
    ],
    gates: () => [[], ["--pending"]],
    inventory: () => [[]],
    metrics: () => [[], ["--environment", ids.environment]],
    trace: () => [["--work-item", ids.workItem]],
    "work-items": () => [[]],
  };

  const matrix = commands
    .filter((command) => !command.local)
    .flatMap((command) =>
      (command.formats ?? ["table", "json"]).map((format) => [command.name, format] as const),
    );

  it("covers every connected command", () => {
    expect(Object.keys(extraArguments).sort()).toEqual(
      [...new Set(matrix.map(([name]) => name))].sort(),
    );
  });

  it.each(matrix)("%s --format %s", async (name, format) => {
    for (const extra of extraArguments[name]()) {
      const result = await cli([name, ...extra, "--format", format]);
      expect([0, 1, 3]).toContain(result.code);
      expect(result.stderr).not.toMatch(UNSAFE_TEXT);
      if (format === "json" || format === "sarif") {
        expect(result.stdout).not.toMatch(UNSAFE_JSON);
        // Exact: the text comes back from the JSON as the organization wrote it.
        const parsed = JSON.parse(result.stdout) as unknown;
        expect(findString(parsed, PAYLOAD) || findString(parsed, NAME_PAYLOAD)).toBe(true);
      } else if (format === "csv") {
        expect(result.stdout).not.toMatch(UNSAFE_CSV);
        expect(result.stdout).toContain("[31mred");
      } else {
        expect(result.stdout).not.toMatch(UNSAFE_TEXT);
        // Shown escaped, not dropped: a reader sees that something was there.
        expect(result.stdout).toMatch(/\\{1,2}x1b\\?\[31mred/);
      }
    }
  });

  it("a server's error message reaches stderr escaped", async () => {
    const result = await runInProcess(["inventory", "--org", org, "--project", "ServerError"], {
      AZURE_DEVOPS_TOKEN: "rt-terminal-token",
    });
    expect(result.stderr).toContain("TF400813: the request was refused.");
    expect(result.stderr).toContain("\\x1b[31mred");
    expect(result.stderr).not.toMatch(UNSAFE_TEXT);
  });
});

describe("the terminal sanitiser", () => {
  it.each([...C0, ...C1, ...BIDI].map((char) => [char.charCodeAt(0).toString(16), char]))(
    "shows U+%s escaped",
    (_code, char) => {
      const shown = terminalText(`a${char}b`);
      expect(shown).toBe(`a${escapedChar(char)}b`);
      expect(shown).not.toMatch(UNSAFE_TEXT);
      expect(shown).not.toContain("\n");
    },
  );

  it("keeps line feeds and tabs only when asked", () => {
    expect(terminalText("a\nb\tc\rd", "lines")).toBe("a\nb\tc\\x0dd");
    expect(terminalText("a\nb")).toBe("a\\x0ab");
  });
});
