import type { RunningEmulator } from "../../dev/emulator";
import { call, emulatorResetAfterEachTest, values, withEmulator } from "./helpers";

let emulator: RunningEmulator;
let project: string;

emulatorResetAfterEachTest({ seed: 7 }, (started) => {
  emulator = started;
  project = started.project.name;
});

describe("fault injection", () => {
  it("throttles the next N API requests with 429, Retry-After and TF400733", async () => {
    emulator.setFaults({ throttleBurst: { count: 2, retryAfterSeconds: 7 } });
    for (let index = 0; index < 2; index++) {
      const response = await call(emulator, `${project}/_apis/git/repositories`);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("7");
      expect((response.json as { message: string }).message).toMatch(/^TF400733/);
    }
    expect((await call(emulator, `${project}/_apis/git/repositories`)).status).toBe(200);
    expect(emulator.stats().faultsInjected.throttle).toBe(2);
  });

  it("answers about the configured fraction of requests with 500/503, deterministically", async () => {
    emulator.setFaults({ serverErrorRate: 0.3 });
    const statuses: number[] = [];
    for (let index = 0; index < 100; index++) {
      statuses.push((await call(emulator, `${project}/_apis/distributedtask/environments`)).status);
    }
    const failures = statuses.filter((status) => status === 500 || status === 503);
    expect(failures.length).toBeGreaterThan(15);
    expect(failures.length).toBeLessThan(45);
    expect(statuses.every((status) => [200, 500, 503].includes(status))).toBe(true);
    const injected = emulator.stats().faultsInjected;
    expect((injected.serverError ?? 0) + (injected.serviceUnavailable ?? 0)).toBe(failures.length);

    // Same seed, fresh emulator: the same sequence.
    const twin = await withEmulator({ seed: 7, faults: { serverErrorRate: 0.3 } });
    try {
      const twinStatuses: number[] = [];
      for (let index = 0; index < 100; index++) {
        twinStatuses.push(
          (await call(twin, `${twin.project.name}/_apis/distributedtask/environments`)).status,
        );
      }
      expect(twinStatuses).toEqual(statuses);
    } finally {
      await twin.close();
    }
  });

  it("forbids the sub-resources of listed repositories with 403 TF401027", async () => {
    emulator.setFaults({ forbiddenRepositories: ["api-gateway"] });
    const listed = values(await call(emulator, `${project}/_apis/git/repositories`));
    expect(listed.some((repo) => repo.name === "api-gateway")).toBe(true);
    const refs = await call(emulator, `${project}/_apis/git/repositories/api-gateway/refs`);
    expect(refs.status).toBe(403);
    expect((refs.json as { message: string }).message).toMatch(/^TF401027/);
    const byId = listed.find((repo) => repo.name === "api-gateway") as { id: string };
    expect(
      (await call(emulator, `${project}/_apis/git/repositories/${byId.id}/pullrequests`)).status,
    ).toBe(403);
    expect((await call(emulator, `${project}/_apis/git/repositories/web-app/refs`)).status).toBe(
      200,
    );
  });

  it("adds latency and emits rate-limit headers when a TSTU budget is set", async () => {
    emulator.setFaults({ latencyMs: 20, rateLimit: { limit: 4, block: true } });
    const first = await call(emulator, `${project}/_apis/distributedtask/environments`);
    expect(first.headers.get("x-ratelimit-limit")).toBeNull();
    const second = await call(emulator, `${project}/_apis/distributedtask/environments`);
    expect(second.headers.get("x-ratelimit-limit")).toBe("4");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("2");
    let blocked;
    for (let index = 0; index < 4; index++) {
      blocked = await call(emulator, `${project}/_apis/distributedtask/environments`);
    }
    expect(blocked?.status).toBe(429);
    expect(Number(blocked?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("control routes", () => {
  it("counts API calls per route, not control calls, and can be reset", async () => {
    await call(emulator, `${project}/_apis/git/repositories`);
    await call(emulator, `${project}/_apis/git/repositories`);
    await call(emulator, `${project}/_apis/build/builds?$top=1`);
    await fetch(`${emulator.baseUrl}/_emulator/stats`);
    const stats = (await (await fetch(`${emulator.baseUrl}/_emulator/stats`)).json()) as {
      requests: number;
      byRoute: Record<string, number>;
    };
    expect(stats.requests).toBe(3);
    expect(stats.byRoute["git.repositories"]).toBe(2);
    expect(stats.byRoute["build.builds"]).toBe(1);
    await fetch(`${emulator.baseUrl}/_emulator/reset`, { method: "POST" });
    expect(emulator.stats().requests).toBe(0);
  });

  it("sets faults over HTTP and validates the body", async () => {
    const bad = await fetch(`${emulator.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: '{"serverErrorRate": 3}',
    });
    expect(bad.status).toBe(400);
    const ok = await fetch(`${emulator.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ throttleBurst: { count: 1, retryAfterSeconds: 3 } }),
    });
    expect(ok.status).toBe(200);
    expect((await call(emulator, `${project}/_apis/git/repositories`)).status).toBe(429);
  });

  it("logs recent requests without the Authorization header", async () => {
    await call(emulator, `${project}/_apis/git/repositories?api-version=7.1`, {
      auth: "Bearer secret-token-value",
    });
    const log = await (await fetch(`${emulator.baseUrl}/_emulator/log`)).text();
    expect(log).toContain("/_apis/git/repositories?api-version=7.1");
    expect(log).not.toContain("secret-token-value");
    expect(log).not.toMatch(/authorization/i);
    const entry = (JSON.parse(log) as { value: Record<string, unknown>[] }).value.at(-1);
    expect(entry).toEqual(expect.objectContaining({ method: "GET", status: 200 }));
    expect(typeof entry?.ms).toBe("number");
  });

  it("answers CORS preflights and exposes what the service exposes, no more", async () => {
    const preflight = await fetch(`${emulator.orgUrl}/${project}/_apis/git/repositories`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:3000",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,x-tfs-fedauthredirect",
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = preflight.headers.get("access-control-allow-headers") ?? "";
    for (const header of [
      "Authorization",
      "Content-Type",
      "X-TFS-FedAuthRedirect",
      "X-VSS-ReauthenticationAction",
      "X-TFS-Session",
    ]) {
      expect(allowed).toContain(header);
    }
    const response = await call(emulator, `${project}/_apis/git/repositories`, {
      headers: { Origin: "http://localhost:3000" },
    });
    const exposed = response.headers.get("access-control-expose-headers") ?? "";
    // What every recorded dev.azure.com answer exposes, and the paging token the api reads.
    expect(exposed.split(/,\s*/)).toEqual(["Request-Context", "x-ms-continuationtoken"]);
    expect(response.headers.get("request-context")).toMatch(/^appId=cid-v1:/);
  });
});
