/**
 * The transport over real loopback HTTP: retries, throttling, auth refresh, error kinds,
 * paging, batching, concurrency and call counting. Waits are recorded by an injected sleep.
 */
import { createAdoSources, patAuth, type AuthProvider } from "../../src/adapters/ado";
import { attempt, completeList, type NotAvailable } from "../../src/core/sources";
import { sourceErrorOf } from "./helpers/sourceErrors";
import {
  recordingSleep,
  settle,
  startStubServer,
  type StubHandler,
  type StubServer,
} from "./helpers/stubServer";

const PAT = "pat-very-secret-4711";
const repository = (id: string) => ({
  id,
  name: `repo-${id}`,
  project: { id: "p1", name: "demo" },
  defaultBranch: "refs/heads/main",
});

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(
  handler: StubHandler,
  options: { auth?: AuthProvider; concurrency?: number; maxRetries?: number } = {},
) {
  server = await startStubServer(handler);
  const recorder = recordingSleep();
  const ado = createAdoSources({
    orgUrl: server.orgUrl,
    auth: options.auth ?? patAuth(PAT),
    concurrency: options.concurrency,
    retry: { maxRetries: options.maxRetries ?? 3, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: recorder.sleep,
    onWarning: () => undefined,
  });
  return { ado, recorder, server };
}

describe("request format", () => {
  it("sends the extension Accept header, Basic PAT auth and the Suppress headers", async () => {
    const { ado, server } = await connect(() => ({ body: [repository("r1")] }));
    const repositories = await ado.sources.git.listRepositories("demo");
    expect(repositories.map((r) => r.id)).toEqual(["r1"]);
    const request = server.requests[0];
    expect(request.path).toBe("/fabrikam/demo/_apis/git/Repositories");
    expect(request.headers.accept).toMatch(
      /^application\/json;api-version=[^;]+;excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true$/,
    );
    expect(request.headers.authorization).toBe(
      "Basic " + Buffer.from(":" + PAT).toString("base64"),
    );
    expect(request.headers["x-tfs-fedauthredirect"]).toBe("Suppress");
  });

  it("asks the checks endpoints for string enums", async () => {
    const { ado, server } = await connect(() => ({
      body: { id: "suite-1", status: "running", checkRuns: [] },
    }));
    const suite = await ado.sources.checks.getCheckSuite("demo", "suite-1");
    expect(suite.status).toBe("running");
    expect(server.requests[0].headers.accept).not.toMatch(/enumsAsNumbers/);
    expect(server.requests[0].path).toBe("/fabrikam/demo/_apis/pipelines/checks/runs/suite-1");
  });

  it("turns MS-AJAX dates into Date objects", async () => {
    const raw = '[{"id":"r1","name":"a","project":{"id":"p1"}}]';
    const { ado } = await connect((request) =>
      request.path.includes("/build/")
        ? {
            body:
              '{"id":7,"buildNumber":"1","definition":{"id":1,"name":"ci"},"status":2,"result":2,' +
              '"queueTime":"\\/Date(1700000000000)\\/","finishTime":"\\/Date(1700000600000)\\/"}',
          }
        : { body: raw },
    );
    const run = await ado.sources.build.getRun("demo", 7);
    expect(run.queueTime).toEqual(new Date(1700000000000));
    expect(run.finishTime).toEqual(new Date(1700000600000));
    expect(run.status).toBe("completed");
    expect(run.result).toBe("succeeded");
  });
});

describe("retries and throttling", () => {
  it("waits Retry-After on a 429, then succeeds", async () => {
    let calls = 0;
    const { ado, recorder } = await connect(() =>
      ++calls === 1
        ? { status: 429, headers: { "Retry-After": "7" }, body: { message: "TF400733: blocked" } }
        : { body: [repository("r1")] },
    );
    const repositories = await ado.sources.git.listRepositories("demo");
    expect(repositories).toHaveLength(1);
    expect(recorder.waits).toEqual([7000]);
    expect(ado.calls()).toMatchObject({ total: 2, retries: 1, throttled: 1, failures: 0 });
  });

  it("pauses the following requests when a 200 carries Retry-After", async () => {
    const log: string[] = [];
    let calls = 0;
    server = await startStubServer((request) => {
      log.push(`request ${request.path}`);
      return ++calls === 1
        ? { headers: { "Retry-After": "3" }, body: [repository("r1")] }
        : { body: [repository("r2")] };
    });
    const recorder = recordingSleep(log);
    const ado = createAdoSources({
      orgUrl: server.orgUrl,
      auth: patAuth(PAT),
      sleep: recorder.sleep,
    });
    await ado.sources.git.listRepositories("demo");
    await ado.sources.git.listRepositories("other");
    expect(log).toEqual([
      "request /fabrikam/demo/_apis/git/Repositories",
      "sleep 3000",
      "request /fabrikam/other/_apis/git/Repositories",
    ]);
    expect(ado.calls().throttled).toBe(1);
  });

  it("retries 5xx with growing backoff, then gives up with a server error", async () => {
    const { ado, recorder, server } = await connect(
      () => ({ status: 503, body: { message: "TF24668: stopped" } }),
      {
        maxRetries: 3,
      },
    );
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("server");
    expect(error.status).toBe(503);
    expect(error.message).toContain("TF24668");
    expect(error.message).toContain("/fabrikam/demo/_apis/git/Repositories");
    expect(server.requests).toHaveLength(4);
    expect(recorder.waits).toHaveLength(3);
    // Jitter keeps each wait within [50%, 100%] of 100, 200, 400 ms.
    expect(recorder.waits[0]).toBeLessThanOrEqual(100);
    expect(recorder.waits[2]).toBeGreaterThanOrEqual(200);
    expect(ado.calls()).toMatchObject({ total: 4, retries: 3, failures: 1 });
  });

  it("waits 429s out for the 5-minute TSTU window, then reports throttled", async () => {
    const { ado, server, recorder } = await connect(
      () => ({ status: 429, headers: { "Retry-After": "60" } }),
      { maxRetries: 2 },
    );
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("throttled");
    expect(recorder.waits).toEqual(Array(5).fill(60_000));
    expect(server.requests).toHaveLength(6);
    expect(error.attempts).toBe(6);
  });

  it("runs one request at a time while X-RateLimit-Remaining is low", async () => {
    let calls = 0;
    const { ado, server, recorder } = await connect(
      async () => {
        calls += 1;
        await settle();
        return calls === 1
          ? {
              headers: { "X-RateLimit-Remaining": "5", "X-RateLimit-Limit": "200" },
              body: [repository("r")],
            }
          : {
              headers: { "X-RateLimit-Remaining": "4", "X-RateLimit-Limit": "200" },
              body: [repository("r")],
            };
      },
      { concurrency: 4 },
    );
    await ado.sources.git.listRepositories("demo");
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((project) => ado.sources.git.listRepositories(project)),
    );
    expect(server.maxInFlight()).toBe(1);
    expect(recorder.waits.length).toBeGreaterThan(0);
  });

  it("reports a network error after retrying", async () => {
    server = await startStubServer(() => ({ body: [] }));
    const orgUrl = server.orgUrl;
    await server.close();
    server = undefined;
    const recorder = recordingSleep();
    const ado = createAdoSources({
      orgUrl,
      auth: patAuth(PAT),
      sleep: recorder.sleep,
      retry: { maxRetries: 2 },
    });
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("network");
    expect(recorder.waits).toHaveLength(2);
  });
});

describe("auth and error kinds", () => {
  it("refreshes the token once after a 401", async () => {
    const asked: boolean[] = [];
    const auth: AuthProvider = {
      getAuthorizationHeader: async (forceRefresh) => {
        asked.push(!!forceRefresh);
        return forceRefresh ? "Bearer fresh" : "Bearer stale";
      },
    };
    const { ado } = await connect(
      (request) =>
        request.headers.authorization === "Bearer fresh"
          ? { body: [repository("r1")] }
          : { status: 401 },
      { auth },
    );
    expect(await ado.sources.git.listRepositories("demo")).toHaveLength(1);
    expect(asked).toEqual([false, true]);
  });

  it("gives up with auth after the refreshed token is refused too", async () => {
    const { ado, server } = await connect(() => ({ status: 401 }));
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("auth");
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [403, "permission", "TF401027: You need the Git 'GenericRead' permission"],
    [404, "not-found", "TF200016: The following project does not exist: demo."],
    [400, "server", "VS402337: The number of work items returned exceeds the size limit of 20000."],
  ])("classifies %i as %s and keeps the service message", async (status, kind, message) => {
    const { ado } = await connect(() => ({
      status,
      body: { $id: "1", message, typeKey: "X", errorCode: 0, eventId: 3000 },
    }));
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toContain(message);
  });

  it("treats a body that is not JSON as malformed", async () => {
    const { ado } = await connect(() => ({ body: '{"value": [ {"id": ' }));
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("not valid JSON");
  });

  it.each([203, 200])(
    "reports a sign-in page on %i only when it comes twice in a row",
    async (status) => {
      const { ado, server } = await connect(() => ({
        status,
        headers: { "Content-Type": "text/html" },
        body: "<html>Sign in</html>",
      }));
      const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
      expect(error.kind).toBe("sign-in");
      expect(error.message).toContain("Azure DevOps answered with a sign-in page");
      expect(server.requests).toHaveLength(2);
    },
  );

  it("reads again after one sign-in page and gives the data", async () => {
    let calls = 0;
    const { ado } = await connect(() =>
      ++calls === 1
        ? { status: 203, headers: { "Content-Type": "text/html" }, body: "<html>Sign in</html>" }
        : { body: [repository("r1")] },
    );
    expect((await ado.sources.git.listRepositories("demo")).map((r) => r.id)).toEqual(["r1"]);
  });

  it.each([
    ["an empty body", ""],
    ["null", "null"],
    ["{}", "{}"],
    ["an HTML page without an HTML content type", "<!DOCTYPE html><html></html>"],
  ])("reads a list once more after %s, then reports it as not a list", async (_, body) => {
    const { ado, server } = await connect(() => ({ body }));
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(["malformed", "sign-in"]).toContain(error.kind);
    expect(server.requests).toHaveLength(2);
  });

  it.each(["", "null", "{}"])("cures one broken answer (%j) with one more read", async (body) => {
    let calls = 0;
    const { ado } = await connect(() => (++calls === 1 ? { body } : { body: [repository("r1")] }));
    expect((await ado.sources.git.listRepositories("demo")).map((r) => r.id)).toEqual(["r1"]);
    expect(calls).toBe(2);
  });

  it("reports a work item read answered with null twice as malformed, never as no such item", async () => {
    const { ado, server } = await connect(() => ({ body: "null" }));
    const error = await sourceErrorOf(ado.sources.workItems.getWorkItems("demo", [7]));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("returned null instead of data");
    expect(server.requests).toHaveLength(2);
  });

  it("reads a single object again when it comes as a list, then reports it", async () => {
    const { ado, server } = await connect(() => ({ body: [] }));
    const error = await sourceErrorOf(ado.sources.build.getRun("demo", 12));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("expected an object but got an array");
    expect(server.requests).toHaveLength(2);
  });

  it("never puts the token in an error message, even when the service echoes it", async () => {
    const { ado } = await connect(
      (request) => ({
        status: 500,
        body: { message: `bad header ${request.headers.authorization} for ${PAT}` },
      }),
      { maxRetries: 0 },
    );
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.message).toContain("bad header");
    expect(error.message).not.toContain(PAT);
    expect(error.message).not.toContain(Buffer.from(":" + PAT).toString("base64"));
    expect(error.url).not.toContain(PAT);
  });

  it("names the field when a payload is malformed", async () => {
    const { ado } = await connect(() => ({ body: [{ name: "no id", project: { id: "p1" } }] }));
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain('field "id"');
  });
});

describe("paging", () => {
  it("follows the continuation header to the end (refs)", async () => {
    const pages: Record<string, { refs: string[]; next?: string }> = {
      "": { refs: ["refs/heads/a", "refs/heads/b"], next: "t1" },
      t1: { refs: ["refs/heads/c"], next: "t2" },
      t2: { refs: ["refs/heads/d"] },
    };
    const { ado, server } = await connect((request) => {
      const page = pages[request.query.get("continuationToken") ?? ""];
      const headers: Record<string, string> = page.next
        ? { "x-ms-continuationtoken": page.next }
        : {};
      return {
        headers,
        body: page.refs.map((name) => ({ name, objectId: "0".repeat(40) })),
      };
    });
    const refs = await ado.sources.git.listRefs("demo", "repo-1", "heads/");
    expect(refs.map((ref) => ref.name)).toEqual([
      "refs/heads/a",
      "refs/heads/b",
      "refs/heads/c",
      "refs/heads/d",
    ]);
    expect(server.requests.map((r) => r.query.get("continuationToken"))).toEqual([
      null,
      "t1",
      "t2",
    ]);
    expect(server.requests[0].query.get("filter")).toBe("heads/");
  });

  it("stops with malformed when a continuation token repeats", async () => {
    const { ado, server } = await connect((request) => ({
      headers: {
        "x-ms-continuationtoken": request.query.get("continuationToken") ? "same" : "first",
      },
      body: [{ id: 1, revision: 1, type: { id: "t" }, settings: {} }],
    }));
    const error = await sourceErrorOf(ado.sources.policy.listPolicyConfigurations("demo"));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain('"same" twice');
    // The listing is read again once from the start before it is reported.
    expect(server.requests).toHaveLength(6);
  });

  /** Policy pages "" → t1 → end; `shifted(read)` says whether that read's second page repeats id 2. */
  function shiftingPolicies(shifted: (read: number) => boolean): StubHandler {
    let read = 0;
    const policy = (id: number) => ({ id, revision: 1, type: { id: "t" }, settings: {} });
    return (request) => {
      const token = request.query.get("continuationToken");
      if (!token) {
        read += 1;
        return { headers: { "x-ms-continuationtoken": "t1" }, body: [policy(1), policy(2)] };
      }
      return { body: shifted(read) ? [policy(2), policy(3)] : [policy(3), policy(4)] };
    };
  }

  it("reads a listing again when an id comes twice, and keeps the steady answer", async () => {
    const { ado, server } = await connect(shiftingPolicies((read) => read === 1));
    const notAvailable: NotAvailable[] = [];
    const policies = await attempt(
      notAvailable,
      "policies",
      () => ado.sources.policy.listPolicyConfigurations("demo"),
      [],
    );
    expect(policies.map((policy) => policy.id)).toEqual([1, 2, 3, 4]);
    expect(notAvailable).toEqual([]);
    expect(server.requests).toHaveLength(4);
  });

  it("keeps one copy of each id and marks the listing possibly incomplete when it shifts again", async () => {
    const { ado } = await connect(shiftingPolicies(() => true));
    const notAvailable: NotAvailable[] = [];
    const policies = await attempt(
      notAvailable,
      "policy configurations",
      () => ado.sources.policy.listPolicyConfigurations("demo"),
      [],
    );
    expect(policies.map((policy) => policy.id)).toEqual([1, 2, 3]);
    expect(notAvailable).toEqual([
      expect.objectContaining({
        what: "policy configurations",
        kind: "malformed",
        reason: expect.stringMatching(/id 2 came twice.*items may be missing/),
      }),
    ]);
    // An engine that cannot keep a partial list gets it as not available instead.
    expect(() => completeList(policies)).toThrow(/items may be missing/);
  });

  it("pages WIQL past the 20,000 cap by id", async () => {
    const total = 45_000;
    const { ado, server } = await connect((request) => {
      const query = (JSON.parse(request.body) as { query: string }).query;
      const top = Number(request.query.get("$top"));
      const after = Number(/\[System\.Id\] > (\d+)/.exec(query)?.[1] ?? "0");
      const matching = total - after;
      if (!top || top > 20_000 || (!request.query.get("$top") && matching > 20_000)) {
        return {
          status: 400,
          body: {
            message: "VS402337: The number of work items returned exceeds the size limit of 20000.",
          },
        };
      }
      const count = Math.max(0, Math.min(top, matching));
      return {
        body: {
          queryType: 1,
          workItems: Array.from({ length: count }, (_, index) => ({ id: after + index + 1 })),
        },
      };
    });
    const ids = await ado.sources.workItems.listWorkItemIds("demo");
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids[total - 1]).toBe(total);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0].path.toLowerCase()).toBe("/fabrikam/demo/_apis/wit/wiql");
  });
});

describe("batching, concurrency and counting", () => {
  it("fetches 450 work items in 3 calls of at most 200 ids, omitting missing ones", async () => {
    const { ado, server } = await connect((request) => {
      const ids = (request.query.get("ids") ?? "").split(",").map(Number);
      if (ids.length > 200) return { status: 400, body: { message: "more than 200 ids" } };
      return {
        body: ids.map((id) =>
          id % 100 === 0
            ? null
            : {
                id,
                rev: 1,
                fields: {
                  "System.Title": `t${id}`,
                  "System.State": "New",
                  "System.WorkItemType": "Bug",
                },
              },
        ),
      };
    });
    const ids = Array.from({ length: 450 }, (_, index) => index + 1);
    const items = await ado.sources.workItems.getWorkItems("demo", ids);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.query.get("ids")!.split(",").length).sort()).toEqual([
      200, 200, 50,
    ]);
    expect(server.requests[0].query.get("$expand")).toBe("1");
    expect(items).toHaveLength(446);
  });

  it("never has more requests in flight than the bound", async () => {
    const { ado, server } = await connect(
      async () => {
        await settle();
        return { body: [repository("r")] };
      },
      { concurrency: 3 },
    );
    const projects = Array.from({ length: 20 }, (_, index) => `p${index}`);
    await Promise.all(projects.map((project) => ado.sources.git.listRepositories(project)));
    expect(server.requests).toHaveLength(20);
    expect(server.maxInFlight()).toBeLessThanOrEqual(3);
    expect(server.maxInFlight()).toBeGreaterThan(1);
  });

  it("counts calls by area and resets", async () => {
    const { ado } = await connect((request) => {
      if (request.path.toLowerCase().includes("/policy/")) return { body: [] };
      if (request.path.toLowerCase().includes("/distributedtask/"))
        return { body: [{ id: 1, name: "prod" }] };
      return { body: [repository("r1")] };
    });
    await ado.sources.git.listRepositories("demo");
    await ado.sources.git.listRepositories("demo");
    await ado.sources.policy.listPolicyTypes("demo");
    await ado.sources.environments.listEnvironments("demo");
    expect(ado.calls()).toEqual({
      total: 4,
      byArea: { git: 2, policy: 1, environments: 1 },
      retries: 0,
      throttled: 0,
      failures: 0,
    });
    ado.resetCalls();
    expect(ado.calls().total).toBe(0);
  });

  it("sends Classic Release calls to the release root", async () => {
    server = await startStubServer((request) => ({
      body: request.path.includes("/vsrm/")
        ? [{ id: 5, name: "Release-5", status: 2, releaseDefinition: { id: 1, name: "cd" } }]
        : [],
    }));
    const ado = createAdoSources({
      orgUrl: server.orgUrl,
      releaseUrl: server.orgUrl.replace("/fabrikam", "/vsrm/fabrikam"),
      auth: patAuth(PAT),
    });
    const releases = await ado.sources.release.listReleases("demo");
    expect(releases.map((release) => release.status)).toEqual(["active"]);
    expect(server.requests[0].path.toLowerCase()).toBe(
      "/vsrm/fabrikam/demo/_apis/release/releases",
    );
    expect(server.requests[0].query.get("$expand")).toBe("14");
    expect(ado.calls().byArea).toEqual({ release: 1 });
  });
});

describe("deadline and announced waits", () => {
  async function connectWithClock(handler: StubHandler, startAt = 0, deadlineAt = 60_000) {
    server = await startStubServer(handler);
    let clock = startAt;
    const waits: number[] = [];
    const notices: { ms: number; reason: string }[] = [];
    const ado = createAdoSources({
      orgUrl: server.orgUrl,
      auth: patAuth(PAT),
      retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      // The injected sleep moves the clock, so waits count against the deadline.
      sleep: (ms) => {
        waits.push(ms);
        clock += ms;
        return Promise.resolve();
      },
      now: () => clock,
      deadlineAt,
      onWait: (notice) => notices.push(notice),
      onWarning: () => undefined,
    });
    return { ado, waits, notices, server, advance: (ms: number) => (clock += ms) };
  }

  it("announces a wait over 5 s with its reason and length, and not a short one", async () => {
    let calls = 0;
    const { ado, notices } = await connectWithClock(() => {
      calls += 1;
      if (calls === 1) return { status: 429, headers: { "Retry-After": "3" } };
      if (calls === 2) return { status: 429, headers: { "Retry-After": "12" } };
      return { body: [repository("r1")] };
    });
    await ado.sources.git.listRepositories("demo");
    expect(notices).toEqual([{ ms: 12_000, reason: expect.stringContaining("429") }]);
  });

  it("ends a read as deadline instead of sleeping a Retry-After past the time limit", async () => {
    const { ado, waits, server } = await connectWithClock(
      () => ({ status: 429, headers: { "Retry-After": "120" } }),
      0,
      20_000,
    );
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("deadline");
    expect(error.message).toMatch(/wait of 120 s, longer than the 20 s left/);
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("lets other reads go on after one read's Retry-After outlasted the deadline", async () => {
    const { ado } = await connectWithClock(
      (request) =>
        request.path.includes("/first/")
          ? { status: 429, headers: { "Retry-After": "120" } }
          : { body: [repository("r2")] },
      0,
      20_000,
    );
    expect((await sourceErrorOf(ado.sources.git.listRepositories("first"))).kind).toBe("deadline");
    expect(await ado.sources.git.listRepositories("second")).toHaveLength(1);
  });

  it("sends nothing once the deadline has passed", async () => {
    const { ado, server, advance } = await connectWithClock(
      () => ({ body: [repository("r1")] }),
      0,
      1000,
    );
    advance(1000);
    const error = await sourceErrorOf(ado.sources.git.listRepositories("demo"));
    expect(error.kind).toBe("deadline");
    expect(server.requests).toHaveLength(0);
  });

  it("ends the reads waiting on a shared Retry-After (on a 200) that outlasts the deadline", async () => {
    let calls = 0;
    const { ado, waits } = await connectWithClock(
      () =>
        ++calls === 1
          ? { headers: { "Retry-After": "90" }, body: [repository("r1")] }
          : { body: [repository("r2")] },
      0,
      30_000,
    );
    expect(await ado.sources.git.listRepositories("demo")).toHaveLength(1);
    expect((await sourceErrorOf(ado.sources.git.listRepositories("other"))).kind).toBe("deadline");
    expect(waits).toEqual([]);
  });
});
