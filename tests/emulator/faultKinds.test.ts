/**
 * The issue-6 fault kinds: latency spikes, Retry-After on a 200, connection resets, a repeating
 * continuation token, malformed JSON and forbidden environments, plus the separate fault seed.
 */
import type { RunningEmulator } from "../../dev/emulator";
import { call, emulatorResetAfterEachTest, values, withEmulator } from "./helpers";

let emulator: RunningEmulator;
let project: string;

emulatorResetAfterEachTest({ seed: 7 }, (started) => {
  emulator = started;
  project = started.project.name;
});

const environmentsPath = () => `${project}/_apis/distributedtask/environments`;

async function postFaults(body: unknown): Promise<number> {
  const response = await fetch(`${emulator.baseUrl}/_emulator/faults`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

describe("latency spikes", () => {
  it("delays about the configured share of requests and counts each spike", async () => {
    emulator.setFaults({ latencySpikes: { rate: 0.5, ms: 5 } });
    for (let index = 0; index < 60; index++) {
      expect((await call(emulator, environmentsPath())).status).toBe(200);
    }
    const spikes = emulator.stats().faultsInjected.latencySpike ?? 0;
    expect(spikes).toBeGreaterThan(15);
    expect(spikes).toBeLessThan(45);
  });

  it("rejects spikes above 3 s", async () => {
    expect(await postFaults({ latencySpikes: { rate: 0.1, ms: 3001 } })).toBe(400);
    expect(await postFaults({ latencySpikes: { rate: 1.5, ms: 10 } })).toBe(400);
    expect(await postFaults({ latencySpikes: { rate: 0.1, ms: 3000 } })).toBe(200);
  });
});

describe("Retry-After on a 200", () => {
  it("adds Retry-After to successful answers only", async () => {
    emulator.setFaults({ retryAfterOn200: { rate: 1, seconds: 4 } });
    const ok = await call(emulator, environmentsPath());
    expect(ok.status).toBe(200);
    expect(ok.headers.get("retry-after")).toBe("4");
    expect(values(ok).length).toBeGreaterThan(0);
    const missing = await call(emulator, `${project}/_apis/distributedtask/environments/999999`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("retry-after")).toBeNull();
    expect(emulator.stats().faultsInjected.retryAfterOn200).toBe(1);
  });
});

describe("connection resets", () => {
  it("drops the connection without an answer", async () => {
    emulator.setFaults({ connectionResetRate: 1 });
    await expect(call(emulator, environmentsPath())).rejects.toThrow();
    expect(emulator.stats().faultsInjected.connectionReset).toBe(1);
    emulator.setFaults({ connectionResetRate: 0 });
    expect((await call(emulator, environmentsPath())).status).toBe(200);
  });
});

describe("malformed JSON", () => {
  it("answers 200 with a body cut mid-JSON", async () => {
    emulator.setFaults({ malformedJsonRate: 1 });
    const cut = await call(emulator, `${project}/_apis/git/repositories`);
    expect(cut.status).toBe(200);
    expect(cut.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(cut.text) as unknown).toThrow();
    expect(emulator.stats().faultsInjected.malformedJson).toBe(1);
  });
});

describe("repeating continuation token", () => {
  it("echoes the request's token on offset-paged lists instead of moving on", async () => {
    const path = `${project}/_apis/git/repositories/web-app/refs?$top=1`;
    const first = await call(emulator, path);
    const token = first.headers.get("x-ms-continuationtoken");
    expect(token).toBeTruthy();
    const second = await call(emulator, `${path}&continuationToken=${token}`);
    const next = second.headers.get("x-ms-continuationtoken");
    expect(next).not.toBe(token);

    emulator.setFaults({ repeatingContinuationToken: true });
    const looping = await call(emulator, `${path}&continuationToken=${token}`);
    expect(looping.status).toBe(200);
    expect(looping.headers.get("x-ms-continuationtoken")).toBe(token);
    expect(emulator.stats().faultsInjected.repeatingToken).toBe(1);
  });

  it("echoes the request's token on id-paged lists (Classic releases)", async () => {
    emulator.setFaults({ repeatingContinuationToken: true });
    const path = `${project}/_apis/release/releases?$top=2`;
    const first = await call(emulator, path);
    const token = first.headers.get("x-ms-continuationtoken");
    expect(token).toMatch(/^\d+$/);
    const again = await call(emulator, `${path}&continuationToken=${token}`);
    expect(again.headers.get("x-ms-continuationtoken")).toBe(token);
  });
});

describe("answers that are not what was asked for (issue 11)", () => {
  const repositoriesPath = () => `${project}/_apis/git/repositories`;

  it("answers 200 with an empty body", async () => {
    emulator.setFaults({ emptyBodyRate: 1 });
    const empty = await call(emulator, repositoriesPath());
    expect(empty.status).toBe(200);
    expect(empty.text).toBe("");
    expect(emulator.stats().faultsInjected.emptyBody).toBe(1);
  });

  it("answers valid JSON of the wrong shape: null or {} for a list, null or [] for an object", async () => {
    const build = values<{ id: number }>(await call(emulator, `${project}/_apis/build/builds`))[0];
    emulator.setFaults({ wrongShapeRate: 1 });
    const lists = new Set<string>();
    for (let index = 0; index < 12; index++) {
      const answer = await call(emulator, repositoriesPath());
      expect(answer.status).toBe(200);
      lists.add(answer.text);
    }
    expect([...lists].sort()).toEqual(["null", "{}"]);
    const objects = new Set<string>();
    for (let index = 0; index < 12; index++) {
      objects.add((await call(emulator, `${project}/_apis/build/builds/${build.id}`)).text);
    }
    expect([...objects].sort()).toEqual(["[]", "null"]);
    expect(emulator.stats().faultsInjected.wrongShape).toBe(24);
  });

  it.each([
    ["signInPageRate", 200, "signInPage"],
    ["signIn203Rate", 203, "signIn203"],
  ] as const)("answers an HTML sign-in page (%s) with status %i", async (option, status, name) => {
    emulator.setFaults({ [option]: 1 });
    const page = await call(emulator, repositoriesPath());
    expect(page.status).toBe(status);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.text).toMatch(/^<!DOCTYPE html>.*Sign In/);
    expect(emulator.stats().faultsInjected[name]).toBe(1);
  });

  it("sends the headers of a stalled answer, then nothing", async () => {
    emulator.setFaults({ stalledAnswerRate: 1 });
    const abort = new AbortController();
    const response = await fetch(`${emulator.orgUrl}/${repositoriesPath()}`, {
      headers: { Authorization: `Basic ${Buffer.from(":pat").toString("base64")}` },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const body = response.text();
    const outcome = await Promise.race([
      body.then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("silent"), 300)),
    ]);
    expect(outcome).toBe("silent");
    abort.abort();
    await body.catch(() => undefined);
    expect(emulator.stats().faultsInjected.stalledAnswer).toBe(1);
  });

  it("repeats the previous page's last item at the top of the next page", async () => {
    const path = `${project}/_apis/build/builds?$top=3`;
    const first = await call(emulator, path);
    const token = first.headers.get("x-ms-continuationtoken");
    if (!token) throw new Error("the builds fit on one page");
    emulator.setFaults({ duplicateAcrossPagesRate: 1 });
    const second = values<{ id: number }>(
      await call(emulator, `${path}&continuationToken=${token}`),
    );
    const last = values<{ id: number }>(first).at(-1);
    expect(second[0].id).toBe(last?.id);
    expect(second).toHaveLength(4);
    // The first page has no page before it.
    expect(values(await call(emulator, path))).toHaveLength(3);
    expect(emulator.stats().faultsInjected.duplicateAcrossPages).toBe(1);
  });

  it("under curableOnly, faults only the first time a request is seen", async () => {
    emulator.setFaults({ emptyBodyRate: 1, curableOnly: true });
    expect((await call(emulator, repositoriesPath())).text).toBe("");
    const again = await call(emulator, repositoriesPath());
    expect(again.status).toBe(200);
    expect(values(again).length).toBeGreaterThan(0);
    // Another request is new, so it may be faulted.
    expect((await call(emulator, `${repositoriesPath()}?includeHidden=true`)).text).toBe("");
    expect(emulator.stats().faultsInjected.emptyBody).toBe(2);
  });

  it("answers 429 with a long Retry-After", async () => {
    emulator.setFaults({ longRetryAfter: { rate: 1, seconds: 120 } });
    const throttled = await call(emulator, repositoriesPath());
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("120");
    expect(emulator.stats().faultsInjected.longRetryAfter).toBe(1);
    expect(await postFaults({ longRetryAfter: { rate: 0.1, seconds: 4000 } })).toBe(400);
    expect(await postFaults({ stalledAnswerRate: 2 })).toBe(400);
  });
});

describe("page cap", () => {
  it("sends at most maxPageSize items a page, with a token for the rest", async () => {
    const path = `${project}/_apis/build/builds?$top=50`;
    const whole = values(await call(emulator, path));
    expect(whole.length).toBeGreaterThan(8);
    emulator.setFaults({ maxPageSize: 4 });
    const first = await call(emulator, path);
    expect(values(first)).toHaveLength(4);
    expect(first.headers.get("x-ms-continuationtoken")).toBeTruthy();
    expect(emulator.stats().faultsInjected.cappedPage).toBe(1);
    expect(await postFaults({ maxPageSize: -1 })).toBe(400);
  });
});

describe("forbidden environments", () => {
  it("answers 403 in the service's error shape for an environment's records, checks and approvals", async () => {
    const environments = values<{ id: number; name: string }>(
      await call(emulator, environmentsPath()),
    );
    const configs = values<{ resource: { type: string; id: string } }>(
      await call(emulator, `${project}/_apis/pipelines/checks/configurations`),
    );
    const guarded = environments.find((environment) =>
      configs.some(
        (config) =>
          config.resource.type === "environment" && config.resource.id === String(environment.id),
      ),
    );
    if (!guarded) throw new Error("the demo has no environment with a check");
    const other = environments.find((environment) => environment.id !== guarded.id);
    if (!other) throw new Error("the demo has one environment only");

    emulator.setFaults({ forbiddenEnvironments: [guarded.name] });
    // The list still names it, like a repository one may see but not read.
    expect(values(await call(emulator, environmentsPath())).length).toBe(environments.length);
    const records = await call(
      emulator,
      `${environmentsPath()}/${guarded.id}/environmentdeploymentrecords`,
    );
    expect(records.status).toBe(403);
    expect(Object.keys(records.json as object).sort()).toEqual(
      ["$id", "errorCode", "eventId", "innerException", "message", "typeKey", "typeName"].sort(),
    );
    expect((records.json as { message: string }).message).toContain(guarded.name);
    const checks = await call(
      emulator,
      `${project}/_apis/pipelines/checks/configurations?resourceType=environment&resourceId=${guarded.id}`,
    );
    expect(checks.status).toBe(403);
    const byQuery = await call(
      emulator,
      `${project}/_apis/pipelines/checks/queryconfigurations?api-version=7.1-preview.1`,
      { body: [{ type: "environment", id: String(guarded.id) }] },
    );
    expect(byQuery.status).toBe(403);
    const approvals = await call(emulator, `${project}/_apis/pipelines/approvals`);
    expect(approvals.status).toBe(403);

    const otherRecords = await call(
      emulator,
      `${environmentsPath()}/${other.id}/environmentdeploymentrecords`,
    );
    expect(otherRecords.status).toBe(200);
    // By id works as well as by name.
    emulator.setFaults({ forbiddenEnvironments: [String(other.id)] });
    expect(
      (await call(emulator, `${environmentsPath()}/${other.id}/environmentdeploymentrecords`))
        .status,
    ).toBe(403);
    expect(emulator.stats().faultsInjected.forbiddenEnvironment).toBeGreaterThanOrEqual(5);
  });
});

describe("slow routes", () => {
  it("holds the answers of the named routes only, until the client hangs up", async () => {
    emulator.setFaults({ slowRoutes: { routes: ["distributedtask.environments"], ms: 600_000 } });
    expect((await call(emulator, `${project}/_apis/git/repositories`)).status).toBe(200);
    const abort = new AbortController();
    const held = fetch(`${emulator.orgUrl}/${environmentsPath()}`, {
      headers: { Authorization: `Basic ${Buffer.from(":pat").toString("base64")}` },
      signal: abort.signal,
    });
    // Ten minutes away: no answer, whatever the machine's load, until the client gives up.
    const outcome = await Promise.race([
      held.then(() => "answered"),
      new Promise((resolve) => setTimeout(() => resolve("held"), 300)),
    ]);
    expect(outcome).toBe("held");
    abort.abort();
    await expect(held).rejects.toThrow();
    expect(await postFaults({ slowRoutes: null })).toBe(200);
    expect((await call(emulator, environmentsPath())).status).toBe(200);
  });

  it.each([
    [{ slowRoutes: { routes: "build.timeline", ms: 10 } }],
    [{ slowRoutes: { routes: ["build.timeline"] } }],
    [{ slowRoutes: { routes: ["build.timeline"], ms: 700_000 } }],
  ])("rejects %j", async (body) => {
    expect(await postFaults(body)).toBe(400);
  });
});

describe("fault seed", () => {
  async function statuses(faultSeed: number | undefined): Promise<number[]> {
    const twin = await withEmulator({ seed: 7, faultSeed, faults: { serverErrorRate: 0.3 } });
    try {
      const result: number[] = [];
      for (let index = 0; index < 40; index++) {
        result.push((await call(twin, `${twin.project.name}/_apis/git/repositories`)).status);
      }
      return result;
    } finally {
      await twin.close();
    }
  }

  it("varies the fault sequence while the data stays that of the seed", async () => {
    const [a, b, again] = [await statuses(1), await statuses(2), await statuses(1)];
    expect(again).toEqual(a);
    expect(b).not.toEqual(a);
    const twin = await withEmulator({ seed: 7, faultSeed: 99 });
    try {
      const names = (target: RunningEmulator) =>
        call(target, `${target.project.name}/_apis/git/repositories`).then((fetched) =>
          values<{ name: string }>(fetched).map((repo) => repo.name),
        );
      expect(await names(twin)).toEqual(await names(emulator));
    } finally {
      await twin.close();
    }
  });
});

describe("validation of the new fault options", () => {
  it.each([
    [{ retryAfterOn200: { rate: 0.1 } }],
    [{ connectionResetRate: 2 }],
    [{ malformedJsonRate: "often" }],
    [{ repeatingContinuationToken: "yes" }],
    [{ forbiddenEnvironments: "production" }],
    [{ forbiddenEnvironments: [7] }],
    [{ rateLimit: { limit: 0 } }],
  ])("rejects %j", async (body) => {
    expect(await postFaults(body)).toBe(400);
  });

  it("accepts a full set and applies it", async () => {
    expect(
      await postFaults({
        latencySpikes: null,
        retryAfterOn200: { rate: 1, seconds: 2 },
        connectionResetRate: 0,
        repeatingContinuationToken: false,
        malformedJsonRate: 0,
        forbiddenEnvironments: ["production"],
      }),
    ).toBe(200);
    expect((await call(emulator, environmentsPath())).headers.get("retry-after")).toBe("2");
  });
});
