/**
 * In a browser, a cross-origin answer shows only the headers the service exposes, and Azure
 * DevOps exposes none of the rate-limit ones. The transport must then pace itself and say why,
 * never silently carry on as if no limit were near. The browser's filtering is reproduced around
 * the real fetch: the answer's type is "cors" and only the safelisted and exposed headers remain.
 */
import { ALL_EXPOSED_HEADERS, EXPOSED_HEADERS } from "../../dev/emulator/server";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { HIDDEN_HEADERS_REASON } from "../../src/adapters/ado/transport";
import { settle, startStubServer, type StubHandler, type StubServer } from "./helpers/stubServer";

/** Response headers a browser always shows (Fetch standard, CORS-safelisted). */
const SAFELISTED = [
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma",
];

const realFetch = globalThis.fetch;

/** Makes every fetch answer look as a browser frame on another origin sees it. */
function browseCrossOrigin(exposed: string[]): void {
  const visible = new Set([...SAFELISTED, ...exposed.map((name) => name.toLowerCase())]);
  jest.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const answer = await realFetch(input, init);
    const headers = new Headers();
    answer.headers.forEach((value, name) => {
      if (visible.has(name.toLowerCase())) headers.set(name, value);
    });
    const seen = new Response(await answer.arrayBuffer(), {
      status: answer.status,
      statusText: answer.statusText,
      headers,
    });
    Object.defineProperty(seen, "type", { value: "cors" });
    return seen;
  });
}

let server: StubServer | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  await server?.close();
  server = undefined;
});

const repositories = [{ id: "r1", name: "repo", project: { id: "p1", name: "demo" } }];

async function connect(handler: StubHandler) {
  server = await startStubServer(handler);
  let clock = 0;
  const waits: number[] = [];
  const notices: { ms: number; reason: string }[] = [];
  const ado = createAdoSources({
    orgUrl: server.orgUrl,
    auth: patAuth("pat"),
    concurrency: 4,
    sleep: (ms) => {
      waits.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    now: () => clock,
    random: () => 0.5,
    onWait: (notice) => notices.push(notice),
    onWarning: () => undefined,
  });
  return { ado, waits, notices, server, advance: (ms: number) => (clock += ms) };
}

/** One 429 with Retry-After: 30 first, then answers that take a moment (so reads overlap). */
function throttledOnce(): StubHandler {
  let calls = 0;
  return async () => {
    calls += 1;
    if (calls === 1)
      return { status: 429, headers: { "Retry-After": "30" }, body: { message: "TF400733" } };
    await settle();
    return { body: repositories };
  };
}

const FIVE_READS = ["a", "b", "c", "d", "e"];

describe("rate-limit headers hidden from a browser page", () => {
  it("backs off on its own, says the headers are not visible, and reads one at a time", async () => {
    browseCrossOrigin(EXPOSED_HEADERS);
    const { ado, waits, notices, server } = await connect(throttledOnce());
    await ado.sources.git.listRepositories("demo");
    // Not the 30 s the service asked (unreadable) but the own back-off: 2 s, jittered to 75 %.
    expect(waits).toEqual([1500]);
    expect(notices).toEqual([{ ms: 1500, reason: HIDDEN_HEADERS_REASON }]);
    expect(notices[0].reason).toMatch(/rate-limit headers/);
    expect(ado.calls()).toMatchObject({ throttled: 1 });
    await Promise.all(FIVE_READS.map((project) => ado.sources.git.listRepositories(project)));
    expect(server.maxInFlight()).toBe(1);
  });

  it("goes back to full speed once the usage window has passed without another 429", async () => {
    browseCrossOrigin(EXPOSED_HEADERS);
    const { ado, server, advance } = await connect(throttledOnce());
    await ado.sources.git.listRepositories("demo");
    advance(301_500);
    await ado.sources.git.listRepositories("after-the-window");
    await Promise.all(FIVE_READS.map((project) => ado.sources.git.listRepositories(project)));
    expect(server.maxInFlight()).toBeGreaterThan(1);
  });

  it("follows Retry-After as usual when the service exposes it", async () => {
    browseCrossOrigin(ALL_EXPOSED_HEADERS);
    const { ado, waits, notices, server } = await connect(throttledOnce());
    await ado.sources.git.listRepositories("demo");
    expect(waits).toEqual([30_000]);
    expect(notices).toEqual([
      { ms: 30_000, reason: "Azure DevOps is throttling (429, Retry-After)" },
    ]);
    expect(notices.every((notice) => notice.reason !== HIDDEN_HEADERS_REASON)).toBe(true);
    await Promise.all(FIVE_READS.map((project) => ado.sources.git.listRepositories(project)));
    expect(server.maxInFlight()).toBeGreaterThan(1);
  });

  it("does not claim hidden headers outside a browser, where a 429 simply had none", async () => {
    let calls = 0;
    const { ado, notices } = await connect(() =>
      ++calls === 1 ? { status: 429, body: { message: "TF400733" } } : { body: repositories },
    );
    await ado.sources.git.listRepositories("demo");
    expect(notices).toEqual([]);
    expect(notices.every((notice) => notice.reason !== HIDDEN_HEADERS_REASON)).toBe(true);
  });
});
