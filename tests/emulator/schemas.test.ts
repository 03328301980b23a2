/**
 * Strict responses: the emulator validates every successful answer against its 7.1 OpenAPI
 * operation (dev/emulator/schemaCheck.ts), in the default and the numbers formats. This suite
 * proves the check can fail, that its tables are honest, and reads each product route in both
 * formats so every one is validated at least once.
 */
import { ENUMS } from "../../dev/emulator/format";
import type { RunningEmulator } from "../../dev/emulator";
import { apiEnums } from "../../dev/emulator/apiEnums";
import { SchemaChecker } from "../../dev/emulator/schemaCheck";
import {
  NO_SPEC_ROUTES,
  RECORDED_EXCEPTIONS,
  SPEC_GAPS,
} from "../../dev/emulator/schemaExceptions";
import { parseAccept } from "../../dev/emulator/format";
import { startEmulator } from "../../dev/emulator";
import { EXTENSION_ACCEPT, call, values } from "./helpers";
import { routeForPath, versionsOn } from "../../src/adapters/ado/apiVersions";

const checker = new SchemaChecker();
const DEFAULT = parseAccept(undefined, "7.1");
const NUMBERS = parseAccept(EXTENSION_ACCEPT);
const check = (request: Parameters<SchemaChecker["check"]>[0], body: unknown, format = DEFAULT) =>
  checker.check(request, JSON.stringify(body), format);
const builds = (query = "") => ({
  method: "GET",
  route: "build.builds",
  scopeDepth: 1,
  rest: ["build", "builds"],
  query: query ? [query] : [],
});

describe("the response check", () => {
  const build = { id: 1, status: "completed", queueTime: "2025-01-01T00:00:00Z" };

  it("accepts a conforming answer in each format", () => {
    expect(check(builds(), { count: 1, value: [build] })).toBeUndefined();
    // Nulls are not checked (OpenAPI 2 cannot say nullable), and count includes them.
    expect(
      check(builds(), { count: 2, value: [null, { ...build, result: null }] }),
    ).toBeUndefined();
    const numeric = { id: 1, status: 2, reason: 1967, queueTime: "/Date(1735689600000)/" };
    expect(check(builds(), [numeric], NUMBERS)).toBeUndefined();
  });

  it("rejects what the spec does not allow (the check can fail)", () => {
    const wrong = (body: unknown, format = DEFAULT) => check(builds(), body, format);
    expect(wrong({ count: 1, value: [{ ...build, status: "finished" }] })).toMatch(/status/);
    expect(wrong({ count: 1, value: [{ ...build, id: "1" }] })).toMatch(/id must be integer/);
    expect(wrong({ count: 1, value: [{ ...build, queueTime: "yesterday" }] })).toMatch(/queueTime/);
    expect(wrong([build])).toMatch(/without the \{count, value\} wrapper/);
    expect(wrong({ count: 2, value: [build] })).toMatch(/count 2 for 1/);
    // Numbers format: a name where a number belongs, a number the package's enum lacks.
    expect(wrong([{ id: 1, status: "completed" }], NUMBERS)).toMatch(/status must be integer/);
    expect(wrong([{ id: 1, status: 3 + 64 }], NUMBERS)).toMatch(/status must pass "adoEnum"/);
    expect(wrong([{ id: 1, result: 3 }], NUMBERS)).toMatch(/result must pass "adoEnum"/);
    expect(wrong([{ id: 1, queueTime: "2025-01-01T00:00:00Z" }], NUMBERS)).toMatch(/queueTime/);
  });

  it("names a route that no spec operation answers and no table lists", () => {
    const request = { method: "GET", route: "x", scopeDepth: 1, rest: ["nowhere"], query: [] };
    expect(check(request, {})).toMatch(/no 7.1 spec operation answers/);
  });
});

describe("the exception tables", () => {
  it("lists only routes that no spec operation answers", () => {
    expect(Object.keys(SPEC_GAPS).sort()).toEqual(["git.commits", "git.items", "release.release"]);
    expect(Object.keys(NO_SPEC_ROUTES).sort()).toEqual([
      "core.connectionData",
      "extensionManagement.createDocument",
      "extensionManagement.document",
      "extensionManagement.documents",
      "extensionManagement.setDocument",
      "extensionManagement.updateDocument",
      "location.resourceareas",
      "locations",
      "release.workitems",
    ]);
    const workItems = ["release", "releases", "1", "workitems"];
    expect(
      checker.operationFor({ method: "GET", route: "", scopeDepth: 1, rest: workItems, query: [] }),
    ).toBeUndefined();
    const connection = ["connectionData"];
    expect(
      checker.operationFor({
        method: "GET",
        route: "",
        scopeDepth: 0,
        rest: connection,
        query: [],
      }),
    ).toBeUndefined();
  });

  it("cites a recording for each spec definition it overrides, and fills each spec gap", () => {
    for (const exception of RECORDED_EXCEPTIONS) expect(exception.source).toMatch(/\.yaml #\d+/);
    const release = { method: "GET", route: "release.release", scopeDepth: 1, query: [] };
    const rest = ["release", "releases", "15"];
    expect(checker.operationFor({ ...release, rest })?.operationId).toBe(
      SPEC_GAPS["release.release"].operation.operationId,
    );
    expect(
      checker.operationFor({ ...release, rest, query: ["definitionsnapshotrevision"] })
        ?.operationId,
    ).toBe("Releases_Get Release Revision");
  });

  it("the emulator's enum numbers are the api package's", () => {
    const enums = apiEnums();
    // The package's names for two of the emulator's tables.
    const packageName: Record<string, string> = {
      ReleaseApprovalStatus: "ApprovalStatus",
      ReleaseTaskStatus: "TaskStatus",
    };
    for (const [name, members] of Object.entries(ENUMS)) {
      // ProjectState: the package types it `any`; the numbers are the service's .NET enum.
      if (name === "ProjectState") continue;
      const tables = enums.get(packageName[name] ?? name) ?? [];
      expect(tables.length).toBeGreaterThan(0);
      const agrees = tables.some((table) =>
        Object.entries(members).every(
          ([member, value]) => table.get(member.toLowerCase()) === value,
        ),
      );
      if (!agrees) throw new Error(`${name}: ${JSON.stringify(members)} is not the package's enum`);
    }
  });
});

describe("each product route answers per its spec in both formats", () => {
  let emulator: RunningEmulator;
  let project: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, strictSchemas: true });
    project = emulator.project.name;
  });
  afterAll(() => emulator.close());

  /** Reads a path in the default and the numbers format; both must answer 200 and conform. */
  async function both(path: string, body?: unknown): Promise<Record<string, unknown>[]> {
    const separator = path.includes("?") ? "&" : "?";
    const url = path.startsWith("_apis") ? path : `${project}/_apis/${path}`;
    // The version the product sends to this route (7.1, or 7.1-preview.N where still preview).
    const route = routeForPath(url.split("?")[0].split("/_apis/").pop()?.split("/") ?? []);
    const version = route ? versionsOn(route, "services")?.send : undefined;
    const plain = await call(emulator, `${url}${separator}api-version=${version ?? "7.1"}`, {
      body,
    });
    const numbers = await call(emulator, url, { body, accept: EXTENSION_ACCEPT });
    expect([plain.status, numbers.status]).toEqual([200, 200]);
    expect(emulator.schemaViolations()).toEqual([]);
    return Array.isArray(plain.json) || (plain.json as { value?: unknown }).value
      ? values(plain)
      : [plain.json as Record<string, unknown>];
  }

  it("core, git and policy", async () => {
    await both("_apis/projects");
    await both(`_apis/projects/${project}`);
    await both("git/repositories");
    await both("git/repositories/web-app/refs");
    await both("git/repositories/web-app/commits?searchCriteria.includeWorkItems=true");
    const prs = await both("git/pullrequests?searchCriteria.status=all");
    const done = prs.find((pr) => pr.status === "completed") as Record<string, unknown>;
    const repository = (done.repository as { id: string }).id;
    await both(`git/repositories/${repository}/pullrequests/${String(done.pullRequestId)}`);
    await both(
      `git/repositories/${repository}/pullrequests/${String(done.pullRequestId)}/workitems`,
    );
    await both(`git/pullrequests/${String(done.pullRequestId)}`);
    for (const path of ["policy/configurations", "policy/configurations/1/revisions"]) {
      await both(path);
    }
    await both("policy/types");
    await both("git/policy/configurations");
  });

  it("builds, environments, checks and approvals", async () => {
    await both("build/definitions");
    const runs = await both("build/builds");
    const running = runs.find((run) => run.status === "inProgress") as Record<string, unknown>;
    for (const run of [runs[0], running]) await both(`build/builds/${String(run.id)}/timeline`);
    await both(`build/builds/${String(runs[0].id)}/changes`);
    await both(`build/builds/${String(runs[0].id)}/workitems`);
    await both("distributedtask/environments");
    await both("distributedtask/environments/4?expands=resourceReferences");
    await both("distributedtask/environments/4/environmentdeploymentrecords");
    await both("pipelines/checks/configurations?$expand=settings");
    await both("pipelines/approvals?$expand=steps");
  });

  it("classic releases and work items", async () => {
    await both("release/definitions?$expand=environments,artifacts");
    const releases = await both("release/releases?$expand=environments,artifacts");
    await both(`release/releases/${String(releases[0].id)}`);
    await both("release/approvals?statusFilter=pending");
    await both("wit/workitems?ids=1,2,3,4,5,6,7,8,9,10&$expand=all");
    await both("wit/workitems?ids=1,999999&errorPolicy=omit");
    const query = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project";
    await both("wit/wiql?$top=5", { query });
    await both("wit/artifacturiquery", { artifactUris: ["vstfs:///Build/Build/1000"] });
  });
});
