/**
 * The api-version table and the transport that applies it: the version each route gets per
 * target (whatever the generated client hard-coded), a route the server lacks refused before any
 * request, and the target found from the URL or the server's connectionData.
 */
import { createAdoSources, patAuth } from "../../src/adapters/ado";
import {
  API_ROUTES,
  routeForPath,
  TARGET_MAX_VERSION,
  versionsOn,
  type ApiRoute,
  type ServerTarget,
} from "../../src/adapters/ado/apiVersions";
import { targetOfUrl } from "../../src/adapters/ado/serverTarget";
import { Transport } from "../../src/adapters/ado/transport";
import { notAvailableOf, plainSentence, SourceError } from "../../src/core/sources";
import { startStubServer, type StubRequest, type StubServer } from "./helpers/stubServer";

/** Every route template the adapters send (generated clients and raw routes), by table key. */
const PRODUCT_ROUTES: Record<string, string> = {
  "core.projects": "_apis/projects/{*projectId}",
  "git.repositories": "{project}/_apis/git/Repositories/{repositoryId}",
  "git.refs": "{project}/_apis/git/repositories/{repositoryId}/refs",
  "git.items": "{project}/_apis/git/repositories/{repositoryId}/items",
  "git.commitsBatch": "{project}/_apis/git/repositories/{repositoryId}/CommitsBatch",
  "git.pullRequests":
    "{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}",
  "git.pullRequestWorkItems":
    "{project}/_apis/git/repositories/{repositoryId}/pullRequests/{pullRequestId}/workitems",
  "git.pullRequestsByProject": "{project}/_apis/git/pullRequests",
  "policy.configurations": "{project}/_apis/policy/configurations",
  "policy.revisions":
    "{project}/_apis/policy/configurations/{configurationId}/Revisions/{revisionId}",
  "policy.types": "{project}/_apis/policy/Types/{typeId}",
  "policy.evaluations": "{project}/_apis/policy/evaluations",
  "build.builds": "{project}/_apis/build/builds/{buildId}",
  "build.definitions": "{project}/_apis/build/definitions/{definitionId}",
  "build.timeline": "{project}/_apis/build/builds/{buildId}/Timeline/{timelineId}",
  "build.workitems": "{project}/_apis/build/builds/{buildId}/workitems",
  "build.changes": "{project}/_apis/build/builds/{buildId}/changes",
  "wit.workItems": "{project}/_apis/wit/workItems/{id}",
  "wit.workItemsBatch": "{project}/_apis/wit/workItemsBatch",
  "wit.wiql": "{project}/{team}/_apis/wit/wiql",
  "wit.artifactUriQuery": "{project}/_apis/wit/artifactUriQuery",
  "distributedtask.environments": "{project}/_apis/distributedtask/environments/{environmentId}",
  "distributedtask.environmentDeploymentRecords":
    "{project}/_apis/distributedtask/environments/{environmentId}/environmentdeploymentRecords",
  "pipelines.approvals": "{project}/_apis/pipelines/approvals",
  "pipelines.checks.runs": "{project}/_apis/pipelines/checks/runs/{checkSuiteId}",
  "pipelines.checks.queryConfigurations": "{project}/_apis/pipelines/checks/queryconfigurations",
  "release.releases": "{project}/_apis/Release/releases/{releaseId}",
  "release.definitions": "{project}/_apis/Release/definitions/{definitionId}",
  "release.approvals": "{project}/_apis/Release/approvals",
  "release.workItems": "{project}/_apis/Release/releases/{releaseId}/workitems",
  "extensionManagement.documents":
    "_apis/ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents/{documentId}",
  "location.connectionData": "_apis/connectionData",
};

function afterApis(template: string): string[] {
  return template.split("_apis/")[1].split("/");
}

function parsed(version: string): { value: number; preview: boolean } {
  const match = /^(\d+)\.(\d+)(-preview(\.\d+)?)?$/.exec(version);
  if (!match) throw new Error(`not an api-version: ${version}`);
  return { value: Number(match[1]) * 1000 + Number(match[2]), preview: Boolean(match[3]) };
}

describe("the api-version table", () => {
  it.each(Object.entries(PRODUCT_ROUTES))("finds %s for its route template", (key, template) => {
    expect(routeForPath(afterApis(template))?.key).toBe(key);
    // With the optional trailing values filled in, and in another case.
    const filled = afterApis(template).map((segment) =>
      segment.startsWith("{") ? "x1" : segment.toUpperCase(),
    );
    expect(routeForPath(filled)?.key).toBe(key);
  });

  it("has one row per key and route", () => {
    const keys = API_ROUTES.map((route) => route.key);
    expect(new Set(keys).size).toBe(keys.length);
    const routes = API_ROUTES.map((route) => route.route);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it.each(API_ROUTES.map((route) => [route.key, route] as const))(
    "sends on every target a version %s serves there",
    (_key, route) => {
      for (const target of ["services", "server-2022"] as ServerTarget[]) {
        const versions = versionsOn(route, target);
        if (!versions) continue;
        const sent = parsed(versions.send);
        expect(sent.value).toBeLessThanOrEqual(parsed(TARGET_MAX_VERSION[target]).value);
        expect(sent.value).toBeLessThanOrEqual(parsed(versions.maxVersion).value);
        expect(sent.value).toBeGreaterThanOrEqual(parsed(versions.minVersion).value);
        // A plain version only where the route is released at it.
        if (!sent.preview) {
          expect(sent.value).toBeLessThanOrEqual(parsed(versions.releasedVersion).value);
        }
      }
    },
  );

  it("keeps every Server 2022 version at 7.0 or below", () => {
    for (const route of API_ROUTES) {
      if (route.server2022) expect(route.server2022.send).toMatch(/^7\.0(-preview\.\d+)?$/);
    }
  });
});

describe("the transport applies the table", () => {
  let server: StubServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const sentVersion = (request: StubRequest) =>
    /api-version=([^;]+)/.exec(String(request.headers.accept))?.[1];

  async function readPolicyTypes(target: ServerTarget): Promise<string | undefined> {
    // Its own stub, closed here: a test reads twice, and a stub left listening kept Jest running.
    const stub = await startStubServer(() => ({ body: [] }));
    try {
      const ado = createAdoSources({ orgUrl: stub.orgUrl, auth: patAuth("pat"), target });
      await ado.sources.policy.listPolicyTypes("demo");
      return sentVersion(stub.requests[0]);
    } finally {
      await stub.close();
    }
  }

  it("overrides the generated client's 7.2-preview version per target", async () => {
    // The generated policy client hard-codes 7.2-preview.1 for policy types.
    expect(await readPolicyTypes("services")).toBe("7.2-preview.1");
    expect(await readPolicyTypes("server-2022")).toBe("7.0");
  });

  it("sends a preview route as preview on Server 2022", async () => {
    server = await startStubServer(() => ({ body: { id: "suite-1", checkRuns: [] } }));
    const ado = createAdoSources({
      orgUrl: server.orgUrl,
      auth: patAuth("pat"),
      target: "server-2022",
    });
    // Only what was sent matters here, not how the stub's answer maps.
    await ado.sources.checks.getCheckSuite("demo", "suite-1").catch(() => undefined);
    expect(sentVersion(server.requests[0])).toBe("7.0-preview.1");
  });

  it("refuses a route the server lacks before any request, as not supported", async () => {
    server = await startStubServer(() => ({ body: { value: [] } }));
    const policyTypes = API_ROUTES.find((route) => route.key === "policy.types") as ApiRoute;
    const transport = new Transport({
      auth: patAuth("pat"),
      target: "server-2022",
      routes: [{ ...policyTypes, server2022: null }],
    });
    const error = await transport
      .send({
        area: "policy",
        url: `${server.orgUrl}/demo/_apis/policy/types`,
        apiVersion: "7.2-preview.1",
        params: {},
        format: "numbers",
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe("unsupported");
    expect((error as SourceError).message).toMatch(/not supported by this server version/);
    expect(server.requests).toHaveLength(0);
    expect(transport.calls().failures).toBe(1);
    expect(plainSentence(notAvailableOf("policy types", error as SourceError))).toBe(
      "This Azure DevOps version cannot give the policy types (not supported by this server version).",
    );
  });
});

describe("the target", () => {
  let server: StubServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("is Services for dev.azure.com and *.visualstudio.com, unknown elsewhere", () => {
    expect(targetOfUrl("https://dev.azure.com/fabrikam")).toBe("services");
    expect(targetOfUrl("https://fabrikam.visualstudio.com/DefaultCollection")).toBe("services");
    expect(targetOfUrl("https://tfs.contoso.com/tfs/DefaultCollection")).toBeUndefined();
    expect(targetOfUrl("http://127.0.0.1:8080/fabrikam")).toBeUndefined();
  });

  it.each([
    ["hosted", "services", "7.2-preview.1"],
    ["onPremises", "server-2022", "7.0"],
    [undefined, "server-2022", "7.0"],
  ])(
    "is asked once of any other host: deploymentType %s reads as %s",
    async (deploymentType, target, policyVersion) => {
      server = await startStubServer((request) =>
        request.path.toLowerCase().endsWith("/_apis/connectiondata")
          ? { body: { instanceId: "i", ...(deploymentType ? { deploymentType } : {}) } }
          : { body: [] },
      );
      const ado = createAdoSources({
        orgUrl: server.orgUrl,
        auth: patAuth("pat"),
        target: "detect",
      });
      await ado.sources.policy.listPolicyTypes("demo");
      await ado.sources.policy.listPolicyTypes("other");
      expect(await ado.target()).toBe(target);
      const paths = server.requests.map((request) => request.path);
      expect(paths).toEqual([
        "/fabrikam/_apis/connectionData",
        "/fabrikam/demo/_apis/policy/Types",
        "/fabrikam/other/_apis/policy/Types",
      ]);
      // connectionData is preview only; its version is valid on every target.
      expect(sentVersion(server.requests[0])).toBe("7.0-preview.1");
      expect(sentVersion(server.requests[1])).toBe(policyVersion);
      expect(ado.calls().total).toBe(3);
    },
  );

  it("asks again after a failed detection instead of keeping the failure", async () => {
    let failures = 1;
    server = await startStubServer((request) => {
      if (!request.path.toLowerCase().endsWith("/connectiondata")) return { body: [] };
      if (failures-- > 0) return { status: 404, body: { message: "not here" } };
      return { body: { deploymentType: "onPremises" } };
    });
    const ado = createAdoSources({ orgUrl: server.orgUrl, auth: patAuth("pat"), target: "detect" });
    await expect(ado.sources.policy.listPolicyTypes("demo")).rejects.toMatchObject({
      kind: "not-found",
    });
    await ado.sources.policy.listPolicyTypes("demo");
    expect(await ado.target()).toBe("server-2022");
  });

  function sentVersion(request: StubRequest): string | undefined {
    return /api-version=([^;]+)/.exec(String(request.headers.accept))?.[1];
  }
});
