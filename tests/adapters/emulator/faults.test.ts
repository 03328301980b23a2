/**
 * The adapters under the emulator's faults: every port method read end to end must give exactly
 * the fault-free result (small pages, short pages, throttling, server errors, latency), and the
 * faults that cannot be retried must surface as the right SourceError kind without the token.
 */
import { startEmulator, type RunningEmulator } from "../../../dev/emulator";
import { bearerAuth, patAuth } from "../../../src/adapters/ado";
import {
  connect,
  demo,
  expectNoSecret,
  forceSmallPages,
  mainProjectId,
  readEverything,
  recorder,
  rewriteRequests,
  sourceErrorOf,
  SEED,
  TEST_PAT,
  type FetchRewrite,
} from "./helpers";

type Everything = Awaited<ReturnType<typeof readEverything>>;

let emulator: RunningEmulator;
let project: string;
let baseline: Everything;
let baselineRequests: number;
let rewrite: FetchRewrite | undefined;

const NO_FAULTS = {
  latencyMs: 0,
  throttleBurst: null,
  serverErrorRate: 0,
  forbiddenRepositories: [],
  truncatedPages: false,
};

// Reading every listing takes a few seconds; more when the machine runs other suites at once.
jest.setTimeout(60_000);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: SEED, size: "small" });
  project = emulator.project.name;
  const ado = connect(emulator, recorder());
  baseline = await readEverything(ado.sources, project);
  baselineRequests = ado.calls().total;
  expect(ado.calls().retries).toBe(0);
  expect(ado.calls().failures).toBe(0);
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.setFaults(NO_FAULTS);
  emulator.resetStats();
});

afterEach(() => {
  rewrite?.restore();
  rewrite = undefined;
});

describe("results identical to the fault-free run", () => {
  it("covers every listing with data (the comparison is not between empty lists)", () => {
    expect(baseline.runs).toHaveLength(emulator.summary.runs);
    expect(baseline.workItems.length).toBeGreaterThan(200);
    for (const [key, value] of Object.entries(baseline)) {
      if (Array.isArray(value)) expect([key, value.length > 0]).toEqual([key, true]);
    }
  });

  it("with small pages on every header-paged listing", async () => {
    rewrite = forceSmallPages(3);
    const ado = connect(emulator, recorder());
    expect(await readEverything(ado.sources, project)).toEqual(baseline);
    expect(rewrite.rewritten).toBeGreaterThan(0);
    expect(ado.calls().total).toBeGreaterThan(baselineRequests);
  });

  it("with truncated pages (shorter than asked, token still sent)", async () => {
    emulator.setFaults({ truncatedPages: true });
    const ado = connect(emulator, recorder());
    expect(await readEverything(ado.sources, project)).toEqual(baseline);
    expect(emulator.stats().faultsInjected.truncatedPage).toBeGreaterThan(0);
  });

  it("with truncated pages on top of small pages", async () => {
    emulator.setFaults({ truncatedPages: true });
    rewrite = forceSmallPages(4);
    const ado = connect(emulator, recorder());
    expect(await readEverything(ado.sources, project)).toEqual(baseline);
    expect(emulator.stats().faultsInjected.truncatedPage).toBeGreaterThan(0);
  });

  it("through a throttle burst with Retry-After, waiting as told", async () => {
    // Fewer 429s than the default retries (4), even if one request meets them all.
    const burst = { count: 3, retryAfterSeconds: 7 };
    emulator.setFaults({ throttleBurst: burst });
    const record = recorder();
    const ado = connect(emulator, record);
    expect(await readEverything(ado.sources, project)).toEqual(baseline);
    expect(emulator.stats().faultsInjected.throttle).toBe(burst.count);
    const calls = ado.calls();
    expect(calls.throttled).toBe(burst.count);
    expect(calls.retries).toBe(burst.count);
    expect(calls.failures).toBe(0);
    expect(record.waits.filter((ms) => ms === burst.retryAfterSeconds * 1000)).toHaveLength(
      burst.count,
    );
  });

  it("through 10 % server errors, one retry per injected error", async () => {
    emulator.setFaults({ serverErrorRate: 0.1 });
    const record = recorder();
    // More retries than the default so a run of bad luck cannot end the read.
    const ado = connect(emulator, record, { retry: { maxRetries: 8 } });
    expect(await readEverything(ado.sources, project)).toEqual(baseline);
    const injected = emulator.stats().faultsInjected;
    const serverErrors = (injected.serverError ?? 0) + (injected.serviceUnavailable ?? 0);
    expect(serverErrors).toBeGreaterThan(0);
    expect(ado.calls().retries).toBe(serverErrors);
    expect(ado.calls().failures).toBe(0);
    expect(record.waits).toHaveLength(serverErrors);
  });

  it("with latency on every response", async () => {
    emulator.setFaults({ latencyMs: 3 });
    const ado = connect(emulator, recorder());
    expect(await readEverything(ado.sources, project)).toEqual(baseline);
    expect(ado.calls().total).toBe(baselineRequests);
  });
});

describe("faults that end in a SourceError", () => {
  const readable = demo().repositories.filter(
    (repository) =>
      repository.projectId === mainProjectId() &&
      !repository.isDisabled &&
      repository.refs.length > 0,
  );

  it("a forbidden repository: permission for its refs and commits, the others unaffected", async () => {
    const [forbidden, ...others] = readable;
    emulator.setFaults({ forbiddenRepositories: [forbidden.name] });
    const ado = connect(emulator, recorder());

    const refsError = await sourceErrorOf(ado.sources.git.listRefs(project, forbidden.id));
    expect(refsError.kind).toBe("permission");
    expect(refsError.status).toBe(403);
    expect(refsError.message).toContain("TF401027");
    expectNoSecret(refsError, TEST_PAT);

    const commitsError = await sourceErrorOf(
      ado.sources.git.getCommits(project, forbidden.id, [forbidden.commits[0].commitId]),
    );
    expect(commitsError.kind).toBe("permission");
    expectNoSecret(commitsError, TEST_PAT);
    // A 403 is not retried.
    expect(ado.calls().retries).toBe(0);

    // Still listed, and every other repository reads as before.
    const repositories = await ado.sources.git.listRepositories(project);
    expect(repositories.map((repository) => repository.id)).toContain(forbidden.id);
    const readableIds = baseline.repositories
      .filter((repository) => !repository.isDisabled)
      .map((repository) => repository.id);
    for (const other of others) {
      const refs = await ado.sources.git.listRefs(project, other.id);
      expect(refs).toEqual(baseline.refs[readableIds.indexOf(other.id)]);
    }
  });

  /*
   * The emulator's continuation tokens are offsets that always advance, so it cannot repeat one
   * by itself. A service that ignores the token is simulated here by dropping the token from the
   * request: the same first page, with the same token, comes back again.
   */
  it("a throttle burst longer than the retries is waited out, as Retry-After asks", async () => {
    const maxRetries = 2;
    emulator.setFaults({ throttleBurst: { count: maxRetries + 3, retryAfterSeconds: 2 } });
    const record = recorder();
    const ado = connect(emulator, record, { retry: { maxRetries } });
    // 429s have the TSTU window (5 minutes) of their own, not the retries of 5xx and resets.
    expect(await ado.sources.core.listProjects()).toEqual(baseline.projects);
    expect(ado.calls()).toMatchObject({ retries: maxRetries + 3, failures: 0 });
    expect(record.waits).toEqual(Array(maxRetries + 3).fill(2000));
  });

  it("429s that outlast the TSTU window end as throttled", async () => {
    emulator.setFaults({ throttleBurst: { count: 20, retryAfterSeconds: 100 } });
    const record = recorder();
    const ado = connect(emulator, record);
    const error = await sourceErrorOf(ado.sources.core.listProjects());
    expect(error.kind).toBe("throttled");
    expect(error.status).toBe(429);
    expect(error.message).toContain("TF400733");
    expectNoSecret(error, TEST_PAT);
    // 3 waits of 100 s fit in the 300 s window; the 4th 429 ends the read.
    expect(record.waits).toEqual([100_000, 100_000, 100_000]);
  });

  it("a repeated continuation token stops paging with a malformed error", async () => {
    const repository = readable[0];
    const small = forceSmallPages(2);
    const dropToken = rewriteRequests((url) => {
      if (!/\/refs$/i.test(url.pathname) || !url.searchParams.has("continuationToken")) {
        return false;
      }
      url.searchParams.delete("continuationToken");
      return true;
    });
    rewrite = {
      get rewritten() {
        return small.rewritten + dropToken.rewritten;
      },
      restore: () => {
        dropToken.restore();
        small.restore();
      },
    };
    const ado = connect(emulator, recorder());
    const error = await sourceErrorOf(ado.sources.git.listRefs(project, repository.id));
    expect(error.kind).toBe("malformed");
    expect(error.message).toMatch(/twice/);
    // First page, then the page that repeated the token, read again once: no endless loop.
    expect(ado.calls().byArea.git).toBe(4);
    expectNoSecret(error, TEST_PAT);
  });

  it("the token `invalid-token` (PAT): auth, after one re-send, and never in the message", async () => {
    const ado = connect(emulator, recorder(), { auth: patAuth("invalid-token") });
    const error = await sourceErrorOf(ado.sources.core.listProjects());
    expect(error.kind).toBe("auth");
    expect(error.status).toBe(401);
    // A 401 asks the provider for a fresh token and re-sends once, no more.
    expect(ado.calls().byArea.core).toBe(2);
    expectNoSecret(error, "invalid-token");

    const gitError = await sourceErrorOf(ado.sources.git.listRepositories(project));
    expect(gitError.kind).toBe("auth");
    expectNoSecret(gitError, "invalid-token");
  });

  it("the token `invalid-token` (Bearer): auth, and never in the message", async () => {
    const ado = connect(emulator, recorder(), {
      auth: bearerAuth(() => Promise.resolve("invalid-token")),
    });
    const error = await sourceErrorOf(ado.sources.policy.listPolicyConfigurations(project));
    expect(error.kind).toBe("auth");
    expect(error.message).not.toContain("invalid-token");
    expect(error.url ?? "").not.toContain("invalid-token");
  });

  it("a disabled repository's refs and an unknown run: classified, token-free errors", async () => {
    const ado = connect(emulator, recorder());
    const disabled = baseline.repositories.find((repository) => repository.isDisabled);
    if (!disabled) throw new Error("the demo has no disabled repository");
    const refsError = await sourceErrorOf(ado.sources.git.listRefs(project, disabled.id));
    expect(refsError.kind).toBe("not-found");
    expectNoSecret(refsError, TEST_PAT);

    const missingRun = Math.max(...baseline.runs.map((run) => run.id)) + 1000;
    const runError = await sourceErrorOf(ado.sources.build.getRun(project, missingRun));
    expect(runError.kind).toBe("not-found");
    expectNoSecret(runError, TEST_PAT);
  });
});
