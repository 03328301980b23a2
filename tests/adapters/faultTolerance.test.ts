/**
 * How the adapters meet the emulator's issue-6 faults: resets are retried as network errors,
 * Retry-After on a 200 is honoured, a repeating token stops as malformed, cut JSON is re-sent
 * once, and a stalled answer times out as a network error instead of hanging.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type FaultOptions, type RunningEmulator } from "../../dev/emulator";
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import { sourceErrorOf } from "./helpers/sourceErrors";
import { recordingSleep, startStubServer, type StubServer } from "./helpers/stubServer";

let emulator: RunningEmulator | undefined;
let server: Server | undefined;
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
  await emulator?.close();
  emulator = undefined;
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
});

async function againstEmulator(faults: Partial<FaultOptions>, maxRetries = 2) {
  emulator = await startEmulator({ seed: 7, size: "small", faults });
  const recorder = recordingSleep();
  const ado = createAdoSources({
    orgUrl: emulator.orgUrl,
    auth: patAuth("fault-test-pat"),
    retry: { maxRetries, baseDelayMs: 10, maxDelayMs: 100 },
    sleep: recorder.sleep,
    onWarning: () => undefined,
  });
  return { ado, recorder, emulator, project: emulator.project.name };
}

/** A raw server for what the stub cannot do: drop sockets, stall, cut bodies. */
async function rawServer(
  answer: (count: number, socketDestroy: () => void, reply: (body: string) => void) => void,
  requestTimeoutMs?: number,
  deadlineAt?: number,
) {
  let count = 0;
  server = createServer((request, response) => {
    count += 1;
    answer(
      count,
      () => request.socket.destroy(),
      (body) => {
        response.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
        response.end(body);
      },
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const ado = createAdoSources({
    orgUrl: `http://127.0.0.1:${port}/fabrikam`,
    auth: patAuth("fault-test-pat"),
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 100 },
    sleep: recordingSleep().sleep,
    requestTimeoutMs,
    deadlineAt,
    onWarning: () => undefined,
  });
  return { ado, requests: () => count };
}

const repositories = JSON.stringify([
  { id: "r1", name: "one", project: { id: "p1", name: "demo" } },
]);

describe("connection resets", () => {
  it("re-sends after a reset and succeeds", async () => {
    const { ado, requests } = await rawServer((count, destroy, reply) =>
      count === 1 ? destroy() : reply(repositories),
    );
    const listed = await ado.sources.git.listRepositories("demo");
    expect(listed.map((repository) => repository.id)).toEqual(["r1"]);
    expect(requests()).toBe(2);
    expect(ado.calls().retries).toBe(1);
  });

  it("gives up as a network error when every attempt is reset", async () => {
    const { ado, emulator, project } = await againstEmulator({ connectionResetRate: 1 });
    const error = await sourceErrorOf(ado.sources.git.listRepositories(project));
    expect(error.kind).toBe("network");
    expect(emulator.stats().faultsInjected.connectionReset).toBe(3);
  });
});

describe("429 bursts", () => {
  it("do not use up the retries that server errors need", async () => {
    // Three 429s, then two 500s, then the answer: with 3 retries shared, this would fail.
    const statuses = [429, 429, 429, 500, 500];
    stub = await startStubServer(() => {
      const status = statuses.shift();
      return status
        ? { status, headers: { "Retry-After": "1" }, body: { message: `status ${status}` } }
        : { body: JSON.parse(repositories) as unknown };
    });
    const recorder = recordingSleep();
    const ado = createAdoSources({
      orgUrl: stub.orgUrl,
      auth: patAuth("fault-test-pat"),
      retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 100 },
      sleep: recorder.sleep,
      onWarning: () => undefined,
    });
    expect((await ado.sources.git.listRepositories("demo")).length).toBe(1);
    expect(stub.requests).toHaveLength(6);
    expect(recorder.waits.filter((ms) => ms === 1000).length).toBeGreaterThanOrEqual(3);
  });
});

describe("Retry-After on a 200", () => {
  it("keeps the answer and holds the following requests back for the given seconds", async () => {
    const { ado, recorder, project } = await againstEmulator({
      retryAfterOn200: { rate: 1, seconds: 2 },
    });
    const listed = await ado.sources.git.listRepositories(project);
    expect(listed.length).toBeGreaterThan(0);
    expect(recorder.waits).toContain(2000);
    expect(ado.calls().throttled).toBe(1);
  });
});

describe("repeating continuation token", () => {
  it("stops header paging (refs) as malformed instead of looping", async () => {
    const { ado, project } = await againstEmulator({
      repeatingContinuationToken: true,
      maxPageSize: 2,
    });
    const [repository] = await ado.sources.git.listRepositories(project);
    const error = await sourceErrorOf(ado.sources.git.listRefs(project, repository.id));
    expect(error.kind).toBe("malformed");
    expect(error.message).toMatch(/continuation token .* twice/);
  });

  it("stops id paging (Classic releases) as malformed instead of looping or cutting short", async () => {
    const { ado, project } = await againstEmulator({
      repeatingContinuationToken: true,
      maxPageSize: 4,
    });
    const error = await sourceErrorOf(ado.sources.release.listReleases(project));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("already sent");
  });

  it("still reads every release when pages come back short (no false alarm)", async () => {
    const { ado, project, emulator } = await againstEmulator({});
    const whole = await ado.sources.release.listReleases(project);
    emulator.setFaults({ maxPageSize: 4, truncatedPages: true });
    const paged = await ado.sources.release.listReleases(project);
    expect(emulator.stats().faultsInjected.cappedPage).toBeGreaterThan(1);
    expect(paged.map((release) => release.id)).toEqual(whole.map((release) => release.id));
  });
});

describe("malformed JSON", () => {
  it("re-sends once after a body cut mid-JSON, then succeeds", async () => {
    const { ado, requests } = await rawServer((count, _destroy, reply) =>
      reply(count === 1 ? repositories.slice(0, 20) : repositories),
    );
    const listed = await ado.sources.git.listRepositories("demo");
    expect(listed.map((repository) => repository.id)).toEqual(["r1"]);
    expect(requests()).toBe(2);
  });

  it("fails as malformed when the second answer is cut too", async () => {
    const { ado, emulator, project } = await againstEmulator({ malformedJsonRate: 1 });
    const error = await sourceErrorOf(ado.sources.git.listRepositories(project));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("not valid JSON");
    expect(emulator.stats().faultsInjected.malformedJson).toBe(2);
  });
});

describe("per-request timeout", () => {
  it("aborts a stalled answer, sends it once more only, then reports a network error", async () => {
    // The server never answers; only the transport's timeout can end the call.
    const { ado, requests } = await rawServer(() => undefined, 50);
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("no complete answer within 50 ms");
    // A stall is retried once, not once per retry: one stalled request costs two timeouts.
    expect(requests()).toBe(2);
  });

  it("ends a stalled answer at the deadline as deadline, not after the request timeout", async () => {
    const started = Date.now();
    const { ado, requests } = await rawServer(() => undefined, 10_000, Date.now() + 300);
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("deadline");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(requests()).toBe(1);
  });

  it("lets a slow answer inside the timeout through", async () => {
    const { ado } = await rawServer(
      (_count, _destroy, reply) => setTimeout(() => reply(repositories), 20),
      5_000,
    );
    expect((await ado.sources.git.listRepositories("demo")).length).toBe(1);
  });
});
