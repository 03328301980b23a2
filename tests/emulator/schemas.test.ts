/**
 * Emulator responses validated against the official OpenAPI 2.0 definitions
 * (`../shared/ado-rest-specs` beside the checkout, or ADO_REST_SPECS). Each spec's `definitions` map is loaded as one
 * schema document so `$ref: "#/definitions/X"` resolves inside it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { RunningEmulator } from "../../dev/emulator";
import { call, values, withEmulator } from "./helpers";

const SPEC_ROOT =
  process.env.ADO_REST_SPECS ?? join(__dirname, "..", "..", "..", "shared", "ado-rest-specs");
const SPECS: Record<string, string> = {
  core: "core/7.1/core.json",
  git: "git/7.1/git.json",
  policy: "policy/7.1/policy.json",
  build: "build/7.1/build.json",
  taskAgent: "distributedTask/7.1/taskAgent.json",
  checks: "approvalsAndChecks/7.1/pipelinesChecks.json",
  approvals: "approvalsAndChecks/7.1/pipelinesapproval.json",
  release: "release/7.1/release.json",
  wit: "wit/7.1/workItemTracking.json",
};

// The specs sit beside the checkout (../shared) in development and CI; a missing copy is a setup
// error, not a reason to skip the contract checks silently.
if (!existsSync(join(SPEC_ROOT, SPECS.git))) {
  throw new Error(`OpenAPI specs not found at ${SPEC_ROOT}; set ADO_REST_SPECS to their folder.`);
}
const describeIfSpecs = describe;

function createAjv(): Ajv {
  // strict off: the specs carry x-ms-* keywords and OpenAPI-only formats.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI-only numeric formats and the .NET type names some definitions put in `format`.
  for (const format of [
    "int16",
    "int32",
    "int64",
    "double",
    "float",
    "byte",
    "binary",
    "char",
    "T",
    "JToken",
    "JTokenType",
    "JObject",
  ]) {
    ajv.addFormat(format, true);
  }
  for (const [id, file] of Object.entries(SPECS)) {
    const spec = JSON.parse(readFileSync(join(SPEC_ROOT, file), "utf8").replace(/^\uFEFF/, "")) as {
      definitions: Record<string, unknown>;
    };
    ajv.addSchema({ $id: id, definitions: relaxAnyObject(spec.definitions) });
  }
  return ajv;
}

/**
 * The generator writes .NET `object` dictionary values (work item `fields`, relation
 * `attributes`) as `additionalProperties: {type: "object"}`; on the wire they are any JSON value.
 */
function relaxAnyObject(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(relaxAnyObject);
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    const anyObject =
      key === "additionalProperties" &&
      value !== null &&
      typeof value === "object" &&
      Object.keys(value).length === 1 &&
      (value as { type?: unknown }).type === "object";
    out[key] = anyObject ? true : relaxAnyObject(value);
  }
  return out;
}

/** OpenAPI 2 cannot say "nullable"; the service (and the emulator) send nulls, so drop them. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== null)
        .map(([key, item]) => [key, withoutNulls(item)]),
    );
  }
  return value;
}

describeIfSpecs("responses match the official OpenAPI definitions", () => {
  let emulator: RunningEmulator;
  let ajv: Ajv;
  let project: string;
  const validators = new Map<string, ValidateFunction>();

  function expectValid(ref: string, items: unknown[]): void {
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      validators.set(ref, validate);
    }
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const ok = validate(withoutNulls(item));
      if (!ok) {
        throw new Error(
          `${ref}: ${ajv.errorsText(validate.errors, { separator: "\n" })}\n${JSON.stringify(item).slice(0, 600)}`,
        );
      }
    }
  }

  beforeAll(async () => {
    ajv = createAjv();
    emulator = await withEmulator({ seed: 11 });
    project = emulator.project.name;
  });
  afterAll(() => emulator.close());

  const get = async (path: string) => {
    const response = await call(emulator, `${project}/_apis/${path}`);
    expect(response.status).toBe(200);
    return response;
  };

  it("rejects shapes the specs do not allow (the check can fail)", () => {
    const validate = ajv.compile({ $ref: "build#/definitions/Build" });
    expect(validate({ id: 1, status: "finished" })).toBe(false);
    expect(validate({ id: "1", status: "completed" })).toBe(false);
    expect(validate({ id: 1, status: "completed", queueTime: "yesterday" })).toBe(false);
    expect(validate({ id: 1, status: "completed", queueTime: "2025-01-01T00:00:00Z" })).toBe(true);
  });

  it("projects", async () => {
    expectValid(
      "core#/definitions/TeamProjectReference",
      values(await call(emulator, "_apis/projects")),
    );
  });

  it("repositories and refs", async () => {
    const repos = values(await get("git/repositories"));
    expectValid("git#/definitions/GitRepository", repos);
    expectValid("git#/definitions/GitRef", values(await get("git/repositories/web-app/refs")));
  });

  it("commits, pull requests and PR work items", async () => {
    expectValid(
      "git#/definitions/GitCommitRef",
      values(await get("git/repositories/web-app/commits?searchCriteria.includeWorkItems=true")),
    );
    const prs = values(await get("git/pullrequests?searchCriteria.status=all"));
    expectValid("git#/definitions/GitPullRequest", prs);
    expectValid("git#/definitions/GitPullRequest", [
      (await get(`git/pullrequests/${prs[0].pullRequestId}?includeWorkItemRefs=true`)).json,
    ]);
    const withItems = prs.find((pr) => pr.status === "completed") as Record<string, unknown>;
    const repository = withItems.repository as { id: string };
    expectValid("git#/definitions/ResourceRef", [
      { id: "1", url: "x" },
      ...values(
        await get(
          `git/repositories/${repository.id}/pullrequests/${withItems.pullRequestId}/workitems`,
        ),
      ),
    ]);
  });

  it("policy configurations, revisions and types", async () => {
    expectValid(
      "policy#/definitions/PolicyConfiguration",
      values(await get("policy/configurations")),
    );
    expectValid(
      "policy#/definitions/PolicyConfiguration",
      values(await get("policy/configurations/1/revisions")),
    );
    expectValid("policy#/definitions/PolicyType", values(await get("policy/types")));
    // git.json types `settings` as a string (format JObject); the service returns an object, so the
    // scope-resolving list is checked against the policy area's definition of the same type.
    expectValid(
      "policy#/definitions/PolicyConfiguration",
      values(await get("git/policy/configurations")),
    );
  });

  it("build definitions, builds, timelines and changes", async () => {
    expectValid(
      "build#/definitions/BuildDefinitionReference",
      values(await get("build/definitions")),
    );
    const builds = values(await get("build/builds"));
    expectValid("build#/definitions/Build", builds);
    const running = builds.find((build) => build.status === "inProgress") as Record<
      string,
      unknown
    >;
    for (const build of [builds[0], running]) {
      expectValid("build#/definitions/Timeline", [
        (await get(`build/builds/${build.id}/timeline`)).json,
      ]);
    }
    const withChanges = builds.find((build) => build.reason !== "pullRequest") as Record<
      string,
      unknown
    >;
    expectValid(
      "build#/definitions/Change",
      values(await get(`build/builds/${withChanges.id}/changes`)),
    );
  });

  it("environments and deployment records", async () => {
    expectValid(
      "taskAgent#/definitions/EnvironmentInstance",
      values(await get("distributedtask/environments")),
    );
    expectValid("taskAgent#/definitions/EnvironmentInstance", [
      (await get("distributedtask/environments/4?expands=resourceReferences")).json,
    ]);
    expectValid(
      "taskAgent#/definitions/EnvironmentDeploymentExecutionRecord",
      values(await get("distributedtask/environments/4/environmentdeploymentrecords")),
    );
  });

  it("check configurations, check suites and approvals", async () => {
    expectValid(
      "checks#/definitions/CheckConfiguration",
      values(await get("pipelines/checks/configurations?$expand=settings")),
    );
    const approvals = values(await get("pipelines/approvals?$expand=steps"));
    expectValid("approvals#/definitions/Approval", approvals);
    const running = values(await get("build/builds?statusFilter=inProgress"))[0];
    const timeline = (await get(`build/builds/${running.id}/timeline`)).json as {
      records: { type: string; id: string }[];
    };
    const checkpoint = timeline.records.find((record) => record.type === "Checkpoint") as {
      id: string;
    };
    expectValid("checks#/definitions/CheckSuite", [
      (await get(`pipelines/checks/runs/${checkpoint.id}?$expand=resources`)).json,
    ]);
  });

  it("release definitions, releases and release approvals", async () => {
    expectValid(
      "release#/definitions/ReleaseDefinition",
      values(await get("release/definitions?$expand=environments,artifacts")),
    );
    const releases = values(await get("release/releases?$expand=environments,artifacts"));
    expectValid("release#/definitions/Release", releases);
    expectValid("release#/definitions/Release", [
      (await get(`release/releases/${releases[0].id}`)).json,
    ]);
    expectValid(
      "release#/definitions/ReleaseApproval",
      values(await get("release/approvals?statusFilter=pending")),
    );
  });

  it("work items, WIQL and artifact URI queries", async () => {
    expectValid(
      "wit#/definitions/WorkItem",
      values(await get("wit/workitems?ids=1,2,3,4,5,6,7,8,9,10&$expand=all")),
    );
    const wiql = await call(emulator, `${project}/_apis/wit/wiql?$top=5&api-version=7.1`, {
      body: {
        query:
          "SELECT [System.Id], [System.Title] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.ChangedDate] DESC",
      },
    });
    expectValid("wit#/definitions/WorkItemQueryResult", [wiql.json]);
    const uri = await call(emulator, `${project}/_apis/wit/artifacturiquery?api-version=7.1`, {
      body: { artifactUris: ["vstfs:///Build/Build/1000"] },
    });
    expectValid("wit#/definitions/ArtifactUriQueryResult", [uri.json]);
  });
});
